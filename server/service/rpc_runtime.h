// The mechanics every handler shares, written once: the auth verdict, the transaction and its
// retry, idempotency by request_id (AIP-155), the audit trail and the mapping to grpc::Status.
// Handlers are validate -> ops -> convert:
//
//   grpc::Status FooService::GetFoo(grpc::ServerContext* ctx, const GetFooRequest* request,
//                                    GetFooResponse* response) {
//     return runtime_.Read(ctx, [&](ops::ReadScope& read) -> absl::Status {
//       HK_ASSIGN_OR_RETURN(int64_t id, ParseIdField("foos", "name", request->name()));
//       HK_ASSIGN_OR_RETURN(store::FooRecord foo, ops::GetFoo(read, id, request->name()));
//       *response->mutable_foo() = FooToProto(foo);
//       return absl::OkStatus();
//     });
//   }
//
// Write() runs `fn` in one transaction together with the claim of the request id, the audit
// events (`fn` records them through the scope's trail, usually inside an ops:: function) and the
// stored response: either all of it commits or none of it. Repeating a request id with the same
// request (same caller, method and fields) returns the stored response without running `fn`,
// also while the first is still running (the repeat waits for it); with a different request it is
// INVALID_ARGUMENT on `request_id`. A write that recorded no audit event is an INTERNAL error and
// is rolled back. A transaction that fails on a conflict (deadlock, lock wait timeout, a Galera
// certification failure) is run again from the start, a few times with jittered backoff, before
// a client ever sees ABORTED, and so is one whose database connection was lost before COMMIT:
// `fn` must build its response only from what it reads. The token the verdict rests on is
// checked again by the claim (authenticator.h): a token revoked since it was verified is refused
// as UNAUTHENTICATED and nothing is written.
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
#include "server/ops/clock.h"
#include "server/ops/scopes.h"
#include "server/service/auth_interceptor.h"
#include "server/service/refusal_audit.h"
#include "server/store/connection_pool.h"

namespace huikuan::service {

struct WriteOptions {
  // Top-level response fields cleared in the copy stored for replays (secrets).
  std::vector<std::string> redacted_fields;
  // The transaction in READ COMMITTED instead of REPEATABLE READ: its locking reads lock the
  // records they read and not the gaps between them, and each sees the newest committed rows.
  // For writes that insert into the index ranges their own locking reads scan (invoices: a
  // customer's range of invoices_customer_status_due), which concurrent calls for neighbouring
  // keys otherwise deadlock on. Only for writes whose inserts are serialised by a row lock of
  // their own (the customer's), as the gap locks no longer keep phantoms out.
  bool read_committed = false;
};

class RpcRuntime {
 public:
  // `autocommit_pool` (DbConfig::autocommit) serves ReadLatest.
  RpcRuntime(store::ConnectionPool& pool, store::ConnectionPool& autocommit_pool,
             const CallRegistry& calls, const ops::Clock& clock)
      : pool_(pool),
        autocommit_pool_(autocommit_pool),
        calls_(calls),
        clock_(clock),
        refusals_(pool, clock) {}

  store::ConnectionPool& pool() { return pool_; }
  // Refused calls are audited here (refusal_audit.h): Read and Write record theirs.
  RefusalAudit& refusals() { return refusals_; }
  const ops::Clock& clock() const { return clock_; }

  // A read-only RPC: `fn` runs in a transaction (a consistent snapshot) after the auth verdict;
  // it must leave nothing to commit (store::RunReadOnly).
  grpc::Status Read(grpc::ServerContext* context,
                    absl::FunctionRef<absl::Status(ops::ReadScope&)> fn);
  // A read-only RPC whose statements need no common snapshot: each sees the newest committed
  // rows, and the call saves Read's COMMIT round trip (store::RunAutocommitReads; a point read
  // makes one statement instead of two).
  grpc::Status ReadLatest(grpc::ServerContext* context,
                          absl::FunctionRef<absl::Status(ops::ReadScope&)> fn);

  // An RPC that changes data; see the file comment.
  grpc::Status Write(grpc::ServerContext* context, const google::protobuf::Message& request,
                     absl::string_view request_id, google::protobuf::Message* response,
                     absl::FunctionRef<absl::Status(ops::WriteScope&)> fn,
                     const WriteOptions& options = WriteOptions());

 private:
  // The verdict's refusal (audited), or OK.
  absl::Status Admit(grpc::ServerContext* context, const CallVerdict& verdict);
  // `result`, its refusal audited when it is one (RefusalAudit::IsRecorded).
  absl::Status Audited(grpc::ServerContext* context, const CallVerdict& verdict,
                       absl::Status result);

  // `fn` for Read or ReadLatest, after the auth verdict, run by `run` on `pool`.
  grpc::Status RunRead(
      grpc::ServerContext* context, store::ConnectionPool& pool,
      absl::Status (*run)(store::ConnectionPool&,
                          absl::FunctionRef<absl::Status(store::ConnectionPool::Lease&)>),
      absl::FunctionRef<absl::Status(ops::ReadScope&)> fn);

  store::ConnectionPool& pool_;
  store::ConnectionPool& autocommit_pool_;
  const CallRegistry& calls_;
  const ops::Clock& clock_;
  RefusalAudit refusals_;
};

// INVALID_ARGUMENT unless `request_id` is 1-64 printable ASCII characters.
absl::Status ValidateRequestId(absl::string_view request_id);

}  // namespace huikuan::service

#endif  // HUIKUAN_SERVER_SERVICE_RPC_RUNTIME_H_
