#include "server/service/customer_profile.h"

#include <google/protobuf/util/json_util.h>

#include "absl/strings/str_cat.h"
#include "server/core/civil_date.h"
#include "server/core/money.h"
#include "server/core/scorecard.h"
#include "server/core/status_macros.h"
#include "server/core/tiering.h"
#include "server/service/proto_time.h"
#include "server/service/status_mapping.h"
#include "server/service/term_policy_service.h"

namespace huikuan::service {
namespace {

// Proto enums are the core enums shifted by one (0 is UNSPECIFIED on the wire).
template <typename CoreEnum, int kCount>
absl::StatusOr<CoreEnum> FromKey(absl::string_view key, absl::string_view (*name)(CoreEnum)) {
  for (int i = 0; i < kCount; ++i) {
    if (name(static_cast<CoreEnum>(i)) == key) return static_cast<CoreEnum>(i);
  }
  return absl::InternalError(absl::StrCat("unknown stored profile value \"", key, "\""));
}

absl::string_view IndustryPositionName(core::IndustryPosition position) {
  switch (position) {
    case core::IndustryPosition::kIndustryHead:
      return "industry_head";
    case core::IndustryPosition::kRegionalLeader:
      return "regional_leader";
    case core::IndustryPosition::kSme:
      return "sme";
    case core::IndustryPosition::kStartup:
      return "startup";
  }
  return "sme";
}

constexpr absl::string_view kProfileFields[] = {"enterprise_size",      "industry_position",
                                                "founding_date",        "tax_credit_grade",
                                                "bank_credit_line_fen", "third_party_rating"};

// Completed years from `first` to `last` (both "YYYY-MM-DD").
int32_t CompletedYears(const std::string& first, const std::string& last) {
  absl::StatusOr<core::EpochDay> from = core::ParseDate(first);
  absl::StatusOr<core::EpochDay> to = core::ParseDate(last);
  if (!from.ok() || !to.ok() || *to < *from) return 0;
  int32_t years = 0;
  while (true) {
    absl::StatusOr<core::EpochDay> next = core::AddYears(*from, years + 1);
    if (!next.ok() || *next > *to) return years;
    ++years;
  }
}

}  // namespace

bool IsProfileField(absl::string_view path) {
  for (absl::string_view field : kProfileFields) {
    if (field == path) return true;
  }
  return false;
}

absl::Status ApplyProfileField(absl::string_view path, const v1::Customer& customer,
                               store::CustomerRecord& record) {
  const std::string field = absl::StrCat("customer.", path);
  if (path == "enterprise_size") {
    const int value = customer.enterprise_size();
    if (value < 1 || value > 4)
      return FieldViolation(field, "must be MICRO, SMALL, MEDIUM or LARGE");
    record.enterprise_size =
        std::string(core::EnterpriseSizeName(static_cast<core::EnterpriseSize>(value - 1)));
  } else if (path == "industry_position") {
    const int value = customer.industry_position();
    if (value < 1 || value > 4) {
      return FieldViolation(field, "must be INDUSTRY_HEAD, REGIONAL_LEADER, SME or STARTUP");
    }
    record.industry_position =
        std::string(IndustryPositionName(static_cast<core::IndustryPosition>(value - 1)));
  } else if (path == "founding_date") {
    if (customer.founding_date().empty()) {
      record.founding_date.reset();
    } else {
      absl::StatusOr<core::EpochDay> day = core::ParseDate(customer.founding_date());
      if (!day.ok()) return FieldViolation(field, "must be a date YYYY-MM-DD (1900-2199)");
      record.founding_date = customer.founding_date();
    }
  } else if (path == "tax_credit_grade") {
    const int value = customer.tax_credit_grade();
    if (value < 1 || value > 5) return FieldViolation(field, "must be A, B, M, C or D");
    record.tax_credit_grade =
        std::string(core::TaxCreditGradeName(static_cast<core::TaxCreditGrade>(value - 1)));
  } else if (path == "bank_credit_line_fen") {
    if (customer.bank_credit_line_fen() < 0 || customer.bank_credit_line_fen() > core::kMaxAbsFen) {
      return FieldViolation(field, "must be between 0 and 10^17 fen");
    }
    record.bank_credit_line_fen = customer.bank_credit_line_fen();
  } else if (path == "third_party_rating") {
    if (customer.third_party_rating().size() > 16) {
      return FieldViolation(field, "must be at most 16 characters");
    }
    record.third_party_rating = customer.third_party_rating();
  } else {
    return FieldViolation("update_mask", absl::StrCat("\"", path, "\" is not a profile field"));
  }
  return absl::OkStatus();
}

void ProfileToProto(const store::CustomerRecord& record, v1::Customer& proto) {
  // Stored values passed the CHECK constraints of migration 0008, so they always parse.
  auto size = FromKey<core::EnterpriseSize, 4>(record.enterprise_size, core::EnterpriseSizeName);
  auto position =
      FromKey<core::IndustryPosition, 4>(record.industry_position, IndustryPositionName);
  auto grade = FromKey<core::TaxCreditGrade, 5>(record.tax_credit_grade, core::TaxCreditGradeName);
  if (size.ok()) proto.set_enterprise_size(static_cast<v1::EnterpriseSize>(int(*size) + 1));
  if (position.ok()) {
    proto.set_industry_position(static_cast<v1::IndustryPosition>(int(*position) + 1));
  }
  if (grade.ok()) proto.set_tax_credit_grade(static_cast<v1::TaxCreditGrade>(int(*grade) + 1));
  proto.set_founding_date(record.founding_date.value_or(""));
  proto.set_bank_credit_line_fen(record.bank_credit_line_fen);
  proto.set_third_party_rating(record.third_party_rating);
  if (record.assessment_json) {
    google::protobuf::util::JsonParseOptions options;
    options.ignore_unknown_fields = true;
    (void)google::protobuf::util::JsonStringToMessage(*record.assessment_json,
                                                      proto.mutable_assessment(), options);
  }
}

namespace {

absl::CivilDay ShanghaiDay(absl::Time now) {
  return absl::ToCivilDay(now, absl::FixedTimeZone(8 * 3600));  // Asia/Shanghai has no DST
}

// The days the assessment looks at: the year up to `as_of` ("YYYY-MM-DD" in Asia/Shanghai).
struct AssessmentWindow {
  std::string since;
  std::string as_of;
};

absl::StatusOr<v1::CustomerAssessment> AssessProfile(const store::CustomerRecord& record,
                                                     const store::CustomerLedgerFacts& facts,
                                                     const AssessmentWindow& window,
                                                     const core::TieringConfig& tiering,
                                                     absl::Time now) {
  HK_ASSIGN_OR_RETURN(
      core::EnterpriseSize size,
      (FromKey<core::EnterpriseSize, 4>(record.enterprise_size, core::EnterpriseSizeName)));
  HK_ASSIGN_OR_RETURN(
      core::TaxCreditGrade tax_grade,
      (FromKey<core::TaxCreditGrade, 5>(record.tax_credit_grade, core::TaxCreditGradeName)));
  HK_ASSIGN_OR_RETURN(
      core::IndustryPosition position,
      (FromKey<core::IndustryPosition, 4>(record.industry_position, IndustryPositionName)));
  core::ScoreInput score_input;
  score_input.size = size;
  score_input.tax_grade = tax_grade;
  score_input.bank_credit_line = record.bank_credit_line_fen;
  score_input.paid_invoices = facts.paid_invoices;
  score_input.paid_on_time = facts.paid_on_time;
  HK_ASSIGN_OR_RETURN(core::Scorecard scorecard, core::ScoreCustomer(score_input));

  HK_ASSIGN_OR_RETURN(int64_t monthly_purchases,
                      core::MulDiv(facts.invoiced_fen, 1, 12, core::Rounding::kHalfUp));
  HK_ASSIGN_OR_RETURN(
      core::CreditRecommendation recommendation,
      core::RecommendCredit(scorecard.grade, facts.paid_invoices == 0, monthly_purchases));

  core::TierProfile tier_profile;
  tier_profile.position = position;
  tier_profile.size = size;
  tier_profile.cooperation_years =
      facts.first_invoice_date ? CompletedYears(*facts.first_invoice_date, window.as_of) : 0;
  if (facts.all_invoiced_fen > 0) {
    HK_ASSIGN_OR_RETURN(tier_profile.order_share_bp,
                        core::MulDiv(facts.invoiced_fen, core::kBasisPointsPerUnit,
                                     facts.all_invoiced_fen, core::Rounding::kHalfUp));
  }
  tier_profile.credit_grade = recommendation.grade;
  HK_ASSIGN_OR_RETURN(core::TierResult tier, core::AssignTier(tier_profile, tiering));

  v1::CustomerAssessment assessment;
  *assessment.mutable_assess_time() = ToProtoTimestamp(now);
  assessment.set_score(scorecard.total);
  assessment.set_risk(std::string(core::RiskLevelName(scorecard.risk)));
  assessment.set_grade(std::string(core::CreditGradeName(scorecard.grade)));
  for (const core::ScoreComponent& component : scorecard.components) {
    v1::ScoreComponent* out = assessment.add_components();
    out->set_name(component.name);
    out->set_points(component.points);
    out->set_max_points(component.max_points);
    out->set_reason(component.reason);
  }
  assessment.set_summary(scorecard.summary);
  assessment.set_tier(std::string(core::TierName(tier.tier)));
  for (const std::string& reason : tier.reasons) assessment.add_tier_reasons(reason);
  v1::CreditRecommendation* out = assessment.mutable_recommendation();
  out->set_grade(std::string(core::CreditGradeName(recommendation.grade)));
  out->set_term_days(recommendation.term_days);
  out->set_prepayment_bp(static_cast<int32_t>(recommendation.prepayment_bp));
  out->set_credit_limit_fen(recommendation.credit_limit);
  out->set_reason(recommendation.reason);
  assessment.set_cooperation_years(tier_profile.cooperation_years);
  assessment.set_order_share_bp(static_cast<int32_t>(tier_profile.order_share_bp));
  assessment.set_paid_invoices(facts.paid_invoices);
  assessment.set_paid_on_time(facts.paid_on_time);
  assessment.set_monthly_purchases_fen(monthly_purchases);
  return assessment;
}

}  // namespace

absl::StatusOr<core::TieringConfig> TieringInForce(store::ConnectionPool::Lease& db,
                                                   absl::Time now) {
  HK_ASSIGN_OR_RETURN(core::EpochDay today, core::ToEpochDay(ShanghaiDay(now)));
  HK_ASSIGN_OR_RETURN(TermRules rules, TermRulesInForce(db, today));
  return rules.Tiering();
}

absl::StatusOr<v1::CustomerAssessment> AssessCustomerAt(store::ConnectionPool::Lease& db,
                                                        const store::CustomerRecord& record,
                                                        absl::Time now,
                                                        const core::TieringConfig& tiering) {
  const absl::CivilDay today = ShanghaiDay(now);
  const AssessmentWindow window = {absl::FormatCivilTime(today - 364),
                                   absl::FormatCivilTime(today)};
  const store::CustomerLedgerFacts facts =
      store::LoadLedgerFacts(db, record.id, window.since, window.as_of);
  return AssessProfile(record, facts, window, tiering, now);
}

absl::StatusOr<v1::CustomerAssessment> AssessCustomerAt(store::ConnectionPool::Lease& db,
                                                        const store::CustomerRecord& record,
                                                        absl::Time now) {
  HK_ASSIGN_OR_RETURN(core::TieringConfig tiering, TieringInForce(db, now));
  return AssessCustomerAt(db, record, now, tiering);
}

absl::StatusOr<store::CustomerRecord> AssessAndSave(store::ConnectionPool::Lease& db,
                                                    store::CustomerRecord record, absl::Time now) {
  HK_ASSIGN_OR_RETURN(core::TieringConfig tiering, TieringInForce(db, now));
  return AssessAndSave(db, std::move(record), now, tiering);
}

absl::StatusOr<store::CustomerRecord> AssessAndSave(store::ConnectionPool::Lease& db,
                                                    store::CustomerRecord record, absl::Time now,
                                                    const core::TieringConfig& tiering) {
  HK_ASSIGN_OR_RETURN(v1::CustomerAssessment assessment,
                      AssessCustomerAt(db, record, now, tiering));
  std::string json;
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  if (!google::protobuf::util::MessageToJsonString(assessment, &json, options).ok()) {
    return absl::InternalError("cannot encode the assessment");
  }
  record.assessment_json = std::move(json);
  record.assess_time = now;
  record.update_time = now;
  const int64_t expected_version = record.version;
  return store::SaveAssessment(db, std::move(record), assessment.tier(), expected_version);
}

}  // namespace huikuan::service
