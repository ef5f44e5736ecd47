#include "server/core/assessment.h"

#include "server/core/risk_level.h"
#include "server/core/status_macros.h"

namespace huikuan::core {

absl::string_view IndustryPositionName(IndustryPosition position) {
  switch (position) {
    case IndustryPosition::kIndustryHead:
      return "industry_head";
    case IndustryPosition::kRegionalLeader:
      return "regional_leader";
    case IndustryPosition::kSme:
      return "sme";
    case IndustryPosition::kStartup:
      return "startup";
  }
  return "sme";
}

int32_t CompletedYears(EpochDay first, EpochDay last) {
  if (last < first) return 0;
  int32_t years = 0;
  while (true) {
    absl::StatusOr<EpochDay> next = AddYears(first, years + 1);
    if (!next.ok() || *next > last) return years;
    ++years;
  }
}

absl::StatusOr<CustomerAssessment> AssessCustomer(const CustomerProfile& profile,
                                                  const AssessmentFacts& facts, EpochDay as_of,
                                                  const TieringConfig& tiering) {
  ScoreInput score_input;
  score_input.size = profile.size;
  score_input.tax_grade = profile.tax_grade;
  score_input.bank_credit_line = profile.bank_credit_line;
  score_input.paid_invoices = facts.paid_invoices;
  score_input.paid_on_time = facts.paid_on_time;
  score_input.behaviour = facts.behaviour;
  HK_ASSIGN_OR_RETURN(Scorecard scorecard, ScoreCustomer(score_input));

  HK_ASSIGN_OR_RETURN(Fen monthly_purchases, MulDiv(facts.invoiced, 1, 12, Rounding::kHalfUp));
  HK_ASSIGN_OR_RETURN(
      CreditRecommendation recommendation,
      RecommendCredit(scorecard.grade, facts.paid_invoices == 0, monthly_purchases));
  HK_ASSIGN_OR_RETURN(recommendation, CapRecommendation(recommendation, facts.warning_level,
                                                        facts.paid_invoices == 0, monthly_purchases,
                                                        facts.current_limit));

  TierProfile tier_profile;
  tier_profile.position = profile.position;
  tier_profile.size = profile.size;
  tier_profile.cooperation_years =
      facts.first_invoice_day ? CompletedYears(*facts.first_invoice_day, as_of) : 0;
  if (facts.all_invoiced > 0) {
    HK_ASSIGN_OR_RETURN(tier_profile.order_share_bp, MulDiv(facts.invoiced, kBasisPointsPerUnit,
                                                            facts.all_invoiced, Rounding::kHalfUp));
  }
  tier_profile.credit_grade = recommendation.grade;
  HK_ASSIGN_OR_RETURN(TierResult tier, AssignTier(tier_profile, tiering));

  CustomerAssessment assessment;
  assessment.score = scorecard.total;
  assessment.risk = scorecard.risk;
  assessment.grade = scorecard.grade;
  assessment.components = std::move(scorecard.components);
  assessment.deductions = std::move(scorecard.deductions);
  assessment.summary = std::move(scorecard.summary);
  assessment.tier = tier.tier;
  assessment.tier_reasons = std::move(tier.reasons);
  assessment.recommendation = std::move(recommendation);
  assessment.cooperation_years = tier_profile.cooperation_years;
  assessment.order_share_bp = tier_profile.order_share_bp;
  assessment.paid_invoices = facts.paid_invoices;
  assessment.paid_on_time = facts.paid_on_time;
  assessment.monthly_purchases = monthly_purchases;
  return assessment;
}

}  // namespace huikuan::core
