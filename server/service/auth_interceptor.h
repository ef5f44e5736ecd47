// Authentication and authorization at the edge, in one server interceptor.
//
// For every RPC except health checking and reflection, the interceptor reads the
// `authorization` metadata, authenticates it (Authenticator), checks the permission table for the
// caller's role, and records the verdict for the call in a CallRegistry. Handlers (through
// RpcRuntime) fetch the verdict before running any code and return its error unchanged, so a
// rejected call never reaches business logic. (gRPC 1.51 server interceptors cannot finish an
// RPC themselves; AuthMetadataProcessor needs TLS. See TOOLCHAIN.md.)
//
// It also writes the one log line per RPC: method, user, role, status, latency.
#ifndef HUIKUAN_SERVER_SERVICE_AUTH_INTERCEPTOR_H_
#define HUIKUAN_SERVER_SERVICE_AUTH_INTERCEPTOR_H_

#include <grpcpp/support/server_interceptor.h>

#include <memory>
#include <optional>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "server/service/authenticator.h"
#include "server/service/principal.h"

namespace huikuan::service {

// What the interceptor decided for one in-flight call.
struct CallVerdict {
  std::string method;                   // "/huikuan.v1.CustomerService/GetCustomer"
  absl::StatusOr<Principal> principal;  // an error when the call must be rejected
  // For the refusal's audit event (refusal_audit.h): who it was when authenticated but not
  // allowed, and the SHA-256 (hex) of a bearer secret that did not authenticate.
  std::optional<Principal> authenticated;
  std::string rejected_token_sha256;
};

// In-flight calls keyed by their ServerContext. Thread-safe.
class CallRegistry {
 public:
  void Put(const grpc::ServerContextBase* context, CallVerdict verdict);
  void Erase(const grpc::ServerContextBase* context);
  // UNAUTHENTICATED when the interceptor saw no such call (a wiring error, never expected).
  CallVerdict Get(const grpc::ServerContextBase* context) const;

 private:
  mutable absl::Mutex mutex_;
  absl::flat_hash_map<const grpc::ServerContextBase*, CallVerdict> calls_ ABSL_GUARDED_BY(mutex_);
};

class AuthInterceptorFactory : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  AuthInterceptorFactory(Authenticator& authenticator, CallRegistry& registry, bool log_calls)
      : authenticator_(authenticator), registry_(registry), log_calls_(log_calls) {}

  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;

 private:
  Authenticator& authenticator_;
  CallRegistry& registry_;
  bool log_calls_;
};

}  // namespace huikuan::service

#endif  // HUIKUAN_SERVER_SERVICE_AUTH_INTERCEPTOR_H_
