#include "server/ops/kpi_report.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "server/core/kpi_periods.h"
#include "server/core/status_macros.h"
#include "server/core/violations.h"
#include "server/ops/report_groups.h"

namespace huikuan::ops {
namespace {

constexpr int32_t kCountbackMonths = 12;

// Countback DSO per group key.
absl::StatusOr<absl::flat_hash_map<int64_t, double>> Countback(
    const core::InvoiceColumns& invoices, const core::SettlementColumns& settlements,
    core::EpochDay as_of) {
  absl::flat_hash_map<int64_t, double> dso;
  HK_ASSIGN_OR_RETURN(std::vector<core::CountbackRow> rows,
                      core::DsoCountbackByGroup(invoices, settlements, as_of, kCountbackMonths));
  for (const core::CountbackRow& row : rows) dso[row.group_key] = row.dso_days;
  return dso;
}

// The caller's total over each period (one group), as rows named by `names`: every period's
// figures from one pass over the ledger (core/kpi_periods.h), not two per period.
absl::StatusOr<std::vector<reports::KpiReportRow>> TotalRows(
    const ReportLedger& ledger, const std::vector<core::Period>& periods,
    const std::vector<std::string>& names) {
  const std::vector<int64_t> no_keys;
  HK_ASSIGN_OR_RETURN(std::vector<core::PeriodKpis> totals,
                      core::ComputeKpisByPeriod(ledger.Invoices(no_keys), ledger.Settlements(),
                                                periods, kCountbackMonths));
  std::vector<reports::KpiReportRow> rows(periods.size());
  for (size_t p = 0; p < periods.size(); ++p) {
    rows[p].group = rows[p].label = names[p];
    rows[p].kpi = totals[p].kpi;
    rows[p].countback_dso_days = totals[p].countback_dso_days;
  }
  return rows;
}

}  // namespace

core::Period MonthOf(core::EpochDay day) {
  absl::CivilDay civil = *core::FromEpochDay(day);
  const absl::CivilDay first(civil.year(), civil.month(), 1);
  const core::EpochDay first_day = *core::ToEpochDay(first);
  return core::Period{first_day, first_day + core::DaysInMonth(day) - 1};
}

absl::StatusOr<reports::KpiReport> ComputeKpiReport(const ReportLedger& ledger,
                                                    const KpiQuery& query) {
  reports::KpiReport report;
  report.period = query.period;
  report.grouping = query.grouping;
  const ReportGroups groups(query.grouping, ledger.customers);
  const std::vector<int64_t> keys = groups.KeysOf(ledger.customer_ids);
  HK_ASSIGN_OR_RETURN(
      core::KpiTable table,
      core::ComputeKpisByGroup(ledger.Invoices(keys), ledger.Settlements(), query.period));
  HK_ASSIGN_OR_RETURN(auto countback, Countback(ledger.Invoices(keys), ledger.Settlements(),
                                                query.period.last_day));
  for (const core::KpiRow& kpi : table.rows) {
    reports::KpiReportRow row;
    row.group = groups.Group(kpi.group_key);
    row.label = groups.Label(kpi.group_key);
    row.kpi = kpi;
    row.countback_dso_days = countback.contains(kpi.group_key)
                                 ? countback[kpi.group_key]
                                 : std::numeric_limits<double>::quiet_NaN();
    report.rows.push_back(std::move(row));
  }
  std::sort(report.rows.begin(), report.rows.end(),
            [](const reports::KpiReportRow& a, const reports::KpiReportRow& b) {
              return a.group < b.group;
            });
  HK_ASSIGN_OR_RETURN(std::vector<reports::KpiReportRow> total,
                      TotalRows(ledger, {query.period}, {"total"}));
  report.total = std::move(total[0]);
  // The trend: calendar months back from the period's last month; the last one ends with the
  // period (a month still running counts up to its last day).
  core::Period month = MonthOf(query.period.last_day);
  std::vector<core::Period> months;
  for (int32_t m = 0; m < query.trend_months; ++m) {
    core::Period clipped = month;
    clipped.last_day = std::min(clipped.last_day, query.period.last_day);
    months.push_back(clipped);
    month = MonthOf(month.first_day - 1);
  }
  std::reverse(months.begin(), months.end());
  std::vector<std::string> labels;
  for (const core::Period& period : months) {
    labels.push_back(core::FormatDate(period.first_day).substr(0, 7));
  }
  HK_ASSIGN_OR_RETURN(report.trend, TotalRows(ledger, months, labels));
  return report;
}

absl::StatusOr<reports::KpiReport> BuildKpiReport(ReadScope& read, const KpiQuery& query,
                                                  LedgerCache* cache) {
  if (query.period.last_day < query.period.first_day) {
    return core::FieldViolation("last_date", "before first_date");
  }
  if (query.period.first_day > read.today) {
    return core::FieldViolation(
        "first_date", absl::StrCat(core::FormatDate(query.period.first_day), " is after today"));
  }
  if (query.trend_months < 0 || query.trend_months > kMaxTrendMonths) {
    return core::FieldViolation("trend_months",
                                absl::StrCat(query.trend_months, " outside 0..", kMaxTrendMonths));
  }
  // A period still running counts up to today.
  KpiQuery clipped = query;
  clipped.period.last_day = std::min(query.period.last_day, read.today);
  const ReportLedger ledger =
      LoadReportLedger(read, ScopeReport(read.caller), clipped.period.last_day, cache);
  return ComputeKpiReport(ledger, clipped);
}

}  // namespace huikuan::ops
