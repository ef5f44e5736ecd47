#include "server/service/authenticator.h"

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "server/core/status_macros.h"
#include "server/ops/token_secret.h"
#include "server/store/identity_store.h"
#include "server/store/transaction.h"

namespace huikuan::service {

namespace {

// Verified tokens kept at most; the cache starts again empty when full (it is only a cache).
constexpr size_t kMaxVerifiedTokens = 4096;

enum class Presented { kNone, kMalformed, kSecret };

// The secret of "Bearer <secret>".
Presented SecretOf(absl::string_view header, absl::string_view& secret) {
  secret = header;
  if (!absl::ConsumePrefix(&secret, "Bearer ") && !absl::ConsumePrefix(&secret, "bearer ")) {
    return Presented::kNone;
  }
  secret = absl::StripAsciiWhitespace(secret);
  if (!absl::StartsWith(secret, "hk_") || secret.size() > 200) return Presented::kMalformed;
  return Presented::kSecret;
}

}  // namespace

absl::Status InvalidTokenError() {
  return absl::UnauthenticatedError("invalid, expired or revoked token");
}

std::string Authenticator::PresentedSecretSha256(absl::string_view authorization_header) {
  absl::string_view secret;
  if (SecretOf(authorization_header, secret) != Presented::kSecret) return "";
  return ops::Sha256Hex(secret);
}

absl::StatusOr<Principal> Authenticator::Authenticate(absl::string_view authorization_header) {
  absl::string_view secret;
  switch (SecretOf(authorization_header, secret)) {
    case Presented::kNone:
      return absl::UnauthenticatedError(
          "missing credentials: send the metadata `authorization: Bearer <token>`");
    case Presented::kMalformed:
      return absl::UnauthenticatedError("malformed bearer token");
    case Presented::kSecret:
      break;
  }
  const std::string secret_hash = ops::Sha256Hex(secret);
  const absl::Time now = absl::Now();
  if (cache_ttl_ <= absl::ZeroDuration()) return Read(secret_hash, now);
  // Taken before the read: a revocation seen while it runs makes its result stale at once.
  const uint64_t revocations = store::TokenRevocationsSeen();
  {
    absl::ReaderMutexLock lock(&mutex_);
    auto it = verified_.find(secret_hash);
    if (it != verified_.end() && it->second.revocations == revocations &&
        now - it->second.read_time < cache_ttl_ && it->second.principal.token_expire_time > now) {
      return it->second.principal;
    }
  }
  absl::StatusOr<Principal> principal = Read(secret_hash, now);
  if (principal.ok()) {
    absl::MutexLock lock(&mutex_);
    if (verified_.size() >= kMaxVerifiedTokens) verified_.clear();
    verified_.insert_or_assign(secret_hash, Verified{*principal, now, revocations});
  }
  return principal;
}

absl::StatusOr<Principal> Authenticator::Read(const std::string& secret_hash, absl::Time now) {
  // One read of token and user: two round trips (the SELECT and its COMMIT).
  return store::RunReadOnly<Principal>(
      pool_, [&](store::ConnectionPool::Lease& db) -> absl::StatusOr<Principal> {
        std::optional<store::TokenHolder> holder = store::FindTokenHolder(db, secret_hash);
        if (!holder || holder->token.revoke_time.has_value() || holder->token.expire_time <= now) {
          return InvalidTokenError();
        }
        const store::TokenRecord* token = &holder->token;
        const store::UserRecord& user = holder->user;
        Principal principal;
        principal.user_id = user.id;
        principal.username = user.username;
        std::optional<ops::Department> department = ops::ParseDepartmentKey(user.department);
        if (!department) return absl::InternalError("a user has an unknown department");
        principal.department = *department;
        principal.level = ops::ParseLevelKey(user.level).value_or(ops::Level::kStaff);
        principal.customer_id = user.customer_id;
        principal.token_id = token->id;
        principal.token_expire_time = token->expire_time;
        return principal;
      });
}

}  // namespace huikuan::service
