#include "server/service/term_policy_convert.h"

#include <array>
#include <string>

#include "absl/strings/str_cat.h"
#include "server/core/enum_names.h"
#include "server/core/resource_name.h"
#include "server/service/proto_time.h"
#include "server/service/status_mapping.h"

namespace huikuan::service {

absl::StatusOr<core::TermPolicyRules> RulesFromProto(const v1::TermPolicyRules& rules) {
  core::TermPolicyRules policy;
  policy.terms.volume_threshold = rules.volume_threshold_fen();
  policy.terms.volume_early_payment_bonus_days = rules.volume_early_payment_bonus_days();
  policy.terms.joint_promotion_bonus_days = rules.joint_promotion_bonus_days();
  policy.terms.max_term_days = rules.max_term_days();
  policy.terms.new_customer_ladder = rules.new_customer_ladder();
  policy.terms.ladder.clear();
  for (const v1::TermLadderStep& step : rules.ladder()) {
    policy.terms.ladder.push_back(core::LadderStep{step.prepayment_bp(), step.term_days()});
  }
  if (absl::Status status = core::ValidateTermsPolicy(policy.terms); !status.ok()) {
    return FieldViolation("rules", status.message());
  }
  std::array<bool, 4> seen = {false, false, false, false};
  for (int i = 0; i < rules.tier_terms_size(); ++i) {
    const v1::TierTermRow& row = rules.tier_terms(i);
    const std::string field = absl::StrCat("rules.tier_terms[", i, "]");
    std::optional<core::Tier> tier = core::ParseEnumName<core::Tier, 4>(row.tier(), core::TierName);
    if (!tier) {
      return FieldViolation(absl::StrCat(field, ".tier"),
                            "must be strategic_core, key_partner, general or potential");
    }
    const int index = static_cast<int>(*tier);
    if (seen[index]) return FieldViolation(absl::StrCat(field, ".tier"), "appears twice");
    seen[index] = true;
    core::TierTerms& terms = policy.matrix[index];
    terms.base_term_days = row.base_term_days();
    terms.prepayment_bp = row.prepayment_bp();
    std::optional<core::Rebate> rebate =
        core::ParseEnumName<core::Rebate, 4>(row.rebate(), core::RebateName);
    if (!rebate) {
      return FieldViolation(absl::StrCat(field, ".rebate"),
                            "must be none, quarterly, monthly or cash_discount");
    }
    terms.rebate = *rebate;
    if (row.has_min_order_share_bp()) {
      if (*tier == core::Tier::kPotential) {
        return FieldViolation(absl::StrCat(field, ".min_order_share_bp"),
                              "the potential tier has no minimum share");
      }
      policy.min_order_share_bp[index] = row.min_order_share_bp();
    }
  }
  if (seen != std::array<bool, 4>{true, true, true, true}) {
    return FieldViolation("rules.tier_terms", "must have exactly one row per tier (4 rows)");
  }
  if (absl::Status status = core::ValidateTieringConfig(policy.Tiering()); !status.ok()) {
    return FieldViolation("rules.tier_terms", status.message());
  }
  return policy;
}

v1::TermPolicyRules RulesToProto(const core::TermPolicyRules& rules) {
  v1::TermPolicyRules proto;
  proto.set_volume_threshold_fen(rules.terms.volume_threshold);
  proto.set_volume_early_payment_bonus_days(rules.terms.volume_early_payment_bonus_days);
  proto.set_joint_promotion_bonus_days(rules.terms.joint_promotion_bonus_days);
  proto.set_max_term_days(rules.terms.max_term_days);
  proto.set_new_customer_ladder(rules.terms.new_customer_ladder);
  for (const core::LadderStep& step : rules.terms.ladder) {
    v1::TermLadderStep* out = proto.add_ladder();
    out->set_prepayment_bp(static_cast<int32_t>(step.prepayment_bp));
    out->set_term_days(step.term_days);
  }
  for (int i = 0; i < 4; ++i) {
    const core::TierTerms& terms = rules.matrix[i];
    v1::TierTermRow* row = proto.add_tier_terms();
    row->set_tier(std::string(core::TierName(static_cast<core::Tier>(i))));
    row->set_base_term_days(terms.base_term_days);
    row->set_prepayment_bp(static_cast<int32_t>(terms.prepayment_bp));
    row->set_rebate(std::string(core::RebateName(terms.rebate)));
    if (i < 3) row->set_min_order_share_bp(static_cast<int32_t>(rules.min_order_share_bp[i]));
  }
  return proto;
}

v1::TermPolicy PolicyToProto(const store::TermPolicyRecord& policy) {
  v1::TermPolicy proto;
  proto.set_name(core::FormatResourceName("termPolicies", policy.version));
  proto.set_version(policy.version);
  proto.set_published_date(core::FormatDate(policy.published_day));
  proto.set_effective_date(core::FormatDate(policy.effective_day));
  *proto.mutable_rules() = RulesToProto(policy.rules);
  proto.set_comment(policy.comment);
  proto.set_create_user(core::FormatResourceName("users", policy.created_by));
  *proto.mutable_create_time() = ToProtoTimestamp(policy.create_time);
  proto.set_early_discount_bp_per_day(policy.early_discount_bp_per_day);
  return proto;
}

}  // namespace huikuan::service
