// The term rules in force on a day (R-TERM-3): the published version with the latest effective
// date on or before the day (core::PolicyVersionInForce), or the core's defaults (version 0) when
// none is in force yet. Every caller that prices an order (GetEffectiveTerms, invoicing, imports,
// the demo) goes through it, so all of them apply the same version.
//
//   HK_ASSIGN_OR_RETURN(TermPolicies policies, TermPolicies::Load(db));   // one read
//   const TermRulesInForce& rules = policies.InForce(day);
#ifndef HUIKUAN_SERVER_OPS_TERM_RULES_H_
#define HUIKUAN_SERVER_OPS_TERM_RULES_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "server/core/civil_date.h"
#include "server/core/terms.h"
#include "server/store/connection_pool.h"
#include "server/store/term_policy_store.h"

namespace huikuan::ops {

struct TermRulesInForce {
  int64_t version = 0;  // 0: the core's defaults
  core::TermPolicyRules rules;
};

// Every published version, read once (a handful of rows), for an operation that prices orders of
// many days.
class TermPolicies {
 public:
  static TermPolicies Load(store::ConnectionPool::Lease& db);
  const TermRulesInForce& InForce(core::EpochDay day) const;
  const std::vector<store::TermPolicyRecord>& versions() const { return versions_; }

 private:
  std::vector<store::TermPolicyRecord> versions_;
  std::vector<core::EpochDay> effective_days_;
  std::vector<TermRulesInForce> rules_;  // one per version
  TermRulesInForce defaults_;
};

}  // namespace huikuan::ops

#endif  // HUIKUAN_SERVER_OPS_TERM_RULES_H_
