#include "server/store/audit_store.h"

#include "server/store/sql_values.h"

namespace huikuan::store {

void AppendAuditEvent(ConnectionPool::Lease& db, const AuditRecord& event) {
  auto& insert = db.Prepare(
      "INSERT INTO audit_events (event_time, actor_user_id, actor_role, method, resource, "
      "request_id, before_json, after_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  SetTimestamp(insert, 1, event.event_time);
  insert.setInt64(2, event.actor_user_id);
  insert.setString(3, event.actor_role);
  insert.setString(4, event.method);
  insert.setString(5, event.resource);
  insert.setString(6, event.request_id);
  insert.setString(7, event.before_json);
  insert.setString(8, event.after_json);
  insert.executeUpdate();
}

std::vector<AuditRecord> ListAuditEvents(ConnectionPool::Lease& db, const AuditFilter& filter,
                                         int64_t before_id, int limit) {
  auto& select = db.Prepare(
      "SELECT id, event_time, actor_user_id, actor_role, method, resource, request_id, "
      "before_json, after_json FROM audit_events "
      "WHERE (? = 0 OR id < ?) AND (? IS NULL OR resource = ?) "
      "AND (? IS NULL OR actor_user_id = ?) AND (? IS NULL OR event_time >= ?) "
      "AND (? IS NULL OR event_time < ?) ORDER BY id DESC LIMIT ?");
  select.setInt64(1, before_id);
  select.setInt64(2, before_id);
  SetOptionalString(select, 3, filter.resource);
  SetOptionalString(select, 4, filter.resource);
  SetOptionalInt64(select, 5, filter.actor_user_id);
  SetOptionalInt64(select, 6, filter.actor_user_id);
  SetOptionalTimestamp(select, 7, filter.start_time);
  SetOptionalTimestamp(select, 8, filter.start_time);
  SetOptionalTimestamp(select, 9, filter.end_time);
  SetOptionalTimestamp(select, 10, filter.end_time);
  select.setInt(11, limit);
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
