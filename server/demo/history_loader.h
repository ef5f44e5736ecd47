// Loads a DemoHistory into the ledger, month by month in date order:
//   1. the month's orders become invoices through ops::CreateInvoices (the code behind
//      CreateInvoices: the terms, the new-customer ladder and R-TERM-1 come from the core under
//      the policy in force, from the ledger as it stood at the start of the month; each invoice
//      audited under its own name);
//   2. the payments received in the month (prepaid parts on the invoice day, the rest when the
//      plan says, never after today) are applied in date order by a CashBook (core::ApplyPayment,
//      R-PAY-1) to the invoices issued by that day;
//   3. payments, allocations and the changed invoice balances are written in bulk
//      (ledger_bulk_store.h), and one summary audit event per month records the cash seeded.
// The customers must exist (customer_ids[i] is history.customers[i]) with credit status "active"
// and a limit that does not stop the history (the loader sets tier and an unlimited limit first;
// the final limits and statuses are the caller's). Runs inside the caller's transaction.
#ifndef HUIKUAN_SERVER_DEMO_HISTORY_LOADER_H_
#define HUIKUAN_SERVER_DEMO_HISTORY_LOADER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "server/demo/demo_history.h"
#include "server/ops/scopes.h"
#include "server/store/connection_pool.h"

namespace huikuan::demo {

struct HistoryLoadSummary {
  int64_t invoices = 0;
  int64_t payments = 0;
  int64_t allocations = 0;
  core::Fen invoiced = 0;
  core::Fen received = 0;
};

// Writes with `write` (its caller, clock reading and audit trail, flushed month by month).
absl::StatusOr<HistoryLoadSummary> LoadDemoHistory(ops::WriteScope& write,
                                                   const DemoHistory& history,
                                                   const std::vector<int64_t>& customer_ids);

}  // namespace huikuan::demo

#endif  // HUIKUAN_SERVER_DEMO_HISTORY_LOADER_H_
