#include "server/ops/commission_report.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "server/core/aging.h"
#include "server/core/commission.h"
#include "server/core/department.h"
#include "server/core/status_macros.h"
#include "server/core/violations.h"
#include "server/ops/report_groups.h"

namespace huikuan::ops {
namespace {

constexpr int32_t kOverdueCutDays = 30;

}  // namespace

absl::StatusOr<reports::CommissionReport> ComputeCommissionReport(const ReportLedger& ledger,
                                                                  const CommissionQuery& query,
                                                                  bool department_scores) {
  reports::CommissionReport report;
  report.month = query.month;
  const ReportGroups groups(reports::Grouping::kSalesperson, ledger.customers);
  const std::vector<int64_t> keys = groups.KeysOf(ledger.customer_ids);
  HK_ASSIGN_OR_RETURN(
      core::KpiTable table,
      core::ComputeKpisByGroup(ledger.Invoices(keys), ledger.Settlements(), query.period));
  // Open more than 30 days past due at the month's last day: bucket 1 of bounds {30}.
  core::AgingConfig over_30;
  over_30.upper_bounds = {kOverdueCutDays};
  HK_ASSIGN_OR_RETURN(core::AgingTable aged,
                      core::AgeByGroup(keys, ledger.OpenAt(query.period.last_day), ledger.due_days,
                                       query.period.last_day, over_30));
  absl::flat_hash_map<int64_t, core::Fen> over_30_of;
  for (size_t g = 0; g < aged.group_keys.size(); ++g) {
    over_30_of[aged.group_keys[g]] = aged.amount(g, 1);
  }
  core::CommissionConfig config;
  config.overdue_cut_days = kOverdueCutDays;
  for (const core::KpiRow& kpi : table.rows) {
    reports::CommissionRow row;
    row.salesperson_id = kpi.group_key;
    row.salesperson_name = groups.Label(kpi.group_key);
    row.input.collected = kpi.collections;
    row.input.due = kpi.due_in_period;
    row.input.base_rate_bp = query.base_rate_bp;
    row.input.monthly_bonus = query.monthly_bonus;
    row.input.over_30_days_overdue = over_30_of[kpi.group_key];
    HK_ASSIGN_OR_RETURN(row.result, core::ComputeCommission(row.input, config));
    report.rows.push_back(std::move(row));
  }
  std::sort(report.rows.begin(), report.rows.end(),
            [](const reports::CommissionRow& a, const reports::CommissionRow& b) {
              return a.salesperson_id < b.salesperson_id;
            });
  if (!department_scores) return report;
  core::Fen due = 0;
  core::Fen collected_of_due = 0;
  for (const core::KpiRow& kpi : table.rows) {
    due += kpi.due_in_period;
    collected_of_due += kpi.collected_of_due;
  }
  // The collection rate in basis points, rounded half-up, at most 100%.
  const core::BasisPoints collection_score =
      due == 0 ? 0
               : std::min<core::BasisPoints>(
                     core::kBasisPointsPerUnit,
                     (collected_of_due * core::kBasisPointsPerUnit * 2 + due) / (2 * due));
  for (core::Department department :
       {core::Department::kSales, core::Department::kFinance, core::Department::kInvestment,
        core::Department::kLegal, core::Department::kManagement}) {
    reports::DepartmentScore score;
    score.department = std::string(core::DepartmentName(department));
    score.collection_weight_bp = core::CollectionRateKpiWeightBp(department);
    score.collection_score_bp = collection_score;
    score.other_score_bp = query.other_score_bp;
    HK_ASSIGN_OR_RETURN(score.kpi_score_bp, core::DepartmentKpiScore(department, collection_score,
                                                                     query.other_score_bp));
    report.department_scores.push_back(std::move(score));
  }
  return report;
}

absl::StatusOr<reports::CommissionReport> BuildCommissionReport(ReadScope& read,
                                                                const CommissionQuery& query,
                                                                LedgerCache* cache) {
  if (query.base_rate_bp < 0 || query.base_rate_bp > core::kBasisPointsPerUnit) {
    return core::FieldViolation("base_rate_bp",
                                absl::StrCat(query.base_rate_bp, " outside 0..10000"));
  }
  if (query.monthly_bonus < 0 || query.monthly_bonus > core::kMaxAbsFen) {
    return core::FieldViolation("monthly_bonus_fen", "negative or too large");
  }
  if (query.other_score_bp < 0 || query.other_score_bp > core::kBasisPointsPerUnit) {
    return core::FieldViolation("other_score_bp",
                                absl::StrCat(query.other_score_bp, " outside 0..10000"));
  }
  if (query.period.first_day > read.today) {
    return core::FieldViolation("month", absl::StrCat(query.month, " is after today"));
  }
  CommissionQuery clipped = query;
  clipped.period.last_day = std::min(query.period.last_day, read.today);
  const ReportScope scope = ScopeReport(read.caller);
  const ReportLedger ledger = LoadReportLedger(read, scope, clipped.period.last_day, cache);
  return ComputeCommissionReport(ledger, clipped, !scope.owner_user_id && !scope.nothing);
}

}  // namespace huikuan::ops
