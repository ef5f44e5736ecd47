// ComputeKpisByPeriod (R-KPI-1, one pass for many periods) against ComputeKpisByGroup and
// DsoCountbackByGroup run period by period: the same sums to the fen and the same ratios to the
// bit, on random ledgers with prepayment-like settlements on the invoice's day, write-offs,
// invoices due before or after every period, and periods with nothing in them.
#include "server/core/kpi_periods.h"

#include <algorithm>
#include <cmath>
#include <random>

#include "absl/time/civil_time.h"
#include "gtest/gtest.h"
#include "server/core/civil_date.h"

namespace huikuan::core {
namespace {

EpochDay D(const char* text) { return *ParseDate(text); }

void ExpectSameRatio(double periods, double reference, const char* what) {
  if (std::isnan(reference)) {
    EXPECT_TRUE(std::isnan(periods)) << what;
  } else {
    EXPECT_EQ(periods, reference) << what;
  }
}

struct Ledger {
  std::vector<EpochDay> inv, due;
  std::vector<Fen> amt;
  std::vector<int64_t> s_idx;
  std::vector<EpochDay> s_day;
  std::vector<Fen> s_amt;
  std::vector<uint8_t> s_wo;
  InvoiceColumns Invoices() const { return {{}, inv, due, amt}; }
  SettlementColumns Settlements() const { return {s_idx, s_day, s_amt, s_wo}; }
};

Ledger RandomLedger(uint64_t seed, int n, EpochDay first, int days) {
  std::mt19937_64 rng(seed);
  Ledger l;
  for (int i = 0; i < n; ++i) {
    l.inv.push_back(first + static_cast<EpochDay>(rng() % days));
    // Mostly after the invoice; now and then due before it or on it.
    l.due.push_back(l.inv.back() + static_cast<EpochDay>(rng() % 100) - 5);
    l.amt.push_back(static_cast<Fen>(rng() % 5'000'000));
    Fen left = l.amt.back();
    for (int s = static_cast<int>(rng() % 3); s > 0 && left > 0; --s) {
      const Fen amount = static_cast<Fen>(rng() % (left + 1));
      left -= amount;
      l.s_idx.push_back(i);
      l.s_day.push_back(l.inv.back() + static_cast<EpochDay>(rng() % 3 == 0 ? 0 : rng() % 200));
      l.s_amt.push_back(amount);
      l.s_wo.push_back(rng() % 8 == 0);
    }
  }
  return l;
}

// Calendar months from `first` on, the last one cut at `last`.
std::vector<Period> Months(EpochDay first, EpochDay last) {
  std::vector<Period> months;
  absl::CivilMonth month(absl::CivilDay(1970, 1, 1) + first);
  while (true) {
    const EpochDay start =
        static_cast<EpochDay>(absl::CivilDay(month) - absl::CivilDay(1970, 1, 1));
    if (start > last) break;
    const EpochDay end =
        static_cast<EpochDay>(absl::CivilDay(month + 1) - absl::CivilDay(1970, 1, 1)) - 1;
    months.push_back({start, std::min(end, last)});
    ++month;
  }
  return months;
}

void ExpectSameAsPeriodByPeriod(const Ledger& l, const std::vector<Period>& periods) {
  absl::StatusOr<std::vector<PeriodKpis>> all =
      ComputeKpisByPeriod(l.Invoices(), l.Settlements(), periods, 12);
  ASSERT_TRUE(all.ok()) << all.status();
  ASSERT_EQ(all->size(), periods.size());
  for (size_t p = 0; p < periods.size(); ++p) {
    SCOPED_TRACE(FormatDate(periods[p].first_day) + ".." + FormatDate(periods[p].last_day));
    absl::StatusOr<KpiTable> one = ComputeKpisByGroup(l.Invoices(), l.Settlements(), periods[p]);
    ASSERT_TRUE(one.ok()) << one.status();
    ASSERT_EQ(one->rows.size(), 1u);
    const KpiRow& want = one->rows[0];
    const KpiRow& got = (*all)[p].kpi;
    EXPECT_EQ(got.credit_sales, want.credit_sales);
    EXPECT_EQ(got.begin_ar, want.begin_ar);
    EXPECT_EQ(got.end_ar, want.end_ar);
    EXPECT_EQ(got.end_current_ar, want.end_current_ar);
    EXPECT_EQ(got.end_overdue_ar, want.end_overdue_ar);
    EXPECT_EQ(got.collections, want.collections);
    EXPECT_EQ(got.bad_debt, want.bad_debt);
    EXPECT_EQ(got.due_in_period, want.due_in_period);
    EXPECT_EQ(got.collected_of_due, want.collected_of_due);
    ExpectSameRatio(got.dso_days, want.dso_days, "dso");
    ExpectSameRatio(got.ar_turnover, want.ar_turnover, "turnover");
    ExpectSameRatio(got.cei, want.cei, "cei");
    ExpectSameRatio(got.overdue_rate, want.overdue_rate, "overdue rate");
    ExpectSameRatio(got.bad_debt_rate, want.bad_debt_rate, "bad-debt rate");
    ExpectSameRatio(got.collection_rate, want.collection_rate, "collection rate");
    absl::StatusOr<std::vector<CountbackRow>> countback =
        DsoCountbackByGroup(l.Invoices(), l.Settlements(), periods[p].last_day, 12);
    ASSERT_TRUE(countback.ok()) << countback.status();
    ASSERT_EQ(countback->size(), 1u);
    EXPECT_EQ((*all)[p].countback_dso_days, (*countback)[0].dso_days);
  }
}

TEST(KpiPeriodsTest, R_KPI_1_TwentyFourMonthsEqualOnePeriodAtATime) {
  const Ledger l = RandomLedger(11, 4000, D("2023-01-10"), 700);
  // Months before the first invoice, across the data, and after the last settlement.
  ExpectSameAsPeriodByPeriod(l, Months(D("2022-11-01"), D("2024-10-17")));
}

TEST(KpiPeriodsTest, R_KPI_1_AnyRangeAndSinglePeriods) {
  const Ledger l = RandomLedger(12, 2000, D("2024-01-01"), 300);
  ExpectSameAsPeriodByPeriod(l, {{D("2024-02-03"), D("2024-05-19")}});
  ExpectSameAsPeriodByPeriod(l, {{D("2023-06-01"), D("2023-06-01")},
                                 {D("2024-03-15"), D("2024-03-15")},
                                 {D("2024-03-16"), D("2024-09-30")},
                                 {D("2025-02-01"), D("2025-02-28")}});
}

TEST(KpiPeriodsTest, NoInvoicesGivesZerosAndNoCountback) {
  absl::StatusOr<std::vector<PeriodKpis>> none =
      ComputeKpisByPeriod({}, {}, {{D("2024-03-01"), D("2024-03-31")}}, 12);
  ASSERT_TRUE(none.ok()) << none.status();
  ASSERT_EQ(none->size(), 1u);
  EXPECT_EQ((*none)[0].kpi.end_ar, 0);
  EXPECT_TRUE(std::isnan((*none)[0].kpi.dso_days));
  EXPECT_TRUE(std::isnan((*none)[0].countback_dso_days));
}

TEST(KpiPeriodsTest, RejectsOverlappingPeriodsKeysAndBadSettlements) {
  const Ledger l = RandomLedger(13, 50, D("2024-01-01"), 60);
  auto field = [&](const InvoiceColumns& invoices, const SettlementColumns& settlements,
                   std::vector<Period> periods, int32_t months) {
    absl::StatusOr<std::vector<PeriodKpis>> result =
        ComputeKpisByPeriod(invoices, settlements, periods, months);
    EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
    const std::string message(result.status().message());
    return message.substr(0, message.find(':'));
  };
  const Period march{D("2024-03-01"), D("2024-03-31")};
  EXPECT_EQ(field(l.Invoices(), l.Settlements(), {march, march}, 12), "periods[1]");
  EXPECT_EQ(field(l.Invoices(), l.Settlements(), {{march.last_day, march.first_day}}, 12),
            "periods[0]");
  EXPECT_EQ(field(l.Invoices(), l.Settlements(), {march}, 0), "countback_months");
  const std::vector<int64_t> keys(l.amt.size(), 1);
  EXPECT_EQ(field({keys, l.inv, l.due, l.amt}, l.Settlements(), {march}, 12),
            "invoices.group_keys");
  Ledger early = l;
  ASSERT_FALSE(early.s_day.empty());
  early.s_day[0] = early.inv[early.s_idx[0]] - 1;
  EXPECT_EQ(field(early.Invoices(), early.Settlements(), {march}, 12), "settlements.days[0]");
}

}  // namespace
}  // namespace huikuan::core
