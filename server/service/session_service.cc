#include "server/service/session_service.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "server/core/resource_name.h"
#include "server/core/status_macros.h"
#include "server/core/text_fields.h"
#include "server/ops/password_hash.h"
#include "server/ops/sessions.h"
#include "server/service/identity_service.h"
#include "server/service/permissions.h"
#include "server/service/proto_time.h"
#include "server/service/request_fields.h"
#include "server/service/status_mapping.h"
#include "server/store/transaction.h"

namespace huikuan::service {
namespace {

// Longer input is refused before hashing, so nobody makes the server hash megabytes.
constexpr size_t kMaxPasswordBytes = 1024;
constexpr int kMinNewPasswordChars = 10;
constexpr int kMaxNewPasswordChars = 128;

int Utf8Length(absl::string_view text) {
  int count = 0;
  for (char c : text) count += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return count;
}

absl::Status ValidateNewPassword(absl::string_view password) {
  const int length = Utf8Length(password);
  if (length < kMinNewPasswordChars || length > kMaxNewPasswordChars) {
    return FieldViolation("new_password", absl::StrCat("must be ", kMinNewPasswordChars, "-",
                                                       kMaxNewPasswordChars, " characters"));
  }
  // Otherwise the rules of any name (text_fields.h): UTF-8, not blank, no control characters
  // (a NUL or an escape in a password is a client's mistake, not a stronger password).
  return core::CheckName("new_password", password, kMaxNewPasswordChars);
}

}  // namespace

std::string ClientAddress(const grpc::ServerContext& context) {
  // peer() returns a new string: keep it alive while `peer` looks into it.
  const std::string peer_text = context.peer();
  absl::string_view peer = peer_text;
  if (absl::ConsumePrefix(&peer, "ipv4:")) {
    return std::string(peer.substr(0, peer.rfind(':')));
  }
  if (absl::ConsumePrefix(&peer, "ipv6:")) {
    peer = peer.substr(0, peer.rfind(':'));
    absl::ConsumePrefix(&peer, "[");
    absl::ConsumeSuffix(&peer, "]");
    return std::string(peer);
  }
  // In-process calls (the HTTP gateway) carry the browser's address in metadata; a network
  // client cannot set it, since network peers never reach this branch.
  const auto& metadata = context.client_metadata();
  auto it = metadata.find(kClientAddressMetadata);
  if (it == metadata.end()) return "";
  return std::string(it->second.data(), std::min<size_t>(it->second.size(), 64));
}

// Login is public: no caller exists before it, so it runs its own transactions (a read, the
// slow hash check outside any transaction, then the audited write) instead of RpcRuntime's.
grpc::Status SessionServiceImpl::Login(grpc::ServerContext* context,
                                       const v1::LoginRequest* request,
                                       v1::LoginResponse* response) {
  FieldViolations violations;
  if (request->username().empty()) violations.Add("username", "is required");
  if (request->password().empty()) violations.Add("password", "is required");
  if (request->username().size() > 64) violations.Add("username", "is at most 64 characters");
  if (request->password().size() > kMaxPasswordBytes) {
    violations.Add("password", absl::StrCat("is at most ", kMaxPasswordBytes, " bytes"));
  }
  if (!violations.empty()) return ToGrpcStatus(violations.ToStatus());

  const std::string address = ClientAddress(*context);
  const absl::Time now = runtime_.clock().Now();
  store::ConnectionPool& pool = runtime_.pool();
  auto audit_failure = [&](const std::optional<store::UserRecord>& user, absl::string_view why) {
    absl::StatusOr<ops::Caller> caller =
        user ? ops::CallerOf(*user) : absl::StatusOr<ops::Caller>(ops::CallerOfUnknownUser());
    if (!caller.ok()) caller = ops::CallerOfUnknownUser();
    // Its own transaction, committed although the call fails, within the refusal audit's bound
    // (refusal_audit.h): throttled guesses keep coming as fast as an attacker sends them.
    runtime_.refusals().Record(*caller, ops::kLoginMethod, ops::FailedLoginResource(user),
                               ops::FailedLoginImage(request->username(), address, why));
  };
  if (absl::Status throttled = throttle_.Check(request->username(), address, now);
      !throttled.ok()) {
    audit_failure(std::nullopt, "throttled");
    return ToGrpcStatus(throttled);
  }

  absl::StatusOr<std::optional<ops::LoginAccount>> account =
      store::RunInTransaction<std::optional<ops::LoginAccount>>(
          pool, [&](store::ConnectionPool::Lease& db) {
            return ops::FindLoginAccount(db, request->username());
          });
  if (!account.ok()) return ToGrpcStatus(account.status());
  // ~0.1 s of argon2id, outside any transaction; unknown users cost the same time.
  bool verified = false;
  if (*account && (*account)->password_hash) {
    verified = ops::VerifyPassword(*(*account)->password_hash, request->password());
  } else {
    ops::VerifyAgainstDummy(request->password());
  }
  std::optional<store::UserRecord> user;
  if (*account) user = (*account)->user;
  if (!verified) {
    throttle_.RecordFailure(request->username(), address, now);
    audit_failure(user, !user                        ? "unknown_user"
                        : !(*account)->password_hash ? "no_password"
                                                     : "wrong_password");
    return ToGrpcStatus(absl::UnauthenticatedError("wrong username or password"));
  }
  throttle_.RecordSuccess(request->username());

  absl::StatusOr<ops::Caller> caller = ops::CallerOf(*user);
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  absl::Status issued =
      store::RunInTransaction(pool, [&](store::ConnectionPool::Lease& db) -> absl::Status {
        // The session's lifetime starts now, after the slow hash check.
        return ops::RunWrite(
            db, *caller, ops::kLoginMethod, "", runtime_.clock().Now(),
            [&](ops::WriteScope& write) -> absl::Status {
              HK_ASSIGN_OR_RETURN(ops::IssuedToken session,
                                  ops::StartSession(write, options_.session_ttl, address));
              *response->mutable_user() = UserToProto(*user);
              response->set_role(caller->role());
              response->set_session(core::FormatResourceName("tokens", session.token.id));
              response->set_secret(session.secret);
              *response->mutable_expire_time() = ToProtoTimestamp(session.token.expire_time);
              return absl::OkStatus();
            });
      });
  if (!issued.ok()) response->Clear();
  return ToGrpcStatus(issued);
}

grpc::Status SessionServiceImpl::Logout(grpc::ServerContext* context,
                                        const v1::LogoutRequest* request,
                                        v1::LogoutResponse* response) {
  return runtime_.Write(context, *request, request->request_id(), response,
                        [&](ops::WriteScope& write) -> absl::Status {
                          HK_ASSIGN_OR_RETURN(store::TokenRecord token, ops::EndSession(write));
                          response->set_session(core::FormatResourceName("tokens", token.id));
                          return absl::OkStatus();
                        });
}

grpc::Status SessionServiceImpl::GetSession(grpc::ServerContext* context,
                                            const v1::GetSessionRequest* request,
                                            v1::GetSessionResponse* response) {
  return runtime_.Read(context, [&](ops::ReadScope& read) -> absl::Status {
    HK_ASSIGN_OR_RETURN(store::UserRecord user, ops::GetUser(read, read.caller.user_id));
    *response->mutable_user() = UserToProto(user);
    response->set_role(read.caller.role());
    response->set_session(core::FormatResourceName("tokens", read.caller.token_id));
    *response->mutable_expire_time() = ToProtoTimestamp(read.caller.token_expire_time);
    for (const std::string& method : MethodsWithPermissionEntries()) {
      if (IsAllowed(method, read.caller.role())) response->add_allowed_methods(method);
    }
    return absl::OkStatus();
  });
}

grpc::Status SessionServiceImpl::SetPassword(grpc::ServerContext* context,
                                             const v1::SetPasswordRequest* request,
                                             v1::SetPasswordResponse* response) {
  if (absl::Status valid = ValidateNewPassword(request->new_password()); !valid.ok()) {
    return ToGrpcStatus(valid);
  }
  if (request->old_password().size() > kMaxPasswordBytes) {
    return ToGrpcStatus(
        FieldViolation("old_password", absl::StrCat("is at most ", kMaxPasswordBytes, " bytes")));
  }
  // Hashed before the transaction (slow, no lock needed); wasted if the call is refused.
  absl::StatusOr<std::string> new_hash = ops::HashPassword(request->new_password());
  if (!new_hash.ok()) return ToGrpcStatus(new_hash.status());
  // The idempotency fingerprint (a plain SHA-256 of the request) must not be a fast hash of a
  // password: it is computed over a copy without them.
  v1::SetPasswordRequest fingerprinted = *request;
  fingerprinted.clear_old_password();
  fingerprinted.clear_new_password();
  return runtime_.Write(
      context, fingerprinted, request->request_id(), response,
      [&](ops::WriteScope& write) -> absl::Status {
        int64_t user_id = write.caller.user_id;
        std::string name = core::FormatResourceName("users", user_id);
        if (!request->user().empty()) {
          HK_ASSIGN_OR_RETURN(user_id, ParseIdField("users", "user", request->user()));
          name = request->user();
        }
        absl::StatusOr<store::UserRecord> user =
            ops::SetPassword(write, user_id, name, request->old_password(), *new_hash);
        if (absl::IsUnauthenticated(user.status())) {
          throttle_.RecordFailure(write.caller.username, ClientAddress(*context), write.now);
        }
        HK_RETURN_IF_ERROR(user.status());
        *response->mutable_user() = UserToProto(*user);
        return absl::OkStatus();
      });
}

}  // namespace huikuan::service
