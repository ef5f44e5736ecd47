// huikuan.v1.CustomerService: customers, with row scoping (sales staff -> owned customers,
// customer users -> their own company). validate -> ops/customers.h -> customer_convert.h.
#ifndef HUIKUAN_SERVER_SERVICE_CUSTOMER_SERVICE_H_
#define HUIKUAN_SERVER_SERVICE_CUSTOMER_SERVICE_H_

#include "huikuan/v1/customer_service.grpc.pb.h"
#include "server/service/rpc_runtime.h"

namespace huikuan::service {

class CustomerServiceImpl final : public v1::CustomerService::Service {
 public:
  explicit CustomerServiceImpl(RpcRuntime& runtime) : runtime_(runtime) {}

  grpc::Status CreateCustomer(grpc::ServerContext* context,
                              const v1::CreateCustomerRequest* request,
                              v1::CreateCustomerResponse* response) override;
  grpc::Status GetCustomer(grpc::ServerContext* context, const v1::GetCustomerRequest* request,
                           v1::GetCustomerResponse* response) override;
  grpc::Status ListCustomers(grpc::ServerContext* context, const v1::ListCustomersRequest* request,
                             v1::ListCustomersResponse* response) override;
  grpc::Status UpdateCustomer(grpc::ServerContext* context,
                              const v1::UpdateCustomerRequest* request,
                              v1::UpdateCustomerResponse* response) override;
  grpc::Status AssessCustomer(grpc::ServerContext* context,
                              const v1::AssessCustomerRequest* request,
                              v1::AssessCustomerResponse* response) override;

 private:
  RpcRuntime& runtime_;
};

}  // namespace huikuan::service

#endif  // HUIKUAN_SERVER_SERVICE_CUSTOMER_SERVICE_H_
