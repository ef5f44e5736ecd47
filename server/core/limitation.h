// The limitation period of an overdue invoice (R-LAW-1): PRC Civil Code art. 188 gives three years
// from the day the creditor knew its right was infringed (for an invoice: its due date); art. 195
// interrupts it when the creditor demands performance (a written demand: a dunning letter, a
// lawyer letter), when the debtor agrees to perform (an acknowledgement, a promise to pay, a
// partial payment), or when the creditor files a suit, and the period starts again from that day.
// Legal is warned 180, 90 and 30 days before it runs out.
//
//   std::vector<Interruption> events = {{promise_day, InterruptionKind::kPromise}};
//   absl::StatusOr<LimitationPeriod> p = ComputeLimitation(due_day, events, today);
//   // p->expiry_day == AddYears(promise_day, 3) when the promise came after the due date
//
// What this function does not decide, on purpose: an event after the period has run out does not
// revive it (art. 192: a debtor's later agreement to perform only waives the defence; legal
// judges that case by case); the period after a suit (art. 195's restart when the proceedings
// end) is the legal case's business, so a filing restarts the count from the filing day here.
//
// Thread-safe: pure functions of their arguments, no global state, no I/O.
#ifndef HUIKUAN_SERVER_CORE_LIMITATION_H_
#define HUIKUAN_SERVER_CORE_LIMITATION_H_

#include <cstdint>
#include <optional>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "server/core/civil_date.h"

namespace huikuan::core {

inline constexpr int32_t kLimitationYears = 3;  // PRC Civil Code art. 188
// Days before expiry at which legal gets a work item, largest first.
inline constexpr int32_t kLimitationReminderDays[] = {180, 90, 30};

// What interrupted the period (art. 195). Stable numeric values.
enum class InterruptionKind : int8_t {
  kWrittenDemand = 0,    // a dunning letter, email or lawyer letter sent to the debtor
  kAcknowledgement = 1,  // the debtor confirmed the debt (a signed statement, a letter)
  kPromise = 2,          // the debtor promised to pay
  kPartialPayment = 3,   // the debtor paid part of the invoice
  kSuitFiled = 4,        // the creditor filed a suit (or applied for arbitration)
};
inline constexpr int kInterruptionKindCount = 5;
// "written_demand", "acknowledgement", "promise", "partial_payment", "suit_filed".
absl::string_view InterruptionKindName(InterruptionKind kind);
std::optional<InterruptionKind> ParseInterruptionKind(absl::string_view name);

struct Interruption {
  EpochDay day = 0;
  InterruptionKind kind = InterruptionKind::kWrittenDemand;
};

struct LimitationPeriod {
  EpochDay start_day = 0;   // the due date, or the last interruption that counted
  EpochDay expiry_day = 0;  // the last day a suit is in time: start_day + 3 years
  std::optional<Interruption> last_interruption;
  int32_t interruptions = 0;  // events that restarted the period
  bool expired = false;       // as_of is after expiry_day
};

// The period of an invoice due on `due_day` as of `as_of`, given its interruption events (any
// order; events after as_of are ignored, so a past day replays the same). An event counts when it
// falls on or after the day the period started and on or before the day it would expire.
// INVALID_ARGUMENT for a day outside the accepted range.
absl::StatusOr<LimitationPeriod> ComputeLimitation(EpochDay due_day,
                                                   absl::Span<const Interruption> events,
                                                   EpochDay as_of);

// The reminder threshold (180, 90 or 30 days) whose window `as_of` is in for a period expiring on
// `expiry_day`: the smallest threshold T with expiry_day - as_of <= T. Empty when the expiry is
// more than 180 days away or already past.
std::optional<int32_t> LimitationReminderThreshold(EpochDay expiry_day, EpochDay as_of);

}  // namespace huikuan::core

#endif  // HUIKUAN_SERVER_CORE_LIMITATION_H_
