// The collection ladder as configuration and as the daily run (issue 9, R-DUN-1, R-DUN-2):
// ladder versions per tier (published like term policies, never retroactive), a customer's own
// ladder or its exclusion (with a reason and an expiry), and one day of the run: every step that
// falls on the day becomes a work item for its department with the rendered message, and the
// steps that write to the customer (email, SMS, letter, formal notice) put the message in the
// outbox. Every change is audited.
//
//   HK_ASSIGN_OR_RETURN(DunningDay day, RunDunningDay(write, as_of, settings));
//   // day.created: the items new today; running the day again creates none.
#ifndef HUIKUAN_SERVER_OPS_DUNNING_H_
#define HUIKUAN_SERVER_OPS_DUNNING_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/core/dunning.h"
#include "server/ops/scopes.h"
#include "server/store/dunning_store.h"
#include "server/store/outbox_store.h"
#include "server/store/work_item_store.h"

namespace huikuan::ops {

std::string LadderVersionName(int64_t version);  // "dunningLadders/3"

// Publishes the next version: the four tier ladders in force from `effective_day` (today or
// later; INVALID_ARGUMENT on `effective_date` otherwise, so no past day changes on replay).
absl::StatusOr<store::LadderVersionRecord> PublishLadders(WriteScope& write,
                                                          const core::TierLadders& ladders,
                                                          core::EpochDay effective_day,
                                                          const std::string& comment);
std::vector<store::LadderVersionRecord> ListLadderVersions(ReadScope& read, int64_t after_version,
                                                           int limit);

// The ladders in force on `day`: version 0 when none was published (the core's defaults).
struct LaddersInForce {
  int64_t version = 0;
  core::TierLadders ladders;
};
LaddersInForce LaddersOn(store::ConnectionPool::Lease& db, core::EpochDay day);

// A customer's own ladder (`ladder` set) or its exclusion from the run (`ladder` empty), replacing
// any it had; `expires_day` (none: until removed) is the last day it applies and is not before
// today. NOT_FOUND when the caller cannot see the customer.
absl::StatusOr<store::DunningOverrideRecord> SetDunningOverride(
    WriteScope& write, int64_t customer_id, absl::string_view customer_name,
    std::optional<core::DunningLadder> ladder, const std::string& reason,
    std::optional<core::EpochDay> expires_day);
// Removes it; NOT_FOUND when the customer has none.
absl::Status ClearDunningOverride(WriteScope& write, int64_t customer_id,
                                  absl::string_view customer_name);
// The overrides of the customers the caller can see, in customer order (`only_in_force`: not
// expired today).
absl::StatusOr<std::vector<store::DunningOverrideRecord>> ListDunningOverrides(
    ReadScope& read, bool only_in_force, int64_t after_customer_id, int limit);

// Who writes and where customers pay: the letterhead and the account of every message.
struct CollectionSettings {
  std::string company_name = "huikuan";
  std::string payment_account;
};

// One day of the ladder.
struct DunningDay {
  std::vector<store::WorkItemRecord> created;  // new items (with their ids)
  std::vector<store::OutboxRecord> queued;     // their messages to customers
  int64_t already_created = 0;                 // items of the day an earlier run created
  int64_t paused_disputed = 0;                 // steps not taken: the invoice was disputed
  int64_t paused_arrangement = 0;  // ... on an active payment plan or an open promise to pay
  int64_t paused_excluded = 0;     // ... the customer was excluded
  int64_t no_recipient = 0;        // messages not queued: no address on file
  int64_t ladder_version = 0;      // the version in force (0: the defaults)
};

// The work of `as_of` (write.today == as_of): the steps of the ladders in force that day whose day
// is exactly as_of, on invoices open at the end of that day (the ledger as of as_of, so a replay
// gives the same items), one item per customer and step with all the invoices it is about. The
// owner gets the sales steps; other steps go to the department's queue. Each item is due
// kDaysToAct days after the step's day, and is escalated to the department head when not done by
// then.
inline constexpr int32_t kDaysToAct = 2;
absl::StatusOr<DunningDay> RunDunningDay(WriteScope& write, core::EpochDay as_of,
                                         const CollectionSettings& settings);

// "dunning:<customer id>:<step index>-<action>:<YYYY-MM-DD>": one item per customer, step and day.
std::string DunningSourceKey(int64_t customer_id, int32_t step_index, absl::string_view action,
                             core::EpochDay day);

}  // namespace huikuan::ops

#endif  // HUIKUAN_SERVER_OPS_DUNNING_H_
