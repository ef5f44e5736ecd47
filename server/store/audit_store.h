// The append-only audit trail (the table also refuses UPDATE/DELETE by trigger); every event is a
// link of a hash chain (audit_chain.h).
#ifndef HUIKUAN_SERVER_STORE_AUDIT_STORE_H_
#define HUIKUAN_SERVER_STORE_AUDIT_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "server/core/civil_date.h"
#include "server/store/connection_pool.h"

namespace huikuan::store {

struct AuditRecord {
  int64_t id = 0;
  absl::Time event_time;
  int64_t actor_user_id = 0;
  std::string actor_role;
  std::string method;
  std::string resource;
  std::string request_id;
  std::string before_json;
  std::string after_json;
};

struct AuditFilter {
  std::optional<std::string> resource;
  std::optional<int64_t> actor_user_id;
  std::optional<absl::Time> start_time;  // inclusive
  std::optional<absl::Time> end_time;    // exclusive
};

// Appends `events` in order (multi-row INSERTs) as the next links of this connection's hash chain
// of `chain_day` (audit_chain.h), moving the chain's head on in the same transaction (locked until
// it ends): one extra point UPDATE per call, on a row no other connection writes, when the head is
// where this process last left it; otherwise a locking read of the head first.
void AppendAuditEvent(ConnectionPool::Lease& db, core::EpochDay chain_day,
                      const AuditRecord& event);
void AppendAuditEvents(ConnectionPool::Lease& db, core::EpochDay chain_day,
                       const std::vector<AuditRecord>& events);

// Newest first: events with id < before_id (0: from the newest), at most `limit`.
std::vector<AuditRecord> ListAuditEvents(ConnectionPool::Lease& db, const AuditFilter& filter,
                                         int64_t before_id, int limit);

}  // namespace huikuan::store

#endif  // HUIKUAN_SERVER_STORE_AUDIT_STORE_H_
