// Timestamp columns read in place (tick_column.h): TryAgeByGroupTicks, TryKpisByGroupTicks and
// TryRfmTicks give exactly the general functions' results on the same dates converted to days
// (computed with the keys spread far apart, which forces the general hashed paths), and decline
// (nullopt) whatever the general functions would reject or handle specially.
#include "server/core/tick_column.h"

#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <random>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "server/core/aging.h"
#include "server/core/kpi.h"
#include "server/core/parallel.h"
#include "server/core/rfm.h"

namespace huikuan::core {
namespace {

constexpr int64_t kSpread = 1'000'000'007;
constexpr int64_t kNaT = std::numeric_limits<int64_t>::min();

std::vector<int64_t> Spread(const std::vector<int64_t>& keys) {
  std::vector<int64_t> out(keys.size());
  for (size_t i = 0; i < keys.size(); ++i) out[i] = keys[i] * kSpread - 5;
  return out;
}

// Ticks of `day` at a random time of that day; now and then exactly its first or last tick.
int64_t TickOf(EpochDay day, int64_t per_day, std::mt19937_64& rng) {
  const uint64_t r = rng() % 8;
  const int64_t within = r == 0 ? 0 : r == 1 ? per_day - 1 : static_cast<int64_t>(rng() % per_day);
  return int64_t{day} * per_day + within;
}

std::vector<EpochDay> Days(const std::vector<int64_t>& ticks, int64_t per_day) {
  std::vector<EpochDay> out(ticks.size());
  for (size_t i = 0; i < ticks.size(); ++i)
    out[i] = static_cast<EpochDay>(TickDay(ticks[i], per_day));
  return out;
}

const int64_t kUnits[] = {1, 24, 86'400, 86'400'000, 86'400'000'000, kNanosPerDay};

TEST(TickColumnTest, DayStartTickClampsAndTickDayFloors) {
  EXPECT_EQ(DayStartTick(19'783, kNanosPerDay), 19'783 * kNanosPerDay);
  EXPECT_EQ(DayStartTick(-1'000'000, kNanosPerDay), AcceptedTicksBegin(kNanosPerDay));
  EXPECT_EQ(DayStartTick(1'000'000, kNanosPerDay), AcceptedTicksEnd(kNanosPerDay));
  EXPECT_EQ(TickDay(-1, kNanosPerDay), -1);
  EXPECT_EQ(TickDay(-kNanosPerDay, kNanosPerDay), -1);
  EXPECT_EQ(TickDay(-kNanosPerDay - 1, kNanosPerDay), -2);
  EXPECT_EQ(TickDay(kNanosPerDay - 1, kNanosPerDay), 0);
  EXPECT_FALSE(ValidTicksPerDay(0));
  EXPECT_FALSE(ValidTicksPerDay(kNanosPerDay * 1000));
}

TEST(TickColumnTest, R_AGING_1_TicksAgreeWithGeneralPath) {
  std::mt19937_64 rng(3);
  const EpochDay as_of = *ParseDate("2024-03-31");
  for (int64_t unit : kUnits) {
    for (int customers : {1, 40, 700}) {
      const size_t n = 6000;
      std::vector<int64_t> keys(n), due(n);
      std::vector<Fen> open(n);
      for (size_t i = 0; i < n; ++i) {
        keys[i] = static_cast<int64_t>(rng() % customers) - 20;
        // Around the bucket limits, before 1970 now and then.
        const EpochDay day = rng() % 50 == 0 ? -3000 - static_cast<EpochDay>(rng() % 100)
                                             : as_of - 120 + static_cast<EpochDay>(rng() % 180);
        due[i] = TickOf(day, unit, rng);
        open[i] = rng() % 3 == 0 ? 0 : static_cast<Fen>(rng() % 1'000'000);
      }
      for (const AgingConfig& config : {AgingConfig(), AgingConfig{{0, 15, 30, 45, 60, 90}},
                                        AgingConfig{{0, 7, 14, 21, 28, 35, 60, 90, 180}}}) {
        std::optional<AgingTable> fast =
            TryAgeByGroupTicks(keys, open, TickColumn{due, unit}, as_of, config);
        absl::StatusOr<AgingTable> general =
            AgeByGroup(Spread(keys), open, Days(due, unit), as_of, config);
        ASSERT_TRUE(fast.has_value()) << unit;
        ASSERT_TRUE(general.ok()) << general.status();
        ASSERT_EQ(fast->group_keys.size(), general->group_keys.size());
        for (size_t g = 0; g < fast->group_keys.size(); ++g) {
          EXPECT_EQ(fast->group_keys[g] * kSpread - 5, general->group_keys[g]);
        }
        EXPECT_EQ(fast->amounts, general->amounts) << unit;
        EXPECT_EQ(fast->counts, general->counts) << unit;
        EXPECT_EQ(fast->totals, general->totals) << unit;
        std::optional<AgingTable> whole =
            TryAgeByGroupTicks({}, open, TickColumn{due, unit}, as_of, config);
        absl::StatusOr<AgingTable> whole_general =
            AgeByGroup({}, open, Days(due, unit), as_of, config);
        ASSERT_TRUE(whole.has_value());
        EXPECT_EQ(whole->amounts, whole_general->amounts);
        EXPECT_EQ(whole->counts, whole_general->counts);
      }
    }
  }
}

TEST(TickColumnTest, R_AGING_1_TicksDeclineWhatTheGeneralPathDecides) {
  const EpochDay as_of = *ParseDate("2024-03-31");
  const std::vector<int64_t> keys = {1, 2, 3};
  const std::vector<Fen> open = {5, 6, 7};
  auto due = [&](int64_t third) {
    return std::vector<int64_t>{as_of * kNanosPerDay, as_of * kNanosPerDay, third};
  };
  const std::vector<int64_t> ok = due(as_of * kNanosPerDay);
  EXPECT_TRUE(TryAgeByGroupTicks(keys, open, {ok, kNanosPerDay}, as_of).has_value());
  EXPECT_FALSE(TryAgeByGroupTicks(keys, open, {due(kNaT), kNanosPerDay}, as_of).has_value());
  EXPECT_FALSE(TryAgeByGroupTicks(keys, open,
                                  {due(AcceptedTicksBegin(kNanosPerDay) - 1), kNanosPerDay}, as_of)
                   .has_value());
  EXPECT_FALSE(
      TryAgeByGroupTicks(keys, open, {due(AcceptedTicksEnd(kNanosPerDay)), kNanosPerDay}, as_of)
          .has_value());
  EXPECT_FALSE(TryAgeByGroupTicks(keys, {5, -6, 7}, {ok, kNanosPerDay}, as_of).has_value());
  // 100 x 1e17 fen in one group overflows int64: the general path reports it.
  const std::vector<Fen> huge(100, kMaxAbsFen);
  const std::vector<int64_t> one_key(100, 1), today(100, int64_t{as_of} * kNanosPerDay);
  EXPECT_FALSE(TryAgeByGroupTicks(one_key, huge, {today, kNanosPerDay}, as_of).has_value());
  EXPECT_TRUE(TryAgeByGroupTicks(one_key, std::vector<Fen>(100, kMaxAbsFen / 100),
                                 {today, kNanosPerDay}, as_of)
                  .has_value());
  EXPECT_FALSE(TryAgeByGroupTicks({1, int64_t{1} << 50, 3}, open, {ok, kNanosPerDay}, as_of)
                   .has_value());  // keys too spread for a table
  EXPECT_FALSE(TryAgeByGroupTicks(keys, open, {ok, 0}, as_of).has_value());
  EXPECT_FALSE(TryAgeByGroupTicks(keys, open, {ok, kNanosPerDay}, kMaxEpochDay + 1).has_value());
  EXPECT_FALSE(TryAgeByGroupTicks(keys, {5, 6}, {ok, kNanosPerDay}, as_of).has_value());
  EXPECT_FALSE(
      TryAgeByGroupTicks(keys, open, {ok, kNanosPerDay}, as_of, AgingConfig{{30, 10}}).has_value());
}

void ExpectSameKpis(const KpiTable& fast, const KpiTable& general, int64_t key_scale) {
  ASSERT_EQ(fast.rows.size(), general.rows.size());
  EXPECT_EQ(fast.period_days, general.period_days);
  for (size_t g = 0; g < fast.rows.size(); ++g) {
    const KpiRow& a = fast.rows[g];
    const KpiRow& b = general.rows[g];
    EXPECT_EQ(key_scale == 1 ? a.group_key : a.group_key * kSpread - 5, b.group_key);
    EXPECT_EQ(a.credit_sales, b.credit_sales);
    EXPECT_EQ(a.begin_ar, b.begin_ar);
    EXPECT_EQ(a.end_ar, b.end_ar);
    EXPECT_EQ(a.end_current_ar, b.end_current_ar);
    EXPECT_EQ(a.end_overdue_ar, b.end_overdue_ar);
    EXPECT_EQ(a.collections, b.collections);
    EXPECT_EQ(a.bad_debt, b.bad_debt);
    EXPECT_EQ(a.due_in_period, b.due_in_period);
    EXPECT_EQ(a.collected_of_due, b.collected_of_due);
    // The ratios are quotients of the same sums.
    EXPECT_EQ(std::isnan(a.dso_days), std::isnan(b.dso_days));
    if (!std::isnan(a.dso_days)) {
      EXPECT_EQ(a.dso_days, b.dso_days);
    }
  }
}

struct Ledger {
  std::vector<int64_t> keys, issued, due;
  std::vector<Fen> amounts;
  std::vector<int64_t> invoice_of, paid;
  std::vector<Fen> paid_amounts;
  std::vector<uint8_t> write_off;
};

// Invoices around the period with settlements on or after their invoice day (some on the same day
// at an earlier time of day, some in several parts and out of invoice order when `shuffled`).
Ledger MakeLedger(int64_t inv_unit, int64_t due_unit, int64_t paid_unit, int customers,
                  bool shuffled, const Period& p, std::mt19937_64& rng) {
  Ledger l;
  const size_t n = 5000;
  for (size_t i = 0; i < n; ++i) {
    const EpochDay issued = p.first_day - 60 + static_cast<EpochDay>(rng() % 100);
    const EpochDay due = issued + static_cast<EpochDay>(rng() % 61);
    l.keys.push_back(static_cast<int64_t>(rng() % customers) + 3);
    l.issued.push_back(TickOf(issued, inv_unit, rng));
    l.due.push_back(TickOf(due, due_unit, rng));
    l.amounts.push_back(static_cast<Fen>(rng() % 10'000'000));
    const int parts = shuffled ? static_cast<int>(rng() % 3) : static_cast<int>(rng() % 2);
    for (int k = 0; k < parts; ++k) {
      const EpochDay day = issued + static_cast<EpochDay>(rng() % 70);
      l.invoice_of.push_back(static_cast<int64_t>(i));
      l.paid.push_back(TickOf(day, paid_unit, rng));
      l.paid_amounts.push_back(l.amounts.back() / 3);
      l.write_off.push_back(rng() % 7 == 0);
    }
  }
  if (shuffled) {
    for (size_t j = l.invoice_of.size(); j > 1; --j) {
      const size_t k = rng() % j;
      std::swap(l.invoice_of[j - 1], l.invoice_of[k]);
      std::swap(l.paid[j - 1], l.paid[k]);
      std::swap(l.paid_amounts[j - 1], l.paid_amounts[k]);
      std::swap(l.write_off[j - 1], l.write_off[k]);
    }
  }
  return l;
}

TEST(TickColumnTest, R_KPI_1_TicksAgreeWithGeneralPath) {
  std::mt19937_64 rng(5);
  const Period p{*ParseDate("2024-03-01"), *ParseDate("2024-03-31")};
  const Period one_day{p.first_day, p.first_day};
  for (int64_t unit : kUnits) {
    for (int64_t paid_unit : {unit, int64_t{1}, kNanosPerDay}) {
      for (bool shuffled : {false, true}) {
        for (const Period& period : {p, one_day}) {
          const Ledger l = MakeLedger(unit, 86'400, paid_unit, 50, shuffled, period, rng);
          const InvoiceTickColumns inv{l.keys, {l.issued, unit}, {l.due, 86'400}, l.amounts};
          const SettlementTickColumns st{
              l.invoice_of, {l.paid, paid_unit}, l.paid_amounts, l.write_off};
          std::optional<KpiTable> fast = TryKpisByGroupTicks(inv, st, period);
          const std::vector<int64_t> far = Spread(l.keys);
          const std::vector<EpochDay> issued = Days(l.issued, unit);
          const std::vector<EpochDay> due = Days(l.due, 86'400);
          const std::vector<EpochDay> paid = Days(l.paid, paid_unit);
          absl::StatusOr<KpiTable> general =
              ComputeKpisByGroup({far, issued, due, l.amounts},
                                 {l.invoice_of, paid, l.paid_amounts, l.write_off}, period);
          ASSERT_TRUE(fast.has_value()) << unit << " " << paid_unit << " " << shuffled;
          ASSERT_TRUE(general.ok()) << general.status();
          ExpectSameKpis(*fast, *general, kSpread);

          std::optional<KpiTable> whole =
              TryKpisByGroupTicks({{}, inv.invoice_days, inv.due_days, l.amounts},
                                  {l.invoice_of, st.days, l.paid_amounts, {}}, period);
          absl::StatusOr<KpiTable> whole_general = ComputeKpisByGroup(
              {{}, issued, due, l.amounts}, {l.invoice_of, paid, l.paid_amounts, {}}, period);
          ASSERT_TRUE(whole.has_value());
          ASSERT_TRUE(whole_general.ok()) << whole_general.status();
          ExpectSameKpis(*whole, *whole_general, 1);
        }
      }
    }
  }
}

TEST(TickColumnTest, R_KPI_1_TicksDeclineWhatTheGeneralPathDecides) {
  const Period p{*ParseDate("2024-03-01"), *ParseDate("2024-03-31")};
  const int64_t d = kNanosPerDay;
  const int64_t day = int64_t{p.first_day} * d;
  const std::vector<int64_t> keys = {1, 2};
  const std::vector<int64_t> issued = {day + 10, day + 10};
  const std::vector<int64_t> due = {day + 30 * d, day + 30 * d};
  const std::vector<Fen> amounts = {100, 200};
  auto run = [&](std::vector<int64_t> index, std::vector<int64_t> paid,
                 std::vector<Fen> paid_amounts, std::vector<int64_t> inv_days) {
    return TryKpisByGroupTicks({keys, {inv_days, d}, {due, d}, amounts},
                               {index, {paid, d}, paid_amounts, {}}, p)
        .has_value();
  };
  EXPECT_TRUE(run({0, 1}, {day + 5, day + d}, {100, 50}, issued));   // same day, earlier time: fine
  EXPECT_FALSE(run({0, 1}, {day - 1, day + d}, {100, 50}, issued));  // the day before its invoice
  EXPECT_FALSE(run({0, 2}, {day + d, day + d}, {100, 50}, issued));  // no invoice row 2
  EXPECT_FALSE(run({0, -1}, {day + d, day + d}, {100, 50}, issued));
  EXPECT_FALSE(run({0, 1}, {day + d, day + d}, {101, 50}, issued));  // exceeds its invoice
  EXPECT_FALSE(run({1, 1}, {day + d, day + d}, {150, 51}, issued));  // in two parts
  EXPECT_TRUE(run({1, 1}, {day + d, day + d}, {150, 50}, issued));
  EXPECT_FALSE(run({0, 1}, {day + d, kNaT}, {100, 50}, issued));
  EXPECT_FALSE(run({0, 1}, {day + d, day + d}, {100, -1}, issued));
  EXPECT_FALSE(run({0, 1}, {day + d, day + d}, {100, 50}, {kNaT, day}));
  EXPECT_FALSE(
      TryKpisByGroupTicks({keys, {issued, d}, {due, d}, {100, -5}}, {{}, {{}, d}, {}, {}}, p)
          .has_value());
  EXPECT_FALSE(TryKpisByGroupTicks({{1, int64_t{1} << 55}, {issued, d}, {due, d}, amounts},
                                   {{}, {{}, d}, {}, {}}, p)
                   .has_value());
  EXPECT_FALSE(TryKpisByGroupTicks({keys, {issued, d}, {due, d}, amounts}, {{}, {{}, d}, {}, {}},
                                   Period{p.last_day, p.first_day})
                   .has_value());
  // Sums that could pass 2^63: the general path sums in 128 bits.
  const std::vector<Fen> huge(100, kMaxAbsFen);
  const std::vector<int64_t> many_keys(100, 1), many_days(100, day);
  EXPECT_FALSE(TryKpisByGroupTicks({many_keys, {many_days, d}, {many_days, d}, huge},
                                   {{}, {{}, d}, {}, {}}, p)
                   .has_value());
}

TEST(TickColumnTest, R_RFM_1_TicksAgreeWithGeneralPathAndDecline) {
  std::mt19937_64 rng(9);
  const EpochDay as_of = *ParseDate("2024-06-30");
  for (int64_t unit :
       {int64_t{1}, int64_t{86'400}, int64_t{86'400'000}, int64_t{86'400'000'000}, kNanosPerDay}) {
    const size_t n = 8000;
    std::vector<int64_t> keys(n), ticks(n);
    std::vector<Fen> amounts(n);
    for (size_t i = 0; i < n; ++i) {
      keys[i] = static_cast<int64_t>(rng() % 900) - 450;
      const EpochDay day = rng() % 100 == 0 ? -5000 : as_of - static_cast<EpochDay>(rng() % 400);
      ticks[i] = TickOf(day, unit, rng);
      amounts[i] = static_cast<Fen>(rng() % 100'000'000);
    }
    std::optional<RfmTable> fast = TryRfmTicks(keys, {ticks, unit}, amounts, as_of);
    absl::StatusOr<RfmTable> general = ComputeRfm(Spread(keys), Days(ticks, unit), amounts, as_of);
    ASSERT_TRUE(fast.has_value()) << unit;
    ASSERT_TRUE(general.ok()) << general.status();
    ASSERT_EQ(fast->customer_keys.size(), general->customer_keys.size());
    for (size_t g = 0; g < fast->customer_keys.size(); ++g) {
      EXPECT_EQ(fast->customer_keys[g] * kSpread - 5, general->customer_keys[g]);
    }
    EXPECT_EQ(fast->recency_days, general->recency_days);
    EXPECT_EQ(fast->frequency, general->frequency);
    EXPECT_EQ(fast->monetary, general->monetary);

    std::vector<int64_t> late = ticks;
    late[7] = int64_t{as_of + 1} * unit;  // after as_of: the general path names it
    EXPECT_FALSE(TryRfmTicks(keys, {late, unit}, amounts, as_of).has_value());
    EXPECT_TRUE(TryRfmTicks(keys, {late, unit}, amounts, as_of + 1).has_value());
    std::vector<int64_t> missing = ticks;
    missing[3] = kNaT;
    EXPECT_FALSE(TryRfmTicks(keys, {missing, unit}, amounts, as_of).has_value());
    std::vector<Fen> negative = amounts;
    negative[5] = -1;
    EXPECT_FALSE(TryRfmTicks(keys, {ticks, unit}, negative, as_of).has_value());
  }
  // Hours are no unit of the fast path; keys far apart need the general path's hash.
  const std::vector<int64_t> hours = {24 * 19'000, 24 * 19'001 + 5};
  EXPECT_FALSE(TryRfmTicks({1, 2}, {hours, 24}, {1, 2}, as_of).has_value());
  const std::vector<int64_t> days = {19'000, 19'001};
  EXPECT_TRUE(TryRfmTicks({1, 2}, {days, 1}, {1, 2}, as_of).has_value());
  EXPECT_FALSE(TryRfmTicks({1, int64_t{1} << 60}, {days, 1}, {1, 2}, as_of).has_value());
  const std::vector<int64_t> one_key(100, 1), same_day(100, 19'000);
  EXPECT_FALSE(
      TryRfmTicks(one_key, {same_day, 1}, std::vector<Fen>(100, kMaxAbsFen), as_of).has_value());
}

// From kParallelRows rows the fast paths split their pass over two threads (parallel.h): the
// results are still the general paths'.
TEST(TickColumnTest, LargeBatchesSplitOverTwoThreadsAgree) {
  std::mt19937_64 rng(13);
  const size_t n = kParallelRows + 1001;
  const Period p{*ParseDate("2024-03-01"), *ParseDate("2024-03-31")};
  std::vector<int64_t> keys(n), issued(n), due(n), paid(n), index(n);
  std::vector<Fen> amounts(n), open(n), paid_amounts(n);
  for (size_t i = 0; i < n; ++i) {
    keys[i] = static_cast<int64_t>(rng() % 3000);
    const EpochDay day = p.first_day - 90 + static_cast<EpochDay>(rng() % 120);
    issued[i] = TickOf(day, kNanosPerDay, rng);
    due[i] = TickOf(day + 30, kNanosPerDay, rng);
    paid[i] = TickOf(day + static_cast<EpochDay>(rng() % 60), kNanosPerDay, rng);
    index[i] = static_cast<int64_t>(i);
    amounts[i] = static_cast<Fen>(rng() % 100'000'000);
    paid_amounts[i] = amounts[i] / 2;
    open[i] = rng() % 2 == 0 ? 0 : amounts[i] - paid_amounts[i];
  }
  const std::vector<int64_t> far = Spread(keys);
  const std::vector<EpochDay> issued_days = Days(issued, kNanosPerDay);
  const std::vector<EpochDay> due_days = Days(due, kNanosPerDay);
  const std::vector<EpochDay> paid_days = Days(paid, kNanosPerDay);

  std::optional<AgingTable> aging = TryAgeByGroupTicks(keys, open, {due, kNanosPerDay}, p.last_day);
  absl::StatusOr<AgingTable> aging_days = AgeByGroup(keys, open, due_days, p.last_day);
  absl::StatusOr<AgingTable> aging_general = AgeByGroup(far, open, due_days, p.last_day);
  ASSERT_TRUE(aging.has_value());
  ASSERT_TRUE(aging_days.ok() && aging_general.ok());
  EXPECT_EQ(aging->amounts, aging_general->amounts);
  EXPECT_EQ(aging->counts, aging_general->counts);
  EXPECT_EQ(aging_days->amounts, aging_general->amounts);
  EXPECT_EQ(aging_days->counts, aging_general->counts);

  std::optional<KpiTable> kpis =
      TryKpisByGroupTicks({keys, {issued, kNanosPerDay}, {due, kNanosPerDay}, amounts},
                          {index, {paid, kNanosPerDay}, paid_amounts, {}}, p);
  absl::StatusOr<KpiTable> kpis_general = ComputeKpisByGroup(
      {far, issued_days, due_days, amounts}, {index, paid_days, paid_amounts, {}}, p);
  ASSERT_TRUE(kpis.has_value());
  ASSERT_TRUE(kpis_general.ok()) << kpis_general.status();
  ExpectSameKpis(*kpis, *kpis_general, kSpread);

  std::optional<RfmTable> rfm = TryRfmTicks(keys, {issued, kNanosPerDay}, amounts, p.last_day);
  absl::StatusOr<RfmTable> rfm_days = ComputeRfm(keys, issued_days, amounts, p.last_day);
  absl::StatusOr<RfmTable> rfm_general = ComputeRfm(far, issued_days, amounts, p.last_day);
  ASSERT_TRUE(rfm.has_value());
  ASSERT_TRUE(rfm_days.ok() && rfm_general.ok());
  for (const RfmTable* t : {&*rfm, &*rfm_days}) {
    EXPECT_EQ(t->recency_days, rfm_general->recency_days);
    EXPECT_EQ(t->frequency, rfm_general->frequency);
    EXPECT_EQ(t->monetary, rfm_general->monetary);
  }
  // A bad row in the second half still declines.
  std::vector<int64_t> bad = issued;
  bad[n - 3] = kNaT;
  EXPECT_FALSE(TryRfmTicks(keys, {bad, kNanosPerDay}, amounts, p.last_day).has_value());
  EXPECT_FALSE(TryAgeByGroupTicks(keys, open, {bad, kNanosPerDay}, p.last_day).has_value());
}

}  // namespace
}  // namespace huikuan::core
