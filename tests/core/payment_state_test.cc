#include "server/core/payment_state.h"

#include "gtest/gtest.h"
#include "server/core/violations.h"

namespace huikuan::core {
namespace {

TEST(PaymentStateTest, NamesRoundTrip) {
  EXPECT_EQ(ParsePaymentStatus("reversed"), PaymentStatus::kReversed);
  EXPECT_EQ(ParsePaymentStatus(PaymentStatusName(PaymentStatus::kReceived)),
            PaymentStatus::kReceived);
  for (int i = 0; i < kAllocationRuleCount; ++i) {
    const auto rule = static_cast<AllocationRule>(i);
    EXPECT_EQ(ParseAllocationRule(AllocationRuleName(rule)), rule);
  }
  EXPECT_EQ(AllocationRuleFor(MatchRule::kExactAmount), AllocationRule::kExactAmount);
}

TEST(PaymentStateTest, R_PAY_1_ManualAllocationTakesUnappliedCash) {
  PaymentBalance payment{.status = PaymentStatus::kReceived, .unapplied = 30'000};
  ASSERT_TRUE(TakeUnapplied(payment, 20'000, "payments/3").ok());
  EXPECT_EQ(payment.unapplied, 10'000);
  absl::Status status = TakeUnapplied(payment, 10'001, "payments/3");
  EXPECT_EQ(GetRuleViolation(status)->type, "EXCEEDS_UNAPPLIED");
  EXPECT_EQ(status.message(),
            "amount 100.01 yuan exceeds the unapplied cash of payments/3 (100.00 yuan)");
  EXPECT_EQ(payment.unapplied, 10'000);
}

TEST(PaymentStateTest, R_PAY_1_ReversedPaymentTakesNothingAndIsReversedOnce) {
  PaymentBalance payment{.status = PaymentStatus::kReceived, .unapplied = 500};
  ASSERT_TRUE(ReversePayment(payment, "payments/9").ok());
  EXPECT_EQ(payment.status, PaymentStatus::kReversed);
  EXPECT_EQ(payment.unapplied, 0);
  EXPECT_EQ(GetRuleViolation(ReversePayment(payment, "payments/9"))->type, "PAYMENT_REVERSED");
  EXPECT_EQ(GetRuleViolation(TakeUnapplied(payment, 1, "payments/9"))->type, "PAYMENT_REVERSED");
}

}  // namespace
}  // namespace huikuan::core
