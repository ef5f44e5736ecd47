// Request ids of write RPCs (AIP-155), claimed inside the write's own transaction.
#ifndef HUIKUAN_SERVER_STORE_IDEMPOTENCY_STORE_H_
#define HUIKUAN_SERVER_STORE_IDEMPOTENCY_STORE_H_

#include <cstdint>
#include <optional>
#include <string>

#include "server/store/connection_pool.h"

namespace huikuan::store {

struct IdempotencyRecord {
  std::string request_id;
  int64_t user_id = 0;
  std::string method;
  std::string request_sha256_hex;
  std::string response_base64;
};

// Inserts the key and returns nullopt when it is new. When the id was used before, returns the
// stored record instead. A concurrent transaction holding the same new id makes this wait on the
// row lock until that transaction ends, so two racing retries never both write.
std::optional<IdempotencyRecord> ClaimRequestId(ConnectionPool::Lease& db,
                                                const IdempotencyRecord& claim);

void SaveResponse(ConnectionPool::Lease& db, const std::string& request_id,
                  const std::string& response_base64);

}  // namespace huikuan::store

#endif  // HUIKUAN_SERVER_STORE_IDEMPOTENCY_STORE_H_
