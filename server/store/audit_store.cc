#include "server/store/audit_store.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "server/store/sql_values.h"

namespace huikuan::store {

void AppendAuditEvents(ConnectionPool::Lease& db, const std::vector<AuditRecord>& events) {
  constexpr size_t kChunk = 200;
  constexpr int kColumns = 8;
  for (size_t begin = 0; begin < events.size(); begin += kChunk) {
    const size_t n = std::min(kChunk, events.size() - begin);
    auto& insert = db.Prepare(absl::StrCat(
        "INSERT INTO audit_events (event_time, actor_user_id, actor_role, method, resource, "
        "request_id, before_json, after_json) VALUES ",
        Tuples(n, kColumns)));
    Params params(insert);
    for (size_t i = 0; i < n; ++i) {
      const AuditRecord& event = events[begin + i];
      params.Time(event.event_time)
          .Int64(event.actor_user_id)
          .String(event.actor_role)
          .String(event.method)
          .String(event.resource)
          .String(event.request_id)
          .String(event.before_json)
          .String(event.after_json);
    }
    insert.executeUpdate();
  }
}

void AppendAuditEvent(ConnectionPool::Lease& db, const AuditRecord& event) {
  AppendAuditEvents(db, {event});
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
