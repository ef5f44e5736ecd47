#include "server/ops/outbox.h"

#include "absl/strings/str_cat.h"
#include "server/core/resource_name.h"
#include "server/core/status_macros.h"
#include "server/core/text_fields.h"
#include "server/core/violations.h"
#include "server/core/work_item.h"
#include "server/ops/audit_images.h"
#include "server/ops/compliance.h"
#include "server/ops/row_scope.h"
#include "server/ops/work_items.h"
#include "server/store/work_item_store.h"

namespace huikuan::ops {
namespace {

// The message as evidence, and its work item done with the outcome "sent" (an item a person
// completed or cancelled meanwhile keeps what it has).
absl::StatusOr<store::ContactRecord> RecordDelivered(WriteScope& write,
                                                     const store::OutboxRecord& message,
                                                     const std::string& note) {
  store::ContactRecord contact;
  contact.customer_id = message.customer_id;
  contact.work_item_id = message.work_item_id;
  contact.outbox_message_id = message.id;
  contact.channel = std::string(core::ChannelName(message.channel));
  contact.outcome = core::ContactOutcome::kSent;
  contact.content = absl::StrCat(message.subject, "\n\n", message.body);
  contact.note = note;
  store::ContactRecord appended = AppendContact(write, std::move(contact));
  if (!message.work_item_id) return appended;
  HK_ASSIGN_OR_RETURN(store::WorkItemRecord item,
                      store::GetWorkItem(write.db, *message.work_item_id, store::Lock::kForUpdate));
  if (item.status != core::WorkItemStatus::kOpen) return appended;
  const store::WorkItemRecord before = item;
  HK_RETURN_IF_ERROR(core::CompleteWorkItem(item.status, WorkItemName(item.id)));
  item.outcome = core::ContactOutcome::kSent;
  item.note = note;
  item.done_by = write.caller.user_id;
  item.done_time = write.now;
  item.update_time = write.now;
  HK_RETURN_IF_ERROR(store::UpdateWorkItem(write.db, item));
  write.audit.Record(WorkItemName(item.id), WorkItemImage(before), WorkItemImage(item));
  return appended;
}

// A message that failed for good: its item stays open for a person, with the reason in its note.
absl::Status NoteFailure(WriteScope& write, const store::OutboxRecord& message) {
  if (!message.work_item_id) return absl::OkStatus();
  HK_ASSIGN_OR_RETURN(store::WorkItemRecord item,
                      store::GetWorkItem(write.db, *message.work_item_id, store::Lock::kForUpdate));
  if (item.status != core::WorkItemStatus::kOpen) return absl::OkStatus();
  const store::WorkItemRecord before = item;
  item.note =
      core::TruncateChars(absl::StrCat("email to ", message.recipient, " failed after ",
                                       message.attempts, " attempt(s): ", message.last_error,
                                       ". Reach the customer another way and record the contact."),
                          core::kMaxTextChars);
  item.update_time = write.now;
  HK_RETURN_IF_ERROR(store::UpdateWorkItem(write.db, item));
  write.audit.Record(WorkItemName(item.id), WorkItemImage(before), WorkItemImage(item));
  return absl::OkStatus();
}

}  // namespace

std::string OutboxMessageName(int64_t id) { return core::FormatResourceName("outboxMessages", id); }

absl::StatusOr<std::vector<store::OutboxRecord>> ListOutboxMessages(ReadScope& read,
                                                                    const OutboxQuery& query,
                                                                    int64_t before_id, int limit) {
  const ListScope scope = ScopeList(read.caller, query.customer_id);
  if (scope.nothing) return std::vector<store::OutboxRecord>();
  store::OutboxFilter filter;
  filter.customer_id = scope.customer_id;
  filter.owner_user_id = scope.owner_user_id;
  filter.status = query.status;
  filter.channel = query.channel;
  filter.work_item_id = query.work_item_id;
  return store::ListOutboxMessages(read.db, filter, before_id, limit);
}

absl::StatusOr<store::OutboxRecord> GetOutboxMessage(ReadScope& read, int64_t id,
                                                     absl::string_view name) {
  absl::StatusOr<store::OutboxRecord> message =
      store::GetOutboxMessage(read.db, id, store::Lock::kNone);
  if (absl::IsNotFound(message.status()) ||
      (message.ok() &&
       !CanSeeCustomer(read.caller, message->customer_id, message->owner_user_id))) {
    return core::NotFoundError(name);
  }
  return message;
}

absl::StatusOr<Dispatched> MarkDispatched(WriteScope& write, int64_t id, absl::string_view name,
                                          const std::string& reference,
                                          const std::string& compliance_reason) {
  HK_RETURN_IF_ERROR(core::CheckText("reference", reference, core::Presence::kRequired, 200));
  absl::StatusOr<store::OutboxRecord> message =
      store::GetOutboxMessage(write.db, id, store::Lock::kForUpdate);
  if (absl::IsNotFound(message.status()) ||
      (message.ok() &&
       !CanSeeCustomer(write.caller, message->customer_id, message->owner_user_id))) {
    return core::NotFoundError(name);
  }
  HK_RETURN_IF_ERROR(message.status());
  const store::OutboxRecord before = *message;
  HK_RETURN_IF_ERROR(core::MarkDispatched(message->status, name));
  // The system wrote it, a person hands it over: the weekly cap counts it and binds the person
  // like the quiet hours and an open dispute or promise do (issue 14).
  const ContactCompliance compliance{"", compliance_reason};
  HK_ASSIGN_OR_RETURN(const core::ManualContactCheck check,
                      CheckContactLimits(write, message->customer_id, compliance,
                                         core::ManualContactKind::kDispatch));
  message->sent_time = write.now;
  message->dispatch_reference = reference;
  message->update_time = write.now;
  store::UpdateDispatched(write.db, *message, write.now);
  write.audit.Record(name, OutboxImage(before), OutboxImage(*message));
  Dispatched dispatched;
  HK_ASSIGN_OR_RETURN(dispatched.contact,
                      RecordDelivered(write, *message, absl::StrCat("dispatched: ", reference)));
  RecordContactCompliance(write, dispatched.contact, check, compliance);
  dispatched.message = *std::move(message);
  return dispatched;
}

std::vector<store::OutboxRecord> ClaimDueEmails(WriteScope& write, const std::string& owner,
                                                absl::Duration claim_for, int limit) {
  // The contact limits (issue 14) hold back what may not go now; it waits, it is not dropped.
  return HoldEmailsOutsideLimits(
      write, store::ClaimDueEmails(write.db, owner, write.now, write.now + claim_for, limit),
      owner);
}

absl::StatusOr<store::OutboxRecord> FinishEmailAttempt(WriteScope& write,
                                                       store::OutboxRecord message,
                                                       const std::string& owner,
                                                       core::DeliveryResult result,
                                                       const std::string& error) {
  const store::OutboxRecord before = message;
  const std::string name = OutboxMessageName(message.id);
  absl::StatusOr<core::DeliveryStep> step =
      core::AfterDeliveryAttempt(message.status, message.attempts, result);
  HK_RETURN_IF_ERROR(step.status());
  message.status = step->status;
  message.last_error = error;
  if (step->status == core::OutboxStatus::kSent) message.sent_time = write.now;
  if (step->status == core::OutboxStatus::kPending) {
    message.next_attempt_time = write.now + step->retry_after;
  }
  if (!store::FinishDeliveryAttempt(write.db, message, owner, write.now)) {
    return core::RuleViolation(core::kOutboxState, name,
                               absl::StrCat(name, ": the claim of ", owner, " was lost"));
  }
  message.claim_owner.clear();
  message.claim_expires.reset();
  message.update_time = write.now;
  write.audit.Record(name, OutboxImage(before), OutboxImage(message));
  if (message.status == core::OutboxStatus::kSent) {
    HK_RETURN_IF_ERROR(
        RecordDelivered(write, message, absl::StrCat("emailed to ", message.recipient, ": ", error))
            .status());
  } else if (message.status == core::OutboxStatus::kFailed) {
    HK_RETURN_IF_ERROR(NoteFailure(write, message));
  }
  return message;
}

}  // namespace huikuan::ops
