// Users and API tokens. Functions run on a leased connection inside the caller's transaction
// (RunInTransaction) and throw sql::SQLException on database errors, which the transaction
// helper maps; domain outcomes (NOT_FOUND, ...) come back as absl::Status.
#ifndef HUIKUAN_SERVER_STORE_IDENTITY_STORE_H_
#define HUIKUAN_SERVER_STORE_IDENTITY_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/store/connection_pool.h"
#include "server/store/lock_mode.h"

namespace huikuan::store {

struct UserRecord {
  int64_t id = 0;
  std::string username;
  std::string display_name;
  std::string email;       // work email for notices; empty: none
  std::string department;  // "sales", ..., "admin", "customer"
  std::string level;       // "staff" | "head"
  std::optional<int64_t> customer_id;
  absl::Time create_time;
};

struct TokenRecord {
  int64_t id = 0;
  int64_t user_id = 0;
  std::string description;
  absl::Time create_time;
  absl::Time expire_time;
  std::optional<absl::Time> revoke_time;
};

// Inserts `user` (id ignored) and returns it with its new id. ALREADY_EXISTS (1062) for a taken
// username, via the transaction helper.
UserRecord InsertUser(ConnectionPool::Lease& db, UserRecord user);
absl::StatusOr<UserRecord> GetUser(ConnectionPool::Lease& db, int64_t id);
std::optional<UserRecord> FindUserByUsername(ConnectionPool::Lease& db,
                                             const std::string& username);
// Users with id > after_id in id order, at most `limit`; `department` filters when non-empty.
std::vector<UserRecord> ListUsers(ConnectionPool::Lease& db, int64_t after_id, int limit,
                                  const std::string& department);

TokenRecord InsertToken(ConnectionPool::Lease& db, TokenRecord token,
                        const std::string& secret_sha256_hex);
absl::StatusOr<TokenRecord> GetToken(ConnectionPool::Lease& db, int64_t id, Lock lock);
std::optional<TokenRecord> FindTokenBySecretHash(ConnectionPool::Lease& db,
                                                 const std::string& secret_sha256_hex);
// The token with this secret hash and its user, in one read (authentication on every call).
struct TokenHolder {
  TokenRecord token;  // id, user_id, expire_time, revoke_time (description, create_time unset)
  UserRecord user;
};
std::optional<TokenHolder> FindTokenHolder(ConnectionPool::Lease& db,
                                           const std::string& secret_sha256_hex);
// Also counts the revocation as seen (TokenRevocationsSeen), before the transaction commits.
void SetTokenRevoked(ConnectionPool::Lease& db, int64_t id, absl::Time revoke_time);

// How many token revocations this process has made or noticed (a write that found its token
// revoked by another replica notes it): whoever remembers verified tokens (service::Authenticator)
// trusts none verified before the count last moved.
uint64_t TokenRevocationsSeen();
void NoteTokenRevocationSeen();

}  // namespace huikuan::store

#endif  // HUIKUAN_SERVER_STORE_IDENTITY_STORE_H_
