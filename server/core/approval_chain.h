// Credit application routing (R-CREDIT-1, seed 002 建议一 "审批权限应根据授信额度的大小分级设定"):
// the one place that decides who must approve an application. The model pre-reviews every
// application (ScoreCustomer + RecommendCredit); then a SET of approver roles that must all
// approve is chosen by the requested limit, with the defaults:
//
//   up to 1,000,000 yuan    finance head
//   up to 5,000,000 yuan    finance head and investment head
//   above                   finance head, investment head and management head
//
//   absl::StatusOr<CreditRouting> r = RouteCreditApplication(300'000'000, 60, recommendation);
//   // 3,000,000 yuan -> {kFinanceHead, kInvestmentHead}; r->within_recommendation says whether
//   // limit and term stay within what the model recommends, r->reasons say why.
//
// Bounds are inclusive ("up to"). The roles of a band come back in the enum's order, without
// duplicates. The bands are configurable (server flag --credit_approval_bands, parsed by
// ParseApprovalChainConfig); optionally an application beyond the model's recommendation, or from
// a grade-D customer, goes one band up (seed 000's escalation), off by default.
//
// Thread-safe: pure functions of their arguments, no global state, no I/O.
#ifndef HUIKUAN_SERVER_CORE_APPROVAL_CHAIN_H_
#define HUIKUAN_SERVER_CORE_APPROVAL_CHAIN_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/core/money.h"
#include "server/core/scorecard.h"

namespace huikuan::core {

// Stable numeric values. The names are the user roles that hold the authority.
enum class ApproverRole : int8_t {
  kFinanceHead = 0,
  kInvestmentHead = 1,
  kManagementHead = 2,
};
// "finance_head", "investment_head", "management_head".
absl::string_view ApproverRoleName(ApproverRole role);
// The role with that name; nullopt for any other text.
std::optional<ApproverRole> ParseApproverRole(absl::string_view name);

// One band of the chain: applications with requested limit <= up_to need every role listed.
struct ApprovalBand {
  Fen up_to = 0;
  std::vector<ApproverRole> approvers;
};

struct ApprovalChainConfig {
  // Ascending, strictly, by up_to; each with at least one approver.
  std::vector<ApprovalBand> bands = {
      ApprovalBand{100'000'000, {ApproverRole::kFinanceHead}},  // 1,000,000 yuan
      ApprovalBand{500'000'000,                                 // 5,000,000 yuan
                   {ApproverRole::kFinanceHead, ApproverRole::kInvestmentHead}},
  };
  // Above the last band.
  std::vector<ApproverRole> above = {ApproverRole::kFinanceHead, ApproverRole::kInvestmentHead,
                                     ApproverRole::kManagementHead};
  // An application above the recommended limit or term, or a grade-D customer asking for credit,
  // needs the approvers of the next band up (the last band's next is `above`).
  bool escalate_beyond_recommendation = false;
};

// OK or INVALID_ARGUMENT naming the problem (bands not ascending, a negative bound, an empty
// approver set, an enum value out of range).
absl::Status ValidateApprovalChainConfig(const ApprovalChainConfig& config);

// The configuration as text, for a flag or an environment variable: bands separated by ";", each
// "<up_to yuan>=<role>+<role>...", the last one "above=<roles>", optionally followed by
// ";escalate_beyond_recommendation". The default configuration is
//   "1000000=finance_head;5000000=finance_head+investment_head;
//    above=finance_head+investment_head+management_head"   (one line, no spaces)
// Empty text gives the default. INVALID_ARGUMENT quoting the bad part otherwise.
absl::StatusOr<ApprovalChainConfig> ParseApprovalChainConfig(absl::string_view text);
// The inverse of ParseApprovalChainConfig (amounts in yuan as FormatYuan writes them).
std::string FormatApprovalChainConfig(const ApprovalChainConfig& config);

// The roles that must all approve a limit of `requested_limit` fen, by amount alone. Errors:
// INVALID_ARGUMENT for a negative or oversized (> kMaxAbsFen) limit or an invalid config.
absl::StatusOr<std::vector<ApproverRole>> RequiredApprovers(
    Fen requested_limit, const ApprovalChainConfig& config = ApprovalChainConfig());

struct CreditRouting {
  std::vector<ApproverRole> approvers;  // all must approve
  bool within_recommendation = true;    // limit and term no more than the model recommends
  std::vector<std::string> reasons;     // why these approvers, one line per decision
};

// The full routing of an application: approvers by amount, compared with the model's
// recommendation, escalated if the config says so. Errors as RequiredApprovers, and a negative
// term.
absl::StatusOr<CreditRouting> RouteCreditApplication(
    Fen requested_limit, int32_t requested_term_days, const CreditRecommendation& recommendation,
    const ApprovalChainConfig& config = ApprovalChainConfig());

// The application's states. Stable numeric values.
enum class ApplicationStatus : int8_t {
  kSubmitted = 0,
  kApproved = 1,
  kRejected = 2,
  kWithdrawn = 3,
};
inline constexpr int kApplicationStatusCount = 4;
// "submitted", "approved", "rejected", "withdrawn".
absl::string_view ApplicationStatusName(ApplicationStatus status);
std::optional<ApplicationStatus> ParseApplicationStatus(absl::string_view name);

inline constexpr absl::string_view kApplicationClosed = "APPLICATION_CLOSED";
inline constexpr absl::string_view kAlreadyDecided = "ALREADY_DECIDED";

// One approver's decision on an application.
struct ApproverDecision {
  std::string role;  // an ApproverRoleName
  bool approve = false;
  int64_t user_id = 0;
};

// The quorum (R-CREDIT-1): the application's status after `role` decides, given the decisions
// already made. Every required role decides once; any rejection rejects the application; it is
// approved when the last required role approves (the limit then applies), and stays submitted
// before that. Errors: FAILED_PRECONDITION with rule APPLICATION_CLOSED when it is no longer
// submitted, or ALREADY_DECIDED when the role has decided; PERMISSION_DENIED naming the required
// roles when `role` is not one of them.
absl::StatusOr<ApplicationStatus> RecordApproverDecision(
    ApplicationStatus status, const std::vector<std::string>& required_roles,
    const std::vector<ApproverDecision>& decisions, absl::string_view role, bool approve,
    absl::string_view application_name);

// A submitted application withdrawn by its submitter; FAILED_PRECONDITION APPLICATION_CLOSED
// otherwise.
absl::Status WithdrawApplication(ApplicationStatus& status, absl::string_view application_name);

}  // namespace huikuan::core

#endif  // HUIKUAN_SERVER_CORE_APPROVAL_CHAIN_H_
