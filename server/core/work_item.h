// Work items: the tasks collection creates for people (R-DUN-1/2, R-WARN-4, R-LAW-1). Every step
// of the ladder, every warning response and every limitation reminder becomes an item on a
// department's list, assigned to a person (the customer's owner for sales steps) or left in the
// department's queue; it is done with an outcome, reassigned, snoozed, or escalated to the
// department head's list when not done by its due day.
//
//   int64_t p = WorkItemPriority(1'200'000'00, /*days_from_due=*/15, CreditGrade::kC);
//
// Thread-safe: pure functions of their arguments, no global state, no I/O.
#ifndef HUIKUAN_SERVER_CORE_WORK_ITEM_H_
#define HUIKUAN_SERVER_CORE_WORK_ITEM_H_

#include <cstdint>
#include <optional>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "server/core/civil_date.h"
#include "server/core/money.h"
#include "server/core/scorecard.h"

namespace huikuan::core {

// work_items.title is VARCHAR(200): titles are cut to this many characters (TruncateChars).
inline constexpr size_t kMaxWorkItemTitleChars = 200;

// Where an item comes from. Stable numeric values.
enum class WorkItemKind : int8_t {
  kDunning = 0,          // a step of the collection ladder (R-DUN-1)
  kLimitation = 1,       // the limitation period of an overdue invoice runs out (R-LAW-1)
  kPromiseFollowUp = 2,  // a promise to pay was broken
  kInstalment = 3,       // a payment plan's instalment is due or missed
  kLegalCase = 4,        // a step of a legal case
  kWarning = 5,          // a graded response to an early warning (R-WARN-4)
  kRelationship = 6,     // relationship cadence: reconciliation, business review (seed 000)
  kManual = 7,           // created by a person
};
inline constexpr int kWorkItemKindCount = 8;
absl::string_view WorkItemKindName(WorkItemKind kind);  // "dunning", "limitation", ...
std::optional<WorkItemKind> ParseWorkItemKind(absl::string_view name);

enum class WorkItemStatus : int8_t {
  kOpen = 0,
  kDone = 1,       // completed with an outcome
  kCancelled = 2,  // no longer needed (the invoices were paid or the customer excluded)
};
inline constexpr int kWorkItemStatusCount = 3;
absl::string_view WorkItemStatusName(WorkItemStatus status);  // "open", "done", "cancelled"
std::optional<WorkItemStatus> ParseWorkItemStatus(absl::string_view name);

// What a contact achieved (issue 9: reached, promised to pay, disputed, no answer, wrong contact,
// paid). Stable numeric values.
enum class ContactOutcome : int8_t {
  kReached = 0,
  kPromisedToPay = 1,
  kDisputed = 2,
  kNoAnswer = 3,
  kWrongContact = 4,
  kPaid = 5,
  kSent = 6,  // an automatic message handed to its channel (email accepted by the server)
};
inline constexpr int kContactOutcomeCount = 7;
absl::string_view ContactOutcomeName(ContactOutcome outcome);  // "reached", "promised_to_pay", ...
std::optional<ContactOutcome> ParseContactOutcome(absl::string_view name);

inline constexpr absl::string_view kWorkItemClosed = "WORK_ITEM_CLOSED";

// Completing an open item; FAILED_PRECONDITION WORK_ITEM_CLOSED when it is done or cancelled.
absl::Status CompleteWorkItem(WorkItemStatus& status, absl::string_view item_name);
// Reassigning or snoozing needs an open item too.
absl::Status CheckOpen(WorkItemStatus status, absl::string_view item_name);

// What a person may record: any outcome but kSent (the system's), with a note (up to 2000
// characters, text_fields.h) that says what was disputed or why the contact was wrong for
// kDisputed and kWrongContact. INVALID_ARGUMENT naming "outcome" or "note".
absl::Status CheckPersonOutcome(ContactOutcome outcome, absl::string_view note);

// The documented priority of an item (issue 9): amount x days overdue x risk,
//   priority = yuan at stake x max(1, days_from_due + 8) x risk weight x likelihood weight,
// with the risk weight of the customer's credit grade A 1, B 2, C 3, D 4. A reminder 7 days before
// due weighs the amount once; every day overdue adds one more; grade D quadruples. The likelihood
// weight is 1 + 2p for the overdue model's probability p (R-FCST-2, in permille) that the item's
// money is still unpaid and past due 30 days on, so an item the model expects to stay unpaid
// weighs up to three times one it expects to be paid; 1 when there is no prediction (no model
// version stored yet). Yuan are truncated (fen do not reorder lists). Saturates at INT64_MAX
// instead of overflowing.
inline constexpr int32_t kPermille = 1000;
int64_t WorkItemPriority(Fen amount, int32_t days_from_due, CreditGrade grade,
                         std::optional<int32_t> overdue_permille);

// Whether an open item not done by its due day is escalated to the department head's list as of
// `as_of`: it is, from the day after its due day (a snoozed item from the day after its snooze).
bool IsEscalated(EpochDay due_day, std::optional<EpochDay> snoozed_until, EpochDay as_of);

}  // namespace huikuan::core

#endif  // HUIKUAN_SERVER_CORE_WORK_ITEM_H_
