// The history the forecasts learn from (R-FCST-1/2): settle days, lateness profiles, weekly sums.
#include "server/core/models/payment_history.h"

#include <vector>

#include "gtest/gtest.h"

namespace huikuan::core {
namespace {

TEST(SettleDaysTest, FirstDayTheSettlementsReachTheAmount) {
  const std::vector<Fen> amounts = {100, 200, 50};
  // Out of order on purpose: invoice 1 is paid 120 on day 20, then 80 on day 15.
  const std::vector<int64_t> index = {1, 0, 1, 2};
  const std::vector<EpochDay> days = {20, 10, 15, 40};
  const std::vector<Fen> paid = {120, 100, 80, 50};
  auto settled = SettleDays(amounts, index, days, paid, /*as_of=*/30);
  ASSERT_TRUE(settled.ok()) << settled.status();
  EXPECT_EQ(*settled, (std::vector<EpochDay>{10, 20, kNotSettled}));  // day 40 is after as_of
}

TEST(SettleDaysTest, RejectsAnInvoiceIndexOutOfRange) {
  const std::vector<Fen> amounts = {100};
  const std::vector<int64_t> index = {1};
  const std::vector<EpochDay> days = {1};
  const std::vector<Fen> paid = {100};
  EXPECT_EQ(SettleDays(amounts, index, days, paid, 5).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(ProfileLatenessTest, AmountWeightedPerKeyWithAnOverallFallback) {
  const std::vector<int64_t> keys = {7, 7, 8, 8};
  const std::vector<EpochDay> due = {100, 100, 100, 100};
  const std::vector<Fen> amounts = {100, 300, 50, 50};
  const std::vector<EpochDay> settled = {90, 120, 100, kNotSettled};
  auto p = ProfileLateness(keys, due, amounts, settled, 0, 200);
  ASSERT_TRUE(p.ok()) << p.status();
  // Key 7: (100 x -10 + 300 x 20) / 400 = 12.5 days, late share 300 / 400.
  EXPECT_DOUBLE_EQ(p->MeanDaysLate(7), 12.5);
  EXPECT_DOUBLE_EQ(p->LateShare(7), 0.75);
  EXPECT_DOUBLE_EQ(p->MeanDaysLate(8), 0.0);
  // Unknown key: the overall figure, (100 x -10 + 300 x 20 + 50 x 0) / 450.
  EXPECT_DOUBLE_EQ(p->MeanDaysLate(9), 5000.0 / 450.0);
  EXPECT_EQ(p->settled_count[p->index.at(7)], 2);
}

TEST(SumByWeekTest, PastDaysCountNowAndLaterOnesAreLeftOut) {
  const std::vector<EpochDay> days = {95, 100, 106, 107, 200};
  const std::vector<Fen> amounts = {1, 2, 4, 8, 16};
  auto weeks = SumByWeek(days, amounts, /*first_day=*/100, /*weeks=*/2);
  ASSERT_TRUE(weeks.ok()) << weeks.status();
  EXPECT_EQ(*weeks, (std::vector<Fen>{1 + 2 + 4, 8}));
  EXPECT_EQ(SumByWeek(days, amounts, 100, 0).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace huikuan::core
