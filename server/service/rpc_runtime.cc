#include "server/service/rpc_runtime.h"

#include <memory>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "server/core/status_macros.h"
#include "server/ops/token_secret.h"
#include "server/service/authenticator.h"
#include "server/service/session_service.h"
#include "server/service/status_mapping.h"
#include "server/store/conflict_retry.h"
#include "server/store/idempotency_store.h"
#include "server/store/identity_store.h"
#include "server/store/transaction.h"

namespace huikuan::service {
namespace {

// The request without its request_id, serialised deterministically: equal requests hash equal.
std::string Fingerprint(const google::protobuf::Message& request) {
  std::unique_ptr<google::protobuf::Message> copy(request.New());
  copy->CopyFrom(request);
  if (const auto* field = copy->GetDescriptor()->FindFieldByName("request_id")) {
    copy->GetReflection()->ClearField(copy.get(), field);
  }
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    copy->SerializeToCodedStream(&coded);
  }
  return ops::Sha256Hex(bytes);
}

std::string StoredResponse(const google::protobuf::Message& response,
                           const std::vector<std::string>& redacted_fields) {
  // Copied only to redact: a batch response holds thousands of entries.
  if (redacted_fields.empty()) return absl::Base64Escape(response.SerializeAsString());
  std::unique_ptr<google::protobuf::Message> copy(response.New());
  copy->CopyFrom(response);
  for (const auto& name : redacted_fields) {
    if (const auto* field = copy->GetDescriptor()->FindFieldByName(name)) {
      copy->GetReflection()->ClearField(copy.get(), field);
    }
  }
  return absl::Base64Escape(copy->SerializeAsString());
}

// The SHA-256 of the call's bearer secret, as the interceptor records a refused token.
std::string PresentedTokenSha256(const grpc::ServerContext& context) {
  const auto& metadata = context.client_metadata();
  auto it = metadata.find("authorization");
  if (it == metadata.end()) return "";
  return Authenticator::PresentedSecretSha256(
      absl::string_view(it->second.data(), it->second.size()));
}

}  // namespace

absl::Status ValidateRequestId(absl::string_view request_id) {
  if (request_id.empty()) {
    return FieldViolation("request_id", "is required: a unique id (e.g. a UUID) per change");
  }
  if (request_id.size() > 64) return FieldViolation("request_id", "must be at most 64 characters");
  for (char c : request_id) {
    if (c < 0x21 || c > 0x7e) {
      return FieldViolation("request_id", "must be printable ASCII without spaces");
    }
  }
  return absl::OkStatus();
}

// The verdict's refusal, audited; OK when the call may go on.
absl::Status RpcRuntime::Admit(grpc::ServerContext* context, const CallVerdict& verdict) {
  if (verdict.principal.ok()) return absl::OkStatus();
  refusals_.RecordRefusal(verdict.method, verdict.principal.status(),
                          verdict.authenticated ? &*verdict.authenticated : nullptr,
                          verdict.rejected_token_sha256, ClientAddress(*context));
  return verdict.principal.status();
}

absl::Status RpcRuntime::Audited(grpc::ServerContext* context, const CallVerdict& verdict,
                                 absl::Status result) {
  if (!result.ok()) {
    refusals_.RecordRefusal(verdict.method, result, &*verdict.principal, "",
                            ClientAddress(*context));
  }
  return result;
}

grpc::Status RpcRuntime::Read(grpc::ServerContext* context,
                              absl::FunctionRef<absl::Status(ops::ReadScope&)> fn) {
  return RunRead(context, pool_, store::RunReadOnly, fn);
}

grpc::Status RpcRuntime::ReadLatest(grpc::ServerContext* context,
                                    absl::FunctionRef<absl::Status(ops::ReadScope&)> fn) {
  return RunRead(context, autocommit_pool_, store::RunAutocommitReads, fn);
}

grpc::Status RpcRuntime::RunRead(
    grpc::ServerContext* context, store::ConnectionPool& pool,
    absl::Status (*run)(store::ConnectionPool&,
                        absl::FunctionRef<absl::Status(store::ConnectionPool::Lease&)>),
    absl::FunctionRef<absl::Status(ops::ReadScope&)> fn) {
  CallVerdict verdict = calls_.Get(context);
  if (absl::Status refused = Admit(context, verdict); !refused.ok()) return ToGrpcStatus(refused);
  const ops::Caller& caller = *verdict.principal;
  return ToGrpcStatus(Audited(context, verdict, store::RetryConflicts([&] {
                                return run(pool, [&](store::ConnectionPool::Lease& db) {
                                  ops::ReadScope read(db, caller, clock_.Now());
                                  return fn(read);
                                });
                              })));
}

grpc::Status RpcRuntime::Write(grpc::ServerContext* context,
                               const google::protobuf::Message& request,
                               absl::string_view request_id, google::protobuf::Message* response,
                               absl::FunctionRef<absl::Status(ops::WriteScope&)> fn,
                               const WriteOptions& options) {
  CallVerdict verdict = calls_.Get(context);
  if (absl::Status refused = Admit(context, verdict); !refused.ok()) return ToGrpcStatus(refused);
  const ops::Caller& caller = *verdict.principal;
  if (absl::Status status = ValidateRequestId(request_id); !status.ok()) {
    return ToGrpcStatus(status);
  }
  const std::string fingerprint = Fingerprint(request);
  bool token_not_valid = false;
  absl::Status result = store::RetryConflicts([&] {
    // Without START TRANSACTION: the claim below opens the transaction, and all that this keeps
    // from one run to the next is what it reads (store::RunRepeatableWrite).
    return store::RunRepeatableWrite(pool_, [&](store::ConnectionPool::Lease& db) -> absl::Status {
      response->Clear();
      // Before the claim, whose statement opens the transaction: it applies to that one only.
      if (options.read_committed) {
        db.Prepare("SET TRANSACTION ISOLATION LEVEL READ COMMITTED").execute();
      }
      store::IdempotencyRecord claim;
      claim.request_id = std::string(request_id);
      claim.user_id = caller.user_id;
      claim.method = verdict.method;
      claim.request_sha256_hex = fingerprint;
      // The token is checked again here, with the claim: the verdict may rest on a verified
      // token remembered from a moment ago (authenticator.h).
      store::ClaimOutcome claimed = store::ClaimRequestId(db, claim, caller.token_id, absl::Now());
      if (claimed.status == store::ClaimStatus::kTokenNotValid) {
        token_not_valid = true;
        return InvalidTokenError();
      }
      if (claimed.status == store::ClaimStatus::kUsedBefore) {
        const store::IdempotencyRecord& first = claimed.first;
        if (first.user_id != claim.user_id || first.method != claim.method ||
            first.request_sha256_hex != fingerprint) {
          return FieldViolation("request_id",
                                "was already used for a different request; use a new "
                                "request_id for a new change");
        }
        std::string bytes;
        if (!absl::Base64Unescape(first.response_base64, &bytes) ||
            !response->ParseFromString(bytes)) {
          return absl::InternalError("stored response for this request_id is unreadable");
        }
        return absl::OkStatus();
      }
      const absl::Time now = clock_.Now();
      ops::AuditTrail audit(caller, verdict.method, std::string(request_id), now);
      ops::WriteScope write(db, caller, now, audit);
      HK_RETURN_IF_ERROR(fn(write));
      if (audit.count() == 0) {
        return absl::InternalError(
            absl::StrCat(verdict.method, " changed data without an audit event"));
      }
      audit.Flush(db);
      store::SaveResponse(db, claim.request_id, StoredResponse(*response, options.redacted_fields));
      return absl::OkStatus();
    });
  });
  if (token_not_valid) {
    // Revoked (or expired) since it was verified, through another replica: refused and audited
    // as the interceptor refuses such a token, and no verified token is trusted any more here.
    store::NoteTokenRevocationSeen();
    refusals_.RecordRefusal(verdict.method, result, nullptr, PresentedTokenSha256(*context),
                            ClientAddress(*context));
    return ToGrpcStatus(result);
  }
  return ToGrpcStatus(Audited(context, verdict, std::move(result)));
}

}  // namespace huikuan::service
