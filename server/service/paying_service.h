// huikuan.v1.PayingService (issue 14): payment instructions for the portal (bank account,
// what is due, statements' payment references) and early-payment discount offers. Every handler
// is validate -> ops (ops/paying.h) -> convert.
#ifndef HUIKUAN_SERVER_SERVICE_PAYING_SERVICE_H_
#define HUIKUAN_SERVER_SERVICE_PAYING_SERVICE_H_

#include <string>
#include <utility>

#include "huikuan/v1/paying_service.grpc.pb.h"
#include "server/service/rpc_runtime.h"

namespace huikuan::service {

struct PayingSettings {
  std::string payee;         // the company name (--company_name)
  std::string bank_account;  // --payment_account
};

class PayingServiceImpl final : public v1::PayingService::Service {
 public:
  PayingServiceImpl(RpcRuntime& runtime, PayingSettings settings)
      : runtime_(runtime), settings_(std::move(settings)) {}

  grpc::Status GetPaymentInstructions(grpc::ServerContext* context,
                                      const v1::GetPaymentInstructionsRequest* request,
                                      v1::GetPaymentInstructionsResponse* response) override;
  grpc::Status ProposeDiscountOffer(grpc::ServerContext* context,
                                    const v1::ProposeDiscountOfferRequest* request,
                                    v1::ProposeDiscountOfferResponse* response) override;
  grpc::Status AcceptDiscountOffer(grpc::ServerContext* context,
                                   const v1::AcceptDiscountOfferRequest* request,
                                   v1::AcceptDiscountOfferResponse* response) override;
  grpc::Status ListDiscountOffers(grpc::ServerContext* context,
                                  const v1::ListDiscountOffersRequest* request,
                                  v1::ListDiscountOffersResponse* response) override;

 private:
  RpcRuntime& runtime_;
  const PayingSettings settings_;
};

}  // namespace huikuan::service

#endif  // HUIKUAN_SERVER_SERVICE_PAYING_SERVICE_H_
