// The demo history's distribution properties (issue 4): counts, size skew, payment habits,
// seasonality in the monthly totals, E集团 and the deteriorating customers; all deterministic for a
// fixed `today`.
#include "server/demo/demo_history.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <vector>

#include "absl/time/civil_time.h"

namespace huikuan::demo {
namespace {

core::EpochDay Day(int y, int m, int d) {
  return static_cast<core::EpochDay>(absl::CivilDay(y, m, d) - absl::CivilDay(1970, 1, 1));
}

const DemoHistory& DefaultHistory() {
  static const DemoHistory* history = [] {
    absl::StatusOr<DemoHistory> h = GenerateDemoHistory(DemoHistoryOptions(), Day(2026, 11, 24));
    EXPECT_TRUE(h.ok()) << h.status();
    return new DemoHistory(*std::move(h));
  }();
  return *history;
}

TEST(DemoHistoryTest, CountsAndWindow) {
  const DemoHistory& h = DefaultHistory();
  ASSERT_EQ(h.customers.size(), 2000u);
  EXPECT_EQ(h.first_day, Day(2023, 11, 25));
  EXPECT_EQ(h.today, Day(2026, 11, 24));
  // ~200,000 invoices over three years.
  EXPECT_GT(h.orders.size(), 190'000u);
  EXPECT_LT(h.orders.size(), 210'000u);
  std::set<std::pair<int32_t, std::string>> keys;
  core::EpochDay previous = h.first_day;
  for (const DemoOrder& order : h.orders) {
    ASSERT_GE(order.customer, 0);
    ASSERT_LT(order.customer, 2000);
    EXPECT_GE(order.day, previous);  // sorted by day
    previous = order.day;
    EXPECT_LE(order.day, h.today);
    EXPECT_GE(order.day, h.customers[order.customer].first_order_day);
    EXPECT_LE(order.day, h.customers[order.customer].last_order_day);
    EXPECT_GE(order.amount, 1'000 * core::kFenPerYuan);
    EXPECT_TRUE(keys.emplace(order.customer, order.order_number).second) << order.order_number;
  }
  std::set<std::string> names;
  for (const DemoCustomer& customer : h.customers) names.insert(customer.display_name);
  EXPECT_EQ(names.size(), 2000u);
}

TEST(DemoHistoryTest, SameSeedSameHistoryAndOtherSeedAnother) {
  const core::EpochDay today = Day(2026, 11, 24);
  DemoHistoryOptions options;
  options.customers = 300;
  absl::StatusOr<DemoHistory> a = GenerateDemoHistory(options, today);
  absl::StatusOr<DemoHistory> b = GenerateDemoHistory(options, today);
  ASSERT_TRUE(a.ok() && b.ok());
  ASSERT_EQ(a->orders.size(), b->orders.size());
  for (size_t i = 0; i < a->orders.size(); ++i) {
    EXPECT_EQ(a->orders[i].order_number, b->orders[i].order_number);
    EXPECT_EQ(a->orders[i].amount, b->orders[i].amount);
    EXPECT_EQ(a->orders[i].pay_days_after_due, b->orders[i].pay_days_after_due);
  }
  options.seed += 1;
  absl::StatusOr<DemoHistory> c = GenerateDemoHistory(options, today);
  ASSERT_TRUE(c.ok());
  EXPECT_NE(c->customers[1].display_name, a->customers[1].display_name);
}

TEST(DemoHistoryTest, AFewLargeCustomersHaveMostOfTheVolume) {
  const DemoHistory& h = DefaultHistory();
  std::vector<core::Fen> volume(h.customers.size());
  core::Fen total = 0;
  for (const DemoOrder& order : h.orders) {
    volume[order.customer] += order.amount;
    total += order.amount;
  }
  std::sort(volume.rbegin(), volume.rend());
  core::Fen top_1 = 0, top_10 = 0;
  for (size_t i = 0; i < 200; ++i) (i < 20 ? top_1 : top_10) += volume[i];
  top_10 += top_1;
  EXPECT_GT(top_1 * 100 / total, 30) << "top 1% of customers";
  EXPECT_GT(top_10 * 100 / total, 60) << "top 10% of customers";
  std::map<core::Tier, int> tiers;
  for (const DemoCustomer& customer : h.customers) ++tiers[customer.tier];
  EXPECT_EQ(tiers[core::Tier::kStrategicCore], 20);
  // 180 by rank, and E集团 whatever its rank.
  EXPECT_GE(tiers[core::Tier::kKeyPartner], 180);
  EXPECT_LE(tiers[core::Tier::kKeyPartner], 181);
}

TEST(DemoHistoryTest, MostCustomersPayOnTimeSomeChronicallyLateAFewDeteriorate) {
  const DemoHistory& h = DefaultHistory();
  std::map<PaymentHabit, int> habits;
  for (const DemoCustomer& customer : h.customers) ++habits[customer.habit];
  EXPECT_GE(habits[PaymentHabit::kOnTime], 1400);  // 70-80%
  EXPECT_LE(habits[PaymentHabit::kOnTime], 1600);
  EXPECT_GE(habits[PaymentHabit::kChronicLate], 100);
  EXPECT_GE(habits[PaymentHabit::kDeteriorating], 20);  // a few
  EXPECT_LE(habits[PaymentHabit::kDeteriorating], 80);
  // Most invoices are planned to be paid by their due date.
  int64_t planned = 0, on_time = 0;
  for (const DemoOrder& order : h.orders) {
    if (!order.pay_days_after_due) continue;
    ++planned;
    if (*order.pay_days_after_due <= 0) ++on_time;
  }
  EXPECT_GE(on_time * 100 / planned, 70);
  EXPECT_LE(on_time * 100 / planned, 90);
  int on_hold = 0, in_litigation = 0;
  for (const DemoCustomer& customer : h.customers) {
    on_hold += customer.credit_status == "on_hold";
    in_litigation += customer.credit_status == "in_litigation";
    if (customer.credit_status != "active") {
      EXPECT_FALSE(customer.hold_reason.empty());
      EXPECT_LT(customer.last_order_day, h.today) << "supply stopped";
    }
  }
  EXPECT_GT(on_hold, 5);
  EXPECT_GT(in_litigation, 5);
}

TEST(DemoHistoryTest, MonthlyTotalsShowSpringFestivalDipAndYearEndPeak) {
  const DemoHistory& h = DefaultHistory();
  std::map<std::pair<int, int>, int64_t> orders_by_month;
  for (const DemoOrder& order : h.orders) {
    const absl::CivilDay day = absl::CivilDay(1970, 1, 1) + order.day;
    ++orders_by_month[{static_cast<int>(day.year()), day.month()}];
  }
  auto orders = [&](int year, int month) { return orders_by_month[std::make_pair(year, month)]; };
  for (int year : {2024, 2025}) {
    int64_t sum = 0;
    for (int month = 1; month <= 12; ++month) sum += orders(year, month);
    const int64_t average = sum / 12;
    const absl::CivilDay festival = absl::CivilDay(1970, 1, 1) + SpringFestival(year).value();
    EXPECT_LT(orders(year, festival.month()) * 100 / average, 80)
        << "Spring Festival month of " << year;
    EXPECT_GT(orders(year, 12) * 100 / average, 115) << "December of " << year;
  }
  EXPECT_EQ(SpringFestival(2024), Day(2024, 2, 10));
  EXPECT_EQ(SpringFestival(2025), Day(2025, 1, 29));
  EXPECT_EQ(SpringFestival(2040), std::nullopt);
}

TEST(DemoHistoryTest, DeterioratingCustomersPayLaterOrderLessAndLeaveInvoicesOpen) {
  // Over all deteriorating customers (E集团 aside): the 120 days before the decline against its
  // last third. One small customer has too few orders to show a trend; together they must.
  const DemoHistory& h = DefaultHistory();
  int customers = 0, slower = 0;
  int64_t before_orders = 0, before_days = 0, late_orders = 0, late_days = 0, late_unpaid = 0;
  for (int32_t c = 0; c < static_cast<int32_t>(h.customers.size()); ++c) {
    const DemoCustomer& customer = h.customers[c];
    if (customer.habit != PaymentHabit::kDeteriorating || c == kEGroupIndex) continue;
    const core::EpochDay start = customer.deterioration_start;
    const core::EpochDay end = customer.last_order_day;
    if (start - customer.first_order_day < 120 || end - start < 90) continue;
    const core::EpochDay late_from = start + (end - start) * 2 / 3;
    int64_t before_delay = 0, before_paid = 0, late_delay = 0, late_paid = 0;
    for (const DemoOrder& order : h.orders) {
      if (order.customer != c) continue;
      if (order.day >= start - 120 && order.day < start) {
        ++before_orders;
        if (order.pay_days_after_due) ++before_paid, before_delay += *order.pay_days_after_due;
      } else if (order.day >= late_from) {
        ++late_orders;
        if (order.pay_days_after_due) {
          ++late_paid, late_delay += *order.pay_days_after_due;
        } else {
          ++late_unpaid;
        }
      }
    }
    before_days += 120;
    late_days += end - late_from + 1;
    if (before_paid == 0 || late_paid == 0) continue;
    ++customers;
    if (late_delay / late_paid > before_delay / before_paid + 25) ++slower;
  }
  ASSERT_GE(customers, 10);
  EXPECT_EQ(slower, customers) << "every one of them pays over 25 days later on average";
  // Orders per day fall by over 30% (R-WARN-2 looks for volume down 30%).
  EXPECT_LT(late_orders * before_days * 100, before_orders * late_days * 70);
  EXPECT_GT(late_unpaid * 100 / late_orders, 20) << "share of late orders never paid";
}

TEST(DemoHistoryTest, EGroupNeverLateThenSlowerWithThreeUnpaidInvoicesOfEightMillion) {
  const DemoHistory& h = DefaultHistory();
  const DemoCustomer& e = h.customers[kEGroupIndex];
  EXPECT_THAT(e.display_name, ::testing::HasSubstr("E集团"));
  EXPECT_EQ(e.tier, core::Tier::kKeyPartner);
  EXPECT_EQ(e.credit_status, "on_hold");
  EXPECT_EQ(e.first_order_day, h.first_day);  // three years of cooperation
  std::vector<const DemoOrder*> orders;
  for (const DemoOrder& order : h.orders) {
    if (order.customer == kEGroupIndex) orders.push_back(&order);
  }
  ASSERT_GT(orders.size(), 100u);
  core::Fen unpaid = 0;
  std::vector<core::EpochDay> unpaid_days;
  int32_t max_delay = 0, last_paid_delay = 0;
  for (const DemoOrder* order : orders) {
    if (!order->pay_days_after_due) {
      unpaid += order->amount;
      unpaid_days.push_back(order->day);
      continue;
    }
    if (order->day < e.deterioration_start) {
      EXPECT_LE(*order->pay_days_after_due, 0) << "never late before: " << order->order_number;
    }
    max_delay = std::max(max_delay, *order->pay_days_after_due);
    last_paid_delay = *order->pay_days_after_due;
  }
  EXPECT_EQ(unpaid, kEGroupOverdueFen);
  EXPECT_EQ(unpaid_days, (std::vector<core::EpochDay>{h.today - 100, h.today - 85, h.today - 70}));
  // DSO 45 -> 78: the last paid invoices come ~33 days after the 45-day term.
  EXPECT_GE(max_delay, 30);
  EXPECT_GE(last_paid_delay, 25);
}

TEST(DemoHistoryTest, RejectsBadOptions) {
  DemoHistoryOptions options;
  options.customers = 0;
  EXPECT_EQ(GenerateDemoHistory(options, Day(2026, 11, 24)).status().code(),
            absl::StatusCode::kInvalidArgument);
  options = DemoHistoryOptions();
  options.months = 0;
  EXPECT_EQ(GenerateDemoHistory(options, Day(2026, 11, 24)).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace huikuan::demo
