#include "server/core/credit_approval.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "server/core/status_macros.h"

namespace huikuan::core {

absl::string_view ApprovalAuthorityName(ApprovalAuthority authority) {
  switch (authority) {
    case ApprovalAuthority::kDepartmentHead:
      return "department_head";
    case ApprovalAuthority::kDeputyGeneralManager:
      return "deputy_general_manager";
    case ApprovalAuthority::kGeneralManagerOffice:
      return "general_manager_office";
  }
  return "unknown";
}

absl::StatusOr<CreditRouting> RouteCreditApplication(const CreditApplication& app,
                                                     const CreditApprovalConfig& c) {
  HK_RETURN_IF_ERROR(ValidateAmount(c.department_head_max, "department_head_max"));
  HK_RETURN_IF_ERROR(ValidateAmount(c.deputy_gm_max, "deputy_gm_max"));
  if (c.deputy_gm_max < c.department_head_max) {
    return absl::InvalidArgumentError("deputy_gm_max: below department_head_max");
  }
  HK_RETURN_IF_ERROR(ValidateAmount(app.requested_limit, "requested_limit"));
  if (app.requested_term_days < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("requested_term_days: ", app.requested_term_days, " is negative"));
  }
  const CreditRecommendation& rec = app.recommendation;

  CreditRouting r;
  int level = 0;
  if (app.requested_limit <= c.department_head_max) {
    r.reasons.push_back(absl::StrCat("limit ", FormatYuan(app.requested_limit), " yuan <= ",
                                     FormatYuan(c.department_head_max), " yuan: department head"));
  } else if (app.requested_limit <= c.deputy_gm_max) {
    level = 1;
    r.reasons.push_back(absl::StrCat("limit ", FormatYuan(app.requested_limit), " yuan <= ",
                                     FormatYuan(c.deputy_gm_max), " yuan: deputy general manager"));
  } else {
    level = 2;
    r.reasons.push_back(absl::StrCat("limit ", FormatYuan(app.requested_limit), " yuan > ",
                                     FormatYuan(c.deputy_gm_max), " yuan: general manager office"));
  }

  std::vector<std::string> beyond;
  if (app.requested_limit > rec.credit_limit) {
    beyond.push_back(
        absl::StrCat("limit above the recommended ", FormatYuan(rec.credit_limit), " yuan"));
  }
  if (app.requested_term_days > rec.term_days) {
    beyond.push_back(absl::StrCat("term ", app.requested_term_days, " days above the recommended ",
                                  rec.term_days, " days"));
  }
  r.within_recommendation = beyond.empty();
  bool escalate = false;
  if (!beyond.empty()) {
    for (std::string& b : beyond) r.reasons.push_back(std::move(b));
    escalate |= c.escalate_above_recommendation;
  }
  if (rec.grade == CreditGrade::kD && app.requested_limit > 0) {
    r.reasons.push_back("grade D (high risk) asking for credit");
    escalate |= c.escalate_grade_d;
  }
  if (escalate && level < 2) {
    ++level;
    r.reasons.push_back(absl::StrCat("escalated one level to ",
                                     ApprovalAuthorityName(static_cast<ApprovalAuthority>(level))));
  }
  r.authority = static_cast<ApprovalAuthority>(level);
  return r;
}

}  // namespace huikuan::core
