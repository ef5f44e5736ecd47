// huikuan.v1.ForecastService: cash, overdue and DSO forecasts (issue 11). validate ->
// ops/forecasts.h -> convert. Reads only, row-scoped in ops.
#ifndef HUIKUAN_SERVER_SERVICE_FORECAST_SERVICE_H_
#define HUIKUAN_SERVER_SERVICE_FORECAST_SERVICE_H_

#include "huikuan/v1/forecast_service.grpc.pb.h"
#include "server/ops/ledger_cache.h"
#include "server/service/rpc_runtime.h"

namespace huikuan::service {

class ForecastServiceImpl final : public v1::ForecastService::Service {
 public:
  // `cache`: the replica's ledger in memory (ops/ledger_cache.h), shared with ReportService.
  ForecastServiceImpl(RpcRuntime& runtime, ops::LedgerCache& cache)
      : runtime_(runtime), cache_(cache) {}

  grpc::Status GetCashForecast(grpc::ServerContext* context,
                               const v1::GetCashForecastRequest* request,
                               v1::GetCashForecastResponse* response) override;
  grpc::Status GetOverdueForecast(grpc::ServerContext* context,
                                  const v1::GetOverdueForecastRequest* request,
                                  v1::GetOverdueForecastResponse* response) override;
  grpc::Status GetDsoForecast(grpc::ServerContext* context,
                              const v1::GetDsoForecastRequest* request,
                              v1::GetDsoForecastResponse* response) override;
  grpc::Status SimulateTermPolicy(grpc::ServerContext* context,
                                  const v1::SimulateTermPolicyRequest* request,
                                  v1::SimulateTermPolicyResponse* response) override;

 private:
  RpcRuntime& runtime_;
  ops::LedgerCache& cache_;
};

}  // namespace huikuan::service

#endif  // HUIKUAN_SERVER_SERVICE_FORECAST_SERVICE_H_
