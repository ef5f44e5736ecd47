// huikuan.v1.CollectionsService: late fees accrued per invoice and day (R-TERM-4, the core's
// LateFee), their waivers (finance head approves) and bad-debt write-offs (finance requests, a
// management head approves). validate -> ops/collections.h -> convert.
#ifndef HUIKUAN_SERVER_SERVICE_COLLECTIONS_SERVICE_H_
#define HUIKUAN_SERVER_SERVICE_COLLECTIONS_SERVICE_H_

#include "huikuan/v1/collections_service.grpc.pb.h"
#include "server/service/rpc_runtime.h"

namespace huikuan::service {

class CollectionsServiceImpl final : public v1::CollectionsService::Service {
 public:
  explicit CollectionsServiceImpl(RpcRuntime& runtime) : runtime_(runtime) {}

  grpc::Status AccrueLateFees(grpc::ServerContext* context,
                              const v1::AccrueLateFeesRequest* request,
                              v1::AccrueLateFeesResponse* response) override;
  grpc::Status ListLateFees(grpc::ServerContext* context, const v1::ListLateFeesRequest* request,
                            v1::ListLateFeesResponse* response) override;
  grpc::Status RequestLateFeeWaiver(grpc::ServerContext* context,
                                    const v1::RequestLateFeeWaiverRequest* request,
                                    v1::RequestLateFeeWaiverResponse* response) override;
  grpc::Status ApproveLateFeeWaiver(grpc::ServerContext* context,
                                    const v1::ApproveLateFeeWaiverRequest* request,
                                    v1::ApproveLateFeeWaiverResponse* response) override;
  grpc::Status RejectLateFeeWaiver(grpc::ServerContext* context,
                                   const v1::RejectLateFeeWaiverRequest* request,
                                   v1::RejectLateFeeWaiverResponse* response) override;

  grpc::Status RequestWriteOff(grpc::ServerContext* context,
                               const v1::RequestWriteOffRequest* request,
                               v1::RequestWriteOffResponse* response) override;
  grpc::Status ApproveWriteOff(grpc::ServerContext* context,
                               const v1::ApproveWriteOffRequest* request,
                               v1::ApproveWriteOffResponse* response) override;
  grpc::Status RejectWriteOff(grpc::ServerContext* context,
                              const v1::RejectWriteOffRequest* request,
                              v1::RejectWriteOffResponse* response) override;

 private:
  RpcRuntime& runtime_;
};

}  // namespace huikuan::service

#endif  // HUIKUAN_SERVER_SERVICE_COLLECTIONS_SERVICE_H_
