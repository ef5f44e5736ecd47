// huikuan.v1.AuditService: reading the append-only audit trail.
#ifndef HUIKUAN_SERVER_SERVICE_AUDIT_SERVICE_H_
#define HUIKUAN_SERVER_SERVICE_AUDIT_SERVICE_H_

#include "huikuan/v1/audit_service.grpc.pb.h"
#include "server/service/rpc_runtime.h"

namespace huikuan::service {

class AuditServiceImpl final : public v1::AuditService::Service {
 public:
  explicit AuditServiceImpl(RpcRuntime& runtime) : runtime_(runtime) {}

  grpc::Status ListAuditEvents(grpc::ServerContext* context,
                               const v1::ListAuditEventsRequest* request,
                               v1::ListAuditEventsResponse* response) override;

 private:
  RpcRuntime& runtime_;
};

}  // namespace huikuan::service

#endif  // HUIKUAN_SERVER_SERVICE_AUDIT_SERVICE_H_
