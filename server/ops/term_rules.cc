#include "server/ops/term_rules.h"

#include <limits>

namespace huikuan::ops {

TermPolicies TermPolicies::Load(store::ConnectionPool::Lease& db) {
  TermPolicies policies;
  policies.versions_ = store::ListTermPolicies(db, 0, std::numeric_limits<int>::max());
  for (const store::TermPolicyRecord& version : policies.versions_) {
    policies.effective_days_.push_back(version.effective_day);
    policies.rules_.push_back(TermRulesInForce{version.version, version.rules});
  }
  return policies;
}

const TermRulesInForce& TermPolicies::InForce(core::EpochDay day) const {
  absl::StatusOr<size_t> index = core::PolicyVersionInForce(effective_days_, day);
  return index.ok() ? rules_[*index] : defaults_;
}

}  // namespace huikuan::ops
