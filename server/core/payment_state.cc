#include "server/core/payment_state.h"

#include "absl/strings/str_cat.h"
#include "server/core/enum_names.h"
#include "server/core/violations.h"

namespace huikuan::core {

absl::string_view PaymentStatusName(PaymentStatus status) {
  return status == PaymentStatus::kReversed ? "reversed" : "received";
}

std::optional<PaymentStatus> ParsePaymentStatus(absl::string_view name) {
  return ParseEnumName<PaymentStatus, kPaymentStatusCount>(name, PaymentStatusName);
}

absl::string_view AllocationRuleName(AllocationRule rule) {
  switch (rule) {
    case AllocationRule::kReference:
      return "reference";
    case AllocationRule::kExactAmount:
      return "exact_amount";
    case AllocationRule::kOldestFirst:
      return "oldest_first";
    case AllocationRule::kManual:
      return "manual";
  }
  return "manual";
}

std::optional<AllocationRule> ParseAllocationRule(absl::string_view name) {
  return ParseEnumName<AllocationRule, kAllocationRuleCount>(name, AllocationRuleName);
}

AllocationRule AllocationRuleFor(MatchRule rule) {
  switch (rule) {
    case MatchRule::kReference:
      return AllocationRule::kReference;
    case MatchRule::kExactAmount:
      return AllocationRule::kExactAmount;
    case MatchRule::kOldestFirst:
      return AllocationRule::kOldestFirst;
  }
  return AllocationRule::kOldestFirst;
}

absl::Status TakeUnapplied(PaymentBalance& payment, Fen amount, absl::string_view payment_name) {
  if (payment.status == PaymentStatus::kReversed) {
    return RuleViolation(kPaymentReversed, payment_name,
                         absl::StrCat(payment_name, " was reversed"));
  }
  if (amount > payment.unapplied) {
    return RuleViolation(
        kExceedsUnapplied, payment_name,
        absl::StrCat("amount ", MoneyText(amount), " exceeds the unapplied cash of ", payment_name,
                     " (", MoneyText(payment.unapplied), ")"));
  }
  payment.unapplied -= amount;
  return absl::OkStatus();
}

absl::Status ReversePayment(PaymentBalance& payment, absl::string_view payment_name) {
  if (payment.status == PaymentStatus::kReversed) {
    return RuleViolation(kPaymentReversed, payment_name,
                         absl::StrCat(payment_name, " is already reversed"));
  }
  payment.status = PaymentStatus::kReversed;
  payment.unapplied = 0;
  return absl::OkStatus();
}

}  // namespace huikuan::core
