// What the dunning job (issue 9's ladder, another module) asks before it sends a step: which of
// its invoices are paused on a day, and which resume that day at a later step than the ladder's
// own (core/collection_hold.h):
//   - paused by an open dispute, an active payment plan, or an open promise (until its deadline);
//   - resumed at the next step the day after a promise's deadline when it was broken or partially
//     kept, at the escalated step on the day a plan defaults.
// Computed from the records and the cash as of the day (core::EvaluatePromise, EvaluatePlan), not
// from the stored verdicts, so it does not depend on which job of the day ran first, and a
// replayed day reads the same.
//
//   HK_ASSIGN_OR_RETURN(DunningHolds holds, GetDunningHolds(write, invoice_ids, as_of));
//   if (holds.paused.contains(id)) continue;                    // skip: paused
//   if (auto it = holds.resumed.find(id); it != holds.resumed.end()) { ... it->second ... }
#ifndef HUIKUAN_SERVER_OPS_DUNNING_HOLDS_H_
#define HUIKUAN_SERVER_OPS_DUNNING_HOLDS_H_

#include <cstdint>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "server/core/civil_date.h"
#include "server/core/collection_hold.h"
#include "server/ops/scopes.h"
#include "server/store/limitation_store.h"

namespace huikuan::ops {

struct DunningHolds {
  // Paused invoices: why (the strongest reason) and, for a promise, the last paused day.
  absl::flat_hash_map<int64_t, core::InvoiceHold> paused;
  // Invoices whose collection resumes on this very day, and at which step.
  absl::flat_hash_map<int64_t, core::ResumeMode> resumed;
};

// For `invoice_ids` (any order, duplicates allowed) as of `as_of`. Reads only: no row scoping (a
// job's system caller sees every row).
absl::StatusOr<DunningHolds> GetDunningHolds(ReadScope& read,
                                             const std::vector<int64_t>& invoice_ids,
                                             core::EpochDay as_of);

// A customer's owed invoices (open or disputed) that are paused today or resume today, in invoice
// order (the ListCollectionHolds RPC). NOT_FOUND naming `customer_name` outside the caller's scope.
struct InvoiceCollectionHold {
  store::OverdueInvoice invoice;
  core::InvoiceHold hold;
};
absl::StatusOr<std::vector<InvoiceCollectionHold>> ListCollectionHolds(
    ReadScope& read, int64_t customer_id, absl::string_view customer_name);

}  // namespace huikuan::ops

#endif  // HUIKUAN_SERVER_OPS_DUNNING_HOLDS_H_
