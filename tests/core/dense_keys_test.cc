// The dense-key and counting/radix fast paths (rfm.cc, kpi.cc, aging.cc) give exactly the results
// and errors of the general hashed/sorted paths: the same data with keys spread far apart (which
// forces the general path) must agree field by field.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "server/core/aging.h"
#include "server/core/column_checks.h"
#include "server/core/kpi.h"
#include "server/core/rfm.h"

namespace huikuan::core {
namespace {

// Dense keys 0..k-1 (offset by `base`) and the same grouping with keys far apart.
constexpr int64_t kSpread = 1'000'000'007;

std::vector<int64_t> Spread(const std::vector<int64_t>& keys) {
  std::vector<int64_t> out(keys.size());
  for (size_t i = 0; i < keys.size(); ++i) out[i] = keys[i] * kSpread - 5;
  return out;
}

TEST(DenseKeysTest, SmallKeyRange) {
  int64_t lo = 0;
  uint64_t span = 0;
  std::vector<int64_t> keys = {5, -3, 7};
  ASSERT_TRUE(SmallKeyRange(keys, 11, &lo, &span));
  EXPECT_EQ(lo, -3);
  EXPECT_EQ(span, 11u);
  EXPECT_FALSE(SmallKeyRange(keys, 10, &lo, &span));
  EXPECT_FALSE(SmallKeyRange({}, 10, &lo, &span));
  std::vector<int64_t> extreme = {INT64_MIN, INT64_MAX};
  EXPECT_FALSE(SmallKeyRange(extreme, DenseKeyLimit(2), &lo, &span));
}

TEST(DenseKeysTest, R_RFM_1_DenseAndSparseKeysAgree) {
  std::mt19937_64 rng(11);
  const EpochDay as_of = *ParseDate("2024-06-30");
  for (int customers : {1, 7, 300, 5000}) {
    const size_t n = 20'000;
    std::vector<int64_t> keys(n);
    std::vector<EpochDay> days(n);
    std::vector<Fen> amounts(n);
    for (size_t i = 0; i < n; ++i) {
      keys[i] = static_cast<int64_t>(rng() % customers) + 40;
      days[i] = as_of - static_cast<EpochDay>(rng() % 400);
      amounts[i] = static_cast<Fen>(rng() % 100'000'000);
    }
    absl::StatusOr<RfmTable> dense = ComputeRfm(keys, days, amounts, as_of);
    const std::vector<int64_t> far = Spread(keys);
    absl::StatusOr<RfmTable> sparse = ComputeRfm(far, days, amounts, as_of);
    ASSERT_TRUE(dense.ok()) << dense.status();
    ASSERT_TRUE(sparse.ok()) << sparse.status();
    ASSERT_EQ(dense->customer_keys.size(), sparse->customer_keys.size());
    for (size_t g = 0; g < dense->customer_keys.size(); ++g) {
      EXPECT_EQ(dense->customer_keys[g] * kSpread - 5, sparse->customer_keys[g]);
    }
    EXPECT_EQ(dense->recency_days, sparse->recency_days);
    EXPECT_EQ(dense->frequency, sparse->frequency);
    EXPECT_EQ(dense->monetary, sparse->monetary);
  }
}

TEST(DenseKeysTest, R_RFM_1_DenseOverflowAndDateErrorsMatchGeneralPath) {
  const EpochDay as_of = *ParseDate("2024-06-30");
  // Customer 7 overflows; with a far-away extra customer the general path runs.
  std::vector<int64_t> keys(100, 7);
  std::vector<EpochDay> days(100, as_of);
  std::vector<Fen> amounts(100, kMaxAbsFen);
  keys.push_back(3);
  days.push_back(as_of);
  amounts.push_back(1);
  absl::Status dense = ComputeRfm(keys, days, amounts, as_of).status();
  keys.push_back(int64_t{1} << 60);
  days.push_back(as_of);
  amounts.push_back(1);
  absl::Status sparse = ComputeRfm(keys, days, amounts, as_of).status();
  EXPECT_EQ(dense.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(dense.message(), sparse.message());
  EXPECT_EQ(dense.message(), "order_amounts: sum for customer 7 overflows int64");

  std::vector<int64_t> k2 = {1, 2, 3};
  std::vector<EpochDay> d2 = {as_of, as_of + 2, as_of + 1};
  std::vector<Fen> a2 = {1, 2, 3};
  EXPECT_EQ(ComputeRfm(k2, d2, a2, as_of).status().message(),
            ComputeRfm(Spread(k2), d2, a2, as_of).status().message());
}

TEST(DenseKeysTest, R_RFM_1_DenseValidationErrorsMatchGeneralPath) {
  const EpochDay as_of = *ParseDate("2024-06-30");
  std::vector<int64_t> keys = {1, 2, 3, 4, 5, 6, 7, 8};
  const std::vector<EpochDay> good_days(8, as_of - 1);
  const std::vector<Fen> good_amounts(8, 100);
  auto both = [&](const std::vector<EpochDay>& d, const std::vector<Fen>& a) {
    absl::Status dense = ComputeRfm(keys, d, a, as_of).status();
    absl::Status sparse = ComputeRfm(Spread(keys), d, a, as_of).status();
    EXPECT_EQ(dense.code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(dense.message(), sparse.message());
    return std::string(dense.message());
  };
  std::vector<EpochDay> bad_day = good_days;
  bad_day[6] = kMaxEpochDay + 1;  // out of range (and after as_of)
  std::vector<Fen> bad_amount = good_amounts;
  bad_amount[4] = -1;
  EXPECT_NE(both(bad_day, bad_amount).find("order_days[6]"), std::string::npos);  // dates first
  EXPECT_NE(both(good_days, bad_amount).find("order_amounts[4]"), std::string::npos);
  std::vector<EpochDay> late = good_days;
  late[3] = as_of + 1;
  EXPECT_NE(both(late, bad_amount).find("order_amounts[4]"), std::string::npos);
  EXPECT_NE(both(late, good_amounts).find("order_days[3]"), std::string::npos);
  std::vector<Fen> huge = good_amounts;
  huge[2] = kMaxAbsFen + 1;
  EXPECT_NE(both(good_days, huge).find("order_amounts[2]"), std::string::npos);
}

// pandas' ceil(5 * rank(method="average") / n), O(n^2) in doubles.
std::vector<int8_t> NaiveQuintiles(const std::vector<int64_t>& v, bool descending) {
  const size_t n = v.size();
  std::vector<int8_t> out(n);
  for (size_t i = 0; i < n; ++i) {
    double before = 0, equal = 0;
    for (size_t j = 0; j < n; ++j) {
      before += descending ? v[j] > v[i] : v[j] < v[i];
      equal += v[j] == v[i];
    }
    out[i] = static_cast<int8_t>(std::ceil(5 * (before + (equal + 1) / 2.0) / n));
  }
  return out;
}

TEST(DenseKeysTest, R_RFM_1_QuintileFastPathsMatchAverageRank) {
  std::mt19937_64 rng(5);
  // Ranges: counting (small), radix (wide, up to 44 bits, n >= 4096), comparison sort (wider).
  const std::vector<uint64_t> ranges = {
      1, 3, 365, 70'000, uint64_t{1} << 33, uint64_t{1} << 43, uint64_t{1} << 62};
  for (uint64_t range : ranges) {
    for (size_t n : {size_t{1}, size_t{2}, size_t{5}, size_t{999}, size_t{6000}}) {
      std::vector<int64_t> v(n);
      for (auto& x : v) x = static_cast<int64_t>(rng() % range) - static_cast<int64_t>(range / 3);
      // Force some ties even in wide ranges.
      for (size_t i = 1; i < n; i += 7) v[i] = v[i - 1];
      for (bool descending : {false, true}) {
        std::vector<int8_t> s(n);
        ASSERT_TRUE(QuintileScores(v, descending, absl::MakeSpan(s)).ok());
        EXPECT_EQ(s, NaiveQuintiles(v, descending)) << range << " " << n << " " << descending;
      }
    }
  }
  std::vector<int64_t> extremes = {INT64_MIN, INT64_MAX, 0, INT64_MIN, -1};
  std::vector<int8_t> s(extremes.size());
  ASSERT_TRUE(QuintileScores(extremes, false, absl::MakeSpan(s)).ok());
  EXPECT_EQ(s, NaiveQuintiles(extremes, false));
  ASSERT_TRUE(QuintileScores(extremes, true, absl::MakeSpan(s)).ok());
  EXPECT_EQ(s, NaiveQuintiles(extremes, true));
}

TEST(DenseKeysTest, R_RFM_1_QuintilesOfValuesCrowdedInOneBucket) {
  // A few huge values stretch the range: nearly all values share the lowest histogram bucket,
  // across every score boundary, and are ranked exactly there.
  std::mt19937_64 rng(8);
  std::vector<int64_t> v(5000);
  for (auto& x : v) x = static_cast<int64_t>(rng() % 100);
  for (size_t i = 0; i < 10; ++i) v[i * 7] = (int64_t{1} << 50) + static_cast<int64_t>(rng() % 3);
  for (bool descending : {false, true}) {
    std::vector<int8_t> s(v.size());
    ASSERT_TRUE(QuintileScores(v, descending, absl::MakeSpan(s)).ok());
    EXPECT_EQ(s, NaiveQuintiles(v, descending)) << descending;
  }
}

TEST(DenseKeysTest, R_KPI_1_DenseAndSparseKeysAgree) {
  std::mt19937_64 rng(17);
  const size_t n = 30'000, m = 25'000;
  std::vector<int64_t> keys(n);
  std::vector<EpochDay> inv(n), due(n);
  std::vector<Fen> amt(n);
  for (size_t i = 0; i < n; ++i) {
    keys[i] = static_cast<int64_t>(rng() % 900);
    inv[i] = 19'700 + static_cast<EpochDay>(rng() % 200);
    due[i] = inv[i] + 30;
    amt[i] = static_cast<Fen>(rng() % 1'000'000);
  }
  std::vector<int64_t> s_idx(m);
  std::vector<EpochDay> s_day(m);
  std::vector<Fen> s_amt(m);
  std::vector<uint8_t> s_wo(m);
  for (size_t j = 0; j < m; ++j) {
    s_idx[j] = static_cast<int64_t>(j);  // at most one settlement per invoice
    s_day[j] = inv[j] + static_cast<EpochDay>(rng() % 90);
    s_amt[j] = amt[j] / 2;
    s_wo[j] = rng() % 10 == 0;
  }
  const Period p{19'780, 19'810};
  const std::vector<int64_t> far = Spread(keys);
  absl::StatusOr<KpiTable> dense =
      ComputeKpisByGroup({keys, inv, due, amt}, {s_idx, s_day, s_amt, s_wo}, p);
  absl::StatusOr<KpiTable> sparse =
      ComputeKpisByGroup({far, inv, due, amt}, {s_idx, s_day, s_amt, s_wo}, p);
  ASSERT_TRUE(dense.ok()) << dense.status();
  ASSERT_TRUE(sparse.ok()) << sparse.status();
  ASSERT_EQ(dense->rows.size(), sparse->rows.size());
  for (size_t g = 0; g < dense->rows.size(); ++g) {
    const KpiRow& a = dense->rows[g];
    const KpiRow& b = sparse->rows[g];
    EXPECT_EQ(a.group_key * kSpread - 5, b.group_key);
    EXPECT_EQ(a.credit_sales, b.credit_sales);
    EXPECT_EQ(a.begin_ar, b.begin_ar);
    EXPECT_EQ(a.end_ar, b.end_ar);
    EXPECT_EQ(a.end_current_ar, b.end_current_ar);
    EXPECT_EQ(a.collections, b.collections);
    EXPECT_EQ(a.bad_debt, b.bad_debt);
    EXPECT_EQ(a.due_in_period, b.due_in_period);
    EXPECT_EQ(a.collected_of_due, b.collected_of_due);
    EXPECT_TRUE(a.dso_days == b.dso_days || (std::isnan(a.dso_days) && std::isnan(b.dso_days)));
  }
}

TEST(DenseKeysTest, R_AGING_1_DenseAndSparseKeysAgree) {
  std::mt19937_64 rng(23);
  const size_t n = 30'000;
  std::vector<int64_t> keys(n);
  std::vector<EpochDay> due(n);
  std::vector<Fen> open(n);
  for (size_t i = 0; i < n; ++i) {
    keys[i] = static_cast<int64_t>(rng() % 700) - 300;
    due[i] = 19'700 + static_cast<EpochDay>(rng() % 200);
    open[i] = rng() % 3 == 0 ? 0 : static_cast<Fen>(rng() % 1'000'000);
  }
  AgingConfig config;
  const std::vector<int64_t> far = Spread(keys);
  absl::StatusOr<AgingTable> dense = AgeByGroup(keys, open, due, 19'850, config);
  absl::StatusOr<AgingTable> sparse = AgeByGroup(far, open, due, 19'850, config);
  ASSERT_TRUE(dense.ok()) << dense.status();
  ASSERT_TRUE(sparse.ok()) << sparse.status();
  ASSERT_EQ(dense->group_keys.size(), sparse->group_keys.size());
  for (size_t g = 0; g < dense->group_keys.size(); ++g) {
    EXPECT_EQ(dense->group_keys[g] * kSpread - 5, sparse->group_keys[g]);
  }
  EXPECT_EQ(dense->amounts, sparse->amounts);
  EXPECT_EQ(dense->counts, sparse->counts);
  EXPECT_EQ(dense->totals, sparse->totals);
}

TEST(DenseKeysTest, R_KPI_1_Int64PartialSumsOverflowButExactResultFits) {
  // 100 invoices of 1e17 fen before the period, each fully settled before it: the additions alone
  // exceed int64, the exact sums are 0. The fast int64 path must hand over to the exact one.
  const size_t n = 100;
  std::vector<int64_t> keys(n, 3);
  std::vector<EpochDay> inv(n, 19'000), due(n, 19'030);
  std::vector<Fen> amt(n, kMaxAbsFen);
  std::vector<int64_t> s_idx(n);
  for (size_t j = 0; j < n; ++j) s_idx[j] = static_cast<int64_t>(j);
  std::vector<EpochDay> s_day(n, 19'040);
  const Period p{19'100, 19'130};
  absl::StatusOr<KpiTable> t =
      ComputeKpisByGroup({keys, inv, due, amt}, {s_idx, s_day, amt, {}}, p);
  ASSERT_TRUE(t.ok()) << t.status();
  ASSERT_EQ(t->rows.size(), 1u);
  EXPECT_EQ(t->rows[0].group_key, 3);
  EXPECT_EQ(t->rows[0].begin_ar, 0);
  EXPECT_EQ(t->rows[0].end_ar, 0);
  EXPECT_EQ(t->rows[0].credit_sales, 0);
  // Without the settlements the exact sum itself overflows: the reference error.
  absl::Status s = ComputeKpisByGroup({keys, inv, due, amt}, {}, p).status();
  EXPECT_EQ(s.message(), "amounts: begin_ar of group 3 overflows int64");
}

TEST(DenseKeysTest, R_KPI_1_SettlementOrderDoesNotMatter) {
  // Settlements in increasing invoice order (no running totals kept) and the same settlements
  // shuffled, with several per invoice (running totals): identical sums; and the same errors.
  std::mt19937_64 rng(29);
  const size_t n = 5'000;
  std::vector<int64_t> keys(n);
  std::vector<EpochDay> inv(n), due(n);
  std::vector<Fen> amt(n);
  for (size_t i = 0; i < n; ++i) {
    keys[i] = static_cast<int64_t>(rng() % 50);
    inv[i] = 19'700 + static_cast<EpochDay>(rng() % 100);
    due[i] = inv[i] + 30;
    amt[i] = 1'000 + static_cast<Fen>(rng() % 1'000'000);
  }
  std::vector<int64_t> s_idx;
  std::vector<EpochDay> s_day;
  std::vector<Fen> s_amt;
  for (size_t i = 0; i < n; i += 2) {
    for (int part = 0; part < 3; ++part) {
      s_idx.push_back(static_cast<int64_t>(i));
      s_day.push_back(inv[i] + 10 * part);
      s_amt.push_back(amt[i] / 4);
    }
  }
  const Period p{19'760, 19'790};
  absl::StatusOr<KpiTable> sorted =
      ComputeKpisByGroup({keys, inv, due, amt}, {s_idx, s_day, s_amt, {}}, p);
  std::vector<size_t> order(s_idx.size());
  for (size_t k = 0; k < order.size(); ++k) order[k] = k;
  std::shuffle(order.begin(), order.end(), rng);
  std::vector<int64_t> idx2;
  std::vector<EpochDay> day2;
  std::vector<Fen> amt2;
  for (size_t k : order) {
    idx2.push_back(s_idx[k]);
    day2.push_back(s_day[k]);
    amt2.push_back(s_amt[k]);
  }
  absl::StatusOr<KpiTable> shuffled =
      ComputeKpisByGroup({keys, inv, due, amt}, {idx2, day2, amt2, {}}, p);
  ASSERT_TRUE(sorted.ok()) << sorted.status();
  ASSERT_TRUE(shuffled.ok()) << shuffled.status();
  ASSERT_EQ(sorted->rows.size(), shuffled->rows.size());
  for (size_t g = 0; g < sorted->rows.size(); ++g) {
    EXPECT_EQ(sorted->rows[g].begin_ar, shuffled->rows[g].begin_ar);
    EXPECT_EQ(sorted->rows[g].end_ar, shuffled->rows[g].end_ar);
    EXPECT_EQ(sorted->rows[g].end_current_ar, shuffled->rows[g].end_current_ar);
    EXPECT_EQ(sorted->rows[g].collections, shuffled->rows[g].collections);
    EXPECT_EQ(sorted->rows[g].collected_of_due, shuffled->rows[g].collected_of_due);
  }

  // Errors: a fourth part over-settles invoice 4 after a strictly increasing prefix (0, 2, 4, 6),
  // a single settlement larger than its invoice, one dated before its invoice, a row out of range.
  std::vector<int64_t> e_idx = {0, 2, 4, 6, 4, 4, 4};
  std::vector<EpochDay> e_day(7, 19'800);
  std::vector<Fen> e_amt = {1, 1, amt[4] / 3, 1, amt[4] / 3, amt[4] / 3, amt[4] / 3};
  EXPECT_EQ(
      ComputeKpisByGroup({keys, inv, due, amt}, {e_idx, e_day, e_amt, {}}, p).status().message(),
      absl::StrCat("settlements.amounts[6]: settlements of invoice row 4 exceed its amount ",
                   amt[4]));
  std::vector<int64_t> one = {3};
  std::vector<EpochDay> late = {19'800}, early = {inv[3] - 1};
  std::vector<Fen> too_much = {amt[3] + 1}, fine = {1};
  EXPECT_EQ(
      ComputeKpisByGroup({keys, inv, due, amt}, {one, late, too_much, {}}, p).status().message(),
      absl::StrCat("settlements.amounts[0]: settlements of invoice row 3 exceed its amount ",
                   amt[3]));
  EXPECT_NE(ComputeKpisByGroup({keys, inv, due, amt}, {one, early, fine, {}}, p)
                .status()
                .message()
                .find("is before its invoice's date"),
            absl::string_view::npos);
  std::vector<int64_t> out_of_range = {1, static_cast<int64_t>(n)};
  std::vector<EpochDay> two_days(2, 19'800);
  std::vector<Fen> two_amounts(2, 1);
  EXPECT_EQ(ComputeKpisByGroup({keys, inv, due, amt}, {out_of_range, two_days, two_amounts, {}}, p)
                .status()
                .message(),
            absl::StrCat("settlements.invoice_index[1]: ", n, " is not a row of invoices (", n,
                         " rows)"));
}

}  // namespace
}  // namespace huikuan::core
