#include "server/store/audit_chain.h"

#include <openssl/sha.h>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "server/store/sql_values.h"

namespace huikuan::store {
namespace {

void AppendField(std::string& out, absl::string_view value) {
  absl::StrAppend(&out, value.size(), ":", value, ",");
}

constexpr char kEventColumns[] =
    "id, event_time, actor_user_id, actor_role, method, resource, request_id, before_json, "
    "after_json, COALESCE(DATEDIFF(chain_day, '1970-01-01'), 0) AS chain_day, "
    "COALESCE(chain_shard, 0) AS chain_shard, COALESCE(chain_seq, 0) AS chain_seq, "
    "COALESCE(chain_hash, '') AS chain_hash";

}  // namespace

std::string AuditLinkBytes(absl::string_view previous_hash, const AuditLink& link,
                           const AuditRecord& event) {
  std::string out;
  out.reserve(256 + event.before_json.size() + event.after_json.size());
  AppendField(out, "huikuan.audit.v1");
  AppendField(out, previous_hash);
  AppendField(out, core::FormatDate(link.day));
  AppendField(out, absl::StrCat(link.shard));
  AppendField(out, absl::StrCat(link.seq));
  AppendField(out, FormatSqlTimestamp(event.event_time));
  AppendField(out, absl::StrCat(event.actor_user_id));
  AppendField(out, event.actor_role);
  AppendField(out, event.method);
  AppendField(out, event.resource);
  AppendField(out, event.request_id);
  AppendField(out, event.before_json);
  AppendField(out, event.after_json);
  return out;
}

std::string AuditLinkHash(absl::string_view previous_hash, const AuditLink& link,
                          const AuditRecord& event) {
  const std::string bytes = AuditLinkBytes(previous_hash, link, event);
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), digest);
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(digest), SHA256_DIGEST_LENGTH));
}

std::optional<AuditChainStart> ReadAuditChainStart(ConnectionPool::Lease& db) {
  auto rows =
      Query(db.Prepare("SELECT legacy_events, legacy_max_id FROM audit_chain_start WHERE id = 1"));
  if (!rows->next()) return std::nullopt;
  AuditChainStart start;
  start.legacy_events = rows->getInt64("legacy_events");
  start.legacy_max_id = rows->getInt64("legacy_max_id");
  return start;
}

UnchainedAuditEvents CountUnchainedAuditEvents(ConnectionPool::Lease& db, int64_t legacy_max_id) {
  auto& select = db.Prepare(
      "SELECT COALESCE(SUM(id <= ?), 0) AS legacy, COALESCE(MIN(CASE WHEN id > ? THEN id END), 0) "
      "AS first_after FROM audit_events WHERE chain_day IS NULL");
  Params(select).Int64(legacy_max_id).Int64(legacy_max_id);
  auto rows = Query(select);
  UnchainedAuditEvents result;
  if (rows->next()) {
    result.legacy_count = rows->getInt64("legacy");
    result.first_id_after_start = rows->getInt64("first_after");
  }
  return result;
}

std::vector<core::EpochDay> ListAuditChainDays(ConnectionPool::Lease& db) {
  auto rows = Query(db.Prepare(
      "SELECT DATEDIFF(d, '1970-01-01') AS day FROM (SELECT chain_day AS d FROM audit_chain_heads "
      "UNION SELECT DISTINCT chain_day FROM audit_events WHERE chain_day IS NOT NULL) days "
      "ORDER BY d"));
  std::vector<core::EpochDay> days;
  while (rows->next()) days.push_back(GetDay(*rows, "day"));
  return days;
}

std::vector<AuditChainHead> ListAuditChainHeads(ConnectionPool::Lease& db, core::EpochDay day) {
  auto& select = db.Prepare(
      "SELECT chain_shard, last_seq, last_hash FROM audit_chain_heads WHERE chain_day = ? "
      "ORDER BY chain_shard");
  Params(select).Day(day);
  auto rows = Query(select);
  std::vector<AuditChainHead> heads;
  while (rows->next()) {
    AuditChainHead head;
    head.shard = static_cast<uint32_t>(rows->getUInt("chain_shard"));
    head.last_seq = rows->getInt64("last_seq");
    head.last_hash = GetString(*rows, "last_hash");
    heads.push_back(std::move(head));
  }
  return heads;
}

std::vector<ChainedAuditEvent> ReadAuditChainPage(ConnectionPool::Lease& db, core::EpochDay day,
                                                  uint32_t after_shard, int64_t after_seq,
                                                  int limit) {
  auto& select = db.Prepare(absl::StrCat(
      "SELECT ", kEventColumns,
      " FROM audit_events WHERE chain_day = ? AND (chain_shard > ? OR (chain_shard = ? AND "
      "chain_seq > ?)) ORDER BY chain_shard, chain_seq LIMIT ?"));
  Params(select).Day(day).Int64(after_shard).Int64(after_shard).Int64(after_seq).Int(limit);
  auto rows = Query(select);
  std::vector<ChainedAuditEvent> events;
  while (rows->next()) {
    ChainedAuditEvent chained;
    AuditRecord& event = chained.event;
    event.id = rows->getInt64("id");
    event.event_time = GetTimestamp(*rows, "event_time");
    event.actor_user_id = rows->getInt64("actor_user_id");
    event.actor_role = GetString(*rows, "actor_role");
    event.method = GetString(*rows, "method");
    event.resource = GetString(*rows, "resource");
    event.request_id = GetString(*rows, "request_id");
    event.before_json = GetString(*rows, "before_json");
    event.after_json = GetString(*rows, "after_json");
    chained.link.day = GetDay(*rows, "chain_day");
    chained.link.shard = static_cast<uint32_t>(rows->getUInt("chain_shard"));
    chained.link.seq = rows->getInt64("chain_seq");
    chained.chain_hash = GetString(*rows, "chain_hash");
    events.push_back(std::move(chained));
  }
  return events;
}

}  // namespace huikuan::store
