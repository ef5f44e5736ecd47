#include "server/store/audit_store.h"

#include <cppconn/exception.h>

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "server/store/audit_chain.h"
#include "server/store/sql_values.h"

namespace huikuan::store {

namespace {

// The head of this connection's chain of `day`, locked until the transaction ends (a missing head
// is a chain not started yet; the gap lock on it keeps a second starter out, or turns the race
// into a deadlock that is retried).
struct LockedHead {
  bool exists = false;
  int64_t last_seq = 0;
  std::string last_hash = std::string(kAuditChainGenesis);
};

LockedHead LockChainHead(ConnectionPool::Lease& db, core::EpochDay day, uint32_t shard) {
  auto& select = db.Prepare(
      "SELECT last_seq, last_hash FROM audit_chain_heads WHERE chain_day = ? AND chain_shard = ? "
      "FOR UPDATE");
  Params(select).Day(day).Int64(shard);
  auto rows = Query(select);
  LockedHead head;
  if (rows->next()) {
    head.exists = true;
    head.last_seq = rows->getInt64("last_seq");
    head.last_hash = GetString(*rows, "last_hash");
  }
  return head;
}

// Moves the locked head on to (new_seq, new_hash), or starts the chain.
void SaveChainHead(ConnectionPool::Lease& db, core::EpochDay day, uint32_t shard, bool exists,
                   int64_t new_seq, const std::string& new_hash) {
  if (exists) {
    auto& update = db.Prepare(
        "UPDATE audit_chain_heads SET last_seq = ?, last_hash = ? WHERE chain_day = ? AND "
        "chain_shard = ?");
    Params(update).Int64(new_seq).String(new_hash).Day(day).Int64(shard);
    update.executeUpdate();
    return;
  }
  auto& insert = db.Prepare(
      "INSERT INTO audit_chain_heads (chain_day, chain_shard, last_seq, last_hash) "
      "VALUES (?, ?, ?, ?)");
  Params(insert).Day(day).Int64(shard).Int64(new_seq).String(new_hash);
  try {
    insert.executeUpdate();
  } catch (const sql::SQLException& e) {
    if (e.getErrorCode() != 1062) throw;
    // Another writer started the same chain since our read: lost the race, run again.
    throw sql::SQLException("audit chain head taken by a concurrent writer", "40001", 1213);
  }
}

// What this process last wrote as the head of each connection's chain (by writer_id). A guess
// that saves the locking read when it is right, which it is unless that write rolled back or
// another process wrote the chain: the head's UPDATE is conditional on it, and a miss falls back
// to the locking read.
struct Tip {
  core::EpochDay day = 0;
  int64_t seq = 0;
  std::string hash;
};

class Tips {
 public:
  std::optional<Tip> Get(uint32_t shard) {
    absl::MutexLock lock(&mutex_);
    auto it = tips_.find(shard);
    if (it == tips_.end()) return std::nullopt;
    return it->second;
  }
  void Set(uint32_t shard, Tip tip) {
    absl::MutexLock lock(&mutex_);
    // Connections come and go; their tips are only a cache.
    if (tips_.size() > 4096) tips_.clear();
    tips_[shard] = std::move(tip);
  }

 private:
  absl::Mutex mutex_;
  absl::flat_hash_map<uint32_t, Tip> tips_ ABSL_GUARDED_BY(mutex_);
};

Tips& ProcessTips() {
  static Tips* const tips = new Tips();
  return *tips;
}

// The chain hashes of `events` linked after (seq, hash).
std::vector<std::string> Link(const std::vector<AuditRecord>& events, core::EpochDay day,
                              uint32_t shard, int64_t seq, std::string hash) {
  std::vector<std::string> hashes;
  hashes.reserve(events.size());
  for (const AuditRecord& event : events) {
    hash = AuditLinkHash(hash, AuditLink{day, shard, ++seq}, event);
    hashes.push_back(hash);
  }
  return hashes;
}

// The head UPDATE on the guess `tip`: true when the head was exactly `tip` (now locked and moved).
bool MoveHeadFrom(ConnectionPool::Lease& db, core::EpochDay day, uint32_t shard, const Tip& tip,
                  int64_t new_seq, const std::string& new_hash) {
  auto& update = db.Prepare(
      "UPDATE audit_chain_heads SET last_seq = ?, last_hash = ? WHERE chain_day = ? AND "
      "chain_shard = ? AND last_seq = ? AND last_hash = ?");
  Params(update).Int64(new_seq).String(new_hash).Day(day).Int64(shard).Int64(tip.seq).String(
      tip.hash);
  return update.executeUpdate() == 1;
}

void InsertLinkedEvents(ConnectionPool::Lease& db, core::EpochDay day, uint32_t shard,
                        int64_t first_seq, const std::vector<AuditRecord>& events,
                        const std::vector<std::string>& hashes) {
  constexpr size_t kChunk = 200;
  constexpr int kColumns = 12;
  for (size_t begin = 0; begin < events.size(); begin += kChunk) {
    const size_t n = std::min(kChunk, events.size() - begin);
    auto& insert = db.Prepare(absl::StrCat(
        "INSERT INTO audit_events (event_time, actor_user_id, actor_role, method, resource, "
        "request_id, before_json, after_json, chain_day, chain_shard, chain_seq, chain_hash) "
        "VALUES ",
        Tuples(n, kColumns)));
    Params params(insert);
    for (size_t i = begin; i < begin + n; ++i) {
      const AuditRecord& event = events[i];
      params.Time(event.event_time)
          .Int64(event.actor_user_id)
          .String(event.actor_role)
          .String(event.method)
          .String(event.resource)
          .String(event.request_id)
          .String(event.before_json)
          .String(event.after_json)
          .Day(day)
          .Int64(shard)
          .Int64(first_seq + static_cast<int64_t>(i))
          .String(hashes[i]);
    }
    insert.executeUpdate();
  }
}

}  // namespace

void AppendAuditEvents(ConnectionPool::Lease& db, core::EpochDay chain_day,
                       const std::vector<AuditRecord>& events) {
  if (events.empty()) return;
  const uint32_t shard = db.writer_id();
  const int64_t count = static_cast<int64_t>(events.size());
  int64_t first_seq = 0;
  std::vector<std::string> hashes;
  std::optional<Tip> tip = ProcessTips().Get(shard);
  if (tip.has_value() && tip->day == chain_day) {
    hashes = Link(events, chain_day, shard, tip->seq, tip->hash);
    if (MoveHeadFrom(db, chain_day, shard, *tip, tip->seq + count, hashes.back())) {
      first_seq = tip->seq + 1;
    } else {
      hashes.clear();
    }
  }
  if (hashes.empty()) {
    const LockedHead head = LockChainHead(db, chain_day, shard);
    hashes = Link(events, chain_day, shard, head.last_seq, head.last_hash);
    SaveChainHead(db, chain_day, shard, head.exists, head.last_seq + count, hashes.back());
    first_seq = head.last_seq + 1;
  }
  InsertLinkedEvents(db, chain_day, shard, first_seq, events, hashes);
  ProcessTips().Set(shard, Tip{chain_day, first_seq + count - 1, hashes.back()});
}

void AppendAuditEvent(ConnectionPool::Lease& db, core::EpochDay chain_day,
                      const AuditRecord& event) {
  AppendAuditEvents(db, chain_day, {event});
}

std::vector<AuditRecord> ListAuditEvents(ConnectionPool::Lease& db, const AuditFilter& filter,
                                         int64_t before_id, int limit) {
  auto& select = db.Prepare(
      "SELECT id, event_time, actor_user_id, actor_role, method, resource, request_id, "
      "before_json, after_json FROM audit_events "
      "WHERE (? = 0 OR id < ?) AND (? IS NULL OR resource = ?) "
      "AND (? IS NULL OR actor_user_id = ?) AND (? IS NULL OR event_time >= ?) "
      "AND (? IS NULL OR event_time < ?) ORDER BY id DESC LIMIT ?");
  Params(select)
      .Int64(before_id)
      .Int64(before_id)
      .OptionalString(filter.resource)
      .OptionalString(filter.resource)
      .OptionalInt64(filter.actor_user_id)
      .OptionalInt64(filter.actor_user_id)
      .OptionalTime(filter.start_time)
      .OptionalTime(filter.start_time)
      .OptionalTime(filter.end_time)
      .OptionalTime(filter.end_time)
      .Int(limit);
  auto rows = Query(select);
  std::vector<AuditRecord> events;
  while (rows->next()) {
    AuditRecord event;
    event.id = rows->getInt64("id");
    event.event_time = GetTimestamp(*rows, "event_time");
    event.actor_user_id = rows->getInt64("actor_user_id");
    event.actor_role = GetString(*rows, "actor_role");
    event.method = GetString(*rows, "method");
    event.resource = GetString(*rows, "resource");
    event.request_id = GetString(*rows, "request_id");
    event.before_json = GetString(*rows, "before_json");
    event.after_json = GetString(*rows, "after_json");
    events.push_back(std::move(event));
  }
  return events;
}

}  // namespace huikuan::store
