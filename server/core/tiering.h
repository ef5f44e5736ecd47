// Customer tiering from the four-dimension profile (R-TIER-1) and the differentiated term matrix
// (R-TIER-2, seed 000 "差异化账期矩阵").
//
//   TierProfile p{.position = IndustryPosition::kIndustryHead, .cooperation_years = 6,
//                 .order_share_bp = 3'500, .credit_grade = CreditGrade::kA};
//   absl::StatusOr<TierResult> t = AssignTier(p);
//   // t->tier == Tier::kStrategicCore, t->terms.base_term_days == 60, quarterly rebate
//
// Tiers, checked from the top; a customer gets the first whose conditions it meets:
//   strategic core  industry head (行业头部), cooperation > 5 years, order share >= 30%
//   key partner     regional leader (区域龙头) or industry head, cooperation >= 2 years, share >=
//   15% general         not a start-up, share >= 5% potential       everything else (share < 5% or
//   a start-up)
// The seed gives key partners "2-3 years" and strategic "over 5": the 3-5 year gap is open, so key
// partner only checks a minimum (key_min_years, default 2); a 4-year regional leader with 20% share
// is a key partner. The credit rating (fourth dimension) caps the tier: grade B at most key
// partner, C at most general, D potential (our choice; the seed names the dimension only).
//
// Thread-safe: pure functions of their arguments, no global state, no I/O.
#ifndef HUIKUAN_SERVER_CORE_TIERING_H_
#define HUIKUAN_SERVER_CORE_TIERING_H_

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "server/core/money.h"
#include "server/core/scorecard.h"

namespace huikuan::core {

// Stable numeric values. Lower value = better tier.
enum class Tier : int8_t {
  kStrategicCore = 0,  // 战略核心层
  kKeyPartner = 1,     // 重点合作层
  kGeneral = 2,        // 一般客户层
  kPotential = 3,      // 潜力培育层
};
absl::string_view TierName(Tier tier);  // "strategic_core", "key_partner", "general", "potential"

// The industry-attribute dimension as the seed uses it: the customer's position in its industry.
enum class IndustryPosition : int8_t {
  kIndustryHead = 0,    // 行业头部
  kRegionalLeader = 1,  // 区域龙头
  kSme = 2,             // 中小型企业
  kStartup = 3,         // 初创企业
};

enum class Rebate : int8_t { kNone = 0, kQuarterly = 1, kMonthly = 2, kCashDiscount = 3 };
absl::string_view RebateName(Rebate rebate);  // "none", "quarterly", "monthly", "cash_discount"

struct TierProfile {
  IndustryPosition position = IndustryPosition::kSme;
  EnterpriseSize size = EnterpriseSize::kSmall;  // recorded for the profile; not a tier condition
  int32_t cooperation_years = 0;                 // completed years of cooperation, >= 0
  BasisPoints order_share_bp = 0;                // customer's share of our orders, 0..10000
  CreditGrade credit_grade = CreditGrade::kC;
};

// A tier's standard terms (R-TIER-2). For the potential tier: 30% prepaid, the rest due on
// delivery (base_term_days 0).
struct TierTerms {
  int32_t base_term_days = 30;
  BasisPoints prepayment_bp = 0;
  Rebate rebate = Rebate::kNone;
};

struct TieringConfig {
  int32_t strategic_min_years_exclusive = 5;  // "合作超5年": strictly more than 5
  BasisPoints strategic_min_share_bp = 3'000;
  int32_t key_min_years = 2;
  BasisPoints key_min_share_bp = 1'500;
  BasisPoints general_min_share_bp = 500;
  // Term matrix indexed by Tier.
  std::array<TierTerms, 4> terms = {
      TierTerms{60, 0, Rebate::kQuarterly}, TierTerms{45, 0, Rebate::kMonthly},
      TierTerms{30, 0, Rebate::kCashDiscount}, TierTerms{0, 3'000, Rebate::kNone}};
  // Best tier allowed per CreditGrade (A, B, C, D).
  std::array<Tier, 4> best_tier_for_grade = {Tier::kStrategicCore, Tier::kKeyPartner,
                                             Tier::kGeneral, Tier::kPotential};
};

absl::Status ValidateTieringConfig(const TieringConfig& config);

struct TierResult {
  Tier tier = Tier::kPotential;
  TierTerms terms;
  // Why: one line per decision, e.g. "not strategic core: cooperation 4 years is not over 5",
  // "key partner: regional leader, 4 years >= 2, share 20.00% >= 15.00%".
  std::vector<std::string> reasons;
};

// Errors: INVALID_ARGUMENT for negative years, share outside 0..10000 bp, enum out of range, or an
// invalid config.
absl::StatusOr<TierResult> AssignTier(const TierProfile& profile,
                                      const TieringConfig& config = TieringConfig());

// Batch tiering without reasons: codes are the enums' numeric values; writes one Tier code per row
// into `tiers` (same length). Same rules and errors as AssignTier, naming the column and index
// ("order_share_bp[3]: 12000 is outside 0..10000"). The terms of a row are config.terms[tier].
struct TierColumns {
  absl::Span<const int8_t> positions;  // IndustryPosition codes
  absl::Span<const int32_t> cooperation_years;
  absl::Span<const BasisPoints> order_share_bp;
  absl::Span<const int8_t> credit_grades;  // CreditGrade codes
};
absl::Status AssignTierBatch(const TierColumns& columns, const TieringConfig& config,
                             absl::Span<int8_t> tiers);

}  // namespace huikuan::core

#endif  // HUIKUAN_SERVER_CORE_TIERING_H_
