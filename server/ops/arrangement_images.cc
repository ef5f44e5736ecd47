#include "server/ops/arrangement_images.h"

#include <optional>
#include <string>

#include "server/core/resource_name.h"

namespace huikuan::ops {
namespace {

using core::Json;

Json Name(absl::string_view collection, int64_t id) {
  return Json::String(core::FormatResourceName(collection, id));
}

Json Day(std::optional<core::EpochDay> day) {
  return day ? Json::String(core::FormatDate(*day)) : Json();
}

// The invoices an arrangement is about: name, number and what was open on each.
template <typename Link>
Json InvoiceList(const std::vector<Link>& invoices) {
  Json list = Json::Array();
  for (const Link& invoice : invoices) {
    list.Push(Json::Object()
                  .Set("invoice", Name("invoices", invoice.invoice_id))
                  .Set("invoice_number", Json::String(invoice.invoice_number))
                  .Set("open_fen", Json::Int(invoice.open)));
  }
  return list;
}

}  // namespace

Json DisputeImage(const store::DisputeRecord& dispute) {
  return Json::Object()
      .Set("name", Name("disputes", dispute.id))
      .Set("invoice", Name("invoices", dispute.invoice_id))
      .Set("statement", dispute.statement_id ? Name("statements", *dispute.statement_id) : Json())
      .Set("source", Json::String(core::DisputeSourceName(dispute.source)))
      .Set("reason_code", Json::String(core::DisputeReasonName(dispute.reason_code)))
      .Set("reason", Json::String(dispute.reason))
      .Set("raised_date", Day(dispute.raised_day))
      .Set("resolved_date", Day(dispute.resolved_day))
      .Set("resolution", dispute.resolution ? Json::String(*dispute.resolution) : Json());
}

Json PromiseImage(const store::PromiseRecord& promise) {
  return Json::Object()
      .Set("name", Name("promises", promise.id))
      .Set("customer", Name("customers", promise.customer_id))
      .Set("amount_fen", Json::Int(promise.terms.amount))
      .Set("made_date", Day(promise.terms.made_day))
      .Set("promised_date", Day(promise.terms.promised_day))
      .Set("tolerance_days", Json::Int(promise.terms.tolerance_days))
      .Set("status", Json::String(core::PromiseStatusName(promise.status)))
      .Set("paid_fen", Json::Int(promise.paid))
      .Set("decided_date", Day(promise.decided_day))
      .Set("work_item", promise.work_item_id ? Name("workItems", *promise.work_item_id) : Json())
      .Set("invoices", InvoiceList(promise.invoices))
      .Set("note", Json::String(promise.note))
      .Set("version", Json::Int(promise.version));
}

Json PaymentPlanImage(const store::PaymentPlanRecord& plan) {
  Json instalments = Json::Array();
  for (const core::Instalment& instalment : plan.instalments) {
    instalments.Push(Json::Object()
                         .Set("due_date", Day(instalment.due_day))
                         .Set("amount_fen", Json::Int(instalment.amount)));
  }
  Json roles = Json::Array();
  for (const std::string& role : plan.required_approvers) roles.Push(Json::String(role));
  Json approvals = Json::Array();
  for (const store::PlanApprovalRecord& approval : plan.approvals) {
    approvals.Push(Json::Object()
                       .Set("approver", Name("users", approval.approver_user_id))
                       .Set("role", Json::String(approval.approver_role))
                       .Set("decision", Json::String(approval.approve ? "approve" : "reject"))
                       .Set("comment", Json::String(approval.comment)));
  }
  return Json::Object()
      .Set("name", Name("paymentPlans", plan.id))
      .Set("customer", Name("customers", plan.customer_id))
      .Set("total_fen", Json::Int(plan.total))
      .Set("status", Json::String(core::PlanStatusName(plan.status)))
      .Set("grace_days", Json::Int(plan.grace_days))
      .Set("collateral", Json::String(plan.collateral))
      .Set("guarantee", Json::String(plan.guarantee))
      .Set("reason", Json::String(plan.reason))
      .Set("invoices", InvoiceList(plan.invoices))
      .Set("instalments", std::move(instalments))
      .Set("required_approver_roles", std::move(roles))
      .Set("approvals", std::move(approvals))
      .Set("start_date", Day(plan.start_day))
      .Set("end_date", Day(plan.end_day))
      .Set("missed_instalment",
           plan.missed_instalment ? Json::Int(*plan.missed_instalment + 1) : Json())
      .Set("version", Json::Int(plan.version));
}

Json SettlementImage(const store::SettlementRecord& settlement) {
  return Json::Object()
      .Set("name", Name("settlements", settlement.id))
      .Set("invoice", Name("invoices", settlement.invoice_id))
      .Set("customer", Name("customers", settlement.customer_id))
      .Set("kind", Json::String(core::SettlementKindName(settlement.kind)))
      .Set("amount_fen", Json::Int(settlement.amount))
      .Set("goods_description", Json::String(settlement.goods_description))
      .Set("valuation_basis", Json::String(settlement.valuation_basis))
      .Set("reason", Json::String(settlement.reason))
      .Set("status", Json::String(core::DecisionStatusName(settlement.status)))
      .Set("requested_by", Name("users", settlement.requested_by))
      .Set("decided_by", settlement.decided_by ? Name("users", *settlement.decided_by) : Json())
      .Set("decision_comment", Json::String(settlement.decision_comment))
      .Set("decided_date", Day(settlement.decided_day));
}

Json LegalCaseImage(const store::LegalCaseRecord& legal_case) {
  return Json::Object()
      .Set("name", Name("legalCases", legal_case.id))
      .Set("customer", Name("customers", legal_case.customer_id))
      .Set("stage", Json::String(core::LegalStageName(legal_case.stage)))
      .Set("title", Json::String(legal_case.title))
      .Set("court_case_number", Json::String(legal_case.court_case_number))
      .Set("claim_fen", Json::Int(legal_case.claim))
      .Set("opened_date", Day(legal_case.opened_day))
      .Set("stage_date", Day(legal_case.stage_day))
      .Set("closed_date", Day(legal_case.closed_day))
      .Set("invoices", InvoiceList(legal_case.invoices))
      .Set("version", Json::Int(legal_case.version));
}

Json LimitationEventImage(const store::LimitationEventRecord& event) {
  return Json::Object()
      .Set("name", Name("limitationEvents", event.id))
      .Set("invoice", Name("invoices", event.invoice_id))
      .Set("kind", Json::String(core::InterruptionKindName(event.kind)))
      .Set("event_date", Day(event.day))
      .Set("note", Json::String(event.note));
}

}  // namespace huikuan::ops
