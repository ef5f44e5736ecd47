// The KPI report (R-KPI-1, issue 11): DSO (simple and countback), AR turnover, CEI, overdue,
// bad-debt and collection rate per group for a period, the caller's total, and a monthly trend of
// the total ending with the period's last month. Figures come from core/kpi.h over the ledger's
// history up to the period's last day (report_ledger.h). Scoped like every report.
#ifndef HUIKUAN_SERVER_OPS_KPI_REPORT_H_
#define HUIKUAN_SERVER_OPS_KPI_REPORT_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "server/core/kpi.h"
#include "server/ops/report_ledger.h"
#include "server/ops/scopes.h"
#include "server/reports/report_types.h"

namespace huikuan::ops {

inline constexpr int32_t kDefaultTrendMonths = 24;
inline constexpr int32_t kMaxTrendMonths = 60;

struct KpiQuery {
  core::Period period;
  reports::Grouping grouping = reports::Grouping::kCompany;
  int32_t trend_months = kDefaultTrendMonths;  // 0..kMaxTrendMonths
};

// A period still running counts up to today. INVALID_ARGUMENT "first_date: ..." when the period
// starts after today, "last_date: ..." when it ends before it starts, "trend_months: ..." outside
// 0..60. `cache`: the replica's ledger cache (ledger_cache.h); none: the history from SQL.
absl::StatusOr<reports::KpiReport> BuildKpiReport(ReadScope& read, const KpiQuery& query,
                                                  LedgerCache* cache = nullptr);

// The same over an already loaded ledger (ledger.last_day >= the period's last day).
absl::StatusOr<reports::KpiReport> ComputeKpiReport(const ReportLedger& ledger,
                                                    const KpiQuery& query);

// The calendar month containing `day`: its first day and last day.
core::Period MonthOf(core::EpochDay day);

}  // namespace huikuan::ops

#endif  // HUIKUAN_SERVER_OPS_KPI_REPORT_H_
