// Users and bearer tokens (DESIGN.md, Roles): users of a department and level (or admin, or a
// customer's portal user), tokens issued with a time to live, shown once, stored as a hash, and
// revocable by their user or an admin.
#ifndef HUIKUAN_SERVER_OPS_IDENTITY_H_
#define HUIKUAN_SERVER_OPS_IDENTITY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "server/ops/caller.h"
#include "server/ops/scopes.h"
#include "server/store/identity_store.h"

namespace huikuan::ops {

struct UserDraft {
  std::string username;  // checked by the caller
  std::string display_name;
  std::string email;  // checked by the caller; empty: none
  Department department = Department::kSales;
  Level level = Level::kStaff;         // ignored for admin and customer users
  std::optional<int64_t> customer_id;  // customer users only
};

// ALREADY_EXISTS for a taken username; NOT_FOUND for an unknown customer.
absl::StatusOr<store::UserRecord> CreateUser(WriteScope& write, const UserDraft& draft,
                                             absl::string_view customer_name);
absl::StatusOr<store::UserRecord> GetUser(ReadScope& read, int64_t id);
std::vector<store::UserRecord> ListUsers(ReadScope& read, std::optional<Department> department,
                                         int64_t after_id, int limit);

struct IssuedToken {
  store::TokenRecord token;
  std::string secret;  // shown once
};
// A token for `user_id` valid for `ttl` (audited without its secret). NOT_FOUND for an unknown
// user. Also behind `huikuan-server token` and the demo's tokens.
absl::StatusOr<IssuedToken> IssueToken(WriteScope& write, int64_t user_id, absl::Duration ttl,
                                       const std::string& description);

// Users revoke their own tokens, an admin any: someone else's token is NOT_FOUND. Revoking twice
// is FAILED_PRECONDITION TOKEN_REVOKED.
absl::StatusOr<store::TokenRecord> RevokeToken(WriteScope& write, int64_t token_id,
                                               absl::string_view name);

}  // namespace huikuan::ops

#endif  // HUIKUAN_SERVER_OPS_IDENTITY_H_
