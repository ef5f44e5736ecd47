// The mechanics every handler shares, written once: the auth verdict, the transaction,
// idempotency by request_id (AIP-155), the audit trail and the mapping to grpc::Status.
//
//   grpc::Status FooService::GetFoo(grpc::ServerContext* ctx, const GetFooRequest* request,
//                                   GetFooResponse* response) {
//     return runtime_.Read(ctx, [&](const Principal& caller, store::ConnectionPool::Lease& db) {
//       ...; return absl::OkStatus();
//     });
//   }
//   grpc::Status FooService::CreateFoo(grpc::ServerContext* ctx, const CreateFooRequest* request,
//                                      CreateFooResponse* response) {
//     return runtime_.Write(ctx, *request, request->request_id(), response,
//                           [&](WriteScope& write) { ...; write.Audit(name, nullptr, &foo); ... });
//   }
//
// Write() runs `fn` in one transaction together with the claim of the request id, the audit
// events and the stored response: either all of it commits or none of it. Repeating a request id
// with the same request (same caller, method and fields) returns the stored response without
// running `fn`; with a different request it is INVALID_ARGUMENT on `request_id`. A write that
// recorded no audit event is an INTERNAL error and is rolled back.
#ifndef HUIKUAN_SERVER_SERVICE_RPC_RUNTIME_H_
#define HUIKUAN_SERVER_SERVICE_RPC_RUNTIME_H_

#include <google/protobuf/message.h>
#include <grpcpp/server_context.h>
#include <grpcpp/support/status.h>

#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "server/service/auth_interceptor.h"
#include "server/service/principal.h"
#include "server/store/connection_pool.h"

namespace huikuan::service {

// What a write handler gets: the transaction's connection, the caller, one clock reading for the
// whole write, and the audit trail.
class WriteScope {
 public:
  WriteScope(store::ConnectionPool::Lease& db, const Principal& caller, std::string method,
             std::string request_id, absl::Time now)
      : db(db),
        caller(caller),
        now(now),
        method_(std::move(method)),
        request_id_(std::move(request_id)) {}

  store::ConnectionPool::Lease& db;
  const Principal& caller;
  const absl::Time now;

  // Appends an audit event for `resource` (e.g. "customers/42"); null before/after means the
  // resource did not exist before / does not exist after.
  void Audit(absl::string_view resource, const google::protobuf::Message* before,
             const google::protobuf::Message* after);
  // Clears this top-level response field in the copy stored for replays (secrets).
  void RedactOnReplay(absl::string_view field) { redacted_fields_.emplace_back(field); }

  int audit_count() const { return audit_count_; }
  const std::vector<std::string>& redacted_fields() const { return redacted_fields_; }

 private:
  std::string method_;
  std::string request_id_;
  int audit_count_ = 0;
  std::vector<std::string> redacted_fields_;
};

class RpcRuntime {
 public:
  RpcRuntime(store::ConnectionPool& pool, const CallRegistry& calls) : pool_(pool), calls_(calls) {}

  store::ConnectionPool& pool() { return pool_; }

  // A read-only RPC: `fn` runs in a transaction (a consistent snapshot) after the auth verdict.
  grpc::Status Read(
      grpc::ServerContext* context,
      absl::FunctionRef<absl::Status(const Principal&, store::ConnectionPool::Lease&)> fn);

  // An RPC that changes data; see the file comment.
  grpc::Status Write(grpc::ServerContext* context, const google::protobuf::Message& request,
                     absl::string_view request_id, google::protobuf::Message* response,
                     absl::FunctionRef<absl::Status(WriteScope&)> fn);

 private:
  store::ConnectionPool& pool_;
  const CallRegistry& calls_;
};

// INVALID_ARGUMENT unless `request_id` is 1-64 printable ASCII characters.
absl::Status ValidateRequestId(absl::string_view request_id);

}  // namespace huikuan::service

#endif  // HUIKUAN_SERVER_SERVICE_RPC_RUNTIME_H_
