#include "server/service/worklist_convert.h"

#include "server/core/resource_name.h"
#include "server/service/proto_time.h"
#include "server/service/request_fields.h"
#include "server/service/status_mapping.h"

namespace huikuan::service {
namespace {

std::string Name(absl::string_view collection, int64_t id) {
  return core::FormatResourceName(collection, id);
}

}  // namespace

v1::WorkItemStatus ToProto(core::WorkItemStatus status) {
  return static_cast<v1::WorkItemStatus>(static_cast<int>(status) + 1);
}

v1::ContactOutcome ToProto(core::ContactOutcome outcome) {
  return static_cast<v1::ContactOutcome>(static_cast<int>(outcome) + 1);
}

v1::OutboxStatus ToProto(core::OutboxStatus status) {
  return static_cast<v1::OutboxStatus>(static_cast<int>(status) + 1);
}

std::optional<core::WorkItemStatus> FromProto(v1::WorkItemStatus status) {
  const int value = static_cast<int>(status) - 1;
  if (value < 0 || value >= core::kWorkItemStatusCount) return std::nullopt;
  return static_cast<core::WorkItemStatus>(value);
}

std::optional<core::OutboxStatus> FromProto(v1::OutboxStatus status) {
  const int value = static_cast<int>(status) - 1;
  if (value < 0 || value >= core::kOutboxStatusCount) return std::nullopt;
  return static_cast<core::OutboxStatus>(value);
}

absl::StatusOr<core::ContactOutcome> OutcomeFromProto(absl::string_view field,
                                                      v1::ContactOutcome outcome) {
  const int value = static_cast<int>(outcome) - 1;
  if (value < 0 || value >= core::kContactOutcomeCount) {
    return FieldViolation(field,
                          "is required: REACHED, PROMISED_TO_PAY, DISPUTED, NO_ANSWER, "
                          "WRONG_CONTACT or PAID");
  }
  return static_cast<core::ContactOutcome>(value);
}

v1::WorkItem WorkItemToProto(const store::WorkItemRecord& item) {
  v1::WorkItem proto;
  proto.set_name(Name("workItems", item.id));
  proto.set_kind(std::string(core::WorkItemKindName(item.kind)));
  proto.set_customer(Name("customers", item.customer_id));
  proto.set_customer_display_name(item.customer_display_name);
  for (const store::WorkItemInvoice& invoice : item.invoices) {
    v1::WorkItemInvoice* out = proto.add_invoices();
    out->set_invoice(Name("invoices", invoice.invoice_id));
    out->set_invoice_number(invoice.invoice_number);
    out->set_open_fen(invoice.open);
  }
  proto.set_department(std::string(core::DepartmentName(item.department)));
  if (item.assignee_user_id) proto.set_assignee(Name("users", *item.assignee_user_id));
  proto.set_step(item.step);
  proto.set_channel(item.channel);
  proto.set_title(item.title);
  proto.set_due_date(core::FormatDate(item.due_day));
  proto.set_create_date(core::FormatDate(item.created_day));
  proto.set_amount_fen(item.amount);
  proto.set_priority(item.priority);
  if (item.overdue_permille) proto.set_overdue_permille(*item.overdue_permille);
  proto.set_status(ToProto(item.status));
  if (item.snoozed_until) proto.set_snoozed_until(core::FormatDate(*item.snoozed_until));
  proto.set_escalated(item.escalated);
  proto.set_language(item.language);
  proto.set_message_subject(item.message_subject);
  proto.set_message_body(item.message_body);
  if (item.outcome) proto.set_outcome(ToProto(*item.outcome));
  proto.set_note(item.note);
  if (item.done_by && *item.done_by > 0) proto.set_done_user(Name("users", *item.done_by));
  if (item.done_time) *proto.mutable_done_time() = ToProtoTimestamp(*item.done_time);
  *proto.mutable_create_time() = ToProtoTimestamp(item.create_time);
  *proto.mutable_update_time() = ToProtoTimestamp(item.update_time);
  proto.set_etag(FormatEtag(item.version));
  return proto;
}

v1::Contact ContactToProto(const store::ContactRecord& contact) {
  v1::Contact proto;
  const std::string customer = Name("customers", contact.customer_id);
  if (contact.id > 0) proto.set_name(absl::StrCat(customer, "/contacts/", contact.id));
  proto.set_customer(customer);
  if (contact.work_item_id) proto.set_work_item(Name("workItems", *contact.work_item_id));
  if (contact.outbox_message_id) {
    proto.set_outbox_message(Name("outboxMessages", *contact.outbox_message_id));
  }
  proto.set_channel(contact.channel);
  if (contact.user_id > 0) proto.set_user(Name("users", contact.user_id));
  proto.set_actor_role(contact.actor_role);
  *proto.mutable_contact_time() = ToProtoTimestamp(contact.contact_time);
  proto.set_outcome(ToProto(contact.outcome));
  proto.set_content(contact.content);
  proto.set_note(contact.note);
  return proto;
}

v1::OutboxMessage OutboxToProto(const store::OutboxRecord& message) {
  v1::OutboxMessage proto;
  proto.set_name(Name("outboxMessages", message.id));
  if (message.work_item_id) proto.set_work_item(Name("workItems", *message.work_item_id));
  proto.set_customer(Name("customers", message.customer_id));
  proto.set_channel(std::string(core::ChannelName(message.channel)));
  proto.set_recipient(message.recipient);
  proto.set_language(message.language);
  proto.set_subject(message.subject);
  proto.set_body(message.body);
  proto.set_status(ToProto(message.status));
  proto.set_attempts(message.attempts);
  *proto.mutable_next_attempt_time() = ToProtoTimestamp(message.next_attempt_time);
  proto.set_last_error(message.last_error);
  if (message.sent_time) *proto.mutable_sent_time() = ToProtoTimestamp(*message.sent_time);
  proto.set_dispatch_reference(message.dispatch_reference);
  *proto.mutable_create_time() = ToProtoTimestamp(message.create_time);
  return proto;
}

}  // namespace huikuan::service
