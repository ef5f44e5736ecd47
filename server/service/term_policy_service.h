// huikuan.v1.TermPolicyService: versioned term policies (R-TERM-3) and the effective terms of an
// order under the version in force (R-TERM-1, R-TERM-2, R-TIER-2). The terms and the notice
// period are the core's (terms.h); this file stores versions and gathers the ledger's inputs.
#ifndef HUIKUAN_SERVER_SERVICE_TERM_POLICY_SERVICE_H_
#define HUIKUAN_SERVER_SERVICE_TERM_POLICY_SERVICE_H_

#include <array>
#include <cstdint>

#include "absl/status/statusor.h"
#include "huikuan/v1/term_policy_service.grpc.pb.h"
#include "server/core/civil_date.h"
#include "server/core/terms.h"
#include "server/core/tiering.h"
#include "server/service/rpc_runtime.h"
#include "server/store/connection_pool.h"

namespace huikuan::service {

// The term rules in force on a day (R-TERM-3): the published version with the latest effective
// date on or before the day (core::PolicyVersionInForce), or the core's defaults (version 0) when
// none is in force yet. For every caller that prices an order (GetEffectiveTerms, and the ledger
// when it invoices), so that all of them apply the same version.
struct TermRules {
  int64_t version = 0;
  core::TermsPolicy terms;
  // Base terms indexed by core::Tier (R-TIER-2).
  std::array<core::TierTerms, 4> matrix = core::TieringConfig().terms;
  // The least order shares of strategic core, key partner and general (R-TIER-2).
  std::array<core::BasisPoints, 3> min_order_share_bp = {
      core::TieringConfig().strategic_min_share_bp, core::TieringConfig().key_min_share_bp,
      core::TieringConfig().general_min_share_bp};

  // The core's tiering configuration under these rules.
  core::TieringConfig Tiering() const;
};
// Reads term_policies inside the caller's transaction. INTERNAL when a stored version is
// unreadable.
absl::StatusOr<TermRules> TermRulesInForce(store::ConnectionPool::Lease& db, core::EpochDay day);

class TermPolicyServiceImpl final : public v1::TermPolicyService::Service {
 public:
  explicit TermPolicyServiceImpl(RpcRuntime& runtime) : runtime_(runtime) {}

  grpc::Status PublishTermPolicy(grpc::ServerContext* context,
                                 const v1::PublishTermPolicyRequest* request,
                                 v1::PublishTermPolicyResponse* response) override;
  grpc::Status ListTermPolicies(grpc::ServerContext* context,
                                const v1::ListTermPoliciesRequest* request,
                                v1::ListTermPoliciesResponse* response) override;
  grpc::Status GetEffectiveTerms(grpc::ServerContext* context,
                                 const v1::GetEffectiveTermsRequest* request,
                                 v1::GetEffectiveTermsResponse* response) override;

 private:
  RpcRuntime& runtime_;
};

}  // namespace huikuan::service

#endif  // HUIKUAN_SERVER_SERVICE_TERM_POLICY_SERVICE_H_
