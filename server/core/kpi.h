// Receivables KPIs (R-KPI-1): DSO (simple and countback), AR turnover, CEI, overdue rate, bad-debt
// rate and collection rate, for the company or per customer / salesperson / department (any
// integer key column).
//
//   Period p{ .first_day = *ParseDate("2024-03-01"), .last_day = *ParseDate("2024-03-31") };
//   absl::StatusOr<KpiTable> t = ComputeKpisByGroup(invoices, settlements, p);
//   t->rows[0].dso_days   // simple DSO of the first (smallest) key
//
// Definitions (all amounts in fen, all ratios as double, NaN when the denominator is 0):
//   credit_sales      invoices with invoice_day in [first_day, last_day]
//   AR(d)             sum over invoices with invoice_day <= d of amount minus settlements (payments
//                     and write-offs) with day <= d
//   begin_ar          AR(first_day - 1); end_ar = AR(last_day)
//   end_current_ar    part of end_ar on invoices with due_day >= last_day (not yet overdue)
//   end_overdue_ar    end_ar - end_current_ar
//   collections       payments (not write-offs) with day in the period
//   bad_debt          write-offs with day in the period
//   due_in_period     amount of invoices with due_day in the period
//   collected_of_due  payments with day <= last_day on those invoices
//
//   dso_days          end_ar / credit_sales * period_days                    (simple DSO)
//   ar_turnover       credit_sales / ((begin_ar + end_ar) / 2)               (seed 002 FAQ formula)
//   cei               (begin_ar + credit_sales - end_ar) /
//                     (begin_ar + credit_sales - end_current_ar)             (0..1; x100 for %)
//   overdue_rate      end_overdue_ar / end_ar
//   bad_debt_rate     bad_debt / credit_sales
//   collection_rate   collected_of_due / due_in_period                       (回款率)
// Ratios are computed as the quotient of two exact integer sums, so they equal a pandas
// computation of the same sums to the last bit of a double division.
//
// Thread-safe: pure functions of their arguments, no global state, no I/O. A batch of kParallelRows
// rows or more (parallel.h) is summed on the calling thread and one helper thread.
#ifndef HUIKUAN_SERVER_CORE_KPI_H_
#define HUIKUAN_SERVER_CORE_KPI_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "server/core/civil_date.h"
#include "server/core/money.h"
#include "server/core/tick_column.h"

namespace huikuan::core {

// A reporting period, both ends inclusive.
struct Period {
  EpochDay first_day = 0;
  EpochDay last_day = 0;
  int32_t days() const { return last_day - first_day + 1; }
};

// Invoice columns, one row per invoice; all spans of equal length except group_keys (may be empty:
// one group, key 0). Amounts >= 0.
struct InvoiceColumns {
  absl::Span<const int64_t> group_keys;
  absl::Span<const EpochDay> invoice_days;
  absl::Span<const EpochDay> due_days;
  absl::Span<const Fen> amounts;
};

// Settlement columns, one row per payment allocation or write-off against an invoice; the group of
// a settlement is its invoice's group. invoice_index is a row of InvoiceColumns. is_write_off may
// be empty (all payments). Amounts >= 0.
struct SettlementColumns {
  absl::Span<const int64_t> invoice_index;
  absl::Span<const EpochDay> days;
  absl::Span<const Fen> amounts;
  absl::Span<const uint8_t> is_write_off;  // nonzero = bad-debt write-off (坏账核销)
};

// The exact sums and the KPIs of one group.
struct KpiRow {
  int64_t group_key = 0;
  Fen credit_sales = 0;
  Fen begin_ar = 0;
  Fen end_ar = 0;
  Fen end_current_ar = 0;
  Fen end_overdue_ar = 0;
  Fen collections = 0;
  Fen bad_debt = 0;
  Fen due_in_period = 0;
  Fen collected_of_due = 0;

  double dso_days = 0;
  double ar_turnover = 0;
  double cei = 0;
  double overdue_rate = 0;
  double bad_debt_rate = 0;
  double collection_rate = 0;
};

struct KpiTable {
  int32_t period_days = 0;
  std::vector<KpiRow> rows;  // ascending group_key; only groups with at least one invoice
};

// One pass over invoices and one over settlements. Errors (INVALID_ARGUMENT naming the argument):
// length mismatch, negative/oversized amount, date out of range, period with last_day < first_day,
// invoice_index out of range, a settlement dated before its invoice, settlements exceeding an
// invoice's amount, overflow.
absl::StatusOr<KpiTable> ComputeKpisByGroup(const InvoiceColumns& invoices,
                                            const SettlementColumns& settlements,
                                            const Period& period);

// The same columns with their dates as timestamps (tick_column.h), e.g. numpy datetime64 viewed as
// int64; each date column has its own unit.
struct InvoiceTickColumns {
  absl::Span<const int64_t> group_keys;
  TickColumn invoice_days;
  TickColumn due_days;
  absl::Span<const Fen> amounts;
};
struct SettlementTickColumns {
  absl::Span<const int64_t> invoice_index;
  TickColumn days;
  absl::Span<const Fen> amounts;
  absl::Span<const uint8_t> is_write_off;
};

// ComputeKpisByGroup over timestamp columns, read without converting them. nullopt when the input
// is not the plain valid case or its keys are too spread for a table (then convert the days and
// call ComputeKpisByGroup, which reports the error or handles the case); otherwise exactly
// ComputeKpisByGroup's table for the converted days.
std::optional<KpiTable> TryKpisByGroupTicks(const InvoiceTickColumns& invoices,
                                            const SettlementTickColumns& settlements,
                                            const Period& period);

// Fills the ratio fields of a row from its sums (NaN where a denominator is 0).
void FillKpiRatios(int32_t period_days, KpiRow& row);

// Scalar conveniences over already-summed figures; INVALID_ARGUMENT for negative inputs or
// period_days <= 0; a zero denominator yields NaN (not an error: "no sales" has no DSO).
absl::StatusOr<double> DsoSimple(Fen ending_ar, Fen credit_sales, int32_t period_days);
absl::StatusOr<double> ArTurnover(Fen credit_sales, Fen begin_ar, Fen end_ar);
absl::StatusOr<double> CollectionEffectivenessIndex(Fen begin_ar, Fen credit_sales, Fen end_ar,
                                                    Fen end_current_ar);

// Countback DSO: walks back from the most recent month, consuming each month's credit sales from
// the ending AR; the days of fully consumed months count in full and the last, partly consumed
// month counts pro rata (days * remaining_ar / sales). If the AR exceeds all given sales, the
// result is the sum of all days (a lower bound). Inputs ordered most recent first; sales >= 0, days
// > 0. Example: AR 150, sales {100 (31 days), 100 (29 days)} -> 31 + 29 * 50/100 = 45.5.
absl::StatusOr<double> DsoCountback(Fen ending_ar, absl::Span<const Fen> sales_most_recent_first,
                                    absl::Span<const int32_t> days_most_recent_first);

// Countback DSO per group, from the same columns as ComputeKpisByGroup. The ending AR is AR(as_of)
// (invoices dated <= as_of minus settlements dated <= as_of); the months counted back are calendar
// months ending with as_of's month, whose length is its days up to and including as_of (1st to
// as_of); earlier months count their full length; at most max_months months (1..1200). Monthly
// credit sales are the group's invoices dated in each month (up to as_of). Each row's dso_days
// equals DsoCountback(end_ar, monthly sales, month lengths). Example: as_of 2024-03-15, AR 150,
// sales March 1-15: 100, February: 100 -> 15 + 29 * 50/100 = 29.5 days.
struct CountbackRow {
  int64_t group_key = 0;
  Fen end_ar = 0;
  double dso_days = 0;
};
// Errors: as ComputeKpisByGroup (columns, settlements), plus as_of out of range and max_months
// outside 1..1200. Rows in ascending key order, one per group with at least one invoice.
absl::StatusOr<std::vector<CountbackRow>> DsoCountbackByGroup(const InvoiceColumns& invoices,
                                                              const SettlementColumns& settlements,
                                                              EpochDay as_of,
                                                              int32_t max_months = 12);

}  // namespace huikuan::core

#endif  // HUIKUAN_SERVER_CORE_KPI_H_
