// CSV imports (issue 4): CSV text in, rows stored through the ledger's own operations
// (CreateInvoices, RecordPayment, the customers' creation and assessment), a small summary out.
// Each runs inside the caller's transaction and stores every row or returns an error (the caller
// rolls back). Errors name the file's row and column: INVALID_ARGUMENT with one field violation
// per bad cell, "rows[N].<column>" (N = 1 for the first data row). Every resource created is
// audited under its own name, and the import itself once under `resource`.
#ifndef HUIKUAN_SERVER_OPS_IMPORTS_H_
#define HUIKUAN_SERVER_OPS_IMPORTS_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/core/money.h"
#include "server/ops/scopes.h"

namespace huikuan::ops {

// Most data rows one import accepts (the IBM sample has 2,466; an ERP month a few thousand).
inline constexpr size_t kMaxImportRows = 100'000;

struct CustomersImported {
  int32_t customers = 0;
  core::Fen bank_credit_lines = 0;
};
absl::StatusOr<CustomersImported> ImportCustomers(WriteScope& write, absl::string_view csv);

// CURRENT: today's terms, holds and credit limits (CreateInvoices). HISTORICAL: the file's due
// dates, no credit checks (ledger history from another system).
enum class ImportMode { kCurrent, kHistorical };
struct InvoicesImported {
  int32_t invoices = 0;
  core::Fen total = 0;
};
absl::StatusOr<InvoicesImported> ImportInvoices(WriteScope& write, absl::string_view csv,
                                                ImportMode mode);

struct PaymentsImported {
  int32_t payments = 0;
  core::Fen total = 0;
  core::Fen applied = 0;
};
absl::StatusOr<PaymentsImported> ImportPayments(WriteScope& write, absl::string_view csv);

struct IbmImported {
  int32_t customers_created = 0;
  int32_t invoices = 0;
  core::Fen invoice_total = 0;
  int32_t payments = 0;
  core::Fen payment_total = 0;
  int32_t disputed = 0;
};
// The IBM late-payment file (core/ibm_late_payment.h): its customers (created, owned by the
// sales user `owner_user_id`), invoices as history, and each invoice settled by its own payment
// on its settled date.
absl::StatusOr<IbmImported> ImportIbmLatePayments(WriteScope& write, absl::string_view csv,
                                                  int64_t owner_user_id,
                                                  absl::string_view owner_name);

}  // namespace huikuan::ops

#endif  // HUIKUAN_SERVER_OPS_IMPORTS_H_
