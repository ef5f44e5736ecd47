// huikuan.v1.RiskService: early warnings (issue 10). validate -> ops -> convert (ops/risk.h).
#ifndef HUIKUAN_SERVER_SERVICE_RISK_SERVICE_H_
#define HUIKUAN_SERVER_SERVICE_RISK_SERVICE_H_

#include "huikuan/v1/risk_service.grpc.pb.h"
#include "server/ops/risk.h"
#include "server/service/rpc_runtime.h"

namespace huikuan::service {

class RiskServiceImpl final : public v1::RiskService::Service {
 public:
  RiskServiceImpl(RpcRuntime& runtime, ops::RiskSettings settings)
      : runtime_(runtime), settings_(std::move(settings)) {}

  grpc::Status RecordRiskSignal(grpc::ServerContext* context,
                                const v1::RecordRiskSignalRequest* request,
                                v1::RecordRiskSignalResponse* response) override;
  grpc::Status ImportRiskSignals(grpc::ServerContext* context,
                                 const v1::ImportRiskSignalsRequest* request,
                                 v1::ImportRiskSignalsResponse* response) override;
  grpc::Status GetCustomerRisk(grpc::ServerContext* context,
                               const v1::GetCustomerRiskRequest* request,
                               v1::GetCustomerRiskResponse* response) override;
  grpc::Status ListCustomerRisks(grpc::ServerContext* context,
                                 const v1::ListCustomerRisksRequest* request,
                                 v1::ListCustomerRisksResponse* response) override;

 private:
  RpcRuntime& runtime_;
  const ops::RiskSettings settings_;
};

}  // namespace huikuan::service

#endif  // HUIKUAN_SERVER_SERVICE_RISK_SERVICE_H_
