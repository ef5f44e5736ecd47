// Maps the IBM "late payment histories" CSV (shared/data/ibm-late-payment-histories.csv) to typed
// rows: the pure half of importing it, so the service layer only stores what this returns.
//
//   absl::StatusOr<std::vector<IbmInvoiceRow>> rows = ParseIbmLatePaymentCsv(file_text);
//
// Columns used (by header name, any order): customerID, invoiceNumber, InvoiceDate, DueDate,
// InvoiceAmount, Disputed, SettledDate. Dates are M/D/YYYY (US, no zero padding required);
// amounts are yuan with at most 2 decimals, parsed exactly by ParseYuan (never a float); Disputed
// is "Yes" or "No". The other columns (countryCode, PaperlessDate, PaperlessBill, DaysToSettle,
// DaysLate) are derived or irrelevant to the ledger and are ignored.
//
// Contract: every data row is checked and ALL bad rows are reported at once, so that an import
// can be fixed in one pass: INVALID_ARGUMENT whose message lists one violation per line,
// "rows[17].InvoiceAmount: not a yuan amount: \"12.345\"" (rows are numbered from 1 = the first
// data row after the header). A missing required header column is one violation naming it.
// Pure, thread-safe.
#ifndef HUIKUAN_SERVER_CORE_IBM_LATE_PAYMENT_H_
#define HUIKUAN_SERVER_CORE_IBM_LATE_PAYMENT_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/core/civil_date.h"
#include "server/core/money.h"

namespace huikuan::core {

struct IbmInvoiceRow {
  std::string customer_external_id;  // customerID, e.g. "0379-NEVHP"
  std::string invoice_number;        // invoiceNumber
  EpochDay invoice_day = 0;          // InvoiceDate
  EpochDay due_day = 0;              // DueDate (the source system's own terms)
  Fen amount = 0;                    // InvoiceAmount, > 0
  bool disputed = false;             // Disputed == "Yes"
  EpochDay settled_day = 0;          // SettledDate: the invoice was paid in full that day
};

// Strict M/D/YYYY ("1/2/2013", "12/31/2013"; leading zeros allowed), a real calendar date.
// INVALID_ARGUMENT quoting the text otherwise.
absl::StatusOr<EpochDay> ParseUsDate(absl::string_view text);

// Parses the whole file (header + data rows). See the file comment for the error contract; also
// rejects a due or settled date before the invoice date and a repeated invoiceNumber.
absl::StatusOr<std::vector<IbmInvoiceRow>> ParseIbmLatePaymentCsv(absl::string_view text);

}  // namespace huikuan::core

#endif  // HUIKUAN_SERVER_CORE_IBM_LATE_PAYMENT_H_
