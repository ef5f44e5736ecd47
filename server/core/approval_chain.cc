#include "server/core/approval_chain.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "server/core/enum_names.h"
#include "server/core/status_macros.h"
#include "server/core/violations.h"

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

std::string RoleList(const std::vector<ApproverRole>& approvers) {
  return absl::StrJoin(approvers, "+", [](std::string* out, ApproverRole role) {
    absl::StrAppend(out, ApproverRoleName(role));
  });
}

absl::StatusOr<std::vector<ApproverRole>> ParseRoleList(absl::string_view text,
                                                        absl::string_view part) {
  std::vector<ApproverRole> roles;
  for (absl::string_view name : absl::StrSplit(text, '+')) {
    std::optional<ApproverRole> role = ParseApproverRole(name);
    if (!role) {
      return absl::InvalidArgumentError(absl::StrCat(
          "\"", part, "\": \"", name,
          "\" is not an approver role (finance_head, investment_head, management_head)"));
    }
    roles.push_back(*role);
  }
  return roles;
}

// Index of the band a limit falls in; bands.size() means `above`.
size_t BandIndex(Fen limit, const ApprovalChainConfig& config) {
  size_t index = 0;
  while (index < config.bands.size() && limit > config.bands[index].up_to) ++index;
  return index;
}

const std::vector<ApproverRole>& BandApprovers(size_t index, const ApprovalChainConfig& config) {
  return index < config.bands.size() ? config.bands[index].approvers : config.above;
}

absl::Status ValidateLimit(Fen requested_limit) {
  if (requested_limit < 0 || requested_limit > kMaxAbsFen) {
    return absl::InvalidArgumentError(
        absl::StrCat("requested_limit: ", requested_limit, " is outside 0..10^17 fen"));
  }
  return absl::OkStatus();
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

absl::StatusOr<ApprovalChainConfig> ParseApprovalChainConfig(absl::string_view text) {
  ApprovalChainConfig config;
  if (text.empty()) return config;
  config.bands.clear();
  config.above.clear();
  bool have_above = false;
  for (absl::string_view part : absl::StrSplit(text, ';')) {
    if (part == "escalate_beyond_recommendation") {
      config.escalate_beyond_recommendation = true;
      continue;
    }
    const std::vector<absl::string_view> sides = absl::StrSplit(part, absl::MaxSplits('=', 1));
    if (sides.size() != 2 || have_above) {
      return absl::InvalidArgumentError(absl::StrCat(
          "\"", part, "\": expected \"<yuan>=<role>+<role>\", the last \"above=...\""));
    }
    HK_ASSIGN_OR_RETURN(std::vector<ApproverRole> roles, ParseRoleList(sides[1], part));
    if (sides[0] == "above") {
      config.above = std::move(roles);
      have_above = true;
      continue;
    }
    absl::StatusOr<Fen> up_to = ParseYuan(sides[0]);
    if (!up_to.ok()) {
      return absl::InvalidArgumentError(absl::StrCat("\"", part, "\": ", up_to.status().message()));
    }
    config.bands.push_back(ApprovalBand{*up_to, std::move(roles)});
  }
  if (!have_above) {
    return absl::InvalidArgumentError(
        absl::StrCat("\"", text, "\": missing \"above=<roles>\" for limits above the last band"));
  }
  HK_RETURN_IF_ERROR(ValidateApprovalChainConfig(config));
  return config;
}

std::string FormatApprovalChainConfig(const ApprovalChainConfig& config) {
  std::string text;
  for (const ApprovalBand& band : config.bands) {
    absl::StrAppend(&text, FormatYuan(band.up_to), "=", RoleList(band.approvers), ";");
  }
  absl::StrAppend(&text, "above=", RoleList(config.above));
  if (config.escalate_beyond_recommendation) {
    absl::StrAppend(&text, ";escalate_beyond_recommendation");
  }
  return text;
}

absl::StatusOr<std::vector<ApproverRole>> RequiredApprovers(Fen requested_limit,
                                                            const ApprovalChainConfig& config) {
  HK_RETURN_IF_ERROR(ValidateApprovalChainConfig(config));
  HK_RETURN_IF_ERROR(ValidateLimit(requested_limit));
  return Normalized(BandApprovers(BandIndex(requested_limit, config), config));
}

absl::StatusOr<CreditRouting> RouteCreditApplication(Fen requested_limit,
                                                     int32_t requested_term_days,
                                                     const CreditRecommendation& recommendation,
                                                     const ApprovalChainConfig& config) {
  HK_RETURN_IF_ERROR(ValidateApprovalChainConfig(config));
  HK_RETURN_IF_ERROR(ValidateLimit(requested_limit));
  if (requested_term_days < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("requested_term_days: ", requested_term_days, " is negative"));
  }
  CreditRouting routing;
  size_t band = BandIndex(requested_limit, config);
  if (band < config.bands.size()) {
    routing.reasons.push_back(absl::StrCat(
        "limit ", FormatYuan(requested_limit), " yuan <= ", FormatYuan(config.bands[band].up_to),
        " yuan: ", RoleList(Normalized(config.bands[band].approvers))));
  } else {
    routing.reasons.push_back(
        absl::StrCat("limit ", FormatYuan(requested_limit),
                     " yuan above every band: ", RoleList(Normalized(config.above))));
  }

  bool beyond = false;
  if (requested_limit > recommendation.credit_limit) {
    beyond = true;
    routing.reasons.push_back(absl::StrCat("limit above the recommended ",
                                           FormatYuan(recommendation.credit_limit), " yuan"));
  }
  if (requested_term_days > recommendation.term_days) {
    beyond = true;
    routing.reasons.push_back(absl::StrCat("term ", requested_term_days,
                                           " days above the recommended ", recommendation.term_days,
                                           " days"));
  }
  routing.within_recommendation = !beyond;
  if (recommendation.grade == CreditGrade::kD && requested_limit > 0) {
    beyond = true;
    routing.reasons.push_back("grade D (high risk) asking for credit");
  }
  if (beyond && config.escalate_beyond_recommendation && band < config.bands.size()) {
    ++band;
    routing.reasons.push_back(
        absl::StrCat("escalated one band: ", RoleList(Normalized(BandApprovers(band, config)))));
  }
  routing.approvers = Normalized(BandApprovers(band, config));
  return routing;
}

absl::string_view ApplicationStatusName(ApplicationStatus status) {
  switch (status) {
    case ApplicationStatus::kSubmitted:
      return "submitted";
    case ApplicationStatus::kApproved:
      return "approved";
    case ApplicationStatus::kRejected:
      return "rejected";
    case ApplicationStatus::kWithdrawn:
      return "withdrawn";
  }
  return "submitted";
}

std::optional<ApplicationStatus> ParseApplicationStatus(absl::string_view name) {
  return ParseEnumName<ApplicationStatus, kApplicationStatusCount>(name, ApplicationStatusName);
}

absl::StatusOr<ApplicationStatus> RecordApproverDecision(
    ApplicationStatus status, const std::vector<std::string>& required_roles,
    const std::vector<ApproverDecision>& decisions, absl::string_view role, bool approve,
    absl::string_view application_name) {
  if (status != ApplicationStatus::kSubmitted) {
    return RuleViolation(kApplicationClosed, application_name,
                         absl::StrCat(application_name, " is ", ApplicationStatusName(status),
                                      ": it takes no more decisions"));
  }
  if (std::find(required_roles.begin(), required_roles.end(), role) == required_roles.end()) {
    return absl::PermissionDeniedError(
        absl::StrCat(role, " is not a required approver of ", application_name,
                     " (required: ", absl::StrJoin(required_roles, ", "), ")"));
  }
  size_t approvals = 0;
  for (const ApproverDecision& decision : decisions) {
    if (decision.role == role) {
      return RuleViolation(kAlreadyDecided, application_name,
                           absl::StrCat(role, " has already decided on ", application_name, " (",
                                        decision.approve ? "approved" : "rejected", " by users/",
                                        decision.user_id, ")"));
    }
    if (decision.approve) ++approvals;
  }
  if (!approve) return ApplicationStatus::kRejected;
  // Each role decides once and any rejection ends the application, so every earlier decision was
  // an approval by another required role.
  return approvals + 1 == required_roles.size() ? ApplicationStatus::kApproved
                                                : ApplicationStatus::kSubmitted;
}

absl::Status WithdrawApplication(ApplicationStatus& status, absl::string_view application_name) {
  if (status != ApplicationStatus::kSubmitted) {
    return RuleViolation(kApplicationClosed, application_name,
                         absl::StrCat(application_name, " is ", ApplicationStatusName(status),
                                      ": only a submitted application can be withdrawn"));
  }
  status = ApplicationStatus::kWithdrawn;
  return absl::OkStatus();
}

}  // namespace huikuan::core
