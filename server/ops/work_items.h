// Work items and contacts (issue 9): created by the daily run (dunning, limitation, warnings) or
// by people, listed per person, department or customer by priority, and worked: completed with an
// outcome (recorded as a contact, the evidence), reassigned, snoozed. Every change is audited.
#ifndef HUIKUAN_SERVER_OPS_WORK_ITEMS_H_
#define HUIKUAN_SERVER_OPS_WORK_ITEMS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/core/work_item.h"
#include "server/ops/compliance.h"
#include "server/ops/scopes.h"
#include "server/store/work_item_store.h"

namespace huikuan::ops {

std::string WorkItemName(int64_t id);  // "workItems/7"

// Appends one contact with the customer (the evidence), made by the caller now, and audits it.
store::ContactRecord AppendContact(WriteScope& write, store::ContactRecord contact);

// Creates the items whose source_key is new (the others were created by an earlier run of the same
// day, or of another replica) and audits each. Returns the ones created, with their ids.
absl::StatusOr<std::vector<store::WorkItemRecord>> CreateWorkItems(
    WriteScope& write, std::vector<store::WorkItemRecord> drafts);

enum class WorklistView {
  kMine,        // assigned to me (a head also sees its department's escalated items)
  kDepartment,  // my department's (management and admin: any department)
  kCustomer,    // one customer's
};
struct WorklistQuery {
  WorklistView view = WorklistView::kMine;
  std::optional<core::Department> department;  // kDepartment: default the caller's own
  std::optional<int64_t> customer_id;          // kCustomer
  core::WorkItemStatus status = core::WorkItemStatus::kOpen;
  std::optional<core::WorkItemKind> kind;
  std::optional<std::string> step;
  std::optional<core::EpochDay> due_from;
  std::optional<core::EpochDay> due_to;
  std::optional<core::Fen> amount_min;
  std::optional<core::Fen> amount_max;
  std::optional<bool> escalated;
};
// The caller's view, highest priority first. Sales staff see only their own customers' items.
// INVALID_ARGUMENT on `department` when the caller may not look at another department's list,
// or when the caller has no department (admin) and names none.
absl::StatusOr<std::vector<store::WorkItemRecord>> ListWorkItems(
    ReadScope& read, const WorklistQuery& query, std::optional<store::WorkItemCursor> after,
    int limit);

// NOT_FOUND when absent or outside the caller's scope.
absl::StatusOr<store::WorkItemRecord> GetWorkItem(ReadScope& read, int64_t id,
                                                  absl::string_view name);

// Done with an outcome and a note; the contact is recorded as evidence (channel: the item's).
// `expected_version` (an etag), when given, must still be the item's (ABORTED otherwise).
// The contact limits apply (issue 14, ops/compliance.h) with what `compliance` says:
// INVALID_ARGUMENT on `compliance_reason` or `reply_to`; a contact outside them is flagged.
absl::StatusOr<store::WorkItemRecord> CompleteWorkItem(WriteScope& write, int64_t id,
                                                       absl::string_view name,
                                                       core::ContactOutcome outcome,
                                                       const std::string& note,
                                                       std::optional<int64_t> expected_version,
                                                       const ContactCompliance& compliance);
// To a user of the item's department (INVALID_ARGUMENT on `assignee` otherwise), or back to the
// department's queue (none).
absl::StatusOr<store::WorkItemRecord> ReassignWorkItem(
    WriteScope& write, int64_t id, absl::string_view name, std::optional<int64_t> assignee_user_id,
    std::optional<int64_t> expected_version = std::nullopt);
// Not before today; the item leaves the head's escalation until the day after.
absl::StatusOr<store::WorkItemRecord> SnoozeWorkItem(
    WriteScope& write, int64_t id, absl::string_view name, core::EpochDay until,
    const std::string& reason, std::optional<int64_t> expected_version = std::nullopt);

// The daily escalation: open items not done by their due day (or snooze) go to the department
// head's list. Returns the items escalated.
absl::StatusOr<std::vector<int64_t>> EscalateOverdueWorkItems(WriteScope& write);

// A contact made outside a work item (a call, a visit), recorded as evidence. `compliance` as for
// CompleteWorkItem.
absl::StatusOr<store::ContactRecord> RecordContact(WriteScope& write, int64_t customer_id,
                                                   absl::string_view customer_name,
                                                   const std::string& channel,
                                                   core::ContactOutcome outcome,
                                                   const std::string& content,
                                                   const ContactCompliance& compliance);
absl::StatusOr<std::vector<store::ContactRecord>> ListContacts(ReadScope& read, int64_t customer_id,
                                                               absl::string_view customer_name,
                                                               int64_t before_id, int limit);

}  // namespace huikuan::ops

#endif  // HUIKUAN_SERVER_OPS_WORK_ITEMS_H_
