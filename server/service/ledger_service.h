// huikuan.v1.LedgerService: invoices, payments and cash application (issue 4). Every handler is
// validate -> ops (ops/invoices.h, ops/payments.h) -> convert (ledger_convert.h).
#ifndef HUIKUAN_SERVER_SERVICE_LEDGER_SERVICE_H_
#define HUIKUAN_SERVER_SERVICE_LEDGER_SERVICE_H_

#include "huikuan/v1/ledger_service.grpc.pb.h"
#include "server/service/rpc_runtime.h"

namespace huikuan::service {

class LedgerServiceImpl final : public v1::LedgerService::Service {
 public:
  explicit LedgerServiceImpl(RpcRuntime& runtime) : runtime_(runtime) {}

  grpc::Status CreateInvoice(grpc::ServerContext* context, const v1::CreateInvoiceRequest* request,
                             v1::CreateInvoiceResponse* response) override;
  grpc::Status CreateInvoices(grpc::ServerContext* context,
                              const v1::CreateInvoicesRequest* request,
                              v1::CreateInvoicesResponse* response) override;
  grpc::Status GetInvoice(grpc::ServerContext* context, const v1::GetInvoiceRequest* request,
                          v1::GetInvoiceResponse* response) override;
  grpc::Status ListInvoices(grpc::ServerContext* context, const v1::ListInvoicesRequest* request,
                            v1::ListInvoicesResponse* response) override;
  grpc::Status RecordPayment(grpc::ServerContext* context, const v1::RecordPaymentRequest* request,
                             v1::RecordPaymentResponse* response) override;
  grpc::Status GetPayment(grpc::ServerContext* context, const v1::GetPaymentRequest* request,
                          v1::GetPaymentResponse* response) override;
  grpc::Status AllocatePayment(grpc::ServerContext* context,
                               const v1::AllocatePaymentRequest* request,
                               v1::AllocatePaymentResponse* response) override;
  grpc::Status ReversePayment(grpc::ServerContext* context,
                              const v1::ReversePaymentRequest* request,
                              v1::ReversePaymentResponse* response) override;

 private:
  RpcRuntime& runtime_;
};

}  // namespace huikuan::service

#endif  // HUIKUAN_SERVER_SERVICE_LEDGER_SERVICE_H_
