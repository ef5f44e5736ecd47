#include "server/core/order_credit.h"

#include "gtest/gtest.h"
#include "server/core/violations.h"

namespace huikuan::core {
namespace {

std::string RuleOf(const absl::Status& status) {
  std::optional<RuleViolationDetail> rule = GetRuleViolation(status);
  return rule ? rule->type : "";
}

TEST(OrderCreditTest, R_WARN_4_HoldAndLitigationStopNewInvoices) {
  CreditPosition held{.status = CreditStatus::kOnHold, .limit = 1'000'000, .exposure = 0};
  absl::Status status = CheckOrderCredit(held, 1, "customers/6", "SO-1");
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(RuleOf(status), "CREDIT_HOLD");
  EXPECT_EQ(GetRuleViolation(status)->subject, "customers/6");
  CreditPosition suing{.status = CreditStatus::kInLitigation, .limit = 1'000'000};
  EXPECT_EQ(RuleOf(CheckOrderCredit(suing, 0, "customers/6", "SO-1")), "IN_LITIGATION");
}

TEST(OrderCreditTest, R_SCORE_2_CreditPartMustFitUnderTheLimit) {
  CreditPosition position{.status = CreditStatus::kActive, .limit = 1'000'000, .exposure = 900'000};
  EXPECT_TRUE(CheckOrderCredit(position, 100'000, "customers/2", "SO-1").ok()) << "exactly at";
  absl::Status status = CheckOrderCredit(position, 100'001, "customers/2", "SO-2");
  EXPECT_EQ(RuleOf(status), "CREDIT_LIMIT");
  EXPECT_EQ(status.message(),
            "order \"SO-2\" would exceed the credit limit of customers/2: open credit 9000.00 yuan "
            "+ this order's credit part 1000.01 yuan > limit 10000.00 yuan");
  // A fully prepaid order has no credit part and passes whatever the exposure.
  CreditPosition no_credit{.status = CreditStatus::kActive, .limit = 0, .exposure = 5};
  EXPECT_TRUE(CheckOrderCredit(no_credit, 0, "customers/2", "SO-3").ok());
}

TEST(OrderCreditTest, HoldsArePlacedOnActiveCustomersAndReleasedOnce) {
  CreditStatus status = CreditStatus::kActive;
  ASSERT_TRUE(PlaceHold(status, CreditStatus::kInLitigation, "customers/1").ok());
  EXPECT_EQ(status, CreditStatus::kInLitigation);
  absl::Status again = PlaceHold(status, CreditStatus::kOnHold, "customers/1");
  EXPECT_EQ(RuleOf(again), "HOLD_STATE");
  EXPECT_EQ(again.message(),
            "customers/1 is already in litigation: release it first to change the hold");
  ASSERT_TRUE(ReleaseHold(status, "customers/1").ok());
  EXPECT_EQ(status, CreditStatus::kActive);
  EXPECT_EQ(RuleOf(ReleaseHold(status, "customers/1")), "HOLD_STATE");
  EXPECT_EQ(ParseCreditStatus("on_hold"), CreditStatus::kOnHold);
}

}  // namespace
}  // namespace huikuan::core
