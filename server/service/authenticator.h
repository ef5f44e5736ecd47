// Turns the `authorization: Bearer <secret>` metadata value into a Principal.
//
// UNAUTHENTICATED for a missing or malformed header and for an unknown, expired or revoked
// token (one message for the three, so a caller cannot probe which); UNAVAILABLE when the
// database is down.
//
// A token verified by a database read (one indexed lookup of token and user) is trusted for
// `cache_ttl` afterwards without another read: on a busy server almost every call authenticates
// without a round trip (issue 13). What that gives up, and why it is little:
//   - a user's department, level and customer never change (only a password does), and a
//     token's expiry is checked on every call against the expire_time read with it;
//   - a revocation committed through this process clears the cache at once
//     (store::TokenRevocationsSeen());
//   - every write checks its token again in its own first statement (the request id's claim,
//     RpcRuntime::Write), so a revoked token never changes data, on any replica;
//   - what remains: a token revoked through another replica can still *read* on this one for at
//     most `cache_ttl` (1 s by default, huikuan-server --auth_cache_ttl; 0 reads the token on
//     every call).
// Thread-safe.
#ifndef HUIKUAN_SERVER_SERVICE_AUTHENTICATOR_H_
#define HUIKUAN_SERVER_SERVICE_AUTHENTICATOR_H_

#include <cstdint>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "server/service/principal.h"
#include "server/store/connection_pool.h"

namespace huikuan::service {

inline constexpr absl::Duration kDefaultAuthCacheTtl = absl::Seconds(1);

// UNAUTHENTICATED for an unknown, expired or revoked token (one message for the three).
absl::Status InvalidTokenError();

class Authenticator {
 public:
  explicit Authenticator(store::ConnectionPool& pool,
                         absl::Duration cache_ttl = kDefaultAuthCacheTtl)
      : pool_(pool), cache_ttl_(cache_ttl) {}

  absl::StatusOr<Principal> Authenticate(absl::string_view authorization_header);

  // The SHA-256 (hex) of the bearer secret in `authorization_header` (as tokens store it); empty
  // when the header holds no well-formed one.
  static std::string PresentedSecretSha256(absl::string_view authorization_header);

 private:
  struct Verified {
    Principal principal;
    absl::Time read_time;
    // store::TokenRevocationsSeen() before the read.
    uint64_t revocations = 0;
  };

  absl::StatusOr<Principal> Read(const std::string& secret_sha256, absl::Time now);

  store::ConnectionPool& pool_;
  const absl::Duration cache_ttl_;
  absl::Mutex mutex_;
  // By the secret's SHA-256; only tokens that were valid when read.
  absl::flat_hash_map<std::string, Verified> verified_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace huikuan::service

#endif  // HUIKUAN_SERVER_SERVICE_AUTHENTICATOR_H_
