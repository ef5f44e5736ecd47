#include "server/ops/sessions.h"

#include "absl/strings/str_cat.h"
#include "server/core/json.h"
#include "server/core/resource_name.h"
#include "server/core/status_macros.h"
#include "server/core/text_fields.h"
#include "server/core/violations.h"
#include "server/ops/audit_images.h"
#include "server/ops/password_hash.h"
#include "server/store/password_store.h"

namespace huikuan::ops {

std::optional<LoginAccount> FindLoginAccount(store::ConnectionPool::Lease& db,
                                             const std::string& username) {
  std::optional<store::UserRecord> user = store::FindUserByUsername(db, username);
  if (!user) return std::nullopt;
  return LoginAccount{*user, store::GetPasswordHash(db, user->id)};
}

absl::StatusOr<Caller> CallerOf(const store::UserRecord& user) {
  std::optional<Department> department = ParseDepartmentKey(user.department);
  if (!department) return absl::InternalError("a user has an unknown department");
  Caller caller;
  caller.user_id = user.id;
  caller.username = user.username;
  caller.department = *department;
  caller.level = ParseLevelKey(user.level).value_or(Level::kStaff);
  caller.customer_id = user.customer_id;
  return caller;
}

Caller CallerOfUnknownUser() {
  // Audited as "anonymous" with no user; it reads and changes nothing else.
  Caller caller;
  caller.system_actor = "anonymous";
  return caller;
}

absl::StatusOr<IssuedToken> StartSession(WriteScope& write, absl::Duration ttl,
                                         absl::string_view client_address) {
  return IssueToken(write, write.caller.user_id, ttl,
                    absl::StrCat("session from ", client_address.empty() ? "?" : client_address));
}

core::Json FailedLoginImage(absl::string_view username, absl::string_view client_address,
                            absl::string_view reason) {
  return core::Json::Object()
      .Set("outcome", core::Json::String("failure"))
      .Set("reason", core::Json::String(reason))
      .Set("username", core::Json::String(core::TruncateChars(username, 64)))
      .Set("client_address", core::Json::String(client_address));
}

std::string FailedLoginResource(const std::optional<store::UserRecord>& user) {
  return user ? core::FormatResourceName("users", user->id) : "users/-";
}

absl::StatusOr<store::TokenRecord> EndSession(WriteScope& write) {
  return RevokeToken(write, write.caller.token_id,
                     core::FormatResourceName("tokens", write.caller.token_id));
}

absl::StatusOr<store::UserRecord> SetPassword(WriteScope& write, int64_t user_id,
                                              absl::string_view user_name,
                                              absl::string_view old_password,
                                              const std::string& new_hash) {
  const bool own = user_id == write.caller.user_id;
  if (!own && !write.caller.is_admin()) {
    return absl::PermissionDeniedError("only an admin may set another user's password");
  }
  absl::StatusOr<store::UserRecord> user = store::GetUser(write.db, user_id);
  if (absl::IsNotFound(user.status())) return core::NotFoundError(user_name);
  HK_RETURN_IF_ERROR(user.status());
  if (own) {
    std::optional<std::string> stored = store::GetPasswordHash(write.db, user_id);
    if (!stored && !write.caller.is_admin()) {
      return core::RuleViolation("NO_PASSWORD", user_name,
                                 "this user has no password yet; an admin sets the first one");
    }
    if (stored && !VerifyPassword(*stored, old_password)) {
      return absl::UnauthenticatedError("old_password is wrong");
    }
  }
  store::SetPasswordHash(write.db, user_id, new_hash, write.now);
  // The hash is never in the audit trail: the event says whose password changed, by whom, when.
  write.audit.Record(core::FormatResourceName("users", user_id), UserImage(*user),
                     UserImage(*user).Set("password", core::Json::String("changed")));
  return *user;
}

}  // namespace huikuan::ops
