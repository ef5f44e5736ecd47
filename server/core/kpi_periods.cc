#include "server/core/kpi_periods.h"

#include <algorithm>
#include <limits>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "server/core/column_checks.h"
#include "server/core/kpi_internal.h"
#include "server/core/status_macros.h"

namespace huikuan::core {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

absl::Status CheckPeriods(absl::Span<const Period> periods, int32_t countback_months) {
  if (countback_months < 1 || countback_months > 1200) {
    return absl::InvalidArgumentError(
        absl::StrCat("countback_months: ", countback_months, " is outside 1..1200"));
  }
  for (size_t k = 0; k < periods.size(); ++k) {
    const std::string name = absl::StrCat("periods[", k, "]");
    HK_RETURN_IF_ERROR(ValidateEpochDay(periods[k].first_day, name + ".first_day"));
    HK_RETURN_IF_ERROR(ValidateEpochDay(periods[k].last_day, name + ".last_day"));
    if (periods[k].last_day < periods[k].first_day) {
      return absl::InvalidArgumentError(
          absl::StrCat(name, ": last_day ", FormatDate(periods[k].last_day),
                       " is before first_day ", FormatDate(periods[k].first_day)));
    }
    if (k > 0 && periods[k].first_day <= periods[k - 1].last_day) {
      return absl::InvalidArgumentError(absl::StrCat(name, ": starts on ",
                                                     FormatDate(periods[k].first_day),
                                                     ", not after the period before it ends"));
    }
  }
  return absl::OkStatus();
}

// The checks of ComputeKpisByGroup, with its wording.
absl::Status CheckColumns(const InvoiceColumns& invoices, const SettlementColumns& settlements) {
  if (!invoices.group_keys.empty()) {
    return absl::InvalidArgumentError("invoices.group_keys: must be empty (one group)");
  }
  HK_RETURN_IF_ERROR(kpi_internal::ValidateColumns(invoices, settlements));
  const size_t m = settlements.amounts.size();
  std::vector<Fen> settled(m > 0 ? invoices.amounts.size() : 0, 0);
  for (size_t j = 0; j < m; ++j) {
    HK_RETURN_IF_ERROR(kpi_internal::CheckSettlement(invoices, settlements, j, settled));
  }
  return absl::OkStatus();
}

// Sums by day over [lo, hi], turned into running sums: At(x) is the sum over days <= x.
class RunningSums {
 public:
  RunningSums(EpochDay lo, EpochDay hi) : lo_(lo), sums_(static_cast<size_t>(hi - lo + 1), 0) {}
  void Add(EpochDay day, Fen amount) { sums_[static_cast<size_t>(day - lo_)] += amount; }
  void Accumulate() {
    for (size_t d = 1; d < sums_.size(); ++d) sums_[d] += sums_[d - 1];
  }
  Int128 At(EpochDay x) const {
    if (x < lo_) return 0;
    const size_t d = std::min(static_cast<size_t>(x - lo_), sums_.size() - 1);
    return sums_[d];
  }
  // Over [first, last].
  Int128 Between(EpochDay first, EpochDay last) const { return At(last) - At(first - 1); }

 private:
  EpochDay lo_;
  std::vector<Int128> sums_;
};

absl::Status ToFen(Int128 value, size_t period, absl::string_view what, Fen& out) {
  if (value > std::numeric_limits<int64_t>::max() || value < std::numeric_limits<int64_t>::min()) {
    return absl::InvalidArgumentError(
        absl::StrCat("amounts: ", what, " of periods[", period, "] overflows int64"));
  }
  out = static_cast<Fen>(value);
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::vector<PeriodKpis>> ComputeKpisByPeriod(const InvoiceColumns& invoices,
                                                            const SettlementColumns& settlements,
                                                            absl::Span<const Period> periods,
                                                            int32_t countback_months) {
  HK_RETURN_IF_ERROR(CheckPeriods(periods, countback_months));
  HK_RETURN_IF_ERROR(CheckColumns(invoices, settlements));
  const size_t n = invoices.amounts.size();
  const size_t m = settlements.amounts.size();
  const size_t num_periods = periods.size();
  std::vector<PeriodKpis> out(num_periods);
  if (num_periods == 0) return out;

  // The days the columns span, one more at the end (a due day's next day is looked up).
  EpochDay lo = kMaxEpochDay;
  EpochDay hi = kMinEpochDay;
  for (size_t i = 0; i < n; ++i) {
    lo = std::min({lo, invoices.invoice_days[i], invoices.due_days[i]});
    hi = std::max({hi, invoices.invoice_days[i], invoices.due_days[i]});
  }
  for (size_t j = 0; j < m; ++j) {  // never before its invoice's day
    hi = std::max(hi, settlements.days[j]);
  }
  if (n == 0) lo = hi = periods[0].first_day;
  ++hi;

  // first_end[d - lo]: the first period whose last day is >= d (num_periods when none);
  // containing[d - lo]: the period d falls in, or -1.
  const size_t span = static_cast<size_t>(hi - lo + 1);
  std::vector<uint32_t> first_end(span);
  std::vector<int32_t> containing(span, -1);
  size_t k = 0;
  for (size_t d = 0; d < span; ++d) {
    const EpochDay day = lo + static_cast<EpochDay>(d);
    while (k < num_periods && periods[k].last_day < day) ++k;
    first_end[d] = static_cast<uint32_t>(k);
    if (k < num_periods && periods[k].first_day <= day) containing[d] = static_cast<int32_t>(k);
  }

  RunningSums issued(lo, hi), due(lo, hi), paid(lo, hi), written_off(lo, hi);
  // Not yet due at a period's end (issued <= end <= due, less what was settled by the end):
  // each row adds to the range of periods whose end it spans; current[k] sums the differences.
  std::vector<Int128> current(num_periods + 1, 0);
  std::vector<Int128> collected_of_due(num_periods, 0);
  auto span_of = [&](EpochDay from, EpochDay due_day, Int128 amount) {
    const uint32_t first = first_end[static_cast<size_t>(from - lo)];
    const uint32_t end = first_end[static_cast<size_t>(due_day + 1 - lo)];
    if (first < end) {
      current[first] += amount;
      current[end] -= amount;
    }
  };
  for (size_t i = 0; i < n; ++i) {
    const Fen amount = invoices.amounts[i];
    issued.Add(invoices.invoice_days[i], amount);
    due.Add(invoices.due_days[i], amount);
    span_of(invoices.invoice_days[i], invoices.due_days[i], amount);
  }
  const bool any_write_off = !settlements.is_write_off.empty();
  for (size_t j = 0; j < m; ++j) {
    const size_t inv = static_cast<size_t>(settlements.invoice_index[j]);
    const EpochDay day = settlements.days[j];
    const EpochDay due_day = invoices.due_days[inv];
    const Fen amount = settlements.amounts[j];
    const bool write_off = any_write_off && settlements.is_write_off[j] != 0;
    (write_off ? written_off : paid).Add(day, amount);
    span_of(day, due_day, -static_cast<Int128>(amount));
    if (write_off) continue;
    const int32_t period = containing[static_cast<size_t>(due_day - lo)];
    if (period >= 0 && day <= periods[period].last_day) collected_of_due[period] += amount;
  }
  issued.Accumulate();
  due.Accumulate();
  paid.Accumulate();
  written_off.Accumulate();

  constexpr absl::CivilDay kEpoch(1970, 1, 1);
  const size_t months = static_cast<size_t>(countback_months);
  std::vector<Fen> sales(months);
  std::vector<int32_t> month_days(months);
  Int128 not_yet_due = 0;
  for (size_t p = 0; p < num_periods; ++p) {
    const EpochDay first = periods[p].first_day;
    const EpochDay last = periods[p].last_day;
    not_yet_due += current[p];
    KpiRow& row = out[p].kpi;
    HK_RETURN_IF_ERROR(ToFen(issued.Between(first, last), p, "credit_sales", row.credit_sales));
    HK_RETURN_IF_ERROR(ToFen(issued.At(first - 1) - paid.At(first - 1) - written_off.At(first - 1),
                             p, "begin_ar", row.begin_ar));
    HK_RETURN_IF_ERROR(
        ToFen(issued.At(last) - paid.At(last) - written_off.At(last), p, "end_ar", row.end_ar));
    HK_RETURN_IF_ERROR(ToFen(not_yet_due, p, "end_current_ar", row.end_current_ar));
    row.end_overdue_ar = row.end_ar - row.end_current_ar;
    HK_RETURN_IF_ERROR(ToFen(paid.Between(first, last), p, "collections", row.collections));
    HK_RETURN_IF_ERROR(ToFen(written_off.Between(first, last), p, "bad_debt", row.bad_debt));
    HK_RETURN_IF_ERROR(ToFen(due.Between(first, last), p, "due_in_period", row.due_in_period));
    HK_RETURN_IF_ERROR(ToFen(collected_of_due[p], p, "collected_of_due", row.collected_of_due));
    FillKpiRatios(periods[p].days(), row);

    // Countback as of `last`: its month up to `last`, then whole calendar months back.
    if (n == 0) {
      out[p].countback_dso_days = kNaN;
      continue;
    }
    const absl::CivilMonth month(kEpoch + last);
    EpochDay month_end = last;
    for (size_t b = 0; b < months; ++b) {
      const EpochDay start =
          static_cast<EpochDay>(absl::CivilDay(month - static_cast<int64_t>(b)) - kEpoch);
      month_days[b] = month_end - start + 1;
      HK_RETURN_IF_ERROR(ToFen(issued.Between(start, month_end), p, "monthly sales", sales[b]));
      month_end = start - 1;
    }
    out[p].countback_dso_days =
        kpi_internal::CountbackDays(row.end_ar, sales.data(), month_days.data(), sales.size());
  }
  return out;
}

}  // namespace huikuan::core
