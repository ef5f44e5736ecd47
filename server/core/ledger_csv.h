// The product's own CSV layout for invoices and payments: the typed rows an import stores and an
// export writes, so that amounts and dates have one parser (money.h, civil_date.h) and export ->
// import is an exact round trip.
//
//   invoices: customer_external_id,invoice_number,order_number,invoice_date,due_date,amount
//   payments: customer_external_id,reference,received_date,amount
//
// Dates are ISO "YYYY-MM-DD"; amounts are yuan with at most 2 decimals ("1234.56"), parsed
// exactly to fen. Columns are found by header name (any order; unknown columns are ignored).
//
// Error contract (shared with ibm_late_payment.h): every data row is checked and ALL bad rows are
// reported in one INVALID_ARGUMENT whose message holds one violation per line, each
// "<field>: <description>" with field "rows[N].<column>" (N = 1 for the first data row) or
// "header", so a service can split each line at the first ": " into a field violation. Pure.
#ifndef HUIKUAN_SERVER_CORE_LEDGER_CSV_H_
#define HUIKUAN_SERVER_CORE_LEDGER_CSV_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/core/civil_date.h"
#include "server/core/money.h"

namespace huikuan::core {

struct InvoiceCsvRow {
  std::string customer_external_id;
  std::string invoice_number;
  std::string order_number;  // may be empty
  EpochDay invoice_day = 0;
  // Empty in the file: terms are computed by the normal rules; set: the source system's due date
  // (historical import).
  std::optional<EpochDay> due_day;
  Fen amount = 0;  // > 0
};

struct PaymentCsvRow {
  std::string customer_external_id;
  std::string reference;  // the invoice number it pays, for cash application; may be empty
  EpochDay received_day = 0;
  Fen amount = 0;  // > 0
};

absl::StatusOr<std::vector<InvoiceCsvRow>> ParseInvoicesCsv(absl::string_view text);
absl::StatusOr<std::vector<PaymentCsvRow>> ParsePaymentsCsv(absl::string_view text);

// Header + one CRLF-ended record per row, amounts with FormatYuan, dates with FormatDate.
std::string WriteInvoicesCsv(const std::vector<InvoiceCsvRow>& rows);
std::string WritePaymentsCsv(const std::vector<PaymentCsvRow>& rows);

}  // namespace huikuan::core

#endif  // HUIKUAN_SERVER_CORE_LEDGER_CSV_H_
