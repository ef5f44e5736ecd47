// Credit application routing (R-CREDIT-1): the model pre-reviews and grades every application
// (ScoreCustomer + RecommendCredit), then the application goes to the authority that its amount
// requires (seed 002, 建议一: "审批权限应根据授信额度的大小分级设定"), along seed 000's escalation
// chain department head -> deputy general manager -> general manager office.
//
//   CreditApplication app{.requested_limit = 80'000'000, .requested_term_days = 60,
//                         .recommendation = *RecommendCredit(CreditGrade::kB, false, 30'000'000)};
//   absl::StatusOr<CreditRouting> r = RouteCreditApplication(app);
//   // 800,000 yuan > 500,000: deputy GM by amount; above the recommended 600,000 yuan limit and
//   // 45-day term: one level up -> general manager office. r->reasons say so.
//
// Thresholds are ours (the seeds give none) and configurable. An application is escalated at most
// one level for exceeding the model's recommendation or for grade D, never past the GM office.
//
// Thread-safe: pure functions of their arguments, no global state, no I/O.
#ifndef HUIKUAN_SERVER_CORE_CREDIT_APPROVAL_H_
#define HUIKUAN_SERVER_CORE_CREDIT_APPROVAL_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/core/money.h"
#include "server/core/scorecard.h"

namespace huikuan::core {

// Stable numeric values, ordered by seniority.
enum class ApprovalAuthority : int8_t {
  kDepartmentHead = 0,        // head of investment (招商), who owns credit assessment
  kDeputyGeneralManager = 1,  // 分管副总
  kGeneralManagerOffice = 2,  // 总经理办公会
};
// "department_head", "deputy_general_manager", "general_manager_office".
absl::string_view ApprovalAuthorityName(ApprovalAuthority authority);

struct CreditApprovalConfig {
  Fen department_head_max = 50'000'000;  // up to 500,000 yuan
  Fen deputy_gm_max = 500'000'000;       // up to 5,000,000 yuan; above: GM office
  bool escalate_above_recommendation = true;
  bool escalate_grade_d = true;
};

struct CreditApplication {
  Fen requested_limit = 0;              // >= 0
  int32_t requested_term_days = 0;      // >= 0
  CreditRecommendation recommendation;  // the model's pre-review (RecommendCredit)
};

struct CreditRouting {
  ApprovalAuthority authority = ApprovalAuthority::kDepartmentHead;
  bool within_recommendation = true;  // limit and term no more than the model recommends
  std::vector<std::string> reasons;   // why this authority, one line per decision
};

// Errors: INVALID_ARGUMENT for a negative or oversized limit, a negative term, thresholds that are
// negative or not ascending.
absl::StatusOr<CreditRouting> RouteCreditApplication(
    const CreditApplication& application,
    const CreditApprovalConfig& config = CreditApprovalConfig());

}  // namespace huikuan::core

#endif  // HUIKUAN_SERVER_CORE_CREDIT_APPROVAL_H_
