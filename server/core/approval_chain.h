// Who must approve a credit application (R-CREDIT-1, issue 4): a SET of approver roles that must
// all approve, chosen by the requested limit. credit_approval.h routes to ONE authority level
// along the escalation chain; the workflow instead collects the approvals of several
// heads, so this file expresses that, with the defaults:
//
//   up to 1,000,000 yuan    finance head
//   up to 5,000,000 yuan    finance head and investment head
//   above                   finance head, investment head and management head
//
//   absl::StatusOr<std::vector<ApproverRole>> roles = RequiredApprovers(300'000'000);
//   // 3,000,000 yuan -> {kFinanceHead, kInvestmentHead}
//
// Bounds are inclusive ("up to"). The roles of a band come back in the enum's order, without
// duplicates.
//
// Thread-safe: pure functions of their arguments, no global state, no I/O.
#ifndef HUIKUAN_SERVER_CORE_APPROVAL_CHAIN_H_
#define HUIKUAN_SERVER_CORE_APPROVAL_CHAIN_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/core/money.h"

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
};

// OK or INVALID_ARGUMENT naming the problem (bands not ascending, a negative bound, an empty
// approver set, an enum value out of range).
absl::Status ValidateApprovalChainConfig(const ApprovalChainConfig& config);

// The roles that must all approve a limit of `requested_limit` fen. Errors: INVALID_ARGUMENT for
// a negative or oversized (> kMaxAbsFen) limit or an invalid config.
absl::StatusOr<std::vector<ApproverRole>> RequiredApprovers(
    Fen requested_limit, const ApprovalChainConfig& config = ApprovalChainConfig());

}  // namespace huikuan::core

#endif  // HUIKUAN_SERVER_CORE_APPROVAL_CHAIN_H_
