// Commission tied to collection (R-COMM-1) and the collection-rate weight in every department's KPI
// (R-COMM-2).
//
//   CommissionInput in{.collected = 9'000'000, .due = 10'000'000, .base_rate_bp = 300,
//                      .monthly_bonus = 500'000, .over_30_days_overdue = 0};
//   absl::StatusOr<CommissionResult> c = ComputeCommission(in);
//   // collection rate 90% >= 90%: rate 3% x 1.05 = 3.15%, commission 283'500 fen, bonus kept
//
// R-COMM-1: commission is paid on collected amounts (回款), not on sales. A collection rate
// (collected / due) of at least 90% raises the commission rate by 5%; any amount more than 30 days
// overdue in the salesperson's book cuts that month's bonus by 20%.
// "提成比例提升5%" is read as a relative uplift (3% -> 3.15%) by default; set
// uplift = kPercentagePoints for "+5 points" (3% -> 8%). The commission is rounded once, half-up,
// from the exact product.
//
// Thread-safe: pure functions of their arguments, no global state, no I/O.
#ifndef HUIKUAN_SERVER_CORE_COMMISSION_H_
#define HUIKUAN_SERVER_CORE_COMMISSION_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "server/core/department.h"
#include "server/core/money.h"

namespace huikuan::core {

enum class UpliftKind : int8_t { kRelative = 0, kPercentagePoints = 1 };

struct CommissionConfig {
  int32_t target_collection_pct = 90;  // ">= 90%"
  BasisPoints uplift_bp = 500;         // 5%
  UpliftKind uplift = UpliftKind::kRelative;
  BasisPoints bonus_cut_bp = 2'000;  // 20% of the month's bonus
  int32_t overdue_cut_days = 30;  // "逾期超过30天": documentation; the caller sums the amount
};

struct CommissionInput {
  Fen collected = 0;             // collected in the month on the salesperson's receivables
  Fen due = 0;                   // due in the month (denominator of the collection rate)
  BasisPoints base_rate_bp = 0;  // commission rate before the uplift
  Fen monthly_bonus = 0;
  Fen over_30_days_overdue = 0;  // open amount more than 30 days overdue at month end
};

struct CommissionResult {
  bool target_met = false;     // collected * 100 >= due * target_pct (due 0: false)
  double collection_rate = 0;  // collected / due, NaN when due == 0 (display only)
  Fen commission = 0;
  Fen bonus = 0;  // after the cut
  Fen bonus_cut = 0;
  std::vector<std::string> explanation;
};

// Errors: INVALID_ARGUMENT for negative or oversized amounts, negative rates, overflow.
absl::StatusOr<CommissionResult> ComputeCommission(
    const CommissionInput& input, const CommissionConfig& config = CommissionConfig());

// R-COMM-2: the weight of the collection rate in a department's KPI, in basis points: sales 3000,
// finance 2000, investment 1500; legal and management 0 (the seed names none).
BasisPoints CollectionRateKpiWeightBp(Department department);

// A department's KPI score in basis points (0..10000): the collection component and the rest
// weighted: round((w * collection_score + (10000 - w) * other_score) / 10000), half-up.
// Scores in basis points 0..10000. Errors: a score outside 0..10000.
absl::StatusOr<BasisPoints> DepartmentKpiScore(Department department,
                                               BasisPoints collection_score_bp,
                                               BasisPoints other_score_bp);

}  // namespace huikuan::core

#endif  // HUIKUAN_SERVER_CORE_COMMISSION_H_
