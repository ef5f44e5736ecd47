// Invoices (issue 4, R-TERM-1..4, R-TIER-2): the one path that creates them, for every caller
// (CreateInvoice/CreateInvoices, CSV import, the demo history), and the reads.
//
//   std::vector<InvoiceDraft> drafts = {{.customer_id = 6, .order_number = "SO-1",
//                                        .amount = 100'000, .invoice_day = today}};
//   absl::StatusOr<std::vector<store::InvoiceRecord>> created =
//       CreateInvoices(write, drafts, SingleField("invoice"));
#ifndef HUIKUAN_SERVER_OPS_INVOICES_H_
#define HUIKUAN_SERVER_OPS_INVOICES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/core/civil_date.h"
#include "server/core/invoice_state.h"
#include "server/core/money.h"
#include "server/ops/row_names.h"
#include "server/ops/scopes.h"
#include "server/store/ledger_store.h"

namespace huikuan::ops {

// Most invoices one CreateInvoices call accepts.
inline constexpr int kMaxInvoicesPerBatch = 10'000;

// An order to invoice. Fields are well-formed (the caller checked keys, amounts and dates with
// core/text_fields.h and money.h); the rules are CreateInvoices'.
struct InvoiceDraft {
  int64_t customer_id = 0;
  std::string order_number;
  std::string invoice_number;  // empty: "INV-{customer}-{order_number}"
  core::Fen amount = 0;
  core::EpochDay invoice_day = 0;
};

// Creates the invoices in order, all or none. For every draft: the invoice number defaults and no
// order or invoice number repeats within the batch (INVALID_ARGUMENT naming every such row's
// field); the customers are locked and scoped (NOT_FOUND naming the row's customer); then, row by
// row, the credit status and limit (core::CheckOrderCredit: FAILED_PRECONDITION prefixed with the
// row's name) and the effective terms under the policy in force on its invoice date
// (core::ComputeEffectiveTerms, with the customer's earlier invoices and earlier rows of the
// batch as prior orders, and last month's volume as the ledger had it before this call). An order
// or invoice number already taken is ALREADY_EXISTS naming the first such row. Each invoice
// created is audited under its own name.
absl::StatusOr<std::vector<store::InvoiceRecord>> CreateInvoices(
    WriteScope& write, const std::vector<InvoiceDraft>& drafts, const RowNames& names);

// NOT_FOUND naming `name_for_errors` when absent or outside the caller's scope. With terms.
absl::StatusOr<store::InvoiceRecord> GetInvoice(ReadScope& read, int64_t id,
                                                absl::string_view name_for_errors);

struct InvoiceQuery {
  std::optional<int64_t> customer_id;
  std::optional<core::InvoiceStatus> status;
  bool overdue_only = false;
  std::optional<core::EpochDay> overdue_as_of;  // with overdue_only; default today
  std::optional<core::EpochDay> due_from;
  std::optional<core::EpochDay> due_to;
};
// The caller's visible invoices matching `query` with id > after_id, in id order, at most `limit`.
std::vector<store::InvoiceRecord> ListInvoices(ReadScope& read, const InvoiceQuery& query,
                                               int64_t after_id, int limit);

}  // namespace huikuan::ops

#endif  // HUIKUAN_SERVER_OPS_INVOICES_H_
