// Users' password hashes (migration 0200). The hash is libsodium's crypto_pwhash_str text; this
// file never sees a password. Functions run inside the caller's transaction (RunInTransaction).
#ifndef HUIKUAN_SERVER_STORE_PASSWORD_STORE_H_
#define HUIKUAN_SERVER_STORE_PASSWORD_STORE_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/time/time.h"
#include "server/store/connection_pool.h"

namespace huikuan::store {

// The user's stored hash; nullopt when the user has none (or does not exist).
std::optional<std::string> GetPasswordHash(ConnectionPool::Lease& db, int64_t user_id);

// Replaces the user's hash (`hash` is at most 128 bytes).
void SetPasswordHash(ConnectionPool::Lease& db, int64_t user_id, const std::string& hash,
                     absl::Time update_time);

}  // namespace huikuan::store

#endif  // HUIKUAN_SERVER_STORE_PASSWORD_STORE_H_
