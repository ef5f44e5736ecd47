// huikuan.v1.TermPolicyService: versioned term policies (R-TERM-3) and the effective terms of an
// order under the version in force (R-TERM-1, R-TERM-2, R-TIER-2). validate ->
// ops/term_policies.h -> term_policy_convert.h.
#ifndef HUIKUAN_SERVER_SERVICE_TERM_POLICY_SERVICE_H_
#define HUIKUAN_SERVER_SERVICE_TERM_POLICY_SERVICE_H_

#include "huikuan/v1/term_policy_service.grpc.pb.h"
#include "server/service/rpc_runtime.h"

namespace huikuan::service {

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
