// huikuan.v1.StatementService: monthly statements (R-STMT-1) with confirmation and disputes.
// validate -> ops/statements.h -> convert. Disputing an invoice sets its status to "disputed":
// the ledger's cash application only takes open invoices (store::LockOpenInvoices) and the
// dunning core pauses disputed ones, so the status is the one switch both rules read.
#ifndef HUIKUAN_SERVER_SERVICE_STATEMENT_SERVICE_H_
#define HUIKUAN_SERVER_SERVICE_STATEMENT_SERVICE_H_

#include "huikuan/v1/statement_service.grpc.pb.h"
#include "server/service/rpc_runtime.h"

namespace huikuan::service {

class StatementServiceImpl final : public v1::StatementService::Service {
 public:
  explicit StatementServiceImpl(RpcRuntime& runtime) : runtime_(runtime) {}

  grpc::Status GenerateStatement(grpc::ServerContext* context,
                                 const v1::GenerateStatementRequest* request,
                                 v1::GenerateStatementResponse* response) override;
  grpc::Status GetStatement(grpc::ServerContext* context, const v1::GetStatementRequest* request,
                            v1::GetStatementResponse* response) override;
  grpc::Status ListStatements(grpc::ServerContext* context,
                              const v1::ListStatementsRequest* request,
                              v1::ListStatementsResponse* response) override;
  grpc::Status ConfirmStatement(grpc::ServerContext* context,
                                const v1::ConfirmStatementRequest* request,
                                v1::ConfirmStatementResponse* response) override;
  grpc::Status DisputeStatementLines(grpc::ServerContext* context,
                                     const v1::DisputeStatementLinesRequest* request,
                                     v1::DisputeStatementLinesResponse* response) override;
  grpc::Status ResolveDispute(grpc::ServerContext* context,
                              const v1::ResolveDisputeRequest* request,
                              v1::ResolveDisputeResponse* response) override;

 private:
  RpcRuntime& runtime_;
};

}  // namespace huikuan::service

#endif  // HUIKUAN_SERVER_SERVICE_STATEMENT_SERVICE_H_
