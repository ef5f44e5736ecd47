// huikuan.v1.DunningService: the collection ladder's versions per tier and a customer's own
// ladder or exclusion (issue 9, R-DUN-1). validate -> ops/dunning.h -> dunning_convert.h.
#ifndef HUIKUAN_SERVER_SERVICE_DUNNING_SERVICE_H_
#define HUIKUAN_SERVER_SERVICE_DUNNING_SERVICE_H_

#include "huikuan/v1/dunning_service.grpc.pb.h"
#include "server/service/rpc_runtime.h"

namespace huikuan::service {

class DunningServiceImpl final : public v1::DunningService::Service {
 public:
  explicit DunningServiceImpl(RpcRuntime& runtime) : runtime_(runtime) {}

  grpc::Status PublishDunningLadders(grpc::ServerContext* context,
                                     const v1::PublishDunningLaddersRequest* request,
                                     v1::PublishDunningLaddersResponse* response) override;
  grpc::Status ListDunningLadderVersions(grpc::ServerContext* context,
                                         const v1::ListDunningLadderVersionsRequest* request,
                                         v1::ListDunningLadderVersionsResponse* response) override;
  grpc::Status GetDunningLadders(grpc::ServerContext* context,
                                 const v1::GetDunningLaddersRequest* request,
                                 v1::GetDunningLaddersResponse* response) override;
  grpc::Status SetDunningOverride(grpc::ServerContext* context,
                                  const v1::SetDunningOverrideRequest* request,
                                  v1::SetDunningOverrideResponse* response) override;
  grpc::Status ClearDunningOverride(grpc::ServerContext* context,
                                    const v1::ClearDunningOverrideRequest* request,
                                    v1::ClearDunningOverrideResponse* response) override;
  grpc::Status ListDunningOverrides(grpc::ServerContext* context,
                                    const v1::ListDunningOverridesRequest* request,
                                    v1::ListDunningOverridesResponse* response) override;

 private:
  RpcRuntime& runtime_;
};

}  // namespace huikuan::service

#endif  // HUIKUAN_SERVER_SERVICE_DUNNING_SERVICE_H_
