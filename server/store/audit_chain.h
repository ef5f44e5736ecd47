// The audit trail's hash chains (issue 13, tamper evidence). Every event written since migration
// 0520 is a link of the chain of its (company day, shard), the shard being the writer connection's
// writer_id(): chain_seq counts 1, 2, ... within the chain and
//
//   chain_hash = hex(SHA-256(AuditLinkBytes(previous link's chain_hash, event)))
//
// with 64 zeros as the previous hash of link 1. audit_chain_heads keeps each chain's newest link.
// Editing an event's content or hash, removing a link or the newest links, or adding an event
// behind the server's back breaks a chain at that event (ops/audit_verify.h finds it). Whoever can
// rewrite whole chains and their heads can also forge them (the hash has no key): the day digest
// over a day's heads, kept outside the database, is the anchor (README).
#ifndef HUIKUAN_SERVER_STORE_AUDIT_CHAIN_H_
#define HUIKUAN_SERVER_STORE_AUDIT_CHAIN_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "server/core/civil_date.h"
#include "server/store/audit_store.h"
#include "server/store/connection_pool.h"

namespace huikuan::store {

// The previous hash of a chain's first link.
inline constexpr absl::string_view kAuditChainGenesis =
    "0000000000000000000000000000000000000000000000000000000000000000";

// Where an event sits in its chain.
struct AuditLink {
  core::EpochDay day = 0;
  uint32_t shard = 0;
  int64_t seq = 0;
};

// The exact bytes hashed for one link: a version tag, the previous hash, the link's position and
// every content column of the event (not its id, which the database assigns), each field as
// "<length>:<bytes>," so no two different events encode alike.
std::string AuditLinkBytes(absl::string_view previous_hash, const AuditLink& link,
                           const AuditRecord& event);
// Lower-case hex SHA-256 of AuditLinkBytes.
std::string AuditLinkHash(absl::string_view previous_hash, const AuditLink& link,
                          const AuditRecord& event);

struct AuditChainHead {
  uint32_t shard = 0;
  int64_t last_seq = 0;
  std::string last_hash;
};

// An event as stored, with its link; a NULL column reads as 0 / empty.
struct ChainedAuditEvent {
  AuditRecord event;
  AuditLink link;
  std::string chain_hash;
};

// What migration 0522 recorded about the events that were there before the chains.
struct AuditChainStart {
  int64_t legacy_events = 0;
  int64_t legacy_max_id = 0;
};

// The events without a chain (chain_day NULL): how many with ids up to `legacy_max_id`, and the
// lowest id above it among them (0: none).
struct UnchainedAuditEvents {
  int64_t legacy_count = 0;
  int64_t first_id_after_start = 0;
};

// Empty when 0522 has not run.
std::optional<AuditChainStart> ReadAuditChainStart(ConnectionPool::Lease& db);
UnchainedAuditEvents CountUnchainedAuditEvents(ConnectionPool::Lease& db, int64_t legacy_max_id);

// The days that have chains (a head or a chained event), ascending.
std::vector<core::EpochDay> ListAuditChainDays(ConnectionPool::Lease& db);
// The heads of `day`'s chains, by shard.
std::vector<AuditChainHead> ListAuditChainHeads(ConnectionPool::Lease& db, core::EpochDay day);
// `day`'s chained events in (shard, seq) order after (after_shard, after_seq), at most `limit`.
std::vector<ChainedAuditEvent> ReadAuditChainPage(ConnectionPool::Lease& db, core::EpochDay day,
                                                  uint32_t after_shard, int64_t after_seq,
                                                  int limit);

}  // namespace huikuan::store

#endif  // HUIKUAN_SERVER_STORE_AUDIT_CHAIN_H_
