// huikuan.v1.WorklistService: department worklists, contacts (the evidence) and the outbox of
// messages to customers (issue 9). validate -> ops/work_items.h, ops/outbox.h ->
// worklist_convert.h.
#ifndef HUIKUAN_SERVER_SERVICE_WORKLIST_SERVICE_H_
#define HUIKUAN_SERVER_SERVICE_WORKLIST_SERVICE_H_

#include "huikuan/v1/worklist_service.grpc.pb.h"
#include "server/service/rpc_runtime.h"

namespace huikuan::service {

class WorklistServiceImpl final : public v1::WorklistService::Service {
 public:
  explicit WorklistServiceImpl(RpcRuntime& runtime) : runtime_(runtime) {}

  grpc::Status ListWorkItems(grpc::ServerContext* context, const v1::ListWorkItemsRequest* request,
                             v1::ListWorkItemsResponse* response) override;
  grpc::Status GetWorkItem(grpc::ServerContext* context, const v1::GetWorkItemRequest* request,
                           v1::GetWorkItemResponse* response) override;
  grpc::Status CompleteWorkItem(grpc::ServerContext* context,
                                const v1::CompleteWorkItemRequest* request,
                                v1::CompleteWorkItemResponse* response) override;
  grpc::Status ReassignWorkItem(grpc::ServerContext* context,
                                const v1::ReassignWorkItemRequest* request,
                                v1::ReassignWorkItemResponse* response) override;
  grpc::Status SnoozeWorkItem(grpc::ServerContext* context,
                              const v1::SnoozeWorkItemRequest* request,
                              v1::SnoozeWorkItemResponse* response) override;
  grpc::Status RecordContact(grpc::ServerContext* context, const v1::RecordContactRequest* request,
                             v1::RecordContactResponse* response) override;
  grpc::Status ListContacts(grpc::ServerContext* context, const v1::ListContactsRequest* request,
                            v1::ListContactsResponse* response) override;
  grpc::Status ListOutboxMessages(grpc::ServerContext* context,
                                  const v1::ListOutboxMessagesRequest* request,
                                  v1::ListOutboxMessagesResponse* response) override;
  grpc::Status GetOutboxMessage(grpc::ServerContext* context,
                                const v1::GetOutboxMessageRequest* request,
                                v1::GetOutboxMessageResponse* response) override;
  grpc::Status MarkMessageDispatched(grpc::ServerContext* context,
                                     const v1::MarkMessageDispatchedRequest* request,
                                     v1::MarkMessageDispatchedResponse* response) override;

 private:
  RpcRuntime& runtime_;
};

}  // namespace huikuan::service

#endif  // HUIKUAN_SERVER_SERVICE_WORKLIST_SERVICE_H_
