// Request ids of write RPCs (AIP-155), claimed inside the write's own transaction.
#ifndef HUIKUAN_SERVER_STORE_IDEMPOTENCY_STORE_H_
#define HUIKUAN_SERVER_STORE_IDEMPOTENCY_STORE_H_

#include <cstdint>
#include <string>

#include "absl/time/time.h"
#include "server/store/connection_pool.h"

namespace huikuan::store {

struct IdempotencyRecord {
  std::string request_id;
  int64_t user_id = 0;
  std::string method;
  std::string request_sha256_hex;
  std::string response_base64;
};

// What ClaimRequestId found.
enum class ClaimStatus {
  kClaimed,        // the id was new: this transaction holds it now
  kUsedBefore,     // the id was used before: ClaimOutcome::first is that use
  kTokenNotValid,  // the caller's token is revoked or expired: nothing was claimed
};
struct ClaimOutcome {
  ClaimStatus status = ClaimStatus::kClaimed;
  IdempotencyRecord first;  // kUsedBefore only
};

// Inserts the key, in the same statement checking that the caller's token `token_id` (0: no
// token, no check) is still neither revoked nor expired at `now`. When the id was used before,
// returns the stored record instead. A concurrent transaction holding the same new id makes this
// wait on the row lock until that transaction ends, so two racing retries never both write. The
// check reads the token row with a shared lock: a revocation waits for the writes in flight.
ClaimOutcome ClaimRequestId(ConnectionPool::Lease& db, const IdempotencyRecord& claim,
                            int64_t token_id, absl::Time now);

void SaveResponse(ConnectionPool::Lease& db, const std::string& request_id,
                  const std::string& response_base64);

}  // namespace huikuan::store

#endif  // HUIKUAN_SERVER_STORE_IDEMPOTENCY_STORE_H_
