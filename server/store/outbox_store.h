// The outbox of messages to customers (core/outbox.h): inserted by the daily run, claimed and
// finished by the email sender, dispatched by people for SMS and letters. Same conventions as
// ledger_store.h. Claims are rows, not locks: a sender sets claim_owner and claim_expires with one
// conditional UPDATE, so any number of server replicas (and a Galera cluster) can send without
// sending a message twice while the claim holds, and a crashed sender's claim runs out.
#ifndef HUIKUAN_SERVER_STORE_OUTBOX_STORE_H_
#define HUIKUAN_SERVER_STORE_OUTBOX_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/core/department.h"
#include "server/core/outbox.h"
#include "server/store/connection_pool.h"
#include "server/store/lock_mode.h"

namespace huikuan::store {

struct OutboxRecord {
  int64_t id = 0;
  std::optional<int64_t> work_item_id;
  int64_t customer_id = 0;
  int64_t owner_user_id = 0;  // read only (joined from customers), for row scoping
  core::Channel channel = core::Channel::kEmail;
  std::string recipient;  // an email address, a phone number, or a postal address
  std::string language = "zh-CN";
  std::string subject;
  std::string body;
  core::OutboxStatus status = core::OutboxStatus::kPending;
  int32_t attempts = 0;
  absl::Time next_attempt_time;
  std::string claim_owner;
  std::optional<absl::Time> claim_expires;
  std::string last_error;
  std::optional<absl::Time> sent_time;  // sent or dispatched
  std::string dispatch_reference;       // the provider's id or the registered-post number
  absl::Time create_time;
  absl::Time update_time;
};

// Sets each message's id.
void InsertOutboxMessages(ConnectionPool::Lease& db, std::vector<OutboxRecord>& messages);

// Claims up to `limit` emails that are due (pending with next_attempt_time <= now, or sending with
// an expired claim) for `owner` until `claim_until`, counting the attempt, and returns them.
// `owner` must be unique per claim (the sender adds a sequence number).
std::vector<OutboxRecord> ClaimDueEmails(ConnectionPool::Lease& db, const std::string& owner,
                                         absl::Time now, absl::Time claim_until, int limit);

// The end of an attempt: writes status, next_attempt_time, last_error and sent_time if `owner`
// still holds the claim. False when the claim was lost (expired and taken by another sender).
bool FinishDeliveryAttempt(ConnectionPool::Lease& db, const OutboxRecord& message,
                           const std::string& owner, absl::Time now);

// NOT_FOUND when absent.
absl::StatusOr<OutboxRecord> GetOutboxMessage(ConnectionPool::Lease& db, int64_t id, Lock lock);

struct OutboxFilter {
  std::optional<int64_t> customer_id;
  std::optional<int64_t> owner_user_id;  // row scope: messages to customers this user owns
  std::optional<core::OutboxStatus> status;
  std::optional<core::Channel> channel;
  std::optional<int64_t> work_item_id;
};
// Newest first, id < before_id (0: from the newest), at most `limit`.
std::vector<OutboxRecord> ListOutboxMessages(ConnectionPool::Lease& db, const OutboxFilter& filter,
                                             int64_t before_id, int limit);

// Writes status, sent_time and dispatch_reference (marking an SMS or letter dispatched).
void UpdateDispatched(ConnectionPool::Lease& db, const OutboxRecord& message, absl::Time now);

}  // namespace huikuan::store

#endif  // HUIKUAN_SERVER_STORE_OUTBOX_STORE_H_
