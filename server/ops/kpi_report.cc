#include "server/ops/kpi_report.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
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

// The ledger's invoices merged by (invoice day, due day) and each merged row's settlements by
// (day, write-off). Every figure of a one-group KPI row and of the countback DSO is a sum of
// amounts chosen by those days alone (core/kpi.h), so the merged columns give the same figures
// from far fewer rows: the total and each month of the trend read them twice (at 1,000,000
// invoices, 50 passes over the whole ledger took longer than everything else together).
class MergedLedger {
 public:
  explicit MergedLedger(const ReportLedger& ledger) {
    const size_t n = ledger.amounts.size();
    std::vector<uint32_t> merged_of(n);
    absl::flat_hash_map<uint64_t, uint32_t> row_of_days;
    for (size_t i = 0; i < n; ++i) {
      const uint64_t key =
          (static_cast<uint64_t>(static_cast<uint32_t>(ledger.invoice_days[i])) << 32) |
          static_cast<uint32_t>(ledger.due_days[i]);
      auto [it, inserted] =
          row_of_days.try_emplace(key, static_cast<uint32_t>(invoice_days_.size()));
      if (!inserted && amounts_[it->second] > core::kMaxAbsFen - ledger.amounts[i]) {
        // Past the core's largest amount: the same days go on in a row of their own.
        it->second = static_cast<uint32_t>(invoice_days_.size());
        inserted = true;
      }
      if (inserted) {
        invoice_days_.push_back(ledger.invoice_days[i]);
        due_days_.push_back(ledger.due_days[i]);
        amounts_.push_back(0);
      }
      merged_of[i] = it->second;
      amounts_[it->second] += ledger.amounts[i];
    }
    // Key: merged row, day (from the earliest valid one), write-off.
    absl::flat_hash_map<uint64_t, uint32_t> settlement_of;
    for (size_t s = 0; s < ledger.settlement_days.size(); ++s) {
      const uint32_t row = merged_of[ledger.settlement_invoice_index[s]];
      const core::EpochDay day = ledger.settlement_days[s];
      const uint8_t write_off = ledger.settlement_is_write_off[s] != 0 ? 1 : 0;
      const uint64_t key =
          (static_cast<uint64_t>(row) << 19 | static_cast<uint64_t>(day - core::kMinEpochDay))
              << 1 |
          write_off;
      auto [it, inserted] =
          settlement_of.try_emplace(key, static_cast<uint32_t>(settlement_days_.size()));
      if (inserted) {
        settlement_index_.push_back(row);
        settlement_days_.push_back(day);
        settlement_amounts_.push_back(0);
        settlement_is_write_off_.push_back(write_off);
      }
      settlement_amounts_[it->second] += ledger.settlement_amounts[s];
    }
  }

  core::InvoiceColumns Invoices() const {
    return core::InvoiceColumns{{}, invoice_days_, due_days_, amounts_};
  }
  core::SettlementColumns Settlements() const {
    return core::SettlementColumns{settlement_index_, settlement_days_, settlement_amounts_,
                                   settlement_is_write_off_};
  }

 private:
  std::vector<core::EpochDay> invoice_days_;
  std::vector<core::EpochDay> due_days_;
  std::vector<core::Fen> amounts_;
  std::vector<int64_t> settlement_index_;
  std::vector<core::EpochDay> settlement_days_;
  std::vector<core::Fen> settlement_amounts_;
  std::vector<uint8_t> settlement_is_write_off_;
};

// The caller's total over a period: one group, key 0.
absl::StatusOr<reports::KpiReportRow> TotalRow(const MergedLedger& ledger,
                                               const core::Period& period, std::string group) {
  reports::KpiReportRow row;
  row.group = group;
  row.label = std::move(group);
  HK_ASSIGN_OR_RETURN(core::KpiTable table,
                      core::ComputeKpisByGroup(ledger.Invoices(), ledger.Settlements(), period));
  if (!table.rows.empty()) {
    row.kpi = table.rows[0];
  } else {
    core::FillKpiRatios(period.days(), row.kpi);
  }
  HK_ASSIGN_OR_RETURN(auto countback,
                      Countback(ledger.Invoices(), ledger.Settlements(), period.last_day));
  row.countback_dso_days =
      countback.contains(0) ? countback[0] : std::numeric_limits<double>::quiet_NaN();
  return row;
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
  const MergedLedger merged(ledger);
  HK_ASSIGN_OR_RETURN(report.total, TotalRow(merged, query.period, "total"));
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
  for (const core::Period& period : months) {
    const std::string label = core::FormatDate(period.first_day).substr(0, 7);
    HK_ASSIGN_OR_RETURN(reports::KpiReportRow row, TotalRow(merged, period, label));
    report.trend.push_back(std::move(row));
  }
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
