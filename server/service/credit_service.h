// huikuan.v1.CreditService: credit applications with the model's pre-review and the approval
// chain by amount (R-CREDIT-1), and credit holds (R-WARN-4). validate -> ops/credit.h ->
// credit_convert.h.
#ifndef HUIKUAN_SERVER_SERVICE_CREDIT_SERVICE_H_
#define HUIKUAN_SERVER_SERVICE_CREDIT_SERVICE_H_

#include <utility>

#include "huikuan/v1/credit_service.grpc.pb.h"
#include "server/core/approval_chain.h"
#include "server/service/rpc_runtime.h"

namespace huikuan::service {

class CreditServiceImpl final : public v1::CreditService::Service {
 public:
  // `approval_chain`: who approves which amounts (validated by the caller, e.g. main.cc's flag).
  explicit CreditServiceImpl(RpcRuntime& runtime,
                             core::ApprovalChainConfig approval_chain = core::ApprovalChainConfig())
      : runtime_(runtime), approval_chain_(std::move(approval_chain)) {}

  grpc::Status SubmitCreditApplication(grpc::ServerContext* context,
                                       const v1::SubmitCreditApplicationRequest* request,
                                       v1::SubmitCreditApplicationResponse* response) override;
  grpc::Status GetCreditApplication(grpc::ServerContext* context,
                                    const v1::GetCreditApplicationRequest* request,
                                    v1::GetCreditApplicationResponse* response) override;
  grpc::Status ListCreditApplications(grpc::ServerContext* context,
                                      const v1::ListCreditApplicationsRequest* request,
                                      v1::ListCreditApplicationsResponse* response) override;
  grpc::Status ApproveCreditApplication(grpc::ServerContext* context,
                                        const v1::ApproveCreditApplicationRequest* request,
                                        v1::ApproveCreditApplicationResponse* response) override;
  grpc::Status RejectCreditApplication(grpc::ServerContext* context,
                                       const v1::RejectCreditApplicationRequest* request,
                                       v1::RejectCreditApplicationResponse* response) override;
  grpc::Status WithdrawCreditApplication(grpc::ServerContext* context,
                                         const v1::WithdrawCreditApplicationRequest* request,
                                         v1::WithdrawCreditApplicationResponse* response) override;
  grpc::Status GetCustomerCredit(grpc::ServerContext* context,
                                 const v1::GetCustomerCreditRequest* request,
                                 v1::GetCustomerCreditResponse* response) override;
  grpc::Status PlaceCreditHold(grpc::ServerContext* context,
                               const v1::PlaceCreditHoldRequest* request,
                               v1::PlaceCreditHoldResponse* response) override;
  grpc::Status ReleaseCreditHold(grpc::ServerContext* context,
                                 const v1::ReleaseCreditHoldRequest* request,
                                 v1::ReleaseCreditHoldResponse* response) override;

 private:
  RpcRuntime& runtime_;
  const core::ApprovalChainConfig approval_chain_;
};

}  // namespace huikuan::service

#endif  // HUIKUAN_SERVER_SERVICE_CREDIT_SERVICE_H_
