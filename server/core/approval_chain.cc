#include "server/core/approval_chain.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace huikuan::core {
namespace {

constexpr ApproverRole kAllRoles[] = {ApproverRole::kFinanceHead, ApproverRole::kInvestmentHead,
                                      ApproverRole::kManagementHead};

bool IsValidRole(ApproverRole role) {
  return std::find(std::begin(kAllRoles), std::end(kAllRoles), role) != std::end(kAllRoles);
}

absl::Status ValidateApprovers(const std::vector<ApproverRole>& approvers,
                               absl::string_view field) {
  if (approvers.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": needs at least one approver"));
  }
  for (ApproverRole role : approvers) {
    if (!IsValidRole(role)) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ": ", static_cast<int>(role), " is not an ApproverRole"));
    }
  }
  return absl::OkStatus();
}

// The set in enum order without duplicates, so equal sets compare and print alike.
std::vector<ApproverRole> Normalized(const std::vector<ApproverRole>& approvers) {
  std::vector<ApproverRole> out;
  for (ApproverRole role : kAllRoles) {
    if (std::find(approvers.begin(), approvers.end(), role) != approvers.end()) {
      out.push_back(role);
    }
  }
  return out;
}

}  // namespace

absl::string_view ApproverRoleName(ApproverRole role) {
  switch (role) {
    case ApproverRole::kFinanceHead:
      return "finance_head";
    case ApproverRole::kInvestmentHead:
      return "investment_head";
    case ApproverRole::kManagementHead:
      return "management_head";
  }
  return "unknown";
}

std::optional<ApproverRole> ParseApproverRole(absl::string_view name) {
  for (ApproverRole role : kAllRoles) {
    if (ApproverRoleName(role) == name) return role;
  }
  return std::nullopt;
}

absl::Status ValidateApprovalChainConfig(const ApprovalChainConfig& config) {
  for (size_t i = 0; i < config.bands.size(); ++i) {
    const ApprovalBand& band = config.bands[i];
    if (band.up_to < 0 || band.up_to > kMaxAbsFen) {
      return absl::InvalidArgumentError(
          absl::StrCat("bands[", i, "].up_to: ", band.up_to, " is outside 0..10^17 fen"));
    }
    if (i > 0 && band.up_to <= config.bands[i - 1].up_to) {
      return absl::InvalidArgumentError(absl::StrCat("bands[", i, "].up_to: ", band.up_to,
                                                     " is not above the previous band's ",
                                                     config.bands[i - 1].up_to));
    }
    if (absl::Status status = ValidateApprovers(band.approvers, absl::StrCat("bands[", i, "]"));
        !status.ok()) {
      return status;
    }
  }
  return ValidateApprovers(config.above, "above");
}

absl::StatusOr<std::vector<ApproverRole>> RequiredApprovers(Fen requested_limit,
                                                            const ApprovalChainConfig& config) {
  if (absl::Status status = ValidateApprovalChainConfig(config); !status.ok()) return status;
  if (requested_limit < 0 || requested_limit > kMaxAbsFen) {
    return absl::InvalidArgumentError(
        absl::StrCat("requested_limit: ", requested_limit, " is outside 0..10^17 fen"));
  }
  for (const ApprovalBand& band : config.bands) {
    if (requested_limit <= band.up_to) return Normalized(band.approvers);
  }
  return Normalized(config.above);
}

}  // namespace huikuan::core
