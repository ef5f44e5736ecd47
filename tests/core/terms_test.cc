#include "server/core/terms.h"

#include <limits>
#include <vector>

#include "gtest/gtest.h"

namespace huikuan::core {
namespace {

TierTerms TermsOf(Tier tier) { return TieringConfig().terms[static_cast<int>(tier)]; }

OrderTermsInput Established(Tier tier) {
  OrderTermsInput in;
  in.tier_terms = TermsOf(tier);
  in.prior_orders = 10;
  in.order_amount = 1'000'000;
  return in;
}

std::vector<std::string> StepNames(const EffectiveTerms& t) {
  std::vector<std::string> names;
  for (const TermStep& s : t.steps) names.push_back(s.step);
  return names;
}

TEST(TermsTest, R_TIER_2_BaseTermsPerTier) {
  EXPECT_EQ(ComputeEffectiveTerms(Established(Tier::kStrategicCore))->credit_days, 60);
  EXPECT_EQ(ComputeEffectiveTerms(Established(Tier::kKeyPartner))->credit_days, 45);
  EXPECT_EQ(ComputeEffectiveTerms(Established(Tier::kGeneral))->credit_days, 30);
  absl::StatusOr<EffectiveTerms> p = ComputeEffectiveTerms(Established(Tier::kPotential));
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->credit_days, 0);
  EXPECT_EQ(p->prepayment_bp, 3'000);
  EXPECT_EQ(p->prepayment, 300'000);
  EXPECT_EQ(p->credit_amount, 700'000);
  EXPECT_EQ(p->steps[0].explanation, "tier base terms: 30.00% prepaid, rest on delivery");
}

TEST(TermsTest, R_TERM_1_VolumeAndEarlyPaymentAddsFifteenDays) {
  OrderTermsInput in = Established(Tier::kGeneral);
  in.last_month_orders = 100'000'001;  // just over 1,000,000 yuan
  in.last_month_paid_early = true;
  absl::StatusOr<EffectiveTerms> t = ComputeEffectiveTerms(in);
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->credit_days, 45);
  EXPECT_EQ(StepNames(*t), (std::vector<std::string>{"tier_base", "volume_early_payment"}));
  EXPECT_EQ(t->steps[1].days_after, 45);
  EXPECT_EQ(t->steps[1].explanation,
            "last month's orders 1000000.01 yuan > 1000000.00 yuan and paid early: +15 days");
  // Exactly 1,000,000 yuan is not "over"; over but not paid early gets nothing.
  in.last_month_orders = 100'000'000;
  EXPECT_EQ(ComputeEffectiveTerms(in)->credit_days, 30);
  in.last_month_orders = 200'000'000;
  in.last_month_paid_early = false;
  EXPECT_EQ(ComputeEffectiveTerms(in)->credit_days, 30);
}

TEST(TermsTest, R_TERM_1_JointPromotionAddsTenDays) {
  OrderTermsInput in = Established(Tier::kGeneral);
  in.joint_promotion = true;
  absl::StatusOr<EffectiveTerms> t = ComputeEffectiveTerms(in);
  EXPECT_EQ(t->credit_days, 40);
  EXPECT_EQ(t->steps.back().step, "joint_promotion");
  EXPECT_EQ(t->steps.back().explanation, "joint market promotion: +10 days");
}

TEST(TermsTest, R_TERM_1_PolicyCapAtSixtyDays) {
  OrderTermsInput in = Established(Tier::kKeyPartner);
  in.last_month_orders = 150'000'000;
  in.last_month_paid_early = true;
  in.joint_promotion = true;
  absl::StatusOr<EffectiveTerms> t = ComputeEffectiveTerms(in);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->credit_days, 60);
  EXPECT_EQ(StepNames(*t), (std::vector<std::string>{"tier_base", "volume_early_payment",
                                                     "joint_promotion", "policy_cap"}));
  EXPECT_EQ(t->steps[2].days_after, 70);
  EXPECT_EQ(t->steps[3].days_after, 60);
  EXPECT_EQ(t->steps[3].explanation,
            "70 days capped at the policy maximum of 60 days from the invoice date");
  // A strategic customer at 60 + 10 is capped too; at exactly 60 no cap step is recorded.
  EXPECT_EQ(StepNames(*ComputeEffectiveTerms(Established(Tier::kStrategicCore))),
            std::vector<std::string>{"tier_base"});
  TermsPolicy loose;
  loose.max_term_days = 90;
  EXPECT_EQ(ComputeEffectiveTerms(in, loose)->credit_days, 70);
}

TEST(TermsTest, R_TERM_2_NewCustomerLadderOrders1_2_3) {
  OrderTermsInput in;
  in.tier_terms = TermsOf(Tier::kStrategicCore);  // standard 60 days, as in the seed's example
  in.order_amount = 1'000'001;
  in.joint_promotion = true;  // does not apply while on the ladder

  in.prior_orders = 0;  // 1st order: 100% prepaid
  absl::StatusOr<EffectiveTerms> first = ComputeEffectiveTerms(in);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->prepayment_bp, 10'000);
  EXPECT_EQ(first->prepayment, 1'000'001);
  EXPECT_EQ(first->credit_amount, 0);
  EXPECT_EQ(first->credit_days, 0);
  EXPECT_EQ(StepNames(*first), (std::vector<std::string>{"tier_base", "new_customer_ladder"}));
  EXPECT_EQ(first->steps[1].explanation,
            "order 1 of a new customer: 100.00% prepaid; dynamic adjustments do not apply on the "
            "ladder");

  in.prior_orders = 1;  // 2nd: 50% prepaid + 50% at 45 days
  absl::StatusOr<EffectiveTerms> second = ComputeEffectiveTerms(in);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->prepayment_bp, 5'000);
  EXPECT_EQ(second->prepayment, 500'001);  // 500,000.5 rounds half-up
  EXPECT_EQ(second->credit_amount, 500'000);
  EXPECT_EQ(second->credit_days, 45);
  EXPECT_EQ(second->steps[1].explanation,
            "order 2 of a new customer: 50.00% prepaid, rest at 45 days; dynamic adjustments do "
            "not apply on the ladder");

  in.prior_orders = 2;  // 3rd: standard terms (60 days); the joint-promotion bonus is capped
  in.joint_promotion = false;
  absl::StatusOr<EffectiveTerms> third = ComputeEffectiveTerms(in);
  ASSERT_TRUE(third.ok());
  EXPECT_EQ(third->prepayment_bp, 0);
  EXPECT_EQ(third->prepayment, 0);
  EXPECT_EQ(third->credit_days, 60);
  EXPECT_EQ(third->steps[1].explanation,
            "order 3: new-customer ladder complete, standard terms apply");

  TermsPolicy no_ladder;
  no_ladder.new_customer_ladder = false;
  in.prior_orders = 0;
  EXPECT_EQ(ComputeEffectiveTerms(in, no_ladder)->credit_days, 60);
}

TEST(TermsTest, R_TERM_2_LadderNeverGoesBackForAPotentialCustomer) {
  // A potential-tier customer (30% prepaid, rest on delivery) that is still potential at its 3rd
  // order: the tier's terms would extend no credit at all, less than the 2nd order's 50% at 45
  // days, so the 2nd step continues.
  OrderTermsInput in;
  in.tier_terms = TermsOf(Tier::kPotential);
  in.order_amount = 100'000;
  in.prior_orders = 1;
  absl::StatusOr<EffectiveTerms> second = ComputeEffectiveTerms(in);
  ASSERT_TRUE(second.ok());
  in.prior_orders = 2;
  absl::StatusOr<EffectiveTerms> third = ComputeEffectiveTerms(in);
  ASSERT_TRUE(third.ok()) << third.status();
  EXPECT_EQ(third->prepayment_bp, second->prepayment_bp);
  EXPECT_EQ(third->credit_days, second->credit_days);
  EXPECT_EQ(third->steps[1].explanation,
            "order 3: the tier's terms (30.00% prepaid, rest on delivery) extend less credit than "
            "the ladder's last step (50.00% prepaid, rest at 45 days), which continues: the "
            "ladder never goes back");
  // The 4th order is priced by the tier like any established customer's (R-TIER-2).
  in.prior_orders = 3;
  EXPECT_EQ(ComputeEffectiveTerms(in)->prepayment_bp, 3'000);
  in.prior_orders = 2;
  // A general-tier customer's standard terms (no prepayment, 30 days) extend more credit than
  // 50% at 45 days: they apply.
  in.tier_terms = TermsOf(Tier::kGeneral);
  absl::StatusOr<EffectiveTerms> general = ComputeEffectiveTerms(in);
  EXPECT_EQ(general->prepayment_bp, 0);
  EXPECT_EQ(general->credit_days, 30);
}

TEST(TermsTest, R_TERM_4_DueDayCountsFromInvoiceDate) {
  OrderTermsInput in = Established(Tier::kKeyPartner);
  in.invoice_day = *ParseDate("2024-01-31");
  absl::StatusOr<EffectiveTerms> t = ComputeEffectiveTerms(in);
  ASSERT_TRUE(t->due_day.has_value());
  EXPECT_EQ(FormatDate(*t->due_day), "2024-03-16");
  in.invoice_day.reset();
  EXPECT_FALSE(ComputeEffectiveTerms(in)->due_day.has_value());
  in.invoice_day = kMaxEpochDay - 10;
  EXPECT_EQ(ComputeEffectiveTerms(in).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(TermsTest, RejectsBadInput) {
  OrderTermsInput in = Established(Tier::kGeneral);
  in.prior_orders = -1;
  EXPECT_EQ(ComputeEffectiveTerms(in).status().code(), absl::StatusCode::kInvalidArgument);
  in = Established(Tier::kGeneral);
  in.order_amount = -5;
  EXPECT_EQ(ComputeEffectiveTerms(in).status().code(), absl::StatusCode::kInvalidArgument);
  in = Established(Tier::kGeneral);
  in.order_amount = kMaxAbsFen + 1;
  EXPECT_EQ(ComputeEffectiveTerms(in).status().code(), absl::StatusCode::kInvalidArgument);
  in = Established(Tier::kGeneral);
  in.tier_terms.prepayment_bp = 10'001;
  EXPECT_EQ(ComputeEffectiveTerms(in).status().code(), absl::StatusCode::kInvalidArgument);
  TermsPolicy huge;
  huge.joint_promotion_bonus_days = std::numeric_limits<int32_t>::max();
  EXPECT_EQ(ComputeEffectiveTerms(Established(Tier::kGeneral), huge).status().message(),
            "joint_promotion_bonus_days: 2147483647 days is outside 0..100000");
  TermsPolicy bad;
  bad.ladder[1].term_days = -1;
  EXPECT_EQ(ComputeEffectiveTerms(Established(Tier::kGeneral), bad).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(TermsTest, R_TERM_3_ThirtyDaysNotice) {
  const EpochDay published = *ParseDate("2024-03-01");
  EXPECT_TRUE(CheckPolicyNoticePeriod(published, published + 30).ok());
  absl::Status s = CheckPolicyNoticePeriod(published, published + 29);
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(s.message(),
            "effective_day 2024-03-30 is less than 30 days after published_day 2024-03-01 "
            "(R-TERM-3)");
  EXPECT_EQ(CheckPolicyNoticePeriod(kMaxEpochDay + 1, published).code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(TermsTest, R_TERM_3_VersionInForce) {
  std::vector<EpochDay> effective = {100, 200, 150, 200};
  EXPECT_EQ(*PolicyVersionInForce(effective, 100), 0u);
  EXPECT_EQ(*PolicyVersionInForce(effective, 199), 2u);
  EXPECT_EQ(*PolicyVersionInForce(effective, 500), 3u);  // tie: the later version
  EXPECT_EQ(PolicyVersionInForce(effective, 99).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(PolicyVersionInForce({}, 99).status().code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace huikuan::core
