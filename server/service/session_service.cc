#include "server/service/session_service.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "server/core/resource_name.h"
#include "server/core/status_macros.h"
#include "server/service/identity_service.h"
#include "server/service/password_hash.h"
#include "server/service/permissions.h"
#include "server/service/proto_time.h"
#include "server/service/resource_fields.h"
#include "server/service/status_mapping.h"
#include "server/store/audit_store.h"
#include "server/store/identity_store.h"
#include "server/store/password_store.h"
#include "server/store/transaction.h"

namespace huikuan::service {
namespace {

constexpr char kLoginMethod[] = "/huikuan.v1.SessionService/Login";
// Longer input is refused before hashing, so nobody makes the server hash megabytes.
constexpr size_t kMaxPasswordBytes = 1024;
constexpr int kMinNewPasswordChars = 10;
constexpr int kMaxNewPasswordChars = 128;

int Utf8Length(absl::string_view text) {
  int count = 0;
  for (char c : text) count += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return count;
}

std::string ToJson(const google::protobuf::Message& message) {
  std::string json;
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  if (!google::protobuf::util::MessageToJsonString(message, &json, options).ok()) return "{}";
  return json;
}

// A failed login's audit event: who tried (the user if the name exists), from where, and why.
// Its own transaction, committed although the call fails.
void AuditLoginFailure(store::ConnectionPool& pool, const std::optional<store::UserRecord>& user,
                       absl::string_view username, absl::string_view address,
                       absl::string_view reason, absl::Time now) {
  google::protobuf::Struct details;
  auto& fields = *details.mutable_fields();
  fields["outcome"].set_string_value("failure");
  fields["reason"].set_string_value(std::string(reason));
  fields["username"].set_string_value(std::string(username.substr(0, 64)));
  fields["client_address"].set_string_value(std::string(address));
  store::AuditRecord event;
  event.event_time = now;
  event.actor_user_id = user ? user->id : 0;
  event.actor_role =
      user ? RoleName(ParseDepartmentKey(user->department), ParseLevelKey(user->level))
           : "anonymous";
  event.method = kLoginMethod;
  event.resource = user ? core::FormatResourceName("users", user->id) : "users/-";
  event.after_json = ToJson(details);
  // A failure to audit must not turn a wrong password into another answer; the call fails anyway.
  (void)store::RunInTransaction(pool, [&](store::ConnectionPool::Lease& db) {
    store::AppendAuditEvent(db, event);
    return absl::OkStatus();
  });
}

absl::Status ValidateNewPassword(absl::string_view password) {
  const int length = Utf8Length(password);
  if (length < kMinNewPasswordChars || length > kMaxNewPasswordChars) {
    return FieldViolation("new_password", absl::StrCat("must be ", kMinNewPasswordChars, "-",
                                                       kMaxNewPasswordChars, " characters"));
  }
  return absl::OkStatus();
}

}  // namespace

std::string ClientAddress(const grpc::ServerContext& context) {
  absl::string_view peer = context.peer();
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
  const absl::Time now = absl::Now();
  store::ConnectionPool& pool = runtime_.pool();
  if (absl::Status throttled = throttle_.Check(request->username(), address, now);
      !throttled.ok()) {
    AuditLoginFailure(pool, std::nullopt, request->username(), address, "throttled", now);
    return ToGrpcStatus(throttled);
  }

  struct Account {
    std::optional<store::UserRecord> user;
    std::optional<std::string> hash;
  };
  absl::StatusOr<Account> account = store::RunInTransaction<Account>(
      pool, [&](store::ConnectionPool::Lease& db) -> absl::StatusOr<Account> {
        Account found;
        found.user = store::FindUserByUsername(db, request->username());
        if (found.user) found.hash = store::GetPasswordHash(db, found.user->id);
        return found;
      });
  if (!account.ok()) return ToGrpcStatus(account.status());

  // Hashing happens outside any transaction: it takes ~0.1 s and needs no lock.
  bool verified = false;
  if (account->hash) {
    verified = VerifyPassword(*account->hash, request->password());
  } else {
    VerifyAgainstDummy(request->password());
  }
  if (!verified) {
    throttle_.RecordFailure(request->username(), address, now);
    AuditLoginFailure(pool, account->user, request->username(), address,
                      !account->user   ? "unknown_user"
                      : !account->hash ? "no_password"
                                       : "wrong_password",
                      now);
    return ToGrpcStatus(absl::UnauthenticatedError("wrong username or password"));
  }
  throttle_.RecordSuccess(request->username());

  const store::UserRecord& user = *account->user;
  const std::string role = RoleName(ParseDepartmentKey(user.department), ParseLevelKey(user.level));
  absl::Status issued =
      store::RunInTransaction(pool, [&](store::ConnectionPool::Lease& db) -> absl::Status {
        HK_ASSIGN_OR_RETURN(
            IssuedToken session,
            IssueTokenFor(db, user.id, options_.session_ttl,
                          absl::StrCat("session from ", address.empty() ? "?" : address), now));
        *response->mutable_user() = UserToProto(user);
        response->set_role(role);
        response->set_session(core::FormatResourceName("tokens", session.token.id));
        response->set_secret(session.secret);
        *response->mutable_expire_time() = ToProtoTimestamp(session.token.expire_time);
        store::AuditRecord event;
        event.event_time = now;
        event.actor_user_id = user.id;
        event.actor_role = role;
        event.method = kLoginMethod;
        event.resource = response->session();
        event.after_json = ToJson(TokenToProto(session.token));
        store::AppendAuditEvent(db, event);
        return absl::OkStatus();
      });
  if (!issued.ok()) response->Clear();
  return ToGrpcStatus(issued);
}

grpc::Status SessionServiceImpl::Logout(grpc::ServerContext* context,
                                        const v1::LogoutRequest* request,
                                        v1::LogoutResponse* response) {
  return runtime_.Write(
      context, *request, request->request_id(), response, [&](WriteScope& write) -> absl::Status {
        HK_ASSIGN_OR_RETURN(store::TokenRecord token,
                            store::GetToken(write.db, write.caller.token_id, /*for_update=*/true));
        const std::string name = core::FormatResourceName("tokens", token.id);
        if (token.revoke_time) {
          return absl::FailedPreconditionError(absl::StrCat(name, " is already revoked"));
        }
        const v1::Token before = TokenToProto(token);
        store::SetTokenRevoked(write.db, token.id, write.now);
        token.revoke_time = write.now;
        const v1::Token after = TokenToProto(token);
        response->set_session(name);
        write.Audit(name, &before, &after);
        return absl::OkStatus();
      });
}

grpc::Status SessionServiceImpl::GetSession(grpc::ServerContext* context,
                                            const v1::GetSessionRequest* request,
                                            v1::GetSessionResponse* response) {
  return runtime_.Read(
      context, [&](const Principal& caller, store::ConnectionPool::Lease& db) -> absl::Status {
        HK_ASSIGN_OR_RETURN(store::UserRecord user, store::GetUser(db, caller.user_id));
        *response->mutable_user() = UserToProto(user);
        response->set_role(caller.role());
        response->set_session(core::FormatResourceName("tokens", caller.token_id));
        *response->mutable_expire_time() = ToProtoTimestamp(caller.token_expire_time);
        for (const std::string& method : MethodsWithPermissionEntries()) {
          if (IsAllowed(method, caller.role())) response->add_allowed_methods(method);
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
  absl::StatusOr<std::string> new_hash = HashPassword(request->new_password());
  if (!new_hash.ok()) return ToGrpcStatus(new_hash.status());
  // The idempotency fingerprint (a plain SHA-256 of the request) must not be a fast hash of a
  // password: it is computed over a copy without them.
  v1::SetPasswordRequest fingerprinted = *request;
  fingerprinted.clear_old_password();
  fingerprinted.clear_new_password();
  return runtime_.Write(
      context, fingerprinted, request->request_id(), response,
      [&](WriteScope& write) -> absl::Status {
        int64_t user_id = write.caller.user_id;
        if (!request->user().empty()) {
          HK_ASSIGN_OR_RETURN(user_id, ParseIdField("users", "user", request->user()));
        }
        const bool own = user_id == write.caller.user_id;
        if (!own && !write.caller.is_admin()) {
          return absl::PermissionDeniedError("only an admin may set another user's password");
        }
        HK_ASSIGN_OR_RETURN(store::UserRecord user, store::GetUser(write.db, user_id));
        if (!write.caller.is_admin() || own) {
          std::optional<std::string> stored = store::GetPasswordHash(write.db, user_id);
          if (!stored && !write.caller.is_admin()) {
            return absl::FailedPreconditionError(
                "this user has no password yet; an admin sets the first one");
          }
          if (stored && !VerifyPassword(*stored, request->old_password())) {
            throttle_.RecordFailure(user.username, ClientAddress(*context), write.now);
            return absl::UnauthenticatedError("old_password is wrong");
          }
        }
        store::SetPasswordHash(write.db, user_id, *new_hash, write.now);
        *response->mutable_user() = UserToProto(user);
        // The hash is never in the audit trail; the event records that this user's password
        // changed, by whom and when.
        write.Audit(response->user().name(), &response->user(), &response->user());
        return absl::OkStatus();
      });
}

}  // namespace huikuan::service
