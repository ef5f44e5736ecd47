// TermPolicyService messages <-> term policy versions and their rules (ops/term_policies.h).
#ifndef HUIKUAN_SERVER_SERVICE_TERM_POLICY_CONVERT_H_
#define HUIKUAN_SERVER_SERVICE_TERM_POLICY_CONVERT_H_

#include "absl/status/statusor.h"
#include "huikuan/v1/term_policy_service.pb.h"
#include "server/core/terms.h"
#include "server/store/term_policy_store.h"

namespace huikuan::service {

// Validates `rules` with the core's own checks and converts them: INVALID_ARGUMENT naming
// "rules..." fields.
absl::StatusOr<core::TermPolicyRules> RulesFromProto(const v1::TermPolicyRules& rules);
v1::TermPolicyRules RulesToProto(const core::TermPolicyRules& rules);
v1::TermPolicy PolicyToProto(const store::TermPolicyRecord& policy);

}  // namespace huikuan::service

#endif  // HUIKUAN_SERVER_SERVICE_TERM_POLICY_CONVERT_H_
