#include "server/core/tiering.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "server/core/column_checks.h"
#include "server/core/status_macros.h"

namespace huikuan::core {
namespace {

std::string Pct(BasisPoints bp) { return absl::StrFormat("%.2f%%", bp / 100.0); }

absl::string_view PositionName(IndustryPosition p) {
  switch (p) {
    case IndustryPosition::kIndustryHead:
      return "industry head";
    case IndustryPosition::kRegionalLeader:
      return "regional leader";
    case IndustryPosition::kSme:
      return "SME";
    case IndustryPosition::kStartup:
      return "start-up";
  }
  return "unknown";
}

// The tier without reasons; inputs validated. Must agree with AssignTier (tested).
Tier TierOf(IndustryPosition position, int32_t years, BasisPoints share, CreditGrade grade,
            const TieringConfig& c) {
  Tier tier = Tier::kPotential;
  const bool head = position == IndustryPosition::kIndustryHead;
  if (head && years > c.strategic_min_years_exclusive && share >= c.strategic_min_share_bp) {
    tier = Tier::kStrategicCore;
  } else if ((head || position == IndustryPosition::kRegionalLeader) && years >= c.key_min_years &&
             share >= c.key_min_share_bp) {
    tier = Tier::kKeyPartner;
  } else if (position != IndustryPosition::kStartup && share >= c.general_min_share_bp) {
    tier = Tier::kGeneral;
  }
  const Tier best = c.best_tier_for_grade[static_cast<int>(grade)];
  return static_cast<int>(tier) < static_cast<int>(best) ? best : tier;
}

absl::Status ValidateProfile(int position, int grade, int32_t years, BasisPoints share,
                             absl::string_view suffix) {
  if (position < 0 || position > 3) {
    return absl::InvalidArgumentError(
        absl::StrCat("position", suffix, ": ", position, " is not an IndustryPosition"));
  }
  if (grade < 0 || grade > 3) {
    return absl::InvalidArgumentError(
        absl::StrCat("credit_grade", suffix, ": ", grade, " is not a CreditGrade"));
  }
  if (years < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("cooperation_years", suffix, ": ", years, " is negative"));
  }
  if (share < 0 || share > kBasisPointsPerUnit) {
    return absl::InvalidArgumentError(
        absl::StrCat("order_share_bp", suffix, ": ", share, " is outside 0..10000"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::string_view TierName(Tier tier) {
  switch (tier) {
    case Tier::kStrategicCore:
      return "strategic_core";
    case Tier::kKeyPartner:
      return "key_partner";
    case Tier::kGeneral:
      return "general";
    case Tier::kPotential:
      return "potential";
  }
  return "unknown";
}

absl::string_view RebateName(Rebate rebate) {
  switch (rebate) {
    case Rebate::kNone:
      return "none";
    case Rebate::kQuarterly:
      return "quarterly";
    case Rebate::kMonthly:
      return "monthly";
    case Rebate::kCashDiscount:
      return "cash_discount";
  }
  return "unknown";
}

absl::Status ValidateTieringConfig(const TieringConfig& c) {
  if (c.strategic_min_years_exclusive < 0 || c.key_min_years < 0) {
    return absl::InvalidArgumentError("strategic_min_years_exclusive/key_min_years: negative");
  }
  for (auto [name, bp] : {std::pair<absl::string_view, BasisPoints>{"strategic_min_share_bp",
                                                                    c.strategic_min_share_bp},
                          {"key_min_share_bp", c.key_min_share_bp},
                          {"general_min_share_bp", c.general_min_share_bp}}) {
    if (bp < 0 || bp > kBasisPointsPerUnit) {
      return absl::InvalidArgumentError(absl::StrCat(name, ": ", bp, " is outside 0..10000"));
    }
  }
  if (c.strategic_min_share_bp < c.key_min_share_bp ||
      c.key_min_share_bp < c.general_min_share_bp) {
    return absl::InvalidArgumentError(absl::StrCat(
        "min shares must not rise to a lower tier: strategic ", c.strategic_min_share_bp,
        " >= key partner ", c.key_min_share_bp, " >= general ", c.general_min_share_bp, " bp"));
  }
  for (size_t i = 0; i < c.terms.size(); ++i) {
    const TierTerms& t = c.terms[i];
    if (t.base_term_days < 0 || t.prepayment_bp < 0 || t.prepayment_bp > kBasisPointsPerUnit) {
      return absl::InvalidArgumentError(absl::StrCat(
          "terms[", i, "]: base_term_days must be >= 0 and prepayment_bp within 0..10000"));
    }
  }
  for (size_t i = 0; i < c.best_tier_for_grade.size(); ++i) {
    const int t = static_cast<int>(c.best_tier_for_grade[i]);
    if (t < 0 || t > 3) {
      return absl::InvalidArgumentError(
          absl::StrCat("best_tier_for_grade[", i, "]: ", t, " is not a Tier"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<TierResult> AssignTier(const TierProfile& p, const TieringConfig& c) {
  HK_RETURN_IF_ERROR(ValidateTieringConfig(c));
  const int grade = static_cast<int>(p.credit_grade);
  HK_RETURN_IF_ERROR(ValidateProfile(static_cast<int>(p.position), grade, p.cooperation_years,
                                     p.order_share_bp, ""));

  TierResult r;
  const std::string share = Pct(p.order_share_bp);
  Tier tier = Tier::kPotential;
  // Strategic core: all three conditions.
  std::vector<std::string> missing;
  if (p.position != IndustryPosition::kIndustryHead) {
    missing.push_back(absl::StrCat(PositionName(p.position), " is not an industry head"));
  }
  if (p.cooperation_years <= c.strategic_min_years_exclusive) {
    missing.push_back(absl::StrCat("cooperation ", p.cooperation_years, " years is not over ",
                                   c.strategic_min_years_exclusive));
  }
  if (p.order_share_bp < c.strategic_min_share_bp) {
    missing.push_back(absl::StrCat("share ", share, " < ", Pct(c.strategic_min_share_bp)));
  }
  if (missing.empty()) {
    tier = Tier::kStrategicCore;
    r.reasons.push_back(absl::StrCat(
        "strategic core: industry head, cooperation ", p.cooperation_years, " years > ",
        c.strategic_min_years_exclusive, ", share ", share, " >= ", Pct(c.strategic_min_share_bp)));
  } else {
    r.reasons.push_back(absl::StrCat("not strategic core: ", absl::StrJoin(missing, "; ")));
    missing.clear();
    if (p.position != IndustryPosition::kIndustryHead &&
        p.position != IndustryPosition::kRegionalLeader) {
      missing.push_back(
          absl::StrCat(PositionName(p.position), " is not a regional leader or industry head"));
    }
    if (p.cooperation_years < c.key_min_years) {
      missing.push_back(
          absl::StrCat("cooperation ", p.cooperation_years, " years < ", c.key_min_years));
    }
    if (p.order_share_bp < c.key_min_share_bp) {
      missing.push_back(absl::StrCat("share ", share, " < ", Pct(c.key_min_share_bp)));
    }
    if (missing.empty()) {
      tier = Tier::kKeyPartner;
      r.reasons.push_back(absl::StrCat("key partner: ", PositionName(p.position), ", cooperation ",
                                       p.cooperation_years, " years >= ", c.key_min_years,
                                       ", share ", share, " >= ", Pct(c.key_min_share_bp)));
    } else {
      r.reasons.push_back(absl::StrCat("not key partner: ", absl::StrJoin(missing, "; ")));
      if (p.position != IndustryPosition::kStartup && p.order_share_bp >= c.general_min_share_bp) {
        tier = Tier::kGeneral;
        r.reasons.push_back(
            absl::StrCat("general: share ", share, " >= ", Pct(c.general_min_share_bp)));
      } else {
        r.reasons.push_back(
            absl::StrCat("potential: ",
                         p.position == IndustryPosition::kStartup
                             ? std::string("start-up")
                             : absl::StrCat("share ", share, " < ", Pct(c.general_min_share_bp))));
      }
    }
  }
  // Fourth dimension: the credit grade caps the tier.
  const Tier best = c.best_tier_for_grade[grade];
  if (static_cast<int>(tier) < static_cast<int>(best)) {
    r.reasons.push_back(absl::StrCat("credit grade ", CreditGradeName(p.credit_grade),
                                     " caps the tier at ", TierName(best), " (from ",
                                     TierName(tier), ")"));
    tier = best;
  }
  r.tier = tier;
  r.terms = c.terms[static_cast<int>(tier)];
  return r;
}

absl::Status AssignTierBatch(const TierColumns& cols, const TieringConfig& config,
                             absl::Span<int8_t> tiers) {
  HK_RETURN_IF_ERROR(ValidateTieringConfig(config));
  const size_t n = cols.positions.size();
  HK_RETURN_IF_ERROR(CheckLength("cooperation_years", cols.cooperation_years.size(), n));
  HK_RETURN_IF_ERROR(CheckLength("order_share_bp", cols.order_share_bp.size(), n));
  HK_RETURN_IF_ERROR(CheckLength("credit_grades", cols.credit_grades.size(), n));
  HK_RETURN_IF_ERROR(CheckLength("tiers", tiers.size(), n));
  for (size_t i = 0; i < n; ++i) {
    const int position = cols.positions[i];
    const int grade = cols.credit_grades[i];
    const int32_t years = cols.cooperation_years[i];
    const BasisPoints share = cols.order_share_bp[i];
    if (position < 0 || position > 3 || grade < 0 || grade > 3 || years < 0 || share < 0 ||
        share > kBasisPointsPerUnit) {
      return ValidateProfile(position, grade, years, share, absl::StrCat("[", i, "]"));
    }
    tiers[i] = static_cast<int8_t>(TierOf(static_cast<IndustryPosition>(position), years, share,
                                          static_cast<CreditGrade>(grade), config));
  }
  return absl::OkStatus();
}

}  // namespace huikuan::core
