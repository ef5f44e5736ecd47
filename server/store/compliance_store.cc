#include "server/store/compliance_store.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "server/core/violations.h"
#include "server/store/sql_values.h"

namespace huikuan::store {
namespace {

constexpr char kTemplateColumns[] =
    "SELECT id, action, language, version, subject, opening, status, note, proposed_by, "
    "propose_time, decided_by, decide_time, decision_note FROM message_templates ";

MessageTemplateRecord ReadTemplate(sql::ResultSet& rows) {
  MessageTemplateRecord record;
  record.id = rows.getInt64("id");
  record.action = GetString(rows, "action");
  record.language =
      core::ParseLanguage(GetString(rows, "language")).value_or(core::Language::kZhCn);
  record.version = rows.getInt("version");
  record.text.subject = GetString(rows, "subject");
  record.text.opening = GetString(rows, "opening");
  record.status = GetEnum<core::TemplateStatus, core::kTemplateStatusCount>(
      rows, "status", core::TemplateStatusName);
  record.note = GetString(rows, "note");
  record.proposed_by = rows.getInt64("proposed_by");
  record.propose_time = GetTimestamp(rows, "propose_time");
  record.decided_by = GetOptionalInt64(rows, "decided_by");
  record.decide_time = GetOptionalTimestamp(rows, "decide_time");
  record.decision_note = GetString(rows, "decision_note");
  return record;
}

ContactComplianceRecord ReadCompliance(sql::ResultSet& rows) {
  ContactComplianceRecord record;
  record.contact_id = rows.getInt64("contact_id");
  record.customer_id = rows.getInt64("customer_id");
  record.reply_to = GetString(rows, "reply_to");
  record.flagged = rows.getBoolean("flagged");
  record.broken_limits = GetString(rows, "broken_limits");
  record.description = GetString(rows, "description");
  record.reason = GetString(rows, "reason");
  record.contact_time = GetTimestamp(rows, "contact_time");
  return record;
}

constexpr char kComplianceColumns[] =
    "cc.contact_id, cc.customer_id, cc.reply_to, cc.flagged, cc.broken_limits, cc.description, "
    "cc.reason, cc.contact_time";

}  // namespace

ComplianceSettingsRecord GetComplianceSettings(ConnectionPool::Lease& db, Lock lock) {
  auto& select = db.Prepare(absl::StrCat(
      "SELECT weekly_automatic_cap, quiet_start_minute, quiet_end_minute, version, updated_by, "
      "update_time FROM compliance_settings WHERE id = 1",
      lock == Lock::kForUpdate ? " FOR UPDATE" : ""));
  auto rows = Query(select);
  ComplianceSettingsRecord record;
  if (!rows->next()) return record;  // the migration's row removed by hand: the core's defaults
  record.settings.weekly_automatic_cap = rows->getInt("weekly_automatic_cap");
  std::optional<int64_t> start = GetOptionalInt64(*rows, "quiet_start_minute");
  std::optional<int64_t> end = GetOptionalInt64(*rows, "quiet_end_minute");
  record.settings.quiet_start_minute =
      start ? std::optional<int32_t>(static_cast<int32_t>(*start)) : std::nullopt;
  record.settings.quiet_end_minute =
      end ? std::optional<int32_t>(static_cast<int32_t>(*end)) : std::nullopt;
  record.version = rows->getInt64("version");
  record.updated_by = rows->getInt64("updated_by");
  record.update_time = GetTimestamp(*rows, "update_time");
  return record;
}

void UpdateComplianceSettings(ConnectionPool::Lease& db, ComplianceSettingsRecord& record) {
  auto& upsert = db.Prepare(
      "INSERT INTO compliance_settings (id, weekly_automatic_cap, quiet_start_minute, "
      "quiet_end_minute, version, updated_by, update_time) VALUES (1, ?, ?, ?, 1, ?, ?) "
      "ON DUPLICATE KEY UPDATE weekly_automatic_cap = VALUES(weekly_automatic_cap), "
      "quiet_start_minute = VALUES(quiet_start_minute), quiet_end_minute = "
      "VALUES(quiet_end_minute), version = version + 1, updated_by = VALUES(updated_by), "
      "update_time = VALUES(update_time)");
  auto optional = [](std::optional<int32_t> v) {
    return v ? std::optional<int64_t>(*v) : std::nullopt;
  };
  Params(upsert)
      .Int(record.settings.weekly_automatic_cap)
      .OptionalInt64(optional(record.settings.quiet_start_minute))
      .OptionalInt64(optional(record.settings.quiet_end_minute))
      .Int64(record.updated_by)
      .Time(record.update_time);
  upsert.executeUpdate();
  record.version = GetComplianceSettings(db, Lock::kNone).version;
}

void InsertMessageTemplate(ConnectionPool::Lease& db, MessageTemplateRecord& record) {
  auto& latest = db.Prepare(
      "SELECT COALESCE(MAX(version), 0) AS latest FROM message_templates WHERE action = ? AND "
      "language = ? FOR UPDATE");
  Params(latest).String(record.action).String(std::string(core::LanguageName(record.language)));
  auto rows = Query(latest);
  record.version = rows->next() ? rows->getInt("latest") + 1 : 1;
  auto& insert = db.Prepare(
      "INSERT INTO message_templates (action, language, version, subject, opening, status, note, "
      "proposed_by, propose_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  Params(insert)
      .String(record.action)
      .String(std::string(core::LanguageName(record.language)))
      .Int(record.version)
      .String(record.text.subject)
      .String(record.text.opening)
      .Name(record.status, core::TemplateStatusName)
      .String(record.note)
      .Int64(record.proposed_by)
      .Time(record.propose_time);
  insert.executeUpdate();
  record.id = LastInsertId(db);
}

absl::StatusOr<MessageTemplateRecord> GetMessageTemplate(ConnectionPool::Lease& db, int64_t id,
                                                         Lock lock) {
  auto& select = db.Prepare(absl::StrCat(kTemplateColumns, "WHERE id = ?",
                                         lock == Lock::kForUpdate ? " FOR UPDATE" : ""));
  Params(select).Int64(id);
  auto rows = Query(select);
  if (!rows->next()) return core::NotFoundError(absl::StrCat("messageTemplates/", id));
  return ReadTemplate(*rows);
}

void UpdateTemplateDecision(ConnectionPool::Lease& db, const MessageTemplateRecord& record) {
  auto& update = db.Prepare(
      "UPDATE message_templates SET status = ?, decided_by = ?, decide_time = ?, decision_note = "
      "? WHERE id = ?");
  Params(update)
      .Name(record.status, core::TemplateStatusName)
      .OptionalInt64(record.decided_by)
      .OptionalTime(record.decide_time)
      .String(record.decision_note)
      .Int64(record.id);
  update.executeUpdate();
}

std::vector<MessageTemplateRecord> ListMessageTemplates(ConnectionPool::Lease& db,
                                                        const TemplateFilter& filter,
                                                        int64_t before_id, int limit) {
  std::string where = "WHERE (? = 0 OR id < ?)";
  if (filter.action) where += " AND action = ?";
  if (filter.language) where += " AND language = ?";
  if (filter.status) where += " AND status = ?";
  auto& select = db.Prepare(absl::StrCat(kTemplateColumns, where, " ORDER BY id DESC LIMIT ?"));
  Params params(select);
  params.Int64(before_id).Int64(before_id);
  if (filter.action) params.String(*filter.action);
  if (filter.language) params.String(std::string(core::LanguageName(*filter.language)));
  if (filter.status) params.Name(*filter.status, core::TemplateStatusName);
  params.Int(limit);
  auto rows = Query(select);
  std::vector<MessageTemplateRecord> list;
  while (rows->next()) list.push_back(ReadTemplate(*rows));
  return list;
}

std::vector<MessageTemplateRecord> TemplatesInUse(ConnectionPool::Lease& db) {
  auto& select = db.Prepare(absl::StrCat(
      kTemplateColumns,
      "WHERE status = 'approved' AND (action, language, version) IN (SELECT action, language, "
      "MAX(version) FROM message_templates WHERE status = 'approved' GROUP BY action, language) "
      "ORDER BY action, language"));
  auto rows = Query(select);
  std::vector<MessageTemplateRecord> list;
  while (rows->next()) list.push_back(ReadTemplate(*rows));
  return list;
}

std::vector<absl::Time> AutomaticContactsSince(ConnectionPool::Lease& db, int64_t customer_id,
                                               absl::Time since) {
  auto& select = db.Prepare(
      "SELECT contact_time FROM contacts WHERE customer_id = ? AND outbox_message_id IS NOT NULL "
      "AND contact_time > ? ORDER BY contact_time DESC");
  Params(select).Int64(customer_id).Time(since);
  auto rows = Query(select);
  std::vector<absl::Time> times;
  while (rows->next()) times.push_back(GetTimestamp(*rows, "contact_time"));
  return times;
}

std::vector<std::string> OpenDisputes(ConnectionPool::Lease& db, int64_t customer_id) {
  auto& select = db.Prepare(
      "SELECT d.id FROM invoice_disputes d JOIN invoices i ON i.id = d.invoice_id "
      "WHERE i.customer_id = ? AND d.resolve_time IS NULL ORDER BY d.id");
  Params(select).Int64(customer_id);
  auto rows = Query(select);
  std::vector<std::string> names;
  while (rows->next()) names.push_back(absl::StrCat("disputes/", rows->getInt64("id")));
  return names;
}

std::vector<std::string> OpenPromises(ConnectionPool::Lease& db, int64_t customer_id,
                                      core::EpochDay today) {
  auto& select = db.Prepare(
      "SELECT id FROM promises WHERE customer_id = ? AND status = 'open' AND "
      "DATE_ADD(promised_date, INTERVAL tolerance_days DAY) >= ? ORDER BY id");
  Params(select).Int64(customer_id).Day(today);
  auto rows = Query(select);
  std::vector<std::string> names;
  while (rows->next()) names.push_back(absl::StrCat("promises/", rows->getInt64("id")));
  return names;
}

void InsertContactCompliance(ConnectionPool::Lease& db, const ContactComplianceRecord& record) {
  auto& insert = db.Prepare(
      "INSERT INTO contact_compliance (contact_id, customer_id, reply_to, flagged, "
      "broken_limits, description, reason, contact_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  Params(insert)
      .Int64(record.contact_id)
      .Int64(record.customer_id)
      .String(record.reply_to)
      .Bool(record.flagged)
      .String(record.broken_limits)
      .String(record.description.substr(0, 2000))
      .String(record.reason)
      .Time(record.contact_time);
  insert.executeUpdate();
}

std::vector<ContactComplianceRecord> ContactComplianceOf(ConnectionPool::Lease& db,
                                                         const std::vector<int64_t>& contact_ids) {
  std::vector<ContactComplianceRecord> list;
  if (contact_ids.empty()) return list;
  auto& select = db.Prepare(absl::StrCat("SELECT ", kComplianceColumns,
                                         " FROM contact_compliance cc WHERE cc.contact_id IN (",
                                         Placeholders(contact_ids.size()), ")"));
  Params params(select);
  for (int64_t id : contact_ids) params.Int64(id);
  auto rows = Query(select);
  while (rows->next()) list.push_back(ReadCompliance(*rows));
  return list;
}

std::vector<FlaggedContactRow> ListFlaggedContacts(ConnectionPool::Lease& db, absl::Time from,
                                                   absl::Time to,
                                                   std::optional<int64_t> owner_user_id,
                                                   std::optional<int64_t> customer_id, int limit) {
  std::string where = "WHERE cc.flagged AND cc.contact_time >= ? AND cc.contact_time < ?";
  if (owner_user_id) where += " AND cu.owner_user_id = ?";
  if (customer_id) where += " AND cc.customer_id = ?";
  auto& select = db.Prepare(absl::StrCat(
      "SELECT ", kComplianceColumns,
      ", cu.display_name, cu.owner_user_id, c.user_id, c.actor_role, c.channel, c.outcome "
      "FROM contact_compliance cc JOIN contacts c ON c.id = cc.contact_id "
      "JOIN customers cu ON cu.id = cc.customer_id ",
      where, " ORDER BY cc.contact_time, cc.contact_id LIMIT ?"));
  Params params(select);
  params.Time(from).Time(to);
  if (owner_user_id) params.Int64(*owner_user_id);
  if (customer_id) params.Int64(*customer_id);
  params.Int(limit);
  auto rows = Query(select);
  std::vector<FlaggedContactRow> list;
  while (rows->next()) {
    FlaggedContactRow row;
    row.compliance = ReadCompliance(*rows);
    row.customer_name = GetString(*rows, "display_name");
    row.owner_user_id = rows->getInt64("owner_user_id");
    row.user_id = rows->getInt64("user_id");
    row.actor_role = GetString(*rows, "actor_role");
    row.channel = GetString(*rows, "channel");
    row.outcome = GetString(*rows, "outcome");
    list.push_back(std::move(row));
  }
  return list;
}

bool HoldClaimedEmail(ConnectionPool::Lease& db, int64_t id, const std::string& owner,
                      absl::Time until, const std::string& note, absl::Time now) {
  auto& hold = db.Prepare(
      "UPDATE outbox_messages SET status = 'pending', attempts = GREATEST(attempts - 1, 0), "
      "next_attempt_time = ?, last_error = ?, claim_owner = '', claim_expires = NULL, "
      "update_time = ? WHERE id = ? AND status = 'sending' AND claim_owner = ?");
  Params(hold).Time(until).String(note.substr(0, 500)).Time(now).Int64(id).String(owner);
  return hold.executeUpdate() == 1;
}

std::vector<AuditReference> AuditReferencesOf(ConnectionPool::Lease& db,
                                              const std::vector<std::string>& resources) {
  std::vector<AuditReference> list;
  constexpr size_t kChunk = 500;
  for (size_t begin = 0; begin < resources.size(); begin += kChunk) {
    const size_t n = std::min(kChunk, resources.size() - begin);
    auto& select = db.Prepare(absl::StrCat(
        "SELECT id, resource, event_time, actor_user_id, actor_role, method, request_id, "
        "before_json, after_json, DATEDIFF(chain_day, '1970-01-01') AS day, chain_shard, "
        "chain_seq, chain_hash FROM audit_events WHERE resource IN (",
        Placeholders(n), ") ORDER BY id"));
    Params params(select);
    for (size_t i = 0; i < n; ++i) params.String(resources[begin + i]);
    auto rows = Query(select);
    while (rows->next()) {
      AuditReference ref;
      ref.id = rows->getInt64("id");
      ref.resource = GetString(*rows, "resource");
      ref.event_time = GetTimestamp(*rows, "event_time");
      ref.actor_user_id = rows->getInt64("actor_user_id");
      ref.actor_role = GetString(*rows, "actor_role");
      ref.method = GetString(*rows, "method");
      ref.request_id = GetString(*rows, "request_id");
      ref.before_json = GetString(*rows, "before_json");
      ref.after_json = GetString(*rows, "after_json");
      if (std::optional<int64_t> day = GetOptionalInt64(*rows, "day")) {
        ref.chain_day = static_cast<core::EpochDay>(*day);
        ref.chain_shard = rows->getInt64("chain_shard");
        ref.chain_seq = rows->getInt64("chain_seq");
        ref.chain_hash = GetString(*rows, "chain_hash");
      }
      list.push_back(std::move(ref));
    }
  }
  // Chunks each come in id order; the whole list must too.
  std::sort(list.begin(), list.end(),
            [](const AuditReference& a, const AuditReference& b) { return a.id < b.id; });
  return list;
}

}  // namespace huikuan::store
