// huikuan.v1.HealthService: the credit-term health score (issue 14). validate -> ops -> convert
// (ops/health.h).
#ifndef HUIKUAN_SERVER_SERVICE_HEALTH_SERVICE_H_
#define HUIKUAN_SERVER_SERVICE_HEALTH_SERVICE_H_

#include "huikuan/v1/health_service.grpc.pb.h"
#include "server/ops/health.h"
#include "server/service/rpc_runtime.h"

namespace huikuan::service {

class HealthServiceImpl final : public v1::HealthService::Service {
 public:
  explicit HealthServiceImpl(RpcRuntime& runtime) : runtime_(runtime) {}

  grpc::Status GetCustomerHealth(grpc::ServerContext* context,
                                 const v1::GetCustomerHealthRequest* request,
                                 v1::GetCustomerHealthResponse* response) override;
  grpc::Status ListCustomerHealth(grpc::ServerContext* context,
                                  const v1::ListCustomerHealthRequest* request,
                                  v1::ListCustomerHealthResponse* response) override;
  grpc::Status GetCompanyHealth(grpc::ServerContext* context,
                                const v1::GetCompanyHealthRequest* request,
                                v1::GetCompanyHealthResponse* response) override;

 private:
  RpcRuntime& runtime_;
  ops::HealthCache cache_;
};

}  // namespace huikuan::service

#endif  // HUIKUAN_SERVER_SERVICE_HEALTH_SERVICE_H_
