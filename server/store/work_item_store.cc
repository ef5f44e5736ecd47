#include "server/store/work_item_store.h"

#include <algorithm>
#include <functional>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "server/core/enum_names.h"
#include "server/core/violations.h"
#include "server/store/sql_values.h"

namespace huikuan::store {
namespace {

constexpr size_t kChunk = 200;

constexpr char kItemColumns[] =
    "SELECT w.id, w.source_key, w.kind, w.customer_id, c.owner_user_id, c.display_name, "
    "w.department, "
    "w.assignee_user_id, w.step, w.channel, w.title, "
    "DATEDIFF(w.due_date, '1970-01-01') AS due_day, "
    "DATEDIFF(w.created_date, '1970-01-01') AS created_day, w.amount_fen, w.priority, "
    "w.overdue_permille, w.status, DATEDIFF(w.snoozed_until, '1970-01-01') AS snoozed_day, "
    "w.escalated, w.language, "
    "w.message_subject, w.message_body, w.outcome, w.note, w.done_by, w.done_time, "
    "w.create_time, w.update_time, w.version "
    "FROM work_items w JOIN customers c ON c.id = w.customer_id ";

constexpr char kInsertColumns[] =
    "source_key, kind, customer_id, department, assignee_user_id, step, channel, title, "
    "due_date, created_date, amount_fen, priority, overdue_permille, status, language, "
    "message_subject, message_body, create_time, update_time";
constexpr int kInsertColumnCount = 19;

WorkItemRecord ReadItem(sql::ResultSet& rows) {
  WorkItemRecord item;
  item.id = rows.getInt64("id");
  item.source_key = GetString(rows, "source_key");
  item.kind =
      GetEnum<core::WorkItemKind, core::kWorkItemKindCount>(rows, "kind", core::WorkItemKindName);
  item.customer_id = rows.getInt64("customer_id");
  item.owner_user_id = rows.getInt64("owner_user_id");
  item.customer_display_name = GetString(rows, "display_name");
  item.department = GetEnum<core::Department, 5>(rows, "department", core::DepartmentName);
  item.assignee_user_id = GetOptionalInt64(rows, "assignee_user_id");
  item.step = GetString(rows, "step");
  item.channel = GetString(rows, "channel");
  item.title = GetString(rows, "title");
  item.due_day = GetDay(rows, "due_day");
  item.created_day = GetDay(rows, "created_day");
  item.amount = rows.getInt64("amount_fen");
  item.priority = rows.getInt64("priority");
  if (std::optional<int64_t> permille = GetOptionalInt64(rows, "overdue_permille")) {
    item.overdue_permille = static_cast<int32_t>(*permille);
  }
  item.status = GetEnum<core::WorkItemStatus, core::kWorkItemStatusCount>(rows, "status",
                                                                          core::WorkItemStatusName);
  if (std::optional<int64_t> day = GetOptionalInt64(rows, "snoozed_day")) {
    item.snoozed_until = static_cast<core::EpochDay>(*day);
  }
  item.escalated = rows.getInt("escalated") != 0;
  item.language = GetString(rows, "language");
  item.message_subject = GetString(rows, "message_subject");
  item.message_body = GetString(rows, "message_body");
  if (std::optional<std::string> outcome = GetOptionalString(rows, "outcome")) {
    item.outcome = core::ParseContactOutcome(*outcome);
  }
  item.note = GetString(rows, "note");
  item.done_by = GetOptionalInt64(rows, "done_by");
  item.done_time = GetOptionalTimestamp(rows, "done_time");
  item.create_time = GetTimestamp(rows, "create_time");
  item.update_time = GetTimestamp(rows, "update_time");
  item.version = rows.getInt64("version");
  return item;
}

// The invoices of `items` (by id), in one query per chunk.

}  // namespace

int64_t InsertWorkItems(ConnectionPool::Lease& db, std::vector<WorkItemRecord>& items) {
  // Keys already taken (a locking read: a concurrent run's committed items count).
  absl::flat_hash_map<std::string, int64_t> taken;
  for (size_t begin = 0; begin < items.size(); begin += kChunk) {
    const size_t n = std::min(kChunk, items.size() - begin);
    auto& select =
        db.Prepare(absl::StrCat("SELECT id, source_key FROM work_items WHERE source_key IN (",
                                Placeholders(n), ") LOCK IN SHARE MODE"));
    Params params(select);
    for (size_t i = 0; i < n; ++i) params.String(items[begin + i].source_key);
    auto rows = Query(select);
    while (rows->next()) taken[GetString(*rows, "source_key")] = rows->getInt64("id");
  }
  std::vector<WorkItemRecord*> fresh;
  for (WorkItemRecord& item : items) {
    if (!taken.contains(item.source_key) && taken.emplace(item.source_key, 0).second) {
      fresh.push_back(&item);
    }
  }
  for (size_t begin = 0; begin < fresh.size(); begin += kChunk) {
    const size_t n = std::min(kChunk, fresh.size() - begin);
    auto& insert = db.Prepare(absl::StrCat("INSERT INTO work_items (", kInsertColumns, ") VALUES ",
                                           Tuples(n, kInsertColumnCount)));
    Params params(insert);
    for (size_t i = 0; i < n; ++i) {
      const WorkItemRecord& item = *fresh[begin + i];
      params.String(item.source_key)
          .Name(item.kind, core::WorkItemKindName)
          .Int64(item.customer_id)
          .Name(item.department, core::DepartmentName)
          .OptionalInt64(item.assignee_user_id)
          .String(item.step)
          .String(item.channel)
          .String(item.title)
          .Day(item.due_day)
          .Day(item.created_day)
          .Int64(item.amount)
          .Int64(item.priority)
          .OptionalInt64(item.overdue_permille)
          .Name(item.status, core::WorkItemStatusName)
          .String(item.language)
          .String(item.message_subject)
          .String(item.message_body)
          .Time(item.create_time)
          .Time(item.update_time);
    }
    insert.executeUpdate();
    // Ids by key: a multi-row INSERT's ids need not be consecutive (Galera's autoinc mode 2).
    auto& ids = db.Prepare(absl::StrCat(
        "SELECT id, source_key FROM work_items WHERE source_key IN (", Placeholders(n), ")"));
    Params id_params(ids);
    absl::flat_hash_map<std::string, WorkItemRecord*> by_key;
    for (size_t i = 0; i < n; ++i) {
      id_params.String(fresh[begin + i]->source_key);
      by_key[fresh[begin + i]->source_key] = fresh[begin + i];
    }
    auto rows = Query(ids);
    while (rows->next()) by_key.at(GetString(*rows, "source_key"))->id = rows->getInt64("id");
  }
  std::vector<std::pair<int64_t, WorkItemInvoice>> links;
  for (const WorkItemRecord* item : fresh) {
    for (const WorkItemInvoice& invoice : item->invoices) links.emplace_back(item->id, invoice);
  }
  for (size_t begin = 0; begin < links.size(); begin += kChunk) {
    const size_t n = std::min(kChunk, links.size() - begin);
    auto& insert = db.Prepare(
        absl::StrCat("INSERT INTO work_item_invoices (work_item_id, invoice_id, open_fen) VALUES ",
                     Tuples(n, 3)));
    Params params(insert);
    for (size_t i = 0; i < n; ++i) {
      params.Int64(links[begin + i].first)
          .Int64(links[begin + i].second.invoice_id)
          .Int64(links[begin + i].second.open);
    }
    insert.executeUpdate();
  }
  return static_cast<int64_t>(fresh.size());
}

absl::StatusOr<WorkItemRecord> GetWorkItem(ConnectionPool::Lease& db, int64_t id, Lock lock) {
  auto& select = db.Prepare(absl::StrCat(kItemColumns, "WHERE w.id = ?", LockClause(lock)));
  select.setInt64(1, id);
  auto rows = Query(select);
  if (!rows->next()) return core::NotFoundError(absl::StrCat("workItems/", id));
  std::vector<WorkItemRecord> items = {ReadItem(*rows)};
  rows.reset();
  LoadLinkedInvoices(db, "work_item_invoices", "work_item_id", items);
  return items.front();
}

std::vector<WorkItemRecord> ListWorkItems(ConnectionPool::Lease& db, const WorkItemFilter& filter,
                                          std::optional<WorkItemCursor> after, int limit) {
  // Only the filters in use go into the statement, so the optimizer walks the worklist index
  // (status, department or assignee, priority, id) backwards and stops after `limit` rows; the
  // "? IS NULL OR col = ?" form it replaced read every open item (250 ms at 100,000 of them).
  std::vector<std::string> conditions;
  std::vector<std::function<void(Params&)>> binds;
  auto add = [&](std::string condition, std::function<void(Params&)> bind) {
    conditions.push_back(std::move(condition));
    binds.push_back(std::move(bind));
  };
  if (filter.status) {
    const std::string status(core::WorkItemStatusName(*filter.status));
    add("w.status = ?", [status](Params& p) { p.String(status); });
  }
  if (filter.department) {
    const std::string department(core::DepartmentName(*filter.department));
    add("w.department = ?", [department](Params& p) { p.String(department); });
  }
  if (filter.assignee_user_id) {
    const int64_t user = *filter.assignee_user_id;
    add("w.assignee_user_id = ?", [user](Params& p) { p.Int64(user); });
  }
  if (filter.queue_only) add("w.assignee_user_id IS NULL", [](Params&) {});
  if (filter.mine_as_head) {
    const int64_t user = filter.mine_as_head->user_id;
    const std::string department(core::DepartmentName(filter.mine_as_head->department));
    add("(w.assignee_user_id = ? OR (w.department = ? AND w.escalated = 1))",
        [user, department](Params& p) { p.Int64(user).String(department); });
  }
  if (filter.customer_id) {
    const int64_t customer = *filter.customer_id;
    add("w.customer_id = ?", [customer](Params& p) { p.Int64(customer); });
  }
  if (filter.owner_user_id) {
    const int64_t owner = *filter.owner_user_id;
    add("c.owner_user_id = ?", [owner](Params& p) { p.Int64(owner); });
  }
  if (filter.escalated) {
    const bool escalated = *filter.escalated;
    add("w.escalated = ?", [escalated](Params& p) { p.Int(escalated ? 1 : 0); });
  }
  if (filter.kind) {
    const std::string kind(core::WorkItemKindName(*filter.kind));
    add("w.kind = ?", [kind](Params& p) { p.String(kind); });
  }
  if (filter.step) {
    const std::string step = *filter.step;
    add("w.step = ?", [step](Params& p) { p.String(step); });
  }
  if (filter.due_from) {
    const core::EpochDay day = *filter.due_from;
    add("w.due_date >= ?", [day](Params& p) { p.Day(day); });
  }
  if (filter.due_to) {
    const core::EpochDay day = *filter.due_to;
    add("w.due_date <= ?", [day](Params& p) { p.Day(day); });
  }
  if (filter.amount_min) {
    const int64_t amount = *filter.amount_min;
    add("w.amount_fen >= ?", [amount](Params& p) { p.Int64(amount); });
  }
  if (filter.amount_max) {
    const int64_t amount = *filter.amount_max;
    add("w.amount_fen <= ?", [amount](Params& p) { p.Int64(amount); });
  }
  if (after) {
    const WorkItemCursor cursor = *after;
    add("(w.priority < ? OR (w.priority = ? AND w.id < ?))",
        [cursor](Params& p) { p.Int64(cursor.priority).Int64(cursor.priority).Int64(cursor.id); });
  }
  auto& select = db.Prepare(absl::StrCat(kItemColumns, conditions.empty() ? "" : "WHERE ",
                                         absl::StrJoin(conditions, " AND "),
                                         " ORDER BY w.priority DESC, w.id DESC LIMIT ?"));
  Params params(select);
  for (const auto& bind : binds) bind(params);
  params.Int(limit);
  auto rows = Query(select);
  std::vector<WorkItemRecord> items;
  while (rows->next()) items.push_back(ReadItem(*rows));
  rows.reset();
  LoadLinkedInvoices(db, "work_item_invoices", "work_item_id", items);
  return items;
}

absl::Status UpdateWorkItem(ConnectionPool::Lease& db, WorkItemRecord& item) {
  auto& update = db.Prepare(
      "UPDATE work_items SET status = ?, assignee_user_id = ?, snoozed_until = ?, escalated = ?, "
      "outcome = ?, note = ?, done_by = ?, done_time = ?, update_time = ?, version = version + 1 "
      "WHERE id = ? AND version = ?");
  std::optional<std::string> outcome;
  if (item.outcome) outcome = std::string(core::ContactOutcomeName(*item.outcome));
  Params(update)
      .Name(item.status, core::WorkItemStatusName)
      .OptionalInt64(item.assignee_user_id)
      .OptionalDay(item.snoozed_until)
      .Bool(item.escalated)
      .OptionalString(outcome)
      .String(item.note)
      .OptionalInt64(item.done_by)
      .OptionalTime(item.done_time)
      .Time(item.update_time)
      .Int64(item.id)
      .Int64(item.version);
  if (update.executeUpdate() == 0) {
    return absl::AbortedError(
        absl::StrCat("workItems/", item.id, " was changed since it was read: read it again"));
  }
  ++item.version;
  return absl::OkStatus();
}

std::vector<int64_t> LockItemsToEscalate(ConnectionPool::Lease& db, core::EpochDay as_of) {
  auto& select = db.Prepare(
      "SELECT id FROM work_items FORCE INDEX (work_items_due) WHERE status = 'open' "
      "AND due_date < ? AND escalated = 0 AND (snoozed_until IS NULL OR snoozed_until < ?) "
      "ORDER BY id FOR UPDATE");
  Params(select).Day(as_of).Day(as_of);
  auto rows = Query(select);
  std::vector<int64_t> ids;
  while (rows->next()) ids.push_back(rows->getInt64("id"));
  return ids;
}

void MarkEscalated(ConnectionPool::Lease& db, const std::vector<int64_t>& ids, absl::Time now) {
  for (size_t begin = 0; begin < ids.size(); begin += kChunk) {
    const size_t n = std::min(kChunk, ids.size() - begin);
    auto& update = db.Prepare(absl::StrCat(
        "UPDATE work_items SET escalated = 1, update_time = ?, version = version + 1 WHERE id IN (",
        Placeholders(n), ")"));
    Params params(update);
    params.Time(now);
    for (size_t i = 0; i < n; ++i) params.Int64(ids[begin + i]);
    update.executeUpdate();
  }
}

void InsertContacts(ConnectionPool::Lease& db, std::vector<ContactRecord>& contacts) {
  constexpr int kColumns = 10;
  for (size_t begin = 0; begin < contacts.size(); begin += kChunk) {
    const size_t n = std::min(kChunk, contacts.size() - begin);
    auto& insert = db.Prepare(absl::StrCat(
        "INSERT INTO contacts (customer_id, work_item_id, outbox_message_id, channel, user_id, "
        "actor_role, contact_time, outcome, content, note) VALUES ",
        Tuples(n, kColumns)));
    Params params(insert);
    for (size_t i = 0; i < n; ++i) {
      const ContactRecord& contact = contacts[begin + i];
      params.Int64(contact.customer_id)
          .OptionalInt64(contact.work_item_id)
          .OptionalInt64(contact.outbox_message_id)
          .String(contact.channel)
          .Int64(contact.user_id)
          .String(contact.actor_role)
          .Time(contact.contact_time)
          .Name(contact.outcome, core::ContactOutcomeName)
          .String(contact.content)
          .String(contact.note);
    }
    insert.executeUpdate();
    // A single row's id is known for sure (a multi-row insert's ids need not be consecutive on
    // Galera, whose auto_increment_increment is the cluster's size).
    if (n == 1) contacts[begin].id = LastInsertId(db);
  }
}

std::vector<ContactRecord> ListContacts(ConnectionPool::Lease& db, int64_t customer_id,
                                        int64_t before_id, int limit) {
  auto& select = db.Prepare(
      "SELECT id, customer_id, work_item_id, outbox_message_id, channel, user_id, actor_role, "
      "contact_time, outcome, content, note FROM contacts WHERE customer_id = ? "
      "AND (? = 0 OR id < ?) ORDER BY id DESC LIMIT ?");
  Params(select).Int64(customer_id).Int64(before_id).Int64(before_id).Int(limit);
  auto rows = Query(select);
  std::vector<ContactRecord> contacts;
  while (rows->next()) {
    ContactRecord contact;
    contact.id = rows->getInt64("id");
    contact.customer_id = rows->getInt64("customer_id");
    contact.work_item_id = GetOptionalInt64(*rows, "work_item_id");
    contact.outbox_message_id = GetOptionalInt64(*rows, "outbox_message_id");
    contact.channel = GetString(*rows, "channel");
    contact.user_id = rows->getInt64("user_id");
    contact.actor_role = GetString(*rows, "actor_role");
    contact.contact_time = GetTimestamp(*rows, "contact_time");
    contact.outcome = GetEnum<core::ContactOutcome, core::kContactOutcomeCount>(
        *rows, "outcome", core::ContactOutcomeName);
    contact.content = GetString(*rows, "content");
    contact.note = GetString(*rows, "note");
    contacts.push_back(std::move(contact));
  }
  return contacts;
}

}  // namespace huikuan::store
