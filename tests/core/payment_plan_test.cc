// Payment plans (R-PAY-1, seed 000's 分期付款): the split into instalments is exact to the fen with
// explicit rounding, explicit schedules are checked, approvers follow the credit authority bands,
// and the daily evaluation completes or defaults a plan.
#include "server/core/payment_plan.h"

#include <vector>

#include "gtest/gtest.h"
#include "server/core/violations.h"

namespace huikuan::core {
namespace {

EpochDay D(const char* text) { return *ParseDate(text); }

Fen Sum(const std::vector<Instalment>& instalments) {
  Fen sum = 0;
  for (const Instalment& instalment : instalments) sum += instalment.amount;
  return sum;
}

TEST(PaymentPlanTest, R_PAY_1_SplitSumsToTheOpenAmountExactly) {
  // 1,000,000.01 yuan in three: whole yuan, the last takes the rest.
  absl::StatusOr<std::vector<Instalment>> split =
      SplitInstalments(100'000'001, 3, D("2026-01-31"), 1);
  ASSERT_TRUE(split.ok()) << split.status();
  ASSERT_EQ(split->size(), 3u);
  EXPECT_EQ((*split)[0].amount, 33'333'300);
  EXPECT_EQ((*split)[1].amount, 33'333'300);
  EXPECT_EQ((*split)[2].amount, 33'333'401);
  EXPECT_EQ(Sum(*split), 100'000'001);
  // Month ends clamp: Jan 31, Feb 28, Mar 31.
  EXPECT_EQ(FormatDate((*split)[1].due_day), "2026-02-28");
  EXPECT_EQ(FormatDate((*split)[2].due_day), "2026-03-31");
  // Under a yuan per instalment: fen.
  absl::StatusOr<std::vector<Instalment>> small = SplitInstalments(250, 3, D("2026-01-01"), 3);
  EXPECT_EQ((*small)[0].amount, 83);
  EXPECT_EQ((*small)[2].amount, 84);
  EXPECT_EQ(Sum(*small), 250);
  EXPECT_EQ(FormatDate((*small)[1].due_day), "2026-04-01");
  // Every total and count sums exactly; the last is never smaller.
  for (Fen total : {1LL, 99LL, 100LL, 12'345'678LL, 800'000'000'00LL}) {
    for (int32_t count : {1, 2, 7, 12, 60}) {
      if (total < count) continue;
      absl::StatusOr<std::vector<Instalment>> s =
          SplitInstalments(total, count, D("2026-01-01"), 1);
      ASSERT_TRUE(s.ok()) << total << "/" << count << ": " << s.status();
      EXPECT_EQ(Sum(*s), total) << total << "/" << count;
      EXPECT_GE(s->back().amount, s->front().amount);
      EXPECT_GT(s->front().amount, 0);
    }
  }
  EXPECT_EQ(GetFieldViolations(SplitInstalments(100, 0, D("2026-01-01"), 1).status())[0].field,
            "count");
  EXPECT_EQ(GetFieldViolations(SplitInstalments(100, 2, D("2026-01-01"), 13).status())[0].field,
            "interval_months");
  EXPECT_EQ(GetFieldViolations(SplitInstalments(0, 2, D("2026-01-01"), 1).status())[0].field,
            "total");
}

TEST(PaymentPlanTest, R_PAY_1_ExplicitScheduleMustSumExactly) {
  const EpochDay today = D("2026-03-01");
  std::vector<Instalment> schedule = {{D("2026-04-01"), 50'000}, {D("2026-05-01"), 50'000}};
  EXPECT_TRUE(CheckSchedule(schedule, 100'000, today).ok());
  EXPECT_EQ(GetFieldViolations(CheckSchedule(schedule, 100'001, today))[0].field, "instalments");
  schedule[1].due_day = D("2026-04-01");
  EXPECT_EQ(GetFieldViolations(CheckSchedule(schedule, 100'000, today))[0].field,
            "instalments[1].due_date");
  schedule[1].due_day = D("2026-05-01");
  schedule[0].due_day = D("2026-02-28");
  EXPECT_EQ(GetFieldViolations(CheckSchedule(schedule, 100'000, today))[0].field,
            "instalments[0].due_date");
  schedule[0] = {D("2026-04-01"), 0};
  EXPECT_EQ(GetFieldViolations(CheckSchedule(schedule, 50'000, today))[0].field,
            "instalments[0].amount_fen");
  EXPECT_FALSE(CheckSchedule({}, 0, today).ok());
}

TEST(PaymentPlanTest, R_PAY_1_ApproversFollowTheAuthorityBands) {
  const ApprovalChainConfig chain;  // the highest band: 5,000,000 yuan
  EXPECT_EQ(PlanApprovers(500'000'000, chain),
            std::vector<ApproverRole>{ApproverRole::kFinanceHead});
  EXPECT_EQ(PlanApprovers(500'000'001, chain),
            (std::vector<ApproverRole>{ApproverRole::kFinanceHead, ApproverRole::kManagementHead}));
  ApprovalChainConfig small = chain;
  small.bands = {ApprovalBand{100'00, {ApproverRole::kFinanceHead}}};
  EXPECT_EQ(PlanApprovers(100'01, small).size(), 2u);
}

class PlanEvaluationTest : public ::testing::Test {
 protected:
  // 300 yuan in three monthly instalments from April; approved on March 1; 3 days' grace.
  std::vector<Instalment> schedule = {
      {D("2026-04-01"), 10'000}, {D("2026-05-01"), 10'000}, {D("2026-06-01"), 10'000}};
  EpochDay start = D("2026-03-01");
};

TEST_F(PlanEvaluationTest, R_PAY_1_PlanDefaultsOnAMissedInstalment) {
  const std::vector<DatedAmount> cash = {{D("2026-04-04"), 10'000}, {D("2026-05-02"), 5'000}};
  absl::StatusOr<PlanProgress> in_grace = EvaluatePlan(schedule, start, cash, 3, D("2026-05-04"));
  ASSERT_TRUE(in_grace.ok()) << in_grace.status();
  EXPECT_EQ(in_grace->status, PlanStatus::kActive);  // instalment 1 met on its last grace day
  EXPECT_EQ(in_grace->instalments_met, 1);
  absl::StatusOr<PlanProgress> missed = EvaluatePlan(schedule, start, cash, 3, D("2026-05-05"));
  EXPECT_EQ(missed->status, PlanStatus::kDefaulted);
  EXPECT_EQ(missed->missed, 1u);
  EXPECT_EQ(missed->end_day, D("2026-05-05"));
  EXPECT_EQ(missed->paid, 15'000);
  // Cash after the default does not undo it; replaying later days gives the same.
  std::vector<DatedAmount> late = cash;
  late.push_back({D("2026-05-20"), 15'000});
  absl::StatusOr<PlanProgress> after = EvaluatePlan(schedule, start, late, 3, D("2026-07-01"));
  EXPECT_EQ(after->status, PlanStatus::kDefaulted);
  EXPECT_EQ(after->end_day, D("2026-05-05"));
}

TEST_F(PlanEvaluationTest, R_PAY_1_PlanCompletesWhenEverythingIsPaid) {
  // Paid ahead: all of it in April; cash before the approval does not count.
  const std::vector<DatedAmount> cash = {{D("2026-02-27"), 5'000}, {D("2026-04-10"), 30'000}};
  absl::StatusOr<PlanProgress> progress = EvaluatePlan(schedule, start, cash, 0, D("2026-04-10"));
  EXPECT_EQ(progress->status, PlanStatus::kDefaulted);  // April's was due on the 1st, no grace
  absl::StatusOr<PlanProgress> graced = EvaluatePlan(schedule, start, cash, 10, D("2026-04-10"));
  EXPECT_EQ(graced->status, PlanStatus::kCompleted);
  EXPECT_EQ(graced->end_day, D("2026-04-10"));
  EXPECT_EQ(graced->instalments_met, 3);
  EXPECT_EQ(graced->paid, 30'000);
  absl::StatusOr<PlanProgress> before = EvaluatePlan(schedule, start, cash, 10, D("2026-04-09"));
  EXPECT_EQ(before->status, PlanStatus::kActive);
  EXPECT_EQ(before->instalments_met, 0);
}

}  // namespace
}  // namespace huikuan::core
