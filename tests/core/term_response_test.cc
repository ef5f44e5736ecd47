// The term-policy simulator's pure parts (issue 11): the slope with its interval and the cash a
// change of terms moves month by month.
#include "server/core/models/term_response.h"

#include <vector>

#include "gtest/gtest.h"

namespace huikuan::core {
namespace {

TEST(FitSlopeTest, ExactLineHasZeroError) {
  const std::vector<double> x = {20, 30, 40, 20, 30, 40};
  const std::vector<double> y = {10, 15, 20, 10, 15, 20};
  auto s = FitSlope(x, y);
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_DOUBLE_EQ(s->slope, 0.5);
  EXPECT_NEAR(s->intercept, 0.0, 1e-12);
  EXPECT_NEAR(s->slope_se, 0.0, 1e-12);
  EXPECT_EQ(s->n, 6);
}

TEST(FitSlopeTest, NoVariationCannotBeFitted) {
  const std::vector<double> x = {30, 30, 30};
  const std::vector<double> y = {1, 2, 3};
  EXPECT_EQ(FitSlope(x, y).status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST(FitSlopeTest, IntervalCoversTheSlopeOfNoisyData) {
  const std::vector<double> x = {0, 1, 2, 3, 4, 5};
  const std::vector<double> y = {0.1, 0.9, 2.2, 2.8, 4.1, 5.0};
  auto s = FitSlope(x, y);
  ASSERT_TRUE(s.ok());
  EXPECT_GT(s->slope_se, 0);
  EXPECT_LT(s->Low95(), 1.0);
  EXPECT_GT(s->High95(), 1.0);
}

// A large customer on 60 days and a small one on 30, both lengthened by 10 days, each ordering
// 12% more after (log sales +0.1133): across customers long terms look like 5x the orders; within
// each customer the response is the 12%.
TEST(FitSlopeWithinGroupsTest, CustomerSizeDoesNotPassForATermResponse) {
  const double up = 0.113329;  // log(1.12)
  const std::vector<double> x = {60, 60, 70, 70, 30, 30, 40, 40};
  const std::vector<double> y = {12, 12, 12 + up, 12 + up, 10, 10, 10 + up, 10 + up};
  const std::vector<int64_t> customer = {1, 1, 1, 1, 2, 2, 2, 2};
  auto pooled = FitSlope(x, y);
  ASSERT_TRUE(pooled.ok());
  EXPECT_GT(pooled->slope, 0.05);
  auto within = FitSlopeWithinGroups(x, y, customer);
  ASSERT_TRUE(within.ok()) << within.status();
  EXPECT_NEAR(within->slope * 10, up, 1e-9);
  EXPECT_NEAR(within->slope_se, 0, 1e-9);
  EXPECT_EQ(within->n, 8);
}

TEST(FitSlopeWithinGroupsTest, TermsThatNeverChangeForAnyCustomerCannotBeFitted) {
  const std::vector<double> x = {60, 60, 30, 30};
  const std::vector<double> y = {12, 13, 10, 9};
  const std::vector<int64_t> customer = {1, 1, 2, 2};
  EXPECT_EQ(FitSlopeWithinGroups(x, y, customer).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(FitSlopeWithinGroups(x, y, {1, 2}).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(SimulateCashTest, SteadyStateCollectsTheSalesLessBadDebt) {
  const CashRegime same{1'000'000, 0.1, 45};
  auto cash = SimulateCash(same, same, 3);
  ASSERT_TRUE(cash.ok()) << cash.status();
  for (const MonthCash& m : *cash) {
    EXPECT_EQ(m.sales, 1'000'000);
    EXPECT_EQ(m.collections, 900'000);
  }
}

TEST(SimulateCashTest, LongerTermsDelayTheCash) {
  // 30 -> 60 days to collect: month 1 still gets the last old month's sales; month 2 gets
  // nothing (old sales are all in, new ones come a month later); from month 3 on, steady again.
  auto cash = SimulateCash({1'000, 0, 30}, {1'000, 0, 60}, 4);
  ASSERT_TRUE(cash.ok()) << cash.status();
  EXPECT_EQ((*cash)[0].collections, 1'000);
  EXPECT_EQ((*cash)[1].collections, 0);
  EXPECT_EQ((*cash)[2].collections, 1'000);
  EXPECT_EQ((*cash)[3].collections, 1'000);
  EXPECT_EQ(SimulateCash({1, 2.0, 30}, {1, 0, 30}, 4).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace huikuan::core
