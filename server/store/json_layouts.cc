#include "server/store/json_layouts.h"

#include <limits>

#include "absl/strings/str_cat.h"
#include "server/core/enum_names.h"
#include "server/core/json.h"
#include "server/core/status_macros.h"

namespace huikuan::store {
namespace {

using core::Json;

constexpr int64_t kLayoutVersion = 1;

absl::StatusOr<Json> ParseLayout(absl::string_view json, absl::string_view what) {
  absl::StatusOr<Json> doc = Json::Parse(json);
  if (!doc.ok()) {
    return absl::InternalError(
        absl::StrCat("stored ", what, " is not JSON: ", doc.status().message()));
  }
  absl::StatusOr<int64_t> version = doc->GetInt("v");
  if (!version.ok() || *version != kLayoutVersion) {
    return absl::InternalError(absl::StrCat("stored ", what, " is not layout v1"));
  }
  return doc;
}

absl::StatusOr<int32_t> GetInt32(const Json& object, absl::string_view key) {
  HK_ASSIGN_OR_RETURN(int64_t value, object.GetInt(key));
  if (value < std::numeric_limits<int32_t>::min() || value > std::numeric_limits<int32_t>::max()) {
    return absl::InvalidArgumentError(absl::StrCat("JSON member \"", key, "\" is out of range"));
  }
  return static_cast<int32_t>(value);
}

template <typename Enum, int kCount>
absl::StatusOr<Enum> GetEnum(const Json& object, absl::string_view key,
                             absl::string_view (*name_of)(Enum)) {
  HK_ASSIGN_OR_RETURN(std::string name, object.GetString(key));
  std::optional<Enum> value = core::ParseEnumName<Enum, kCount>(name, name_of);
  if (!value) {
    return absl::InvalidArgumentError(
        absl::StrCat("JSON member \"", key, "\" is \"", name, "\", not a known value"));
  }
  return *value;
}

// Read errors become INTERNAL: a stored row that does not read back was not written by this code.
absl::Status Unreadable(absl::string_view what, const absl::Status& status) {
  return absl::InternalError(absl::StrCat("stored ", what, " is unreadable: ", status.message()));
}

// --- terms breakdown ---

absl::StatusOr<core::TermsBreakdown> ReadTermsBreakdown(const Json& doc) {
  core::TermsBreakdown breakdown;
  HK_ASSIGN_OR_RETURN(std::string tier, doc.GetString("tier"));
  if (!tier.empty()) {
    breakdown.tier = core::ParseEnumName<core::Tier, 4>(tier, core::TierName);
    if (!breakdown.tier) return absl::InvalidArgumentError("unknown tier");
  }
  HK_ASSIGN_OR_RETURN(breakdown.prior_orders, GetInt32(doc, "prior_orders"));
  HK_ASSIGN_OR_RETURN(breakdown.policy_version, doc.GetInt("policy_version"));
  HK_ASSIGN_OR_RETURN(const Json* steps, doc.GetArray("steps"));
  for (const Json& item : steps->items()) {
    core::TermStep step;
    HK_ASSIGN_OR_RETURN(step.step, item.GetString("step"));
    HK_ASSIGN_OR_RETURN(step.days_after, GetInt32(item, "days_after"));
    HK_ASSIGN_OR_RETURN(step.explanation, item.GetString("explanation"));
    breakdown.steps.push_back(std::move(step));
  }
  return breakdown;
}

// --- assessment ---

Json RecommendationJson(const core::CreditRecommendation& recommendation) {
  return Json::Object()
      .Set("grade", Json::String(core::CreditGradeName(recommendation.grade)))
      .Set("term_days", Json::Int(recommendation.term_days))
      .Set("prepayment_bp", Json::Int(recommendation.prepayment_bp))
      .Set("credit_limit_fen", Json::Int(recommendation.credit_limit))
      .Set("reason", Json::String(recommendation.reason));
}

absl::StatusOr<core::CustomerAssessment> ReadAssessment(const Json& doc) {
  core::CustomerAssessment a;
  HK_ASSIGN_OR_RETURN(a.score, GetInt32(doc, "score"));
  HK_ASSIGN_OR_RETURN(a.risk, (GetEnum<core::RiskLevel, 3>(doc, "risk", core::RiskLevelName)));
  HK_ASSIGN_OR_RETURN(a.grade,
                      (GetEnum<core::CreditGrade, 4>(doc, "grade", core::CreditGradeName)));
  HK_ASSIGN_OR_RETURN(const Json* components, doc.GetArray("components"));
  for (const Json& item : components->items()) {
    core::ScoreComponent component;
    HK_ASSIGN_OR_RETURN(component.name, item.GetString("name"));
    HK_ASSIGN_OR_RETURN(component.points, GetInt32(item, "points"));
    HK_ASSIGN_OR_RETURN(component.max_points, GetInt32(item, "max_points"));
    HK_ASSIGN_OR_RETURN(component.reason, item.GetString("reason"));
    a.components.push_back(std::move(component));
  }
  HK_ASSIGN_OR_RETURN(a.summary, doc.GetString("summary"));
  HK_ASSIGN_OR_RETURN(a.tier, (GetEnum<core::Tier, 4>(doc, "tier", core::TierName)));
  HK_ASSIGN_OR_RETURN(const Json* reasons, doc.GetArray("tier_reasons"));
  for (const Json& item : reasons->items()) {
    if (item.kind() != Json::Kind::kString) {
      return absl::InvalidArgumentError("tier_reasons holds a non-string");
    }
    a.tier_reasons.push_back(item.string_value());
  }
  HK_ASSIGN_OR_RETURN(const Json* recommendation, doc.GetObject("recommendation"));
  HK_ASSIGN_OR_RETURN(
      a.recommendation.grade,
      (GetEnum<core::CreditGrade, 4>(*recommendation, "grade", core::CreditGradeName)));
  HK_ASSIGN_OR_RETURN(a.recommendation.term_days, GetInt32(*recommendation, "term_days"));
  HK_ASSIGN_OR_RETURN(a.recommendation.prepayment_bp, recommendation->GetInt("prepayment_bp"));
  HK_ASSIGN_OR_RETURN(a.recommendation.credit_limit, recommendation->GetInt("credit_limit_fen"));
  HK_ASSIGN_OR_RETURN(a.recommendation.reason, recommendation->GetString("reason"));
  HK_ASSIGN_OR_RETURN(a.cooperation_years, GetInt32(doc, "cooperation_years"));
  HK_ASSIGN_OR_RETURN(a.order_share_bp, doc.GetInt("order_share_bp"));
  HK_ASSIGN_OR_RETURN(a.paid_invoices, GetInt32(doc, "paid_invoices"));
  HK_ASSIGN_OR_RETURN(a.paid_on_time, GetInt32(doc, "paid_on_time"));
  HK_ASSIGN_OR_RETURN(a.monthly_purchases, doc.GetInt("monthly_purchases_fen"));
  return a;
}

// --- policy rules ---

constexpr core::Tier kTiers[] = {core::Tier::kStrategicCore, core::Tier::kKeyPartner,
                                 core::Tier::kGeneral, core::Tier::kPotential};

absl::StatusOr<core::TermPolicyRules> ReadTermPolicyRules(const Json& doc) {
  core::TermPolicyRules rules;
  HK_ASSIGN_OR_RETURN(rules.terms.volume_threshold, doc.GetInt("volume_threshold_fen"));
  HK_ASSIGN_OR_RETURN(rules.terms.volume_early_payment_bonus_days,
                      GetInt32(doc, "volume_early_payment_bonus_days"));
  HK_ASSIGN_OR_RETURN(rules.terms.joint_promotion_bonus_days,
                      GetInt32(doc, "joint_promotion_bonus_days"));
  HK_ASSIGN_OR_RETURN(rules.terms.max_term_days, GetInt32(doc, "max_term_days"));
  HK_ASSIGN_OR_RETURN(rules.terms.new_customer_ladder, doc.GetBool("new_customer_ladder"));
  HK_ASSIGN_OR_RETURN(const Json* ladder, doc.GetArray("ladder"));
  rules.terms.ladder.clear();
  for (const Json& item : ladder->items()) {
    core::LadderStep step;
    HK_ASSIGN_OR_RETURN(step.prepayment_bp, item.GetInt("prepayment_bp"));
    HK_ASSIGN_OR_RETURN(step.term_days, GetInt32(item, "term_days"));
    rules.terms.ladder.push_back(step);
  }
  HK_ASSIGN_OR_RETURN(const Json* tiers, doc.GetArray("tier_terms"));
  if (tiers->items().size() != 4) return absl::InvalidArgumentError("tier_terms needs 4 rows");
  for (size_t i = 0; i < 4; ++i) {
    const Json& row = tiers->items()[i];
    HK_ASSIGN_OR_RETURN(core::Tier tier, (GetEnum<core::Tier, 4>(row, "tier", core::TierName)));
    if (tier != kTiers[i]) return absl::InvalidArgumentError("tier_terms out of tier order");
    core::TierTerms& terms = rules.matrix[i];
    HK_ASSIGN_OR_RETURN(terms.base_term_days, GetInt32(row, "base_term_days"));
    HK_ASSIGN_OR_RETURN(terms.prepayment_bp, row.GetInt("prepayment_bp"));
    HK_ASSIGN_OR_RETURN(terms.rebate, (GetEnum<core::Rebate, 4>(row, "rebate", core::RebateName)));
    if (i < 3) {
      HK_ASSIGN_OR_RETURN(rules.min_order_share_bp[i], row.GetInt("min_order_share_bp"));
    }
  }
  return rules;
}

}  // namespace

std::string EncodeTermsBreakdown(const core::TermsBreakdown& breakdown) {
  std::string json = "{\"v\":1,\"tier\":";
  json += core::JsonQuote(breakdown.tier ? core::TierName(*breakdown.tier) : "");
  absl::StrAppend(&json, ",\"prior_orders\":", breakdown.prior_orders,
                  ",\"policy_version\":", breakdown.policy_version, ",\"steps\":[");
  for (size_t i = 0; i < breakdown.steps.size(); ++i) {
    const core::TermStep& step = breakdown.steps[i];
    if (i > 0) json += ',';
    json += "{\"step\":";
    json += core::JsonQuote(step.step);
    absl::StrAppend(&json, ",\"days_after\":", step.days_after, ",\"explanation\":");
    json += core::JsonQuote(step.explanation);
    json += '}';
  }
  json += "]}";
  return json;
}

absl::StatusOr<core::TermsBreakdown> DecodeTermsBreakdown(absl::string_view json) {
  HK_ASSIGN_OR_RETURN(Json doc, ParseLayout(json, "terms breakdown"));
  absl::StatusOr<core::TermsBreakdown> breakdown = ReadTermsBreakdown(doc);
  if (!breakdown.ok()) return Unreadable("terms breakdown", breakdown.status());
  return breakdown;
}

std::string EncodeAssessment(const core::CustomerAssessment& a) {
  Json components = Json::Array();
  for (const core::ScoreComponent& component : a.components) {
    components.Push(Json::Object()
                        .Set("name", Json::String(component.name))
                        .Set("points", Json::Int(component.points))
                        .Set("max_points", Json::Int(component.max_points))
                        .Set("reason", Json::String(component.reason)));
  }
  Json reasons = Json::Array();
  for (const std::string& reason : a.tier_reasons) reasons.Push(Json::String(reason));
  return Json::Object()
      .Set("v", Json::Int(kLayoutVersion))
      .Set("score", Json::Int(a.score))
      .Set("risk", Json::String(core::RiskLevelName(a.risk)))
      .Set("grade", Json::String(core::CreditGradeName(a.grade)))
      .Set("components", std::move(components))
      .Set("summary", Json::String(a.summary))
      .Set("tier", Json::String(core::TierName(a.tier)))
      .Set("tier_reasons", std::move(reasons))
      .Set("recommendation", RecommendationJson(a.recommendation))
      .Set("cooperation_years", Json::Int(a.cooperation_years))
      .Set("order_share_bp", Json::Int(a.order_share_bp))
      .Set("paid_invoices", Json::Int(a.paid_invoices))
      .Set("paid_on_time", Json::Int(a.paid_on_time))
      .Set("monthly_purchases_fen", Json::Int(a.monthly_purchases))
      .Serialize();
}

absl::StatusOr<core::CustomerAssessment> DecodeAssessment(absl::string_view json) {
  HK_ASSIGN_OR_RETURN(Json doc, ParseLayout(json, "assessment"));
  absl::StatusOr<core::CustomerAssessment> assessment = ReadAssessment(doc);
  if (!assessment.ok()) return Unreadable("assessment", assessment.status());
  return assessment;
}

std::string EncodeTermPolicyRules(const core::TermPolicyRules& rules) {
  Json ladder = Json::Array();
  for (const core::LadderStep& step : rules.terms.ladder) {
    ladder.Push(Json::Object()
                    .Set("prepayment_bp", Json::Int(step.prepayment_bp))
                    .Set("term_days", Json::Int(step.term_days)));
  }
  Json tiers = Json::Array();
  for (size_t i = 0; i < 4; ++i) {
    const core::TierTerms& terms = rules.matrix[i];
    Json row = Json::Object()
                   .Set("tier", Json::String(core::TierName(kTiers[i])))
                   .Set("base_term_days", Json::Int(terms.base_term_days))
                   .Set("prepayment_bp", Json::Int(terms.prepayment_bp))
                   .Set("rebate", Json::String(core::RebateName(terms.rebate)));
    if (i < 3) row.Set("min_order_share_bp", Json::Int(rules.min_order_share_bp[i]));
    tiers.Push(std::move(row));
  }
  return Json::Object()
      .Set("v", Json::Int(kLayoutVersion))
      .Set("volume_threshold_fen", Json::Int(rules.terms.volume_threshold))
      .Set("volume_early_payment_bonus_days",
           Json::Int(rules.terms.volume_early_payment_bonus_days))
      .Set("joint_promotion_bonus_days", Json::Int(rules.terms.joint_promotion_bonus_days))
      .Set("max_term_days", Json::Int(rules.terms.max_term_days))
      .Set("new_customer_ladder", Json::Bool(rules.terms.new_customer_ladder))
      .Set("ladder", std::move(ladder))
      .Set("tier_terms", std::move(tiers))
      .Serialize();
}

absl::StatusOr<core::TermPolicyRules> DecodeTermPolicyRules(absl::string_view json) {
  HK_ASSIGN_OR_RETURN(Json doc, ParseLayout(json, "term policy rules"));
  absl::StatusOr<core::TermPolicyRules> rules = ReadTermPolicyRules(doc);
  if (!rules.ok()) return Unreadable("term policy rules", rules.status());
  return rules;
}

}  // namespace huikuan::store
