// The outbox (core/outbox.h) as people and the email sender use it: list and read the messages of
// the customers one can see, mark an SMS or a letter dispatched (with the provider's id or the
// registered-post number), and, for the sender, claim due emails and record each attempt. A
// message that reaches its channel is a contact (the evidence, with its content) and completes its
// work item with the outcome "sent"; a message that fails for good leaves the item open with the
// error in its note, for a person to reach the customer another way.
#ifndef HUIKUAN_SERVER_OPS_OUTBOX_H_
#define HUIKUAN_SERVER_OPS_OUTBOX_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "server/core/outbox.h"
#include "server/ops/scopes.h"
#include "server/store/outbox_store.h"
#include "server/store/work_item_store.h"

namespace huikuan::ops {

std::string OutboxMessageName(int64_t id);  // "outboxMessages/7"

struct OutboxQuery {
  std::optional<int64_t> customer_id;
  std::optional<core::OutboxStatus> status;
  std::optional<core::Channel> channel;
  std::optional<int64_t> work_item_id;
};
// Newest first; sales staff see their own customers' messages only.
absl::StatusOr<std::vector<store::OutboxRecord>> ListOutboxMessages(ReadScope& read,
                                                                    const OutboxQuery& query,
                                                                    int64_t before_id, int limit);
// NOT_FOUND when absent or outside the caller's scope.
absl::StatusOr<store::OutboxRecord> GetOutboxMessage(ReadScope& read, int64_t id,
                                                     absl::string_view name);

struct Dispatched {
  store::OutboxRecord message;
  store::ContactRecord contact;  // the evidence it became
};
// An SMS or letter handed to its provider or the post. FAILED_PRECONDITION OUTBOX_STATE unless it
// is awaiting dispatch; INVALID_ARGUMENT on `reference` when blank or too long. The contact
// limits apply as to a person's contact, the weekly cap included (ops/compliance.h): outside them
// INVALID_ARGUMENT on `compliance_reason` unless one is given, and the contact is then flagged.
absl::StatusOr<Dispatched> MarkDispatched(WriteScope& write, int64_t id, absl::string_view name,
                                          const std::string& reference,
                                          const std::string& compliance_reason);

// For the email sender: claims up to `limit` due emails for `claim_for` (write.now + claim_for) in
// the name of `owner` (unique per claim).
std::vector<store::OutboxRecord> ClaimDueEmails(WriteScope& write, const std::string& owner,
                                                absl::Duration claim_for, int limit);

// Records how an attempt at a claimed email ended (`error`: what the mail server said). Returns
// the message as stored, or FAILED_PRECONDITION OUTBOX_STATE when the claim was lost meanwhile (the
// attempt's result is then not recorded: the new holder sends it).
absl::StatusOr<store::OutboxRecord> FinishEmailAttempt(WriteScope& write,
                                                       store::OutboxRecord message,
                                                       const std::string& owner,
                                                       core::DeliveryResult result,
                                                       const std::string& error);

}  // namespace huikuan::ops

#endif  // HUIKUAN_SERVER_OPS_OUTBOX_H_
