#include "server/core/warnings.h"

#include <cmath>
#include <limits>
#include <vector>

#include "gtest/gtest.h"

namespace huikuan::core {
namespace {

CustomerWarningInput Healthy() {
  CustomerWarningInput in;
  in.dso_days = 40;
  in.industry_avg_dso_days = 50;
  in.orders_this_period = 1'000;
  in.orders_prior_period = 1'000;
  in.overdue_total = 0;
  in.credit_limit = 100'000;
  in.balance = 50'000;
  in.balance_over_30_days_overdue = 0;
  return in;
}

WarningLevel LevelOf(const CustomerWarningInput& in, const WarningConfig& c = WarningConfig()) {
  absl::StatusOr<WarningResult> r = EvaluateCustomerWarning(in, c);
  EXPECT_TRUE(r.ok()) << r.status();
  return r.ok() ? r->level : WarningLevel::kGreen;
}

TEST(WarningsTest, GreenWhenNothingFires) {
  absl::StatusOr<WarningResult> r = EvaluateCustomerWarning(Healthy());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->level, WarningLevel::kGreen);
  EXPECT_TRUE(r->reasons.empty());
}

TEST(WarningsTest, R_WARN_1_DsoMoreThanTwentyPercentOverIndustry) {
  CustomerWarningInput in = Healthy();
  in.dso_days = 60;  // exactly 20% over 50: not "more than"
  EXPECT_EQ(LevelOf(in), WarningLevel::kGreen);
  in.dso_days = 60.5;
  absl::StatusOr<WarningResult> r = EvaluateCustomerWarning(in);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->level, WarningLevel::kYellow);
  ASSERT_EQ(r->reasons.size(), 1u);
  EXPECT_EQ(r->reasons[0].rule, "R-WARN-1");
  EXPECT_EQ(r->reasons[0].text,
            "DSO 60.5 days is more than 20% over the industry average 50.0 days");
  in.industry_avg_dso_days.reset();  // unknown industry: rule skipped
  EXPECT_EQ(LevelOf(in), WarningLevel::kGreen);
}

TEST(WarningsTest, R_WARN_1_CompanyThreshold) {
  WarningConfig c;
  c.dso_threshold_days = 45;
  CustomerWarningInput in = Healthy();
  in.dso_days = 45;
  EXPECT_EQ(LevelOf(in, c), WarningLevel::kGreen);
  in.dso_days = 46;
  absl::StatusOr<WarningResult> r = EvaluateCustomerWarning(in, c);
  EXPECT_EQ(r->level, WarningLevel::kYellow);
  EXPECT_EQ(r->reasons[0].text, "DSO 46.0 days is over the threshold 45.0 days");
}

TEST(WarningsTest, R_WARN_2_DsoOverSixtyAndOrdersDownThirtyPercent) {
  CustomerWarningInput in = Healthy();
  in.industry_avg_dso_days = 100;  // keep R-WARN-1 quiet
  in.dso_days = 61;
  in.orders_prior_period = 1'000;
  in.orders_this_period = 700;  // down exactly 30%
  absl::StatusOr<WarningResult> r = EvaluateCustomerWarning(in);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->level, WarningLevel::kRed);
  ASSERT_EQ(r->reasons.size(), 1u);
  EXPECT_EQ(r->reasons[0].rule, "R-WARN-2");
  EXPECT_EQ(r->reasons[0].text,
            "DSO 61.0 days is over 60 days and orders fell 30.0% (at least 30%)");
  in.orders_this_period = 701;  // down 29.9%
  EXPECT_EQ(LevelOf(in), WarningLevel::kGreen);
  in.orders_this_period = 700;
  in.dso_days = 60;  // not over 60
  EXPECT_EQ(LevelOf(in), WarningLevel::kGreen);
  in.dso_days = 61;
  in.orders_prior_period = 0;  // no prior orders: no drop to measure
  in.orders_this_period = 0;
  EXPECT_EQ(LevelOf(in), WarningLevel::kGreen);
}

TEST(WarningsTest, R_WARN_2_SeedCaseEGroup) {
  // Seed 000: E group's DSO went from 45 to 78 days; with orders down 30% it is red, and its DSO
  // against a 45-day average also fires R-WARN-1.
  CustomerWarningInput in = Healthy();
  in.dso_days = 78;
  in.industry_avg_dso_days = 45;
  in.orders_prior_period = 10'000;
  in.orders_this_period = 6'000;
  absl::StatusOr<WarningResult> r = EvaluateCustomerWarning(in);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->level, WarningLevel::kRed);
  ASSERT_EQ(r->reasons.size(), 2u);
  EXPECT_EQ(r->reasons[0].rule, "R-WARN-1");
  EXPECT_EQ(r->reasons[1].rule, "R-WARN-2");
}

TEST(WarningsTest, R_WARN_3_OverdueOverEightyPercentOfLimit) {
  CustomerWarningInput in = Healthy();
  in.credit_limit = 100'000;
  in.overdue_total = 80'000;  // exactly 80%: not over
  EXPECT_EQ(LevelOf(in), WarningLevel::kGreen);
  in.overdue_total = 80'001;
  absl::StatusOr<WarningResult> r = EvaluateCustomerWarning(in);
  EXPECT_EQ(r->level, WarningLevel::kOrange);
  EXPECT_EQ(r->reasons[0].rule, "R-WARN-3");
  EXPECT_EQ(r->reasons[0].text, "overdue 800.01 yuan is over 80% of the credit limit 1000.00 yuan");
  in.credit_limit = 0;  // any overdue is over 80% of no limit
  in.overdue_total = 1;
  EXPECT_EQ(LevelOf(in), WarningLevel::kOrange);
}

TEST(WarningsTest, R_WARN_3_MoreThanHalfOfBalanceOverThirtyDays) {
  CustomerWarningInput in = Healthy();
  in.balance = 10'000;
  in.balance_over_30_days_overdue = 5'000;  // exactly 50%: not more than
  EXPECT_EQ(LevelOf(in), WarningLevel::kGreen);
  in.balance_over_30_days_overdue = 5'001;
  absl::StatusOr<WarningResult> r = EvaluateCustomerWarning(in);
  EXPECT_EQ(r->level, WarningLevel::kOrange);
  EXPECT_EQ(r->reasons[0].text, "50.0% of the balance is more than 30 days overdue (over 50%)");
}

TEST(WarningsTest, R_WARN_3_SalespersonOverdueRateRisesTwoMonthsInARow) {
  std::vector<BasisPoints> rising = {500, 400, 450, 600};
  EXPECT_TRUE(*SalespersonOverdueTrend(rising));
  std::vector<BasisPoints> flat = {400, 450, 450};
  EXPECT_FALSE(*SalespersonOverdueTrend(flat));
  std::vector<BasisPoints> once = {400, 300, 450};
  EXPECT_FALSE(*SalespersonOverdueTrend(once));
  std::vector<BasisPoints> two = {100, 200};
  EXPECT_FALSE(*SalespersonOverdueTrend(two));
  std::vector<BasisPoints> bad = {100, -1, 300};
  EXPECT_EQ(SalespersonOverdueTrend(bad).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(WarningsTest, R_WARN_4_GradedResponse) {
  GradedResponse green = ResponseFor(WarningLevel::kGreen);
  EXPECT_TRUE(green.departments.empty());
  EXPECT_FALSE(green.credit_hold);
  EXPECT_EQ(green.notify_within_hours, 0);
  GradedResponse yellow = ResponseFor(WarningLevel::kYellow);
  EXPECT_EQ(yellow.departments, std::vector<Department>{Department::kFinance});
  EXPECT_FALSE(yellow.credit_hold);
  EXPECT_EQ(yellow.notify_within_hours, 24);
  GradedResponse orange = ResponseFor(WarningLevel::kOrange);
  EXPECT_EQ(
      orange.departments,
      (std::vector<Department>{Department::kInvestment, Department::kLegal, Department::kFinance}));
  EXPECT_FALSE(orange.credit_hold);
  GradedResponse red = ResponseFor(WarningLevel::kRed);
  EXPECT_TRUE(red.credit_hold);
  EXPECT_EQ(red.notify_within_hours, 24);
  EXPECT_EQ(WarningLevelName(WarningLevel::kOrange), "orange");
}

TEST(WarningsTest, RejectsBadInput) {
  CustomerWarningInput in = Healthy();
  in.dso_days = std::numeric_limits<double>::quiet_NaN();
  EXPECT_EQ(EvaluateCustomerWarning(in).status().code(), absl::StatusCode::kInvalidArgument);
  in = Healthy();
  in.dso_days = -1;
  EXPECT_EQ(EvaluateCustomerWarning(in).status().code(), absl::StatusCode::kInvalidArgument);
  in = Healthy();
  in.industry_avg_dso_days = std::numeric_limits<double>::infinity();
  EXPECT_EQ(EvaluateCustomerWarning(in).status().code(), absl::StatusCode::kInvalidArgument);
  in = Healthy();
  in.balance_over_30_days_overdue = in.balance + 1;
  EXPECT_EQ(EvaluateCustomerWarning(in).status().code(), absl::StatusCode::kInvalidArgument);
  in = Healthy();
  in.credit_limit = -1;
  absl::Status s = EvaluateCustomerWarning(in).status();
  EXPECT_NE(s.message().find("credit_limit"), absl::string_view::npos) << s;
  in = Healthy();
  in.overdue_total = kMaxAbsFen + 1;
  EXPECT_EQ(EvaluateCustomerWarning(in).status().code(), absl::StatusCode::kInvalidArgument);
  WarningConfig c;
  c.red_order_drop_pct = 101;
  EXPECT_EQ(EvaluateCustomerWarning(Healthy(), c).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(WarningsTest, BatchMatchesScalar) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  std::vector<double> dso = {40, 60.5, 61, 40, 40, 78};
  std::vector<double> avg = {50, 50, 100, 50, nan, 45};
  std::vector<Fen> now = {1'000, 1'000, 700, 1'000, 1'000, 6'000};
  std::vector<Fen> prior = {1'000, 1'000, 1'000, 1'000, 1'000, 10'000};
  std::vector<Fen> overdue = {0, 0, 0, 80'001, 0, 0};
  std::vector<Fen> limit(6, 100'000);
  std::vector<Fen> balance(6, 10'000);
  std::vector<Fen> over30 = {0, 0, 0, 0, 5'001, 0};
  std::vector<int8_t> levels(6);
  ASSERT_TRUE(EvaluateWarningsBatch({dso, avg, now, prior, overdue, limit, balance, over30},
                                    WarningConfig(), absl::MakeSpan(levels))
                  .ok());
  EXPECT_EQ(levels, (std::vector<int8_t>{0, 1, 3, 2, 2, 3}));
  std::vector<int8_t> short_levels(5);
  EXPECT_EQ(EvaluateWarningsBatch({dso, avg, now, prior, overdue, limit, balance, over30},
                                  WarningConfig(), absl::MakeSpan(short_levels))
                .message(),
            "levels: length 5 != 6");
  std::vector<double> bad_dso = {40, 60.5, -3, 40, 40, 78};
  absl::Status s =
      EvaluateWarningsBatch({bad_dso, avg, now, prior, overdue, limit, balance, over30},
                            WarningConfig(), absl::MakeSpan(levels));
  EXPECT_NE(s.message().find("dso_days[2]"), absl::string_view::npos) << s;
}

TEST(WarningsTest, R_LAW_1_ThreeYearLimitation) {
  const EpochDay due = *ParseDate("2024-01-10");
  absl::StatusOr<LimitationStatus> s =
      EvaluateLimitation(due, std::nullopt, *ParseDate("2024-06-01"));
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(FormatDate(s->start_day), "2024-01-11");
  EXPECT_EQ(FormatDate(s->last_day), "2027-01-10");
  EXPECT_EQ(s->state, LimitationState::kRunning);
  // 180 days before the last day the warning starts; the day after the last day it has expired.
  s = EvaluateLimitation(due, std::nullopt, *ParseDate("2027-01-10") - 181);
  EXPECT_EQ(s->state, LimitationState::kRunning);
  s = EvaluateLimitation(due, std::nullopt, *ParseDate("2027-01-10") - 180);
  EXPECT_EQ(s->state, LimitationState::kWarning);
  EXPECT_EQ(s->days_remaining, 180);
  s = EvaluateLimitation(due, std::nullopt, *ParseDate("2027-01-10"));
  EXPECT_EQ(s->state, LimitationState::kWarning);
  EXPECT_EQ(s->days_remaining, 0);
  s = EvaluateLimitation(due, std::nullopt, *ParseDate("2027-01-11"));
  EXPECT_EQ(s->state, LimitationState::kExpired);
  EXPECT_EQ(s->days_remaining, -1);
}

TEST(WarningsTest, R_LAW_1_InterruptionRestartsThePeriod) {
  const EpochDay due = *ParseDate("2024-01-10");
  // A lawyer letter on 2025-06-01 restarts the three years.
  absl::StatusOr<LimitationStatus> s =
      EvaluateLimitation(due, *ParseDate("2025-06-01"), *ParseDate("2027-03-01"));
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(FormatDate(s->last_day), "2028-05-31");
  EXPECT_EQ(s->state, LimitationState::kRunning);
  // An "interruption" before the due date changes nothing.
  s = EvaluateLimitation(due, *ParseDate("2023-12-01"), *ParseDate("2024-06-01"));
  EXPECT_EQ(FormatDate(s->last_day), "2027-01-10");
  EXPECT_EQ(EvaluateLimitation(kMaxEpochDay, std::nullopt, 0).status().code(),
            absl::StatusCode::kInvalidArgument);
  LimitationConfig c;
  c.years = 0;
  EXPECT_EQ(EvaluateLimitation(due, std::nullopt, due, c).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace huikuan::core
