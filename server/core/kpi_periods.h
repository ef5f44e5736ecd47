// R-KPI-1 for one group over many periods in one pass: the total row and the monthly trend of a
// KPI report. Period by period the figures equal ComputeKpisByGroup's (invoices without group
// keys) and the countback DSO equals DsoCountbackByGroup's as of the period's last day
// (core/kpi.h), but the columns are read once for all periods instead of twice per period: every
// figure is a sum of amounts chosen by a day (invoice, due or settlement day) against a period's
// ends, so day-indexed running sums answer all periods, and the two sums that compare two days
// (AR not yet due at the end, cash against invoices due in the period) add each row to a range of
// periods.
//
//   std::vector<Period> months = ...;  // increasing, not overlapping
//   absl::StatusOr<std::vector<PeriodKpis>> trend =
//       ComputeKpisByPeriod(invoices, settlements, months, /*countback_months=*/12);
//
// Thread-safe: pure function of its arguments, no global state, no I/O.
#ifndef HUIKUAN_SERVER_CORE_KPI_PERIODS_H_
#define HUIKUAN_SERVER_CORE_KPI_PERIODS_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "server/core/kpi.h"

namespace huikuan::core {

struct PeriodKpis {
  KpiRow kpi;                     // group_key 0; ratios NaN where a denominator is 0
  double countback_dso_days = 0;  // NaN when there are no invoices at all
};

// One result per period. Errors (INVALID_ARGUMENT naming the argument): as ComputeKpisByGroup for
// the columns and settlements; invoices.group_keys not empty; a period out of range, ending before
// it starts, or not after the one before it ("periods[3]: ..."); countback_months outside
// 1..1200; a sum that does not fit in int64.
absl::StatusOr<std::vector<PeriodKpis>> ComputeKpisByPeriod(const InvoiceColumns& invoices,
                                                            const SettlementColumns& settlements,
                                                            absl::Span<const Period> periods,
                                                            int32_t countback_months);

}  // namespace huikuan::core

#endif  // HUIKUAN_SERVER_CORE_KPI_PERIODS_H_
