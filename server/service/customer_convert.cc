#include "server/service/customer_convert.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "server/core/resource_name.h"
#include "server/core/status_macros.h"
#include "server/core/text_fields.h"
#include "server/service/proto_time.h"
#include "server/service/request_fields.h"
#include "server/service/status_mapping.h"

namespace huikuan::service {
namespace {

constexpr size_t kMaxDisplayNameChars = 200;
constexpr size_t kMaxIndustryChars = 100;
constexpr size_t kMaxRatingChars = 16;

// Profile enums: the API's are the core's shifted by one (0 is UNSPECIFIED on the wire).
template <typename CoreEnum, int kCount>
std::optional<CoreEnum> FromWire(int value) {
  if (value < 1 || value > kCount) return std::nullopt;
  return static_cast<CoreEnum>(value - 1);
}
template <typename CoreEnum>
int ToWire(CoreEnum value) {
  return static_cast<int>(value) + 1;
}

}  // namespace

v1::CustomerAssessment AssessmentToProto(const core::CustomerAssessment& a,
                                         absl::Time assess_time) {
  v1::CustomerAssessment proto;
  *proto.mutable_assess_time() = ToProtoTimestamp(assess_time);
  proto.set_score(a.score);
  proto.set_risk(std::string(core::RiskLevelName(a.risk)));
  proto.set_grade(std::string(core::CreditGradeName(a.grade)));
  for (const core::ScoreComponent& component : a.components) {
    v1::ScoreComponent* out = proto.add_components();
    out->set_name(component.name);
    out->set_points(component.points);
    out->set_max_points(component.max_points);
    out->set_reason(component.reason);
  }
  proto.set_summary(a.summary);
  proto.set_tier(std::string(core::TierName(a.tier)));
  for (const std::string& reason : a.tier_reasons) proto.add_tier_reasons(reason);
  v1::CreditRecommendation* recommendation = proto.mutable_recommendation();
  recommendation->set_grade(std::string(core::CreditGradeName(a.recommendation.grade)));
  recommendation->set_term_days(a.recommendation.term_days);
  recommendation->set_prepayment_bp(static_cast<int32_t>(a.recommendation.prepayment_bp));
  recommendation->set_credit_limit_fen(a.recommendation.credit_limit);
  recommendation->set_reason(a.recommendation.reason);
  proto.set_cooperation_years(a.cooperation_years);
  proto.set_order_share_bp(static_cast<int32_t>(a.order_share_bp));
  proto.set_paid_invoices(a.paid_invoices);
  proto.set_paid_on_time(a.paid_on_time);
  proto.set_monthly_purchases_fen(a.monthly_purchases);
  return proto;
}

v1::Customer CustomerToProto(const store::CustomerRecord& customer) {
  v1::Customer proto;
  proto.set_name(core::FormatResourceName("customers", customer.id));
  proto.set_display_name(customer.display_name);
  proto.set_owner(core::FormatResourceName("users", customer.owner_user_id));
  proto.set_industry(customer.industry);
  *proto.mutable_create_time() = ToProtoTimestamp(customer.create_time);
  *proto.mutable_update_time() = ToProtoTimestamp(customer.update_time);
  proto.set_etag(FormatEtag(customer.version));
  proto.set_external_id(customer.external_id.value_or(""));
  proto.set_enterprise_size(static_cast<v1::EnterpriseSize>(ToWire(customer.enterprise_size)));
  proto.set_industry_position(
      static_cast<v1::IndustryPosition>(ToWire(customer.industry_position)));
  proto.set_tax_credit_grade(static_cast<v1::TaxCreditGrade>(ToWire(customer.tax_credit_grade)));
  if (customer.founding_day) proto.set_founding_date(core::FormatDate(*customer.founding_day));
  proto.set_bank_credit_line_fen(customer.bank_credit_line);
  proto.set_third_party_rating(customer.third_party_rating);
  if (customer.assessment) {
    *proto.mutable_assessment() = AssessmentToProto(
        *customer.assessment, customer.assess_time.value_or(customer.update_time));
  }
  return proto;
}

std::vector<std::string> PathsSetOnCreate(const v1::Customer& customer) {
  std::vector<std::string> paths = {"display_name", "industry", "owner"};
  if (customer.enterprise_size() != v1::ENTERPRISE_SIZE_UNSPECIFIED) {
    paths.push_back("enterprise_size");
  }
  if (customer.industry_position() != v1::INDUSTRY_POSITION_UNSPECIFIED) {
    paths.push_back("industry_position");
  }
  if (!customer.founding_date().empty()) paths.push_back("founding_date");
  if (customer.tax_credit_grade() != v1::TAX_CREDIT_GRADE_UNSPECIFIED) {
    paths.push_back("tax_credit_grade");
  }
  if (customer.bank_credit_line_fen() != 0) paths.push_back("bank_credit_line_fen");
  if (!customer.third_party_rating().empty()) paths.push_back("third_party_rating");
  return paths;
}

absl::StatusOr<ops::CustomerFields> CustomerFieldsFromProto(const v1::Customer& customer,
                                                            const std::vector<std::string>& paths) {
  ops::CustomerFields fields;
  for (const std::string& path : paths) {
    const std::string field = absl::StrCat("customer.", path);
    if (path == "display_name") {
      HK_RETURN_IF_ERROR(core::CheckName(field, customer.display_name(), kMaxDisplayNameChars));
      fields.display_name = customer.display_name();
    } else if (path == "industry") {
      HK_RETURN_IF_ERROR(core::CheckText(field, customer.industry(), core::Presence::kOptional,
                                         kMaxIndustryChars));
      fields.industry = customer.industry();
    } else if (path == "owner") {
      HK_ASSIGN_OR_RETURN(fields.owner_user_id, ParseIdField("users", field, customer.owner()));
      fields.owner_name_for_errors = customer.owner();
    } else if (path == "enterprise_size") {
      fields.enterprise_size = FromWire<core::EnterpriseSize, 4>(customer.enterprise_size());
      if (!fields.enterprise_size) {
        return FieldViolation(field, "must be MICRO, SMALL, MEDIUM or LARGE");
      }
    } else if (path == "industry_position") {
      fields.industry_position = FromWire<core::IndustryPosition, 4>(customer.industry_position());
      if (!fields.industry_position) {
        return FieldViolation(field, "must be INDUSTRY_HEAD, REGIONAL_LEADER, SME or STARTUP");
      }
    } else if (path == "founding_date") {
      HK_ASSIGN_OR_RETURN(fields.founding_day,
                          ParseOptionalDateField(field, customer.founding_date()));
    } else if (path == "tax_credit_grade") {
      fields.tax_credit_grade = FromWire<core::TaxCreditGrade, 5>(customer.tax_credit_grade());
      if (!fields.tax_credit_grade) return FieldViolation(field, "must be A, B, M, C or D");
    } else if (path == "bank_credit_line_fen") {
      HK_RETURN_IF_ERROR(CheckAmountField(field, customer.bank_credit_line_fen(), Zero::kAllowed));
      fields.bank_credit_line = customer.bank_credit_line_fen();
    } else if (path == "third_party_rating") {
      HK_RETURN_IF_ERROR(core::CheckText(field, customer.third_party_rating(),
                                         core::Presence::kOptional, kMaxRatingChars));
      fields.third_party_rating = customer.third_party_rating();
    } else {
      return FieldViolation("update_mask",
                            absl::StrCat("\"", path,
                                         "\" cannot be updated; updatable: display_name, owner, "
                                         "industry and the profile fields"));
    }
  }
  return fields;
}

}  // namespace huikuan::service
