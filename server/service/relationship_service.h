// huikuan.v1.RelationshipService: the relationship cadence's settings and prepared messages, and
// joint market promotions (issue 14). validate -> ops/cadence.h, ops/promotions.h -> convert.
#ifndef HUIKUAN_SERVER_SERVICE_RELATIONSHIP_SERVICE_H_
#define HUIKUAN_SERVER_SERVICE_RELATIONSHIP_SERVICE_H_

#include "huikuan/v1/relationship_service.grpc.pb.h"
#include "server/service/rpc_runtime.h"

namespace huikuan::service {

class RelationshipServiceImpl final : public v1::RelationshipService::Service {
 public:
  explicit RelationshipServiceImpl(RpcRuntime& runtime) : runtime_(runtime) {}

  grpc::Status GetCadenceSettings(grpc::ServerContext* context,
                                  const v1::GetCadenceSettingsRequest* request,
                                  v1::GetCadenceSettingsResponse* response) override;
  grpc::Status UpdateCadenceSettings(grpc::ServerContext* context,
                                     const v1::UpdateCadenceSettingsRequest* request,
                                     v1::UpdateCadenceSettingsResponse* response) override;
  grpc::Status SendCadenceMessage(grpc::ServerContext* context,
                                  const v1::SendCadenceMessageRequest* request,
                                  v1::SendCadenceMessageResponse* response) override;
  grpc::Status RecordPromotion(grpc::ServerContext* context,
                               const v1::RecordPromotionRequest* request,
                               v1::RecordPromotionResponse* response) override;
  grpc::Status ApprovePromotion(grpc::ServerContext* context,
                                const v1::ApprovePromotionRequest* request,
                                v1::ApprovePromotionResponse* response) override;
  grpc::Status RejectPromotion(grpc::ServerContext* context,
                               const v1::RejectPromotionRequest* request,
                               v1::RejectPromotionResponse* response) override;
  grpc::Status ListPromotions(grpc::ServerContext* context,
                              const v1::ListPromotionsRequest* request,
                              v1::ListPromotionsResponse* response) override;

 private:
  RpcRuntime& runtime_;
};

}  // namespace huikuan::service

#endif  // HUIKUAN_SERVER_SERVICE_RELATIONSHIP_SERVICE_H_
