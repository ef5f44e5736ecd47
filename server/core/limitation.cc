#include "server/core/limitation.h"

#include <algorithm>
#include <vector>

#include "server/core/enum_names.h"
#include "server/core/status_macros.h"

namespace huikuan::core {

absl::string_view InterruptionKindName(InterruptionKind kind) {
  switch (kind) {
    case InterruptionKind::kWrittenDemand:
      return "written_demand";
    case InterruptionKind::kAcknowledgement:
      return "acknowledgement";
    case InterruptionKind::kPromise:
      return "promise";
    case InterruptionKind::kPartialPayment:
      return "partial_payment";
    case InterruptionKind::kSuitFiled:
      return "suit_filed";
  }
  return "written_demand";
}

std::optional<InterruptionKind> ParseInterruptionKind(absl::string_view name) {
  return ParseEnumName<InterruptionKind, kInterruptionKindCount>(name, InterruptionKindName);
}

absl::StatusOr<LimitationPeriod> ComputeLimitation(EpochDay due_day,
                                                   absl::Span<const Interruption> events,
                                                   EpochDay as_of) {
  HK_RETURN_IF_ERROR(ValidateEpochDay(due_day, "due_day"));
  HK_RETURN_IF_ERROR(ValidateEpochDay(as_of, "as_of"));
  std::vector<Interruption> sorted(events.begin(), events.end());
  for (const Interruption& event : sorted) {
    HK_RETURN_IF_ERROR(ValidateEpochDay(event.day, "events.day"));
  }
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const Interruption& a, const Interruption& b) { return a.day < b.day; });
  LimitationPeriod period;
  period.start_day = due_day;
  HK_ASSIGN_OR_RETURN(period.expiry_day, AddYears(due_day, kLimitationYears));
  for (const Interruption& event : sorted) {
    if (event.day > as_of) break;
    // Before the period started there is nothing to interrupt; after it ran out, nothing either.
    if (event.day < period.start_day || event.day > period.expiry_day) continue;
    period.start_day = event.day;
    HK_ASSIGN_OR_RETURN(period.expiry_day, AddYears(event.day, kLimitationYears));
    period.last_interruption = event;
    ++period.interruptions;
  }
  period.expired = as_of > period.expiry_day;
  return period;
}

std::optional<int32_t> LimitationReminderThreshold(EpochDay expiry_day, EpochDay as_of) {
  const int32_t days_left = expiry_day - as_of;
  if (days_left < 0) return std::nullopt;
  std::optional<int32_t> threshold;
  for (int32_t days : kLimitationReminderDays) {
    if (days_left <= days) threshold = days;
  }
  return threshold;
}

}  // namespace huikuan::core
