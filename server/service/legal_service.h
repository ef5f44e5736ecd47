// huikuan.v1.LegalService: legal cases (lawyer letter -> filed -> judgment -> enforcement ->
// closed) and the limitation periods of overdue invoices (R-LAW-1). validate -> ops -> convert
// (ops/legal_cases.h, ops/limitation.h).
#ifndef HUIKUAN_SERVER_SERVICE_LEGAL_SERVICE_H_
#define HUIKUAN_SERVER_SERVICE_LEGAL_SERVICE_H_

#include "huikuan/v1/legal_service.grpc.pb.h"
#include "server/service/rpc_runtime.h"

namespace huikuan::service {

class LegalServiceImpl final : public v1::LegalService::Service {
 public:
  explicit LegalServiceImpl(RpcRuntime& runtime) : runtime_(runtime) {}

  grpc::Status OpenLegalCase(grpc::ServerContext* context, const v1::OpenLegalCaseRequest* request,
                             v1::OpenLegalCaseResponse* response) override;
  grpc::Status AdvanceLegalCase(grpc::ServerContext* context,
                                const v1::AdvanceLegalCaseRequest* request,
                                v1::AdvanceLegalCaseResponse* response) override;
  grpc::Status GetLegalCase(grpc::ServerContext* context, const v1::GetLegalCaseRequest* request,
                            v1::GetLegalCaseResponse* response) override;
  grpc::Status ListLegalCases(grpc::ServerContext* context,
                              const v1::ListLegalCasesRequest* request,
                              v1::ListLegalCasesResponse* response) override;
  grpc::Status RecordLimitationEvent(grpc::ServerContext* context,
                                     const v1::RecordLimitationEventRequest* request,
                                     v1::RecordLimitationEventResponse* response) override;
  grpc::Status ListLimitationPeriods(grpc::ServerContext* context,
                                     const v1::ListLimitationPeriodsRequest* request,
                                     v1::ListLimitationPeriodsResponse* response) override;

 private:
  RpcRuntime& runtime_;
};

}  // namespace huikuan::service

#endif  // HUIKUAN_SERVER_SERVICE_LEGAL_SERVICE_H_
