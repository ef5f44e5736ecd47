#include "server/core/kpi.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <optional>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "server/core/column_checks.h"
#include "server/core/kpi_dense.h"
#include "server/core/kpi_internal.h"
#include "server/core/status_macros.h"

namespace huikuan::core {
namespace {

using kpi_internal::CheckSettlement;
using kpi_internal::CountbackDays;
using kpi_internal::ValidateColumns;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Exact 128-bit sums of one group; converted to KpiRow once all rows are in.
struct Sums {
  Int128 credit_sales = 0;
  Int128 begin_ar = 0;
  Int128 end_ar = 0;
  Int128 end_current_ar = 0;
  Int128 collections = 0;
  Int128 bad_debt = 0;
  Int128 due_in_period = 0;
  Int128 collected_of_due = 0;
};

double Ratio(double numerator, double denominator) {
  return denominator == 0 ? kNaN : numerator / denominator;
}

absl::Status ToFen(Int128 value, int64_t key, absl::string_view what, Fen& out) {
  if (value > std::numeric_limits<int64_t>::max() || value < std::numeric_limits<int64_t>::min()) {
    return absl::InvalidArgumentError(
        absl::StrCat("amounts: ", what, " of group ", key, " overflows int64"));
  }
  out = static_cast<Fen>(value);
  return absl::OkStatus();
}

absl::Status CheckNonNegativeInputs(std::initializer_list<std::pair<absl::string_view, Fen>> args) {
  for (const auto& [name, value] : args) {
    HK_RETURN_IF_ERROR(ValidateAmount(value, name));
  }
  return absl::OkStatus();
}

// Dense group index per invoice, in first-seen order (keys[g] is group g's key). Without keys every
// invoice is in group 0 (key 0) and group_of stays empty.
struct Groups {
  std::vector<int64_t> keys;
  std::vector<uint32_t> group_of;
  uint32_t of(size_t row) const { return group_of.empty() ? 0 : group_of[row]; }
};

Groups IndexGroups(absl::Span<const int64_t> group_keys, size_t n) {
  Groups g;
  if (group_keys.empty()) {
    if (n > 0) g.keys.push_back(0);
    return g;
  }
  g.group_of.resize(n);
  int64_t min_key = 0;
  uint64_t span = 0;
  if (SmallKeyRange(group_keys, DenseKeyLimit(n), &min_key, &span)) {
    // Dense keys: a table indexed by key - min_key instead of hashing; same first-seen order.
    constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();
    std::vector<uint32_t> slot(span, kNone);
    for (size_t i = 0; i < n; ++i) {
      const int64_t key = group_keys[i];
      uint32_t& group = slot[static_cast<uint64_t>(key) - static_cast<uint64_t>(min_key)];
      if (group == kNone) {
        group = static_cast<uint32_t>(g.keys.size());
        g.keys.push_back(key);
      }
      g.group_of[i] = group;
    }
    return g;
  }
  absl::flat_hash_map<int64_t, uint32_t> index;
  int64_t last_key = 0;
  uint32_t last_group = 0;
  bool have_last = false;
  for (size_t i = 0; i < n; ++i) {
    const int64_t key = group_keys[i];
    // Reports usually arrive sorted by key: remember the last lookup.
    if (!have_last || key != last_key) {
      auto [it, inserted] = index.try_emplace(key, static_cast<uint32_t>(g.keys.size()));
      if (inserted) g.keys.push_back(key);
      last_key = key;
      last_group = it->second;
      have_last = true;
    }
    g.group_of[i] = last_group;
  }
  return g;
}

std::vector<uint32_t> SortedOrder(const std::vector<int64_t>& keys) {
  std::vector<uint32_t> order(keys.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return keys[a] < keys[b]; });
  return order;
}

}  // namespace

void FillKpiRatios(int32_t period_days, KpiRow& row) {
  const double cs = static_cast<double>(row.credit_sales);
  const double b = static_cast<double>(row.begin_ar);
  const double e = static_cast<double>(row.end_ar);
  // Same operation order as the documented formulas (and a pandas transcription of them).
  row.dso_days = row.credit_sales == 0 ? kNaN : e / cs * period_days;
  row.ar_turnover = Ratio(cs, (b + e) / 2.0);
  const Int128 cei_num = static_cast<Int128>(row.begin_ar) + row.credit_sales - row.end_ar;
  const Int128 cei_den = static_cast<Int128>(row.begin_ar) + row.credit_sales - row.end_current_ar;
  row.cei = Ratio(static_cast<double>(cei_num), static_cast<double>(cei_den));
  row.overdue_rate = Ratio(static_cast<double>(row.end_overdue_ar), e);
  row.bad_debt_rate = Ratio(static_cast<double>(row.bad_debt), cs);
  row.collection_rate =
      Ratio(static_cast<double>(row.collected_of_due), static_cast<double>(row.due_in_period));
}

namespace {

// The reference computation in exact 128-bit sums; inputs validated, groups indexed.
absl::StatusOr<KpiTable> ComputeKpisExact(const InvoiceColumns& invoices,
                                          const SettlementColumns& settlements,
                                          const Period& period, const Groups& groups) {
  const size_t n = invoices.amounts.size();
  const size_t m = settlements.amounts.size();
  const EpochDay first = period.first_day;
  const EpochDay last = period.last_day;

  // Pass 1: invoices.
  std::vector<Sums> sums(groups.keys.size());
  for (size_t i = 0; i < n; ++i) {
    Sums& s = sums[groups.of(i)];
    const Fen amount = invoices.amounts[i];
    const EpochDay inv_day = invoices.invoice_days[i];
    const EpochDay due_day = invoices.due_days[i];
    if (inv_day >= first && inv_day <= last) s.credit_sales += amount;
    if (inv_day < first) s.begin_ar += amount;
    if (inv_day <= last) {
      s.end_ar += amount;
      if (due_day >= last) s.end_current_ar += amount;
    }
    if (due_day >= first && due_day <= last) s.due_in_period += amount;
  }

  // Pass 2: settlements.
  std::vector<Fen> settled(m > 0 ? n : 0, 0);
  for (size_t j = 0; j < m; ++j) {
    HK_RETURN_IF_ERROR(CheckSettlement(invoices, settlements, j, settled));
    const int64_t inv = settlements.invoice_index[j];
    const EpochDay day = settlements.days[j];
    const Fen amount = settlements.amounts[j];
    const bool write_off = !settlements.is_write_off.empty() && settlements.is_write_off[j] != 0;
    Sums& s = sums[groups.of(inv)];
    const EpochDay due_day = invoices.due_days[inv];
    if (day < first) s.begin_ar -= amount;
    if (day <= last) {
      s.end_ar -= amount;
      if (due_day >= last) s.end_current_ar -= amount;
      if (day >= first) (write_off ? s.bad_debt : s.collections) += amount;
      if (!write_off && due_day >= first && due_day <= last) s.collected_of_due += amount;
    }
  }

  const std::vector<int64_t>& keys = groups.keys;
  const std::vector<uint32_t> order = SortedOrder(keys);
  KpiTable table;
  table.period_days = period.days();
  table.rows.reserve(keys.size());
  for (uint32_t g : order) {
    const Sums& s = sums[g];
    KpiRow row;
    row.group_key = keys[g];
    HK_RETURN_IF_ERROR(ToFen(s.credit_sales, row.group_key, "credit_sales", row.credit_sales));
    HK_RETURN_IF_ERROR(ToFen(s.begin_ar, row.group_key, "begin_ar", row.begin_ar));
    HK_RETURN_IF_ERROR(ToFen(s.end_ar, row.group_key, "end_ar", row.end_ar));
    HK_RETURN_IF_ERROR(
        ToFen(s.end_current_ar, row.group_key, "end_current_ar", row.end_current_ar));
    row.end_overdue_ar = row.end_ar - row.end_current_ar;
    HK_RETURN_IF_ERROR(ToFen(s.collections, row.group_key, "collections", row.collections));
    HK_RETURN_IF_ERROR(ToFen(s.bad_debt, row.group_key, "bad_debt", row.bad_debt));
    HK_RETURN_IF_ERROR(ToFen(s.due_in_period, row.group_key, "due_in_period", row.due_in_period));
    HK_RETURN_IF_ERROR(
        ToFen(s.collected_of_due, row.group_key, "collected_of_due", row.collected_of_due));
    FillKpiRatios(table.period_days, row);
    table.rows.push_back(row);
  }
  return table;
}

// The same sums in int64 (amounts are validated non-negative, so each field is a sum of additions
// and a sum of subtractions, both checked), in two compact arrays touched one per pass and without
// data-dependent branches. Sets *overflow (and returns nothing useful) when a partial sum leaves
// int64: the caller then runs ComputeKpisExact, whose results and errors are the reference.
struct InvoiceSums {
  Fen credit_sales = 0;
  Fen begin_ar = 0;
  Fen end_ar = 0;
  Fen end_current_ar = 0;
  Fen due_in_period = 0;
};
struct SettlementSums {
  Fen begin_ar = 0;        // subtracted
  Fen end_ar = 0;          // subtracted
  Fen end_current_ar = 0;  // subtracted
  Fen collections = 0;
  Fen bad_debt = 0;
  Fen collected_of_due = 0;
};

inline Fen If(bool condition, Fen amount) { return amount & -static_cast<Fen>(condition); }

absl::StatusOr<KpiTable> ComputeKpisFast(const InvoiceColumns& invoices,
                                         const SettlementColumns& settlements, const Period& period,
                                         const Groups& groups, bool* overflow) {
  const size_t n = invoices.amounts.size();
  const size_t m = settlements.amounts.size();
  const EpochDay first = period.first_day;
  const EpochDay last = period.last_day;
  bool ov = false;

  // Raw pointers in the hot loops: Debian's Abseil is hardened, so every Span[] is bounds-checked.
  const Fen* inv_amount = invoices.amounts.data();
  const EpochDay* inv_days = invoices.invoice_days.data();
  const EpochDay* inv_due = invoices.due_days.data();
  const int64_t* st_index = settlements.invoice_index.data();
  const EpochDay* st_days = settlements.days.data();
  const Fen* st_amount = settlements.amounts.data();
  const uint8_t* st_write_off = settlements.is_write_off.data();
  const uint32_t* group_of = groups.group_of.empty() ? nullptr : groups.group_of.data();
  std::vector<InvoiceSums> in(groups.keys.size());
  for (size_t i = 0; i < n; ++i) {
    InvoiceSums& s = in[group_of == nullptr ? 0 : group_of[i]];
    const Fen amount = inv_amount[i];
    const EpochDay inv_day = inv_days[i];
    const EpochDay due_day = inv_due[i];
    const bool by_last = inv_day <= last;
    ov |= __builtin_add_overflow(s.credit_sales, If((inv_day >= first) & by_last, amount),
                                 &s.credit_sales);
    ov |= __builtin_add_overflow(s.begin_ar, If(inv_day < first, amount), &s.begin_ar);
    ov |= __builtin_add_overflow(s.end_ar, If(by_last, amount), &s.end_ar);
    ov |= __builtin_add_overflow(s.end_current_ar, If(by_last & (due_day >= last), amount),
                                 &s.end_current_ar);
    ov |= __builtin_add_overflow(
        s.due_in_period, If((due_day >= first) & (due_day <= last), amount), &s.due_in_period);
  }

  std::vector<SettlementSums> out(groups.keys.size());
  // Running settled amount per invoice, for the "settlements exceed the invoice" check. While the
  // settlements' invoice rows strictly increase (one settlement per invoice, in invoice order: the
  // usual export) no invoice has an earlier settlement, so the table is not needed; it is built by
  // replaying the settlements so far the first time a row repeats or goes back.
  std::vector<Fen> settled;
  int64_t previous = -1;
  auto replay = [&](size_t upto) {
    settled.assign(n, 0);
    for (size_t k = 0; k < upto; ++k) {
      settled[settlements.invoice_index[k]] += settlements.amounts[k];
    }
  };
  const bool any_write_off = !settlements.is_write_off.empty();
  for (size_t j = 0; j < m; ++j) {
    const int64_t inv = st_index[j];
    const EpochDay day = st_days[j];
    const Fen amount = st_amount[j];
    // CheckSettlement's tests inline; on any failure it runs to name the error exactly.
    if (settled.empty() && inv > previous && static_cast<uint64_t>(inv) < n) {
      previous = inv;
      if (day < inv_days[inv] || amount > inv_amount[inv]) {
        replay(j);
        HK_RETURN_IF_ERROR(CheckSettlement(invoices, settlements, j, settled));
      }
    } else {
      if (settled.empty()) replay(j);
      if (static_cast<uint64_t>(inv) >= n || day < inv_days[inv] ||
          settled[inv] + amount > inv_amount[inv]) {
        HK_RETURN_IF_ERROR(CheckSettlement(invoices, settlements, j, settled));
      } else {
        settled[inv] += amount;
      }
    }
    const bool write_off = any_write_off && st_write_off[j] != 0;
    SettlementSums& s = out[group_of == nullptr ? 0 : group_of[inv]];
    const EpochDay due_day = inv_due[inv];
    const bool by_last = day <= last;
    const bool in_period = by_last & (day >= first);
    ov |= __builtin_add_overflow(s.begin_ar, If(day < first, amount), &s.begin_ar);
    ov |= __builtin_add_overflow(s.end_ar, If(by_last, amount), &s.end_ar);
    ov |= __builtin_add_overflow(s.end_current_ar, If(by_last & (due_day >= last), amount),
                                 &s.end_current_ar);
    ov |= __builtin_add_overflow(s.bad_debt, If(in_period & write_off, amount), &s.bad_debt);
    ov |= __builtin_add_overflow(s.collections, If(in_period & !write_off, amount), &s.collections);
    ov |= __builtin_add_overflow(
        s.collected_of_due,
        If(by_last & !write_off & (due_day >= first) & (due_day <= last), amount),
        &s.collected_of_due);
  }
  if (ov) {
    *overflow = true;
    return KpiTable();
  }

  // Differences of two non-negative int64 sums always fit in int64: no ToFen check can fail here,
  // just as none fails in the exact path for these inputs.
  KpiTable table;
  table.period_days = period.days();
  table.rows.reserve(groups.keys.size());
  for (uint32_t g : SortedOrder(groups.keys)) {
    const InvoiceSums& a = in[g];
    const SettlementSums& b = out[g];
    KpiRow row;
    row.group_key = groups.keys[g];
    row.credit_sales = a.credit_sales;
    row.begin_ar = a.begin_ar - b.begin_ar;
    row.end_ar = a.end_ar - b.end_ar;
    row.end_current_ar = a.end_current_ar - b.end_current_ar;
    row.end_overdue_ar = row.end_ar - row.end_current_ar;
    row.collections = b.collections;
    row.bad_debt = b.bad_debt;
    row.due_in_period = a.due_in_period;
    row.collected_of_due = b.collected_of_due;
    FillKpiRatios(table.period_days, row);
    table.rows.push_back(row);
  }
  return table;
}

}  // namespace

absl::StatusOr<KpiTable> ComputeKpisByGroup(const InvoiceColumns& invoices,
                                            const SettlementColumns& settlements,
                                            const Period& period) {
  const size_t n = invoices.amounts.size();
  HK_RETURN_IF_ERROR(ValidateEpochDay(period.first_day, "period.first_day"));
  HK_RETURN_IF_ERROR(ValidateEpochDay(period.last_day, "period.last_day"));
  if (period.last_day < period.first_day) {
    return absl::InvalidArgumentError(absl::StrCat("period: last_day ", FormatDate(period.last_day),
                                                   " is before first_day ",
                                                   FormatDate(period.first_day)));
  }
  if (std::optional<KpiTable> dense =
          kpi_internal::KpisByGroupDense(invoices, settlements, period)) {
    return *std::move(dense);
  }
  HK_RETURN_IF_ERROR(ValidateColumns(invoices, settlements));
  const Groups groups = IndexGroups(invoices.group_keys, n);
  bool overflow = false;
  absl::StatusOr<KpiTable> table =
      ComputeKpisFast(invoices, settlements, period, groups, &overflow);
  if (!overflow) return table;
  return ComputeKpisExact(invoices, settlements, period, groups);
}

absl::StatusOr<double> DsoSimple(Fen ending_ar, Fen credit_sales, int32_t period_days) {
  HK_RETURN_IF_ERROR(
      CheckNonNegativeInputs({{"ending_ar", ending_ar}, {"credit_sales", credit_sales}}));
  if (period_days <= 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("period_days: ", period_days, " is not positive"));
  }
  if (credit_sales == 0) return kNaN;
  return static_cast<double>(ending_ar) / static_cast<double>(credit_sales) * period_days;
}

absl::StatusOr<double> ArTurnover(Fen credit_sales, Fen begin_ar, Fen end_ar) {
  HK_RETURN_IF_ERROR(CheckNonNegativeInputs(
      {{"credit_sales", credit_sales}, {"begin_ar", begin_ar}, {"end_ar", end_ar}}));
  return Ratio(static_cast<double>(credit_sales),
               (static_cast<double>(begin_ar) + static_cast<double>(end_ar)) / 2.0);
}

absl::StatusOr<double> CollectionEffectivenessIndex(Fen begin_ar, Fen credit_sales, Fen end_ar,
                                                    Fen end_current_ar) {
  HK_RETURN_IF_ERROR(CheckNonNegativeInputs({{"begin_ar", begin_ar},
                                             {"credit_sales", credit_sales},
                                             {"end_ar", end_ar},
                                             {"end_current_ar", end_current_ar}}));
  if (end_current_ar > end_ar) {
    return absl::InvalidArgumentError(
        absl::StrCat("end_current_ar: ", end_current_ar, " is greater than end_ar ", end_ar));
  }
  const Int128 num = static_cast<Int128>(begin_ar) + credit_sales - end_ar;
  const Int128 den = static_cast<Int128>(begin_ar) + credit_sales - end_current_ar;
  return Ratio(static_cast<double>(num), static_cast<double>(den));
}

absl::StatusOr<double> DsoCountback(Fen ending_ar, absl::Span<const Fen> sales_most_recent_first,
                                    absl::Span<const int32_t> days_most_recent_first) {
  HK_RETURN_IF_ERROR(ValidateAmount(ending_ar, "ending_ar"));
  HK_RETURN_IF_ERROR(CheckLength("days_most_recent_first", days_most_recent_first.size(),
                                 sales_most_recent_first.size()));
  HK_RETURN_IF_ERROR(CheckAmounts("sales_most_recent_first", sales_most_recent_first));
  for (size_t i = 0; i < days_most_recent_first.size(); ++i) {
    if (days_most_recent_first[i] <= 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          "days_most_recent_first[", i, "]: ", days_most_recent_first[i], " is not positive"));
    }
  }
  return CountbackDays(ending_ar, sales_most_recent_first.data(), days_most_recent_first.data(),
                       sales_most_recent_first.size());
}

absl::StatusOr<std::vector<CountbackRow>> DsoCountbackByGroup(const InvoiceColumns& invoices,
                                                              const SettlementColumns& settlements,
                                                              EpochDay as_of, int32_t max_months) {
  HK_RETURN_IF_ERROR(ValidateEpochDay(as_of, "as_of"));
  if (max_months < 1 || max_months > 1200) {
    return absl::InvalidArgumentError(
        absl::StrCat("max_months: ", max_months, " is outside 1..1200"));
  }
  HK_RETURN_IF_ERROR(ValidateColumns(invoices, settlements));
  const size_t n = invoices.amounts.size();
  const size_t m = settlements.amounts.size();
  const size_t months = static_cast<size_t>(max_months);

  // month_start[k]: first day of the k-th month back (0 = as_of's month), as epoch days; may lie
  // before 1900 for long windows, which is harmless here (only compared against valid days).
  constexpr absl::CivilDay kEpoch(1970, 1, 1);
  const absl::CivilMonth current(kEpoch + as_of);
  std::vector<int64_t> month_start(months);
  std::vector<int32_t> month_days(months);
  for (size_t k = 0; k < months; ++k) {
    month_start[k] = absl::CivilDay(current - static_cast<int64_t>(k)) - kEpoch;
    month_days[k] = static_cast<int32_t>(k == 0 ? as_of - month_start[0] + 1
                                                : month_start[k - 1] - month_start[k]);
  }

  const Groups groups = IndexGroups(invoices.group_keys, n);
  const size_t num_groups = groups.keys.size();
  std::vector<Int128> end_ar(num_groups, 0);
  std::vector<Int128> sales(num_groups * months, 0);  // row-major: sales[g * months + k]
  for (size_t i = 0; i < n; ++i) {
    const EpochDay day = invoices.invoice_days[i];
    if (day > as_of) continue;
    const uint32_t g = groups.of(i);
    end_ar[g] += invoices.amounts[i];
    // Months are few (12 by default): a linear walk back beats a binary search.
    size_t k = 0;
    while (k < months && day < month_start[k]) ++k;
    if (k < months) sales[g * months + k] += invoices.amounts[i];
  }
  std::vector<Fen> settled(m > 0 ? n : 0, 0);
  for (size_t j = 0; j < m; ++j) {
    HK_RETURN_IF_ERROR(CheckSettlement(invoices, settlements, j, settled));
    if (settlements.days[j] <= as_of) {
      end_ar[groups.of(settlements.invoice_index[j])] -= settlements.amounts[j];
    }
  }

  std::vector<CountbackRow> rows;
  rows.reserve(num_groups);
  std::vector<Fen> group_sales(months);
  for (uint32_t g : SortedOrder(groups.keys)) {
    CountbackRow row;
    row.group_key = groups.keys[g];
    HK_RETURN_IF_ERROR(ToFen(end_ar[g], row.group_key, "end_ar", row.end_ar));
    for (size_t k = 0; k < months; ++k) {
      HK_RETURN_IF_ERROR(
          ToFen(sales[g * months + k], row.group_key, "monthly sales", group_sales[k]));
    }
    row.dso_days = CountbackDays(row.end_ar, group_sales.data(), month_days.data(), months);
    rows.push_back(row);
  }
  return rows;
}

}  // namespace huikuan::core
