// huikuan.v1.FinancingService: pledged and factored invoices (issue 14). validate -> ops -> convert
// (ops/pledges.h).
#ifndef HUIKUAN_SERVER_SERVICE_FINANCING_SERVICE_H_
#define HUIKUAN_SERVER_SERVICE_FINANCING_SERVICE_H_

#include "huikuan/v1/financing_service.grpc.pb.h"
#include "server/service/rpc_runtime.h"

namespace huikuan::service {

class FinancingServiceImpl final : public v1::FinancingService::Service {
 public:
  explicit FinancingServiceImpl(RpcRuntime& runtime) : runtime_(runtime) {}

  grpc::Status PledgeInvoice(grpc::ServerContext* context, const v1::PledgeInvoiceRequest* request,
                             v1::PledgeInvoiceResponse* response) override;
  grpc::Status ReleasePledge(grpc::ServerContext* context, const v1::ReleasePledgeRequest* request,
                             v1::ReleasePledgeResponse* response) override;
  grpc::Status ListPledges(grpc::ServerContext* context, const v1::ListPledgesRequest* request,
                           v1::ListPledgesResponse* response) override;

 private:
  RpcRuntime& runtime_;
};

}  // namespace huikuan::service

#endif  // HUIKUAN_SERVER_SERVICE_FINANCING_SERVICE_H_
