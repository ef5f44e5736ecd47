#include "server/core/work_item.h"

#include <algorithm>
#include <limits>

#include "absl/strings/str_cat.h"
#include "server/core/enum_names.h"
#include "server/core/text_fields.h"
#include "server/core/violations.h"

namespace huikuan::core {

absl::string_view WorkItemKindName(WorkItemKind kind) {
  switch (kind) {
    case WorkItemKind::kDunning:
      return "dunning";
    case WorkItemKind::kLimitation:
      return "limitation";
    case WorkItemKind::kPromiseFollowUp:
      return "promise_follow_up";
    case WorkItemKind::kInstalment:
      return "instalment";
    case WorkItemKind::kLegalCase:
      return "legal_case";
    case WorkItemKind::kWarning:
      return "warning";
    case WorkItemKind::kRelationship:
      return "relationship";
    case WorkItemKind::kManual:
      return "manual";
  }
  return "manual";
}

std::optional<WorkItemKind> ParseWorkItemKind(absl::string_view name) {
  return ParseEnumName<WorkItemKind, kWorkItemKindCount>(name, WorkItemKindName);
}

absl::string_view WorkItemStatusName(WorkItemStatus status) {
  switch (status) {
    case WorkItemStatus::kOpen:
      return "open";
    case WorkItemStatus::kDone:
      return "done";
    case WorkItemStatus::kCancelled:
      return "cancelled";
  }
  return "open";
}

std::optional<WorkItemStatus> ParseWorkItemStatus(absl::string_view name) {
  return ParseEnumName<WorkItemStatus, kWorkItemStatusCount>(name, WorkItemStatusName);
}

absl::string_view ContactOutcomeName(ContactOutcome outcome) {
  switch (outcome) {
    case ContactOutcome::kReached:
      return "reached";
    case ContactOutcome::kPromisedToPay:
      return "promised_to_pay";
    case ContactOutcome::kDisputed:
      return "disputed";
    case ContactOutcome::kNoAnswer:
      return "no_answer";
    case ContactOutcome::kWrongContact:
      return "wrong_contact";
    case ContactOutcome::kPaid:
      return "paid";
    case ContactOutcome::kSent:
      return "sent";
  }
  return "reached";
}

std::optional<ContactOutcome> ParseContactOutcome(absl::string_view name) {
  return ParseEnumName<ContactOutcome, kContactOutcomeCount>(name, ContactOutcomeName);
}

absl::Status CheckOpen(WorkItemStatus status, absl::string_view item_name) {
  if (status == WorkItemStatus::kOpen) return absl::OkStatus();
  return RuleViolation(kWorkItemClosed, item_name,
                       absl::StrCat(item_name, " is ", WorkItemStatusName(status)));
}

absl::Status CheckPersonOutcome(ContactOutcome outcome, absl::string_view note) {
  if (outcome == ContactOutcome::kSent) {
    return FieldViolation("outcome", "\"sent\" is recorded by the system when a message goes out");
  }
  const bool explain =
      outcome == ContactOutcome::kDisputed || outcome == ContactOutcome::kWrongContact;
  return CheckText("note", note, explain ? Presence::kRequired : Presence::kOptional);
}

absl::Status CompleteWorkItem(WorkItemStatus& status, absl::string_view item_name) {
  if (absl::Status open = CheckOpen(status, item_name); !open.ok()) return open;
  status = WorkItemStatus::kDone;
  return absl::OkStatus();
}

int64_t WorkItemPriority(Fen amount, int32_t days_from_due, CreditGrade grade,
                         std::optional<int32_t> overdue_permille) {
  const int64_t yuan = std::max<int64_t>(0, amount / kFenPerYuan);
  const int64_t days = std::max<int64_t>(1, static_cast<int64_t>(days_from_due) + 8);
  const int64_t risk = static_cast<int64_t>(grade) + 1;
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  if (yuan > kMax / days / risk) return kMax;
  const int64_t base = yuan * days * risk;
  if (!overdue_permille) return base;
  // base x (1000 + 2p) / 1000 without overflowing: whole thousands and the remainder apart.
  const int64_t likelihood = kPermille + 2 * std::clamp(*overdue_permille, 0, kPermille);
  const int64_t whole = base / kPermille, rest = base % kPermille;
  if (whole > kMax / likelihood) return kMax;
  return whole * likelihood + rest * likelihood / kPermille;
}

bool IsEscalated(EpochDay due_day, std::optional<EpochDay> snoozed_until, EpochDay as_of) {
  const EpochDay deadline = snoozed_until ? std::max(due_day, *snoozed_until) : due_day;
  return as_of > deadline;
}

}  // namespace huikuan::core
