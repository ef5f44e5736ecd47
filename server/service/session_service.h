// huikuan.v1.SessionService: people log in with a username and password and get a short-lived
// bearer token (a session) in the same api_tokens table as API tokens, so the authenticator,
// revocation and expiry work the same for both. Login is public (permissions.cc); it cannot use
// RpcRuntime (which needs an authenticated caller), so it writes its audit events itself, for
// failures as well as successes.
#ifndef HUIKUAN_SERVER_SERVICE_SESSION_SERVICE_H_
#define HUIKUAN_SERVER_SERVICE_SESSION_SERVICE_H_

#include <string>

#include "absl/time/time.h"
#include "huikuan/v1/session_service.grpc.pb.h"
#include "server/service/login_throttle.h"
#include "server/service/rpc_runtime.h"

namespace huikuan::service {

// Metadata the HTTP gateway sets on its in-process calls: the browser's address, since the
// in-process channel has none. Trusted only on in-process calls (see ClientAddress).
inline constexpr char kClientAddressMetadata[] = "x-huikuan-client-address";

// The caller's IP address without port: from the peer of a network call ("ipv4:10.0.0.7:5123"
// -> "10.0.0.7"), from kClientAddressMetadata on an in-process call; empty when unknown.
std::string ClientAddress(const grpc::ServerContext& context);

struct SessionOptions {
  absl::Duration session_ttl = absl::Hours(12);
  LoginThrottleConfig throttle;
};

class SessionServiceImpl final : public v1::SessionService::Service {
 public:
  SessionServiceImpl(RpcRuntime& runtime, SessionOptions options)
      : runtime_(runtime), options_(options), throttle_(options.throttle) {}

  grpc::Status Login(grpc::ServerContext* context, const v1::LoginRequest* request,
                     v1::LoginResponse* response) override;
  grpc::Status Logout(grpc::ServerContext* context, const v1::LogoutRequest* request,
                      v1::LogoutResponse* response) override;
  grpc::Status GetSession(grpc::ServerContext* context, const v1::GetSessionRequest* request,
                          v1::GetSessionResponse* response) override;
  grpc::Status SetPassword(grpc::ServerContext* context, const v1::SetPasswordRequest* request,
                           v1::SetPasswordResponse* response) override;

 private:
  RpcRuntime& runtime_;
  const SessionOptions options_;
  LoginThrottle throttle_;
};

}  // namespace huikuan::service

#endif  // HUIKUAN_SERVER_SERVICE_SESSION_SERVICE_H_
