// huikuan.v1.DataExchangeService: CSV import and export of customers, invoices and payments
// (issue 4). The imports and exports are ops/imports.h and ops/exports.h; this file adds the
// edge: validate_only runs an import and rolls it back, a real import runs under
// RpcRuntime::Write (request_id idempotency, the import's audit trail).
#ifndef HUIKUAN_SERVER_SERVICE_DATA_EXCHANGE_SERVICE_H_
#define HUIKUAN_SERVER_SERVICE_DATA_EXCHANGE_SERVICE_H_

#include "huikuan/v1/data_exchange_service.grpc.pb.h"
#include "server/service/rpc_runtime.h"

namespace huikuan::service {

class DataExchangeServiceImpl final : public v1::DataExchangeService::Service {
 public:
  explicit DataExchangeServiceImpl(RpcRuntime& runtime) : runtime_(runtime) {}

  grpc::Status ImportCustomers(grpc::ServerContext* context,
                               const v1::ImportCustomersRequest* request,
                               v1::ImportCustomersResponse* response) override;
  grpc::Status ImportInvoices(grpc::ServerContext* context,
                              const v1::ImportInvoicesRequest* request,
                              v1::ImportInvoicesResponse* response) override;
  grpc::Status ImportPayments(grpc::ServerContext* context,
                              const v1::ImportPaymentsRequest* request,
                              v1::ImportPaymentsResponse* response) override;
  grpc::Status ImportIbmLatePayments(grpc::ServerContext* context,
                                     const v1::ImportIbmLatePaymentsRequest* request,
                                     v1::ImportIbmLatePaymentsResponse* response) override;
  grpc::Status ExportCustomers(grpc::ServerContext* context,
                               const v1::ExportCustomersRequest* request,
                               v1::ExportCustomersResponse* response) override;
  grpc::Status ExportInvoices(grpc::ServerContext* context,
                              const v1::ExportInvoicesRequest* request,
                              v1::ExportInvoicesResponse* response) override;
  grpc::Status ExportPayments(grpc::ServerContext* context,
                              const v1::ExportPaymentsRequest* request,
                              v1::ExportPaymentsResponse* response) override;

 private:
  using ImportFn = absl::FunctionRef<absl::Status(ops::WriteScope&)>;
  // validate_only: `import` runs and is rolled back (no request_id, nothing recorded); otherwise
  // it runs under Write.
  grpc::Status RunImport(grpc::ServerContext* context, const google::protobuf::Message& request,
                         absl::string_view request_id, bool validate_only,
                         google::protobuf::Message* response, ImportFn import);

  RpcRuntime& runtime_;
};

}  // namespace huikuan::service

#endif  // HUIKUAN_SERVER_SERVICE_DATA_EXCHANGE_SERVICE_H_
