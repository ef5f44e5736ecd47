#include "server/core/decision_state.h"

#include "absl/strings/str_cat.h"
#include "server/core/enum_names.h"
#include "server/core/violations.h"

namespace huikuan::core {

absl::string_view DecisionStatusName(DecisionStatus status) {
  switch (status) {
    case DecisionStatus::kRequested:
      return "requested";
    case DecisionStatus::kApproved:
      return "approved";
    case DecisionStatus::kRejected:
      return "rejected";
  }
  return "requested";
}

std::optional<DecisionStatus> ParseDecisionStatus(absl::string_view name) {
  return ParseEnumName<DecisionStatus, kDecisionStatusCount>(name, DecisionStatusName);
}

absl::Status Decide(DecisionStatus& status, bool approve, absl::string_view request_name) {
  if (status != DecisionStatus::kRequested) {
    return RuleViolation(
        kNotRequested, request_name,
        absl::StrCat(request_name, " is ", DecisionStatusName(status), ", not requested"));
  }
  status = approve ? DecisionStatus::kApproved : DecisionStatus::kRejected;
  return absl::OkStatus();
}

}  // namespace huikuan::core
