// The credit-term health score (seed 000, 账期健康度评分; issue 14): each component's points from
// the weights stated in core/health_score.h, what would raise it, the company's weighted score and
// the percentile among peers of the same industry and tier.
#include "server/core/health_score.h"

#include <vector>

#include "gtest/gtest.h"

namespace huikuan::core {
namespace {

// DSO 60 days against an industry at 40, a quarter overdue, 6 of 8 paid on time (9 of 10 the
// quarter before), one dispute.
HealthInput Example() {
  HealthInput input;
  input.balance = 600'000;
  input.overdue = 150'000;
  input.overdue_invoices = 3;
  input.sales_year = 3'650'000;
  input.industry_dso_days = 40.0;
  input.recent_due = 8;
  input.recent_on_time = 6;
  input.prior_due = 10;
  input.prior_on_time = 9;
  input.disputes_year = 1;
  return input;
}

TEST(HealthScoreTest, ComponentsHaveTheStatedWeights) {
  const HealthScore s = ComputeHealthScore(Example());
  ASSERT_TRUE(s.dso_days.has_value());
  EXPECT_DOUBLE_EQ(*s.dso_days, 60.0);
  EXPECT_DOUBLE_EQ(s.benchmark_dso_days, 40.0);
  // 60 / 40 = 1.5: 35 x (2 - 1.5) / 0.8 = 21.875 -> 22.
  EXPECT_EQ(s.components[0].kind, HealthComponentKind::kDso);
  EXPECT_EQ(s.components[0].points, 22);
  EXPECT_EQ(s.components[0].max_points, 35);
  // 30 x 450,000 / 600,000 = 22.5 -> 23 (half up).
  EXPECT_EQ(s.components[1].points, 23);
  EXPECT_EQ(s.components[1].max_points, 30);
  // 15 x 6/8 = 11.25 -> 11; the share fell from 90% to 75%: 5 x (2000 - 1500) / 2000 = 1.25 -> 1.
  EXPECT_EQ(s.components[2].points, 12);
  EXPECT_EQ(s.components[2].max_points, 20);
  EXPECT_EQ(*s.recent_on_time_bp, 7500);
  EXPECT_EQ(*s.prior_on_time_bp, 9000);
  // One dispute: 15 - 5.
  EXPECT_EQ(s.components[3].points, 10);
  EXPECT_EQ(s.components[3].max_points, 15);
  EXPECT_EQ(s.score, 22 + 23 + 12 + 10);
}

TEST(HealthScoreTest, EdgesOfEachComponent) {
  // Nothing owed and nothing due: full marks.
  EXPECT_EQ(ComputeHealthScore(HealthInput{}).score, 100);
  EXPECT_FALSE(HasHealthHistory(HealthInput{}));
  HealthInput input = Example();
  // Within 20% over the industry: full DSO points; twice it: none.
  input.balance = 480'000;  // 48 days = 1.2 x 40
  input.overdue = 0;
  EXPECT_EQ(ComputeHealthScore(input).components[0].points, 35);
  input.balance = 800'000;  // 80 days = 2 x 40
  EXPECT_EQ(ComputeHealthScore(input).components[0].points, 0);
  // A balance without sales in the year: no DSO points.
  input.sales_year = 0;
  EXPECT_EQ(ComputeHealthScore(input).components[0].points, 0);
  // The benchmark is at least 30 days: an industry at 10 days is taken as 30.
  input = Example();
  input.industry_dso_days = 10.0;
  input.balance = 360'000;  // 36 days = 1.2 x 30
  EXPECT_EQ(ComputeHealthScore(input).components[0].points, 35);
  // All overdue: no overdue points.
  input.overdue = input.balance;
  EXPECT_EQ(ComputeHealthScore(input).components[1].points, 0);
  // A share that fell 20 points or more loses the trend's 5; three disputes take all 15.
  input.recent_on_time = 5;  // 62.5% against 90%
  input.disputes_year = 3;
  const HealthScore s = ComputeHealthScore(input);
  EXPECT_EQ(s.components[2].points, 9);  // 15 x 5/8 = 9.375 -> 9, trend 0
  EXPECT_EQ(s.components[3].points, 0);
  // No invoice due in the last 90 days: the level from the 90 days before, full trend.
  input.recent_due = input.recent_on_time = 0;
  EXPECT_EQ(ComputeHealthScore(input).components[2].points, 14 + 5);  // 15 x 9/10 = 13.5 -> 14
}

TEST(HealthScoreTest, AdviceIsComputedFromTheComponents) {
  const std::vector<HealthAdvice> advice = AdviseHealth(Example());
  ASSERT_EQ(advice.size(), 4u);
  // Paying the 3 overdue invoices: balance 450,000 (45 days, within 20%) and nothing overdue:
  // 35 + 30 + 12 + 10 = 87, 20 more than 67.
  EXPECT_EQ(advice[0].kind, HealthAdviceKind::kPayOverdue);
  EXPECT_EQ(advice[0].invoices, 3);
  EXPECT_EQ(advice[0].amount, 150'000);
  EXPECT_EQ(advice[0].points, 20);
  // Collecting 120,000 brings the DSO to 48 days: 35 + 28 (30,000 still overdue) + 12 + 10 = 85.
  EXPECT_EQ(advice[1].kind, HealthAdviceKind::kLowerDso);
  EXPECT_EQ(advice[1].amount, 120'000);
  EXPECT_DOUBLE_EQ(advice[1].target_dso_days, 48.0);
  EXPECT_EQ(advice[1].points, 18);
  // Every invoice of the last 90 days on time: 15 + 5 = 20 instead of 12.
  EXPECT_EQ(advice[2].kind, HealthAdviceKind::kPayOnTime);
  EXPECT_EQ(advice[2].invoices, 2);
  EXPECT_EQ(advice[2].points, 8);
  EXPECT_EQ(advice[3].kind, HealthAdviceKind::kNoDisputes);
  EXPECT_EQ(advice[3].points, 5);
  // A perfect customer gets no advice.
  EXPECT_TRUE(AdviseHealth(HealthInput{}).empty());
}

TEST(HealthScoreTest, CompanyScoreIsTheWeightedMean) {
  const HealthScore a = ComputeHealthScore(Example());      // 22, 23, 12, 10 = 67
  const HealthScore b = ComputeHealthScore(HealthInput{});  // 35, 30, 20, 15 = 100
  const std::vector<HealthScore> scores = {a, b};
  const std::vector<Fen> weights = {3, 1};
  const HealthScore company = CombineHealthScores(scores, weights);
  // (3 x 22 + 35) / 4 = 25.25 -> 25; (69 + 30) / 4 = 24.75 -> 25; (36 + 20) / 4 = 14;
  // (30 + 15) / 4 = 11.25 -> 11.
  EXPECT_EQ(company.components[0].points, 25);
  EXPECT_EQ(company.components[1].points, 25);
  EXPECT_EQ(company.components[2].points, 14);
  EXPECT_EQ(company.components[3].points, 11);
  EXPECT_EQ(company.score, 75);
}

TEST(HealthScoreTest, PercentileAmongPeersOfTheSameIndustryAndTier) {
  const std::vector<int64_t> keys = {1, 1, 1, 2, 1};
  const std::vector<int32_t> scores = {50, 70, 70, 90, 95};
  const std::vector<std::optional<int32_t>> p = PeerPercentiles(keys, scores);
  EXPECT_EQ(p[0], 0);   // lowest of its 3 peers
  EXPECT_EQ(p[1], 50);  // (1 lower + 0.5 x 1 equal) / 3 = 50%
  EXPECT_EQ(p[2], 50);
  EXPECT_EQ(p[3], std::nullopt);  // alone in its industry and tier
  EXPECT_EQ(p[4], 100);
  const std::vector<int32_t> band_scores = {0, 19, 20, 79, 80, 100};
  const std::array<int64_t, kHealthBands> bands = HealthBandCounts(band_scores);
  EXPECT_EQ(bands, (std::array<int64_t, kHealthBands>{2, 1, 0, 1, 2}));
}

}  // namespace
}  // namespace huikuan::core
