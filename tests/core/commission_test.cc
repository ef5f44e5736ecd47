#include "server/core/commission.h"

#include <cmath>

#include "gtest/gtest.h"

namespace huikuan::core {
namespace {

TEST(CommissionTest, R_COMM_1_NinetyPercentCollectionRaisesRateByFivePercent) {
  CommissionInput in{.collected = 9'000'000,
                     .due = 10'000'000,
                     .base_rate_bp = 300,
                     .monthly_bonus = 500'000,
                     .over_30_days_overdue = 0};
  absl::StatusOr<CommissionResult> r = ComputeCommission(in);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_TRUE(r->target_met);
  EXPECT_DOUBLE_EQ(r->collection_rate, 0.9);
  EXPECT_EQ(r->commission, 283'500);  // 9,000,000 x 3% x 1.05
  EXPECT_EQ(r->bonus, 500'000);
  EXPECT_EQ(r->bonus_cut, 0);
  ASSERT_EQ(r->explanation.size(), 2u);
  EXPECT_EQ(r->explanation[0],
            "collection rate 90.00% >= 90%: commission rate 3.00% raised to 3.1500%");
  EXPECT_EQ(r->explanation[1], "commission on 90000.00 yuan collected: 2835.00 yuan");
}

TEST(CommissionTest, R_COMM_1_BelowNinetyPercentNoUplift) {
  CommissionInput in{.collected = 8'999'999, .due = 10'000'000, .base_rate_bp = 300};
  absl::StatusOr<CommissionResult> r = ComputeCommission(in);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->target_met);
  EXPECT_EQ(r->commission, 270'000);  // 269,999.97 -> 270,000
  EXPECT_EQ(r->explanation[0], "collection rate 90.00% below 90%: commission rate 3.00% unchanged");
  in.due = 0;
  r = ComputeCommission(in);
  EXPECT_FALSE(r->target_met);
  EXPECT_TRUE(std::isnan(r->collection_rate));
}

TEST(CommissionTest, R_COMM_1_PercentagePointUpliftOption) {
  CommissionConfig c;
  c.uplift = UpliftKind::kPercentagePoints;
  CommissionInput in{.collected = 1'000'000, .due = 1'000'000, .base_rate_bp = 300};
  EXPECT_EQ(ComputeCommission(in, c)->commission, 80'000);  // 3% + 5 points = 8%
}

TEST(CommissionTest, R_COMM_1_OverThirtyDaysOverdueCutsBonusTwentyPercent) {
  CommissionInput in{.collected = 0,
                     .due = 0,
                     .base_rate_bp = 300,
                     .monthly_bonus = 500'001,
                     .over_30_days_overdue = 1};
  absl::StatusOr<CommissionResult> r = ComputeCommission(in);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->bonus_cut, 100'000);  // 100,000.2 -> 100,000
  EXPECT_EQ(r->bonus, 400'001);
  EXPECT_EQ(r->explanation.back(),
            "0.01 yuan more than 30 days overdue: bonus cut by 20.00% (1000.00 yuan)");
}

TEST(CommissionTest, RejectsBadInput) {
  CommissionInput in{.collected = -1, .due = 1, .base_rate_bp = 300};
  EXPECT_EQ(ComputeCommission(in).status().code(), absl::StatusCode::kInvalidArgument);
  in = {.collected = 1, .due = 1, .base_rate_bp = -1};
  EXPECT_EQ(ComputeCommission(in).status().code(), absl::StatusCode::kInvalidArgument);
  in = {.collected = kMaxAbsFen + 1, .due = 1, .base_rate_bp = 1};
  EXPECT_EQ(ComputeCommission(in).status().code(), absl::StatusCode::kInvalidArgument);
  // The largest amounts at the largest rate do not overflow.
  in = {.collected = kMaxAbsFen, .due = kMaxAbsFen, .base_rate_bp = 10'000};
  EXPECT_EQ(ComputeCommission(in)->commission, 105'000'000'000'000'000);
}

TEST(CommissionTest, R_COMM_2_CollectionRateWeights) {
  EXPECT_EQ(CollectionRateKpiWeightBp(Department::kSales), 3'000);
  EXPECT_EQ(CollectionRateKpiWeightBp(Department::kFinance), 2'000);
  EXPECT_EQ(CollectionRateKpiWeightBp(Department::kInvestment), 1'500);
  EXPECT_EQ(CollectionRateKpiWeightBp(Department::kLegal), 0);
  // Sales: 30% x 92% + 70% x 80% = 83.6%.
  EXPECT_EQ(*DepartmentKpiScore(Department::kSales, 9'200, 8'000), 8'360);
  // Finance: 20% x 75% + 80% x 100% = 95%.
  EXPECT_EQ(*DepartmentKpiScore(Department::kFinance, 7'500, 10'000), 9'500);
  // Investment: 15% x 33.33% + 85% x 0 = 4.9995% -> 5.00% (half-up).
  EXPECT_EQ(*DepartmentKpiScore(Department::kInvestment, 3'333, 0), 500);
  EXPECT_EQ(DepartmentKpiScore(Department::kSales, 10'001, 0).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace huikuan::core
