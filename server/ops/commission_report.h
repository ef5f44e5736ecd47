// Commission per salesperson for a month (R-COMM-1, issue 11) and the department KPI scores
// (R-COMM-2). Per salesperson, over the customers they own:
//   collected   cash received in the month (payments and goods-for-debt settlements, by day)
//   due         receivables due in the month (core/kpi.h due_in_period)
//   over 30     open at the month's last day and more than 30 days past due
// then core::ComputeCommission, whose explanation lines say how each figure was reached. The
// department scores weigh the company collection rate of the month (collected of due, kpi.h) by
// core::CollectionRateKpiWeightBp. Sales staff see only their own row and no department scores.
#ifndef HUIKUAN_SERVER_OPS_COMMISSION_REPORT_H_
#define HUIKUAN_SERVER_OPS_COMMISSION_REPORT_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "server/core/kpi.h"
#include "server/core/money.h"
#include "server/ops/report_ledger.h"
#include "server/ops/scopes.h"
#include "server/reports/report_types.h"

namespace huikuan::ops {

struct CommissionQuery {
  std::string month;  // "YYYY-MM"
  core::Period period;
  core::BasisPoints base_rate_bp = 100;
  core::Fen monthly_bonus = 0;
  core::BasisPoints other_score_bp = 10'000;
};

// INVALID_ARGUMENT naming base_rate_bp, monthly_bonus_fen or other_score_bp when out of range,
// month when it starts after today. `cache`: as BuildKpiReport's.
absl::StatusOr<reports::CommissionReport> BuildCommissionReport(ReadScope& read,
                                                                const CommissionQuery& query,
                                                                LedgerCache* cache = nullptr);
// Over an already loaded ledger (last_day >= the period's last day, clipped to today).
// `department_scores`: whether the caller may see the company-wide scores.
absl::StatusOr<reports::CommissionReport> ComputeCommissionReport(const ReportLedger& ledger,
                                                                  const CommissionQuery& query,
                                                                  bool department_scores);

}  // namespace huikuan::ops

#endif  // HUIKUAN_SERVER_OPS_COMMISSION_REPORT_H_
