// huikuan.v1.ArrangementService: promises to pay, disputes, payment plans, goods-for-debt
// settlements and the collection holds they cause (issue 9). validate -> ops -> convert
// (ops/promises.h, disputes.h, payment_plans.h, settlements.h, dunning_holds.h).
#ifndef HUIKUAN_SERVER_SERVICE_ARRANGEMENT_SERVICE_H_
#define HUIKUAN_SERVER_SERVICE_ARRANGEMENT_SERVICE_H_

#include "huikuan/v1/arrangement_service.grpc.pb.h"
#include "server/core/approval_chain.h"
#include "server/core/payment_plan.h"
#include "server/core/promise.h"
#include "server/service/rpc_runtime.h"

namespace huikuan::service {

// The company's settings the service applies (server flags).
struct ArrangementSettings {
  core::ApprovalChainConfig approval_chain;  // the bands above which management approves plans
  int32_t promise_tolerance_days = core::kDefaultPromiseToleranceDays;
  int32_t instalment_grace_days = core::kDefaultInstalmentGraceDays;
};

class ArrangementServiceImpl final : public v1::ArrangementService::Service {
 public:
  ArrangementServiceImpl(RpcRuntime& runtime, ArrangementSettings settings)
      : runtime_(runtime), settings_(std::move(settings)) {}

  grpc::Status RecordPromise(grpc::ServerContext* context, const v1::RecordPromiseRequest* request,
                             v1::RecordPromiseResponse* response) override;
  grpc::Status GetPromise(grpc::ServerContext* context, const v1::GetPromiseRequest* request,
                          v1::GetPromiseResponse* response) override;
  grpc::Status ListPromises(grpc::ServerContext* context, const v1::ListPromisesRequest* request,
                            v1::ListPromisesResponse* response) override;

  grpc::Status RaiseInvoiceDispute(grpc::ServerContext* context,
                                   const v1::RaiseInvoiceDisputeRequest* request,
                                   v1::RaiseInvoiceDisputeResponse* response) override;
  grpc::Status ResolveInvoiceDispute(grpc::ServerContext* context,
                                     const v1::ResolveInvoiceDisputeRequest* request,
                                     v1::ResolveInvoiceDisputeResponse* response) override;
  grpc::Status ListInvoiceDisputes(grpc::ServerContext* context,
                                   const v1::ListInvoiceDisputesRequest* request,
                                   v1::ListInvoiceDisputesResponse* response) override;

  grpc::Status RequestPaymentPlan(grpc::ServerContext* context,
                                  const v1::RequestPaymentPlanRequest* request,
                                  v1::RequestPaymentPlanResponse* response) override;
  grpc::Status ApprovePaymentPlan(grpc::ServerContext* context,
                                  const v1::ApprovePaymentPlanRequest* request,
                                  v1::ApprovePaymentPlanResponse* response) override;
  grpc::Status RejectPaymentPlan(grpc::ServerContext* context,
                                 const v1::RejectPaymentPlanRequest* request,
                                 v1::RejectPaymentPlanResponse* response) override;
  grpc::Status GetPaymentPlan(grpc::ServerContext* context,
                              const v1::GetPaymentPlanRequest* request,
                              v1::GetPaymentPlanResponse* response) override;
  grpc::Status ListPaymentPlans(grpc::ServerContext* context,
                                const v1::ListPaymentPlansRequest* request,
                                v1::ListPaymentPlansResponse* response) override;

  grpc::Status RequestSettlement(grpc::ServerContext* context,
                                 const v1::RequestSettlementRequest* request,
                                 v1::RequestSettlementResponse* response) override;
  grpc::Status ApproveSettlement(grpc::ServerContext* context,
                                 const v1::ApproveSettlementRequest* request,
                                 v1::ApproveSettlementResponse* response) override;
  grpc::Status RejectSettlement(grpc::ServerContext* context,
                                const v1::RejectSettlementRequest* request,
                                v1::RejectSettlementResponse* response) override;
  grpc::Status ListSettlements(grpc::ServerContext* context,
                               const v1::ListSettlementsRequest* request,
                               v1::ListSettlementsResponse* response) override;

  grpc::Status ListCollectionHolds(grpc::ServerContext* context,
                                   const v1::ListCollectionHoldsRequest* request,
                                   v1::ListCollectionHoldsResponse* response) override;

 private:
  RpcRuntime& runtime_;
  const ArrangementSettings settings_;
};

}  // namespace huikuan::service

#endif  // HUIKUAN_SERVER_SERVICE_ARRANGEMENT_SERVICE_H_
