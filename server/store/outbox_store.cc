#include "server/store/outbox_store.h"

#include "absl/strings/str_cat.h"
#include "server/core/violations.h"
#include "server/store/sql_values.h"

namespace huikuan::store {
namespace {

constexpr char kColumns[] =
    "SELECT o.id, o.work_item_id, o.customer_id, c.owner_user_id, o.channel, o.recipient, "
    "o.language, o.subject, o.body, o.status, o.attempts, o.next_attempt_time, o.claim_owner, "
    "o.claim_expires, o.last_error, o.sent_time, o.dispatch_reference, o.create_time, "
    "o.update_time FROM outbox_messages o JOIN customers c ON c.id = o.customer_id ";

OutboxRecord ReadMessage(sql::ResultSet& rows) {
  OutboxRecord message;
  message.id = rows.getInt64("id");
  message.work_item_id = GetOptionalInt64(rows, "work_item_id");
  message.customer_id = rows.getInt64("customer_id");
  message.owner_user_id = rows.getInt64("owner_user_id");
  message.channel = GetEnum<core::Channel, core::kChannelCount>(rows, "channel", core::ChannelName);
  message.recipient = GetString(rows, "recipient");
  message.language = GetString(rows, "language");
  message.subject = GetString(rows, "subject");
  message.body = GetString(rows, "body");
  message.status =
      GetEnum<core::OutboxStatus, core::kOutboxStatusCount>(rows, "status", core::OutboxStatusName);
  message.attempts = rows.getInt("attempts");
  message.next_attempt_time = GetTimestamp(rows, "next_attempt_time");
  message.claim_owner = GetString(rows, "claim_owner");
  message.claim_expires = GetOptionalTimestamp(rows, "claim_expires");
  message.last_error = GetString(rows, "last_error");
  message.sent_time = GetOptionalTimestamp(rows, "sent_time");
  message.dispatch_reference = GetString(rows, "dispatch_reference");
  message.create_time = GetTimestamp(rows, "create_time");
  message.update_time = GetTimestamp(rows, "update_time");
  return message;
}

}  // namespace

void InsertOutboxMessages(ConnectionPool::Lease& db, std::vector<OutboxRecord>& messages) {
  for (OutboxRecord& message : messages) {
    auto& insert = db.Prepare(
        "INSERT INTO outbox_messages (work_item_id, customer_id, channel, recipient, language, "
        "subject, body, status, attempts, next_attempt_time, create_time, update_time) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)");
    Params(insert)
        .OptionalInt64(message.work_item_id)
        .Int64(message.customer_id)
        .Name(message.channel, core::ChannelName)
        .String(message.recipient)
        .String(message.language)
        .String(message.subject)
        .String(message.body)
        .Name(message.status, core::OutboxStatusName)
        .Time(message.next_attempt_time)
        .Time(message.create_time)
        .Time(message.create_time);
    insert.executeUpdate();
    message.id = LastInsertId(db);
  }
}

std::vector<OutboxRecord> ClaimDueEmails(ConnectionPool::Lease& db, const std::string& owner,
                                         absl::Time now, absl::Time claim_until, int limit) {
  auto& claim = db.Prepare(
      "UPDATE outbox_messages SET status = 'sending', claim_owner = ?, claim_expires = ?, "
      "attempts = attempts + 1, update_time = ? WHERE channel = 'email' AND "
      "((status = 'pending' AND next_attempt_time <= ?) OR "
      "(status = 'sending' AND claim_expires < ?)) ORDER BY next_attempt_time, id LIMIT ?");
  Params(claim).String(owner).Time(claim_until).Time(now).Time(now).Time(now).Int(limit);
  std::vector<OutboxRecord> claimed;
  if (claim.executeUpdate() == 0) return claimed;
  auto& select = db.Prepare(
      absl::StrCat(kColumns, "WHERE o.status = 'sending' AND o.claim_owner = ? ORDER BY o.id"));
  Params(select).String(owner);
  auto rows = Query(select);
  while (rows->next()) claimed.push_back(ReadMessage(*rows));
  return claimed;
}

bool FinishDeliveryAttempt(ConnectionPool::Lease& db, const OutboxRecord& message,
                           const std::string& owner, absl::Time now) {
  auto& finish = db.Prepare(
      "UPDATE outbox_messages SET status = ?, next_attempt_time = ?, last_error = ?, "
      "sent_time = ?, claim_owner = '', claim_expires = NULL, update_time = ? "
      "WHERE id = ? AND status = 'sending' AND claim_owner = ?");
  Params(finish)
      .Name(message.status, core::OutboxStatusName)
      .Time(message.next_attempt_time)
      .String(message.last_error.substr(0, 500))
      .OptionalTime(message.sent_time)
      .Time(now)
      .Int64(message.id)
      .String(owner);
  return finish.executeUpdate() == 1;
}

absl::StatusOr<OutboxRecord> GetOutboxMessage(ConnectionPool::Lease& db, int64_t id, Lock lock) {
  auto& select = db.Prepare(
      absl::StrCat(kColumns, "WHERE o.id = ?", lock == Lock::kForUpdate ? " FOR UPDATE" : ""));
  Params(select).Int64(id);
  auto rows = Query(select);
  if (!rows->next()) return core::NotFoundError(absl::StrCat("outboxMessages/", id));
  return ReadMessage(*rows);
}

std::vector<OutboxRecord> ListOutboxMessages(ConnectionPool::Lease& db, const OutboxFilter& filter,
                                             int64_t before_id, int limit) {
  std::string where = "WHERE (? = 0 OR o.id < ?)";
  if (filter.customer_id) where += " AND o.customer_id = ?";
  if (filter.owner_user_id) where += " AND c.owner_user_id = ?";
  if (filter.status) where += " AND o.status = ?";
  if (filter.channel) where += " AND o.channel = ?";
  if (filter.work_item_id) where += " AND o.work_item_id = ?";
  auto& select = db.Prepare(absl::StrCat(kColumns, where, " ORDER BY o.id DESC LIMIT ?"));
  Params params(select);
  params.Int64(before_id).Int64(before_id);
  if (filter.customer_id) params.Int64(*filter.customer_id);
  if (filter.owner_user_id) params.Int64(*filter.owner_user_id);
  if (filter.status) params.Name(*filter.status, core::OutboxStatusName);
  if (filter.channel) params.Name(*filter.channel, core::ChannelName);
  if (filter.work_item_id) params.Int64(*filter.work_item_id);
  params.Int(limit);
  auto rows = Query(select);
  std::vector<OutboxRecord> messages;
  while (rows->next()) messages.push_back(ReadMessage(*rows));
  return messages;
}

void UpdateDispatched(ConnectionPool::Lease& db, const OutboxRecord& message, absl::Time now) {
  auto& update = db.Prepare(
      "UPDATE outbox_messages SET status = ?, sent_time = ?, dispatch_reference = ?, "
      "update_time = ? WHERE id = ?");
  Params(update)
      .Name(message.status, core::OutboxStatusName)
      .OptionalTime(message.sent_time)
      .String(message.dispatch_reference)
      .Time(now)
      .Int64(message.id);
  update.executeUpdate();
}

}  // namespace huikuan::store
