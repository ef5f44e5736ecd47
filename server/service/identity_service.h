// huikuan.v1.IdentityService: users, roles and bearer tokens. validate -> ops/identity.h ->
// convert.
#ifndef HUIKUAN_SERVER_SERVICE_IDENTITY_SERVICE_H_
#define HUIKUAN_SERVER_SERVICE_IDENTITY_SERVICE_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "huikuan/v1/identity_service.grpc.pb.h"
#include "server/service/rpc_runtime.h"
#include "server/store/identity_store.h"

namespace huikuan::service {

v1::User UserToProto(const store::UserRecord& user);
v1::Token TokenToProto(const store::TokenRecord& token);

class IdentityServiceImpl final : public v1::IdentityService::Service {
 public:
  explicit IdentityServiceImpl(RpcRuntime& runtime) : runtime_(runtime) {}

  grpc::Status WhoAmI(grpc::ServerContext* context, const v1::WhoAmIRequest* request,
                      v1::WhoAmIResponse* response) override;
  grpc::Status CreateUser(grpc::ServerContext* context, const v1::CreateUserRequest* request,
                          v1::CreateUserResponse* response) override;
  grpc::Status ListUsers(grpc::ServerContext* context, const v1::ListUsersRequest* request,
                         v1::ListUsersResponse* response) override;
  grpc::Status IssueToken(grpc::ServerContext* context, const v1::IssueTokenRequest* request,
                          v1::IssueTokenResponse* response) override;
  grpc::Status RevokeToken(grpc::ServerContext* context, const v1::RevokeTokenRequest* request,
                           v1::RevokeTokenResponse* response) override;

 private:
  RpcRuntime& runtime_;
};

}  // namespace huikuan::service

#endif  // HUIKUAN_SERVER_SERVICE_IDENTITY_SERVICE_H_
