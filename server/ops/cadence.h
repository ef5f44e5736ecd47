// The relationship cadence (issue 14; seed 000 客户关系维护): its settings per tier (read by every
// internal role, changed by management and sales heads, audited, versioned with an etag), the
// daily run's items (job `cadence`: on the configured days, the salesperson's monthly
// reconciliation message with the month's statement, the quarterly business review and the
// annual strategy meeting for management and the sales head with the customer's figures
// prepared), and sending a prepared message through the outbox (the email sender delivers it and
// completes the item with the outcome "sent", like the ladder's emails).
//
//   HK_ASSIGN_OR_RETURN(CadenceDay day, RunCadenceDay(write, as_of, settings));
//   // day.created: the items new today; running the day again creates none.
#ifndef HUIKUAN_SERVER_OPS_CADENCE_H_
#define HUIKUAN_SERVER_OPS_CADENCE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/core/cadence.h"
#include "server/ops/dunning.h"
#include "server/ops/scopes.h"
#include "server/store/outbox_store.h"
#include "server/store/relationship_store.h"
#include "server/store/work_item_store.h"

namespace huikuan::ops {

inline constexpr absl::string_view kCadenceSettingsName = "cadenceSettings";

store::CadenceSettingsRecord GetCadenceSettings(ReadScope& read);

// Replaces the four tiers' cadence (validated: INVALID_ARGUMENT naming "tiers[i].<field>"); the
// new version is the old + 1. `expected_version` (the etag), when given, must still be the
// stored one (ABORTED otherwise).
absl::StatusOr<store::CadenceSettingsRecord> UpdateCadenceSettings(
    WriteScope& write, const core::TierCadences& tiers, std::optional<int64_t> expected_version);

// One day of the cadence.
struct CadenceDay {
  std::vector<store::WorkItemRecord> created;  // new items (with their ids)
  int64_t already_created = 0;                 // items of the day an earlier run created
  int64_t nothing_to_reconcile = 0;  // monthly messages not prepared: no purchase, nothing open
  int64_t settings_version = 0;
};

// The items of `as_of` (write.today == as_of) under the settings stored now: for each customer
// whose tier has a level falling on the day, one item per level and department (source key
// "cadence:<customer>:<kind>-<department>:<YYYY-MM-DD>", so a day creates them once). The monthly
// message covers the calendar month before as_of's (its invoices) and what is open at the end of
// as_of; a review the quarter before, the strategy meeting the year before, each against the
// period before it. Figures come from the ledger as of as_of; the warning level is the current one.
absl::StatusOr<CadenceDay> RunCadenceDay(WriteScope& write, core::EpochDay as_of,
                                         const CollectionSettings& settings);

// Queues the prepared monthly message of an open relationship item to the customer's email (the
// outbox's sender delivers it and completes the item). NOT_FOUND outside the caller's scope;
// FAILED_PRECONDITION NOT_A_MESSAGE for another kind of item, WORK_ITEM_CLOSED when it is not
// open, ALREADY_QUEUED when its message is in the outbox already, NO_RECIPIENT without an email
// address on file.
absl::StatusOr<store::OutboxRecord> SendCadenceMessage(WriteScope& write, int64_t item_id,
                                                       absl::string_view name);

}  // namespace huikuan::ops

#endif  // HUIKUAN_SERVER_OPS_CADENCE_H_
