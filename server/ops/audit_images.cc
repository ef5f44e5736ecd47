#include "server/ops/audit_images.h"

#include "server/core/resource_name.h"
#include "server/store/json_layouts.h"

namespace huikuan::ops {

using core::Json;

core::Json InvoiceImage(const store::InvoiceRecord& invoice) {
  return Json::Object()
      .Set("name", Json::String(core::FormatResourceName("invoices", invoice.id)))
      .Set("customer", Json::String(core::FormatResourceName("customers", invoice.customer_id)))
      .Set("order_number", Json::String(invoice.order_number))
      .Set("invoice_number", Json::String(invoice.invoice_number))
      .Set("amount_fen", Json::Int(invoice.amount))
      .Set("prepaid_fen", Json::Int(invoice.prepaid))
      .Set("invoice_date", Json::String(core::FormatDate(invoice.invoice_day)))
      .Set("due_date", Json::String(core::FormatDate(invoice.due_day)))
      .Set("credit_days", Json::Int(invoice.credit_days))
      .Set("status", Json::String(core::InvoiceStatusName(invoice.balance.status)))
      .Set("open_fen", Json::Int(invoice.balance.open))
      .Set("written_off_fen", Json::Int(invoice.balance.written_off))
      .Set("settled_fen", Json::Int(invoice.balance.settled))
      .Set("discounted_fen", Json::Int(invoice.balance.discounted))
      .Set("version", Json::Int(invoice.version));
}

core::Json PaymentImage(const store::PaymentRecord& payment,
                        const std::vector<store::AllocationRecord>& allocations) {
  Json applied = Json::Array();
  for (const store::AllocationRecord& allocation : allocations) {
    applied.Push(Json::Object()
                     .Set("invoice",
                          Json::String(core::FormatResourceName("invoices", allocation.invoice_id)))
                     .Set("amount_fen", Json::Int(allocation.amount))
                     .Set("rule", Json::String(core::AllocationRuleName(allocation.rule)))
                     .Set("reversed", Json::Bool(allocation.reversed)));
  }
  return Json::Object()
      .Set("name", Json::String(core::FormatResourceName("payments", payment.id)))
      .Set("customer", Json::String(core::FormatResourceName("customers", payment.customer_id)))
      .Set("amount_fen", Json::Int(payment.amount))
      .Set("reference", Json::String(payment.reference))
      .Set("received_date", Json::String(core::FormatDate(payment.received_day)))
      .Set("status", Json::String(core::PaymentStatusName(payment.balance.status)))
      .Set("unapplied_fen", Json::Int(payment.balance.unapplied))
      .Set("reversal_reason", Json::String(payment.reversal_reason))
      .Set("allocations", std::move(applied))
      .Set("version", Json::Int(payment.version));
}

core::Json CustomerImage(const store::CustomerRecord& customer) {
  Json image =
      Json::Object()
          .Set("name", Json::String(core::FormatResourceName("customers", customer.id)))
          .Set("display_name", Json::String(customer.display_name))
          .Set("owner", Json::String(core::FormatResourceName("users", customer.owner_user_id)))
          .Set("industry", Json::String(customer.industry))
          .Set("external_id", customer.external_id ? Json::String(*customer.external_id) : Json())
          .Set("enterprise_size", Json::String(core::EnterpriseSizeName(customer.enterprise_size)))
          .Set("industry_position",
               Json::String(core::IndustryPositionName(customer.industry_position)))
          .Set("founding_date", customer.founding_day
                                    ? Json::String(core::FormatDate(*customer.founding_day))
                                    : Json())
          .Set("tax_credit_grade",
               Json::String(core::TaxCreditGradeName(customer.tax_credit_grade)))
          .Set("bank_credit_line_fen", Json::Int(customer.bank_credit_line))
          .Set("third_party_rating", Json::String(customer.third_party_rating))
          .Set("contact_name", Json::String(customer.contact_name))
          .Set("contact_email", Json::String(customer.contact_email))
          .Set("contact_phone", Json::String(customer.contact_phone))
          .Set("contact_address", Json::String(customer.contact_address))
          .Set("preferred_language", Json::String(customer.preferred_language))
          .Set("version", Json::Int(customer.version));
  if (customer.assessment) {
    const core::CustomerAssessment& a = *customer.assessment;
    image.Set("assessment",
              Json::Object()
                  .Set("score", Json::Int(a.score))
                  .Set("risk", Json::String(core::RiskLevelName(a.risk)))
                  .Set("grade", Json::String(core::CreditGradeName(a.grade)))
                  .Set("tier", Json::String(core::TierName(a.tier)))
                  .Set("recommended_limit_fen", Json::Int(a.recommendation.credit_limit))
                  .Set("recommended_term_days", Json::Int(a.recommendation.term_days))
                  .Set("summary", Json::String(a.summary)));
  }
  return image;
}

core::Json CreditImage(const store::LedgerCustomer& credit) {
  return Json::Object()
      .Set("customer", Json::String(core::FormatResourceName("customers", credit.id)))
      .Set("credit_limit_fen", Json::Int(credit.credit_limit))
      .Set("credit_status", Json::String(core::CreditStatusName(credit.credit_status)))
      .Set("tier", Json::String(core::TierName(credit.tier)));
}

core::Json CreditApplicationImage(const store::CreditApplicationRecord& application,
                                  const std::vector<store::CreditApprovalRecord>& approvals) {
  Json decisions = Json::Array();
  for (const store::CreditApprovalRecord& approval : approvals) {
    decisions.Push(Json::Object()
                       .Set("approver", Json::String(core::FormatResourceName(
                                            "users", approval.approver_user_id)))
                       .Set("role", Json::String(approval.approver_role))
                       .Set("decision", Json::String(approval.approve ? "approve" : "reject"))
                       .Set("comment", Json::String(approval.comment)));
  }
  Json roles = Json::Array();
  for (const std::string& role : application.required_approvers) roles.Push(Json::String(role));
  return Json::Object()
      .Set("name", Json::String(core::FormatResourceName("creditApplications", application.id)))
      .Set("customer", Json::String(core::FormatResourceName("customers", application.customer_id)))
      .Set("requested_limit_fen", Json::Int(application.requested_limit))
      .Set("requested_term_days", Json::Int(application.requested_term_days))
      .Set("status", Json::String(core::ApplicationStatusName(application.status)))
      .Set("pre_review_grade", Json::String(core::CreditGradeName(application.pre_review.grade)))
      .Set("pre_review_limit_fen", Json::Int(application.pre_review.recommendation.credit_limit))
      .Set("required_approver_roles", std::move(roles))
      .Set("approvals", std::move(decisions))
      .Set("comment", Json::String(application.comment))
      .Set("version", Json::Int(application.version));
}

core::Json DecisionImage(const store::WriteOffRecord& request, absl::string_view collection) {
  return Json::Object()
      .Set("name", Json::String(core::FormatResourceName(collection, request.id)))
      .Set("invoice", Json::String(core::FormatResourceName("invoices", request.invoice_id)))
      .Set("customer", Json::String(core::FormatResourceName("customers", request.customer_id)))
      .Set("amount_fen", Json::Int(request.amount))
      .Set("reason", Json::String(request.reason))
      .Set("status", Json::String(core::DecisionStatusName(request.status)))
      .Set("requested_by", Json::String(core::FormatResourceName("users", request.requested_by)))
      .Set("decided_by", request.decided_by
                             ? Json::String(core::FormatResourceName("users", *request.decided_by))
                             : Json())
      .Set("decision_comment", Json::String(request.decision_comment));
}

core::Json StatementImage(const store::StatementRecord& statement) {
  return Json::Object()
      .Set("name", Json::String(core::FormatResourceName("statements", statement.id)))
      .Set("customer", Json::String(core::FormatResourceName("customers", statement.customer_id)))
      .Set("month", Json::String(statement.month))
      .Set("version", Json::Int(statement.version))
      .Set("status", Json::String(core::StatementStatusName(statement.status)))
      .Set("opening_balance_fen", Json::Int(statement.opening))
      .Set("invoiced_fen", Json::Int(statement.invoiced))
      .Set("received_fen", Json::Int(statement.received))
      .Set("written_off_fen", Json::Int(statement.written_off))
      .Set("settled_in_kind_fen", Json::Int(statement.settled_in_kind))
      .Set("discounted_fen", Json::Int(statement.discounted))
      .Set("closing_balance_fen", Json::Int(statement.closing))
      .Set("overdue_at_end_fen", Json::Int(statement.overdue))
      .Set("lines", Json::Int(static_cast<int64_t>(statement.lines.size())))
      .Set("confirmed_by", statement.confirmed_by ? Json::String(core::FormatResourceName(
                                                        "users", *statement.confirmed_by))
                                                  : Json())
      .Set("confirmed_on_behalf", Json::Bool(statement.confirmed_on_behalf))
      .Set("dispute_reason", Json::String(statement.dispute_reason));
}

core::Json TermPolicyImage(const store::TermPolicyRecord& policy) {
  absl::StatusOr<Json> rules = Json::Parse(store::EncodeTermPolicyRules(policy.rules));
  return Json::Object()
      .Set("name", Json::String(core::FormatResourceName("termPolicies", policy.version)))
      .Set("published_date", Json::String(core::FormatDate(policy.published_day)))
      .Set("effective_date", Json::String(core::FormatDate(policy.effective_day)))
      .Set("rules", rules.ok() ? *std::move(rules) : Json())
      .Set("comment", Json::String(policy.comment));
}

core::Json UserImage(const store::UserRecord& user) {
  return Json::Object()
      .Set("name", Json::String(core::FormatResourceName("users", user.id)))
      .Set("username", Json::String(user.username))
      .Set("display_name", Json::String(user.display_name))
      .Set("email", Json::String(user.email))
      .Set("department", Json::String(user.department))
      .Set("level", Json::String(user.level))
      .Set("customer", user.customer_id
                           ? Json::String(core::FormatResourceName("customers", *user.customer_id))
                           : Json());
}

core::Json TokenImage(const store::TokenRecord& token) {
  return Json::Object()
      .Set("name", Json::String(core::FormatResourceName("tokens", token.id)))
      .Set("user", Json::String(core::FormatResourceName("users", token.user_id)))
      .Set("description", Json::String(token.description))
      .Set("expire_time", Json::String(absl::FormatTime(token.expire_time, absl::UTCTimeZone())))
      .Set("revoked", Json::Bool(token.revoke_time.has_value()));
}

core::Json WorkItemImage(const store::WorkItemRecord& item) {
  Json invoices = Json::Array();
  for (const store::WorkItemInvoice& invoice : item.invoices) {
    invoices.Push(Json::String(core::FormatResourceName("invoices", invoice.invoice_id)));
  }
  return Json::Object()
      .Set("name", Json::String(core::FormatResourceName("workItems", item.id)))
      .Set("kind", Json::String(core::WorkItemKindName(item.kind)))
      .Set("customer", Json::String(core::FormatResourceName("customers", item.customer_id)))
      .Set("invoices", std::move(invoices))
      .Set("department", Json::String(core::DepartmentName(item.department)))
      .Set("assignee", item.assignee_user_id
                           ? Json::String(core::FormatResourceName("users", *item.assignee_user_id))
                           : Json())
      .Set("step", Json::String(item.step))
      .Set("channel", Json::String(item.channel))
      .Set("due_date", Json::String(core::FormatDate(item.due_day)))
      .Set("amount_fen", Json::Int(item.amount))
      .Set("priority", Json::Int(item.priority))
      .Set("status", Json::String(core::WorkItemStatusName(item.status)))
      .Set("snoozed_until",
           item.snoozed_until ? Json::String(core::FormatDate(*item.snoozed_until)) : Json())
      .Set("escalated", Json::Bool(item.escalated))
      .Set("outcome", item.outcome ? Json::String(core::ContactOutcomeName(*item.outcome)) : Json())
      .Set("note", Json::String(item.note))
      .Set("version", Json::Int(item.version));
}

core::Json ContactImage(const store::ContactRecord& contact) {
  return Json::Object()
      .Set("customer", Json::String(core::FormatResourceName("customers", contact.customer_id)))
      .Set("work_item", contact.work_item_id ? Json::String(core::FormatResourceName(
                                                   "workItems", *contact.work_item_id))
                                             : Json())
      .Set("channel", Json::String(contact.channel))
      .Set("actor_role", Json::String(contact.actor_role))
      .Set("outcome", Json::String(core::ContactOutcomeName(contact.outcome)))
      .Set("content", Json::String(contact.content))
      .Set("note", Json::String(contact.note));
}

core::Json LadderVersionImage(const store::LadderVersionRecord& version) {
  absl::StatusOr<Json> ladders = Json::Parse(store::EncodeTierLadders(version.ladders));
  return Json::Object()
      .Set("name", Json::String(core::FormatResourceName("dunningLadders", version.version)))
      .Set("published_date", Json::String(core::FormatDate(version.published_day)))
      .Set("effective_date", Json::String(core::FormatDate(version.effective_day)))
      .Set("ladders", ladders.ok() ? *std::move(ladders) : Json())
      .Set("comment", Json::String(version.comment));
}

core::Json DunningOverrideImage(const store::DunningOverrideRecord& record) {
  Json ladder;
  if (record.ladder) {
    absl::StatusOr<Json> parsed = Json::Parse(store::EncodeDunningLadder(*record.ladder));
    if (parsed.ok()) ladder = *std::move(parsed);
  }
  return Json::Object()
      .Set("customer", Json::String(core::FormatResourceName("customers", record.customer_id)))
      .Set("excluded", Json::Bool(record.excluded))
      .Set("ladder", std::move(ladder))
      .Set("reason", Json::String(record.reason))
      .Set("expires_date",
           record.expires_day ? Json::String(core::FormatDate(*record.expires_day)) : Json());
}

core::Json OutboxImage(const store::OutboxRecord& message) {
  return Json::Object()
      .Set("name", Json::String(core::FormatResourceName("outboxMessages", message.id)))
      .Set("customer", Json::String(core::FormatResourceName("customers", message.customer_id)))
      .Set("work_item", message.work_item_id ? Json::String(core::FormatResourceName(
                                                   "workItems", *message.work_item_id))
                                             : Json())
      .Set("channel", Json::String(core::ChannelName(message.channel)))
      .Set("recipient", Json::String(message.recipient))
      .Set("subject", Json::String(message.subject))
      .Set("status", Json::String(core::OutboxStatusName(message.status)))
      .Set("attempts", Json::Int(message.attempts))
      .Set("last_error", Json::String(message.last_error))
      .Set("dispatch_reference", Json::String(message.dispatch_reference));
}

}  // namespace huikuan::ops
