// Sessions for people (SessionService, the web login): a user with a password (an argon2id hash,
// password_hash.h) gets a short-lived token like any other (identity.h), so expiry, revocation
// and the authenticator are shared with API tokens. Every login, failed or not, is audited.
#ifndef HUIKUAN_SERVER_OPS_SESSIONS_H_
#define HUIKUAN_SERVER_OPS_SESSIONS_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "server/core/json.h"
#include "server/ops/caller.h"
#include "server/ops/identity.h"
#include "server/ops/scopes.h"
#include "server/store/connection_pool.h"
#include "server/store/identity_store.h"

namespace huikuan::ops {

// The audit method of logins (successes and failures).
inline constexpr char kLoginMethod[] = "/huikuan.v1.SessionService/Login";

struct LoginAccount {
  store::UserRecord user;
  std::optional<std::string> password_hash;  // nullopt: the user has no password
};

// The user named `username` with its password hash; nullopt when there is none. Runs in the
// caller's transaction on `db` (a login has no caller yet).
std::optional<LoginAccount> FindLoginAccount(store::ConnectionPool::Lease& db,
                                             const std::string& username);

// The user as the caller of its own login (for the session's audit event). INTERNAL for a user
// of an unknown department.
absl::StatusOr<Caller> CallerOf(const store::UserRecord& user);

// A new session (token) for the caller's own user, valid for `ttl`, audited under the caller.
absl::StatusOr<IssuedToken> StartSession(WriteScope& write, absl::Duration ttl,
                                         absl::string_view client_address);

// The audit event of a failed login is on FailedLoginResource: users/{id} when the username
// exists, else "users/-"; its after-image holds the username tried (at most 64 characters), the
// client address and the reason ("wrong_password", ...). Recorded under a caller for the user,
// or an anonymous one (CallerOfUnknownUser), by the service's bounded refusal audit.
core::Json FailedLoginImage(absl::string_view username, absl::string_view client_address,
                            absl::string_view reason);
std::string FailedLoginResource(const std::optional<store::UserRecord>& user);
Caller CallerOfUnknownUser();

// Revokes the token the caller is using. FAILED_PRECONDITION TOKEN_REVOKED when it already is.
absl::StatusOr<store::TokenRecord> EndSession(WriteScope& write);

// Sets `user_id`'s password to `new_hash` (made by HashPassword before the transaction). Users
// set their own, with `old_password` right (UNAUTHENTICATED otherwise); an admin sets anyone's,
// and its own without the old one only while it has none. PERMISSION_DENIED for another user's
// password; NOT_FOUND for an unknown user; FAILED_PRECONDITION NO_PASSWORD when a user without
// a password tries to set its own (an admin sets the first one).
absl::StatusOr<store::UserRecord> SetPassword(WriteScope& write, int64_t user_id,
                                              absl::string_view user_name,
                                              absl::string_view old_password,
                                              const std::string& new_hash);

}  // namespace huikuan::ops

#endif  // HUIKUAN_SERVER_OPS_SESSIONS_H_
