// A payment's states and the transitions of its unapplied cash (R-PAY-1): allocated by hand to an
// invoice, or reversed (bounced, entered twice). How an allocation was decided is recorded with it.
//
//   PaymentBalance payment{.status = PaymentStatus::kReceived, .unapplied = 30'000};
//   HK_RETURN_IF_ERROR(TakeUnapplied(payment, 20'000, "payments/3"));   // unapplied 10'000
//
// Refusals are FAILED_PRECONDITION with rule type PAYMENT_REVERSED or EXCEEDS_UNAPPLIED.
//
// Thread-safe: pure functions of their arguments, no global state, no I/O.
#ifndef HUIKUAN_SERVER_CORE_PAYMENT_STATE_H_
#define HUIKUAN_SERVER_CORE_PAYMENT_STATE_H_

#include <cstdint>
#include <optional>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "server/core/cash_application.h"
#include "server/core/money.h"

namespace huikuan::core {

// Stable numeric values.
enum class PaymentStatus : int8_t { kReceived = 0, kReversed = 1 };
inline constexpr int kPaymentStatusCount = 2;
absl::string_view PaymentStatusName(PaymentStatus status);  // "received", "reversed"
std::optional<PaymentStatus> ParsePaymentStatus(absl::string_view name);

// How an allocation was decided: the cash application's rules (cash_application.h) or by hand.
enum class AllocationRule : int8_t {
  kReference = 0,
  kExactAmount = 1,
  kOldestFirst = 2,
  kManual = 3,
};
inline constexpr int kAllocationRuleCount = 4;
// "reference", "exact_amount", "oldest_first", "manual".
absl::string_view AllocationRuleName(AllocationRule rule);
std::optional<AllocationRule> ParseAllocationRule(absl::string_view name);
AllocationRule AllocationRuleFor(MatchRule rule);

inline constexpr absl::string_view kPaymentReversed = "PAYMENT_REVERSED";
inline constexpr absl::string_view kExceedsUnapplied = "EXCEEDS_UNAPPLIED";

struct PaymentBalance {
  PaymentStatus status = PaymentStatus::kReceived;
  Fen unapplied = 0;
};

// Unapplied cash allocated by hand: unapplied -= amount.
absl::Status TakeUnapplied(PaymentBalance& payment, Fen amount, absl::string_view payment_name);

// The payment reversed: nothing of it stays applied or unapplied. Refused when already reversed.
absl::Status ReversePayment(PaymentBalance& payment, absl::string_view payment_name);

}  // namespace huikuan::core

#endif  // HUIKUAN_SERVER_CORE_PAYMENT_STATE_H_
