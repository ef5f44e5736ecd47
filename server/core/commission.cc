#include "server/core/commission.h"

#include <limits>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "server/core/column_checks.h"
#include "server/core/status_macros.h"

namespace huikuan::core {

absl::StatusOr<CommissionResult> ComputeCommission(const CommissionInput& in,
                                                   const CommissionConfig& c) {
  HK_RETURN_IF_ERROR(ValidateAmount(in.collected, "collected"));
  HK_RETURN_IF_ERROR(ValidateAmount(in.due, "due"));
  HK_RETURN_IF_ERROR(ValidateAmount(in.monthly_bonus, "monthly_bonus"));
  HK_RETURN_IF_ERROR(ValidateAmount(in.over_30_days_overdue, "over_30_days_overdue"));
  if (in.base_rate_bp < 0 || in.base_rate_bp > kBasisPointsPerUnit) {
    return absl::InvalidArgumentError(
        absl::StrCat("base_rate_bp: ", in.base_rate_bp, " is outside 0..10000"));
  }
  if (c.target_collection_pct < 0 || c.uplift_bp < 0 || c.uplift_bp > kBasisPointsPerUnit ||
      c.bonus_cut_bp < 0 || c.bonus_cut_bp > kBasisPointsPerUnit) {
    return absl::InvalidArgumentError(
        "config: target_collection_pct >= 0, uplift_bp and bonus_cut_bp within 0..10000");
  }

  CommissionResult r;
  r.collection_rate = in.due == 0 ? std::numeric_limits<double>::quiet_NaN()
                                  : static_cast<double>(in.collected) / in.due;
  r.target_met = in.due > 0 && static_cast<Int128>(in.collected) * 100 >=
                                   static_cast<Int128>(in.due) * c.target_collection_pct;
  const std::string rate_text =
      in.due == 0 ? std::string("no amount due")
                  : absl::StrFormat("collection rate %.2f%%", 100.0 * r.collection_rate);

  // The effective rate as an exact fraction num / den of one; the commission is rounded once.
  Int128 num = in.base_rate_bp;
  Int128 den = kBasisPointsPerUnit;
  if (r.target_met) {
    if (c.uplift == UpliftKind::kRelative) {
      num = static_cast<Int128>(in.base_rate_bp) * (kBasisPointsPerUnit + c.uplift_bp);
      den = static_cast<Int128>(kBasisPointsPerUnit) * kBasisPointsPerUnit;
    } else {
      num = in.base_rate_bp + c.uplift_bp;
    }
    r.explanation.push_back(absl::StrFormat(
        "%s >= %d%%: commission rate %.2f%% raised to %.4f%%", rate_text, c.target_collection_pct,
        in.base_rate_bp / 100.0, 100.0 * static_cast<double>(num) / static_cast<double>(den)));
  } else {
    r.explanation.push_back(absl::StrFormat("%s below %d%%: commission rate %.2f%% unchanged",
                                            rate_text, c.target_collection_pct,
                                            in.base_rate_bp / 100.0));
  }
  HK_ASSIGN_OR_RETURN(r.commission, DivideRounded(static_cast<Int128>(in.collected) * num, den,
                                                  Rounding::kHalfUp, "commission"));
  r.explanation.push_back(absl::StrCat("commission on ", FormatYuan(in.collected),
                                       " yuan collected: ", FormatYuan(r.commission), " yuan"));
  if (in.over_30_days_overdue > 0) {
    HK_ASSIGN_OR_RETURN(r.bonus_cut, ApplyBasisPoints(in.monthly_bonus, c.bonus_cut_bp));
    r.explanation.push_back(
        absl::StrFormat("%s yuan more than %d days overdue: bonus cut by %.2f%% (%s yuan)",
                        FormatYuan(in.over_30_days_overdue), c.overdue_cut_days,
                        c.bonus_cut_bp / 100.0, FormatYuan(r.bonus_cut)));
  }
  r.bonus = in.monthly_bonus - r.bonus_cut;
  return r;
}

BasisPoints CollectionRateKpiWeightBp(Department department) {
  switch (department) {
    case Department::kSales:
      return 3'000;
    case Department::kFinance:
      return 2'000;
    case Department::kInvestment:
      return 1'500;
    case Department::kLegal:
    case Department::kManagement:
      return 0;
  }
  return 0;
}

absl::StatusOr<BasisPoints> DepartmentKpiScore(Department department,
                                               BasisPoints collection_score_bp,
                                               BasisPoints other_score_bp) {
  for (auto [name, v] :
       {std::pair<absl::string_view, BasisPoints>{"collection_score_bp", collection_score_bp},
        {"other_score_bp", other_score_bp}}) {
    if (v < 0 || v > kBasisPointsPerUnit) {
      return absl::InvalidArgumentError(absl::StrCat(name, ": ", v, " is outside 0..10000"));
    }
  }
  const BasisPoints w = CollectionRateKpiWeightBp(department);
  return DivideRounded(static_cast<Int128>(w) * collection_score_bp +
                           static_cast<Int128>(kBasisPointsPerUnit - w) * other_score_bp,
                       kBasisPointsPerUnit, Rounding::kHalfUp, "score");
}

}  // namespace huikuan::core
