#include "server/service/arrangement_convert.h"

#include <string>

#include "server/core/resource_name.h"
#include "server/service/proto_time.h"
#include "server/service/status_mapping.h"

namespace huikuan::service {
namespace {

std::string Name(absl::string_view collection, int64_t id) {
  return core::FormatResourceName(collection, id);
}

std::string DayText(std::optional<core::EpochDay> day) {
  return day ? core::FormatDate(*day) : std::string();
}

template <typename Link>
void AddInvoices(const std::vector<Link>& links,
                 google::protobuf::RepeatedPtrField<v1::ArrangedInvoice>* out) {
  for (const Link& link : links) {
    v1::ArrangedInvoice* invoice = out->Add();
    invoice->set_invoice(Name("invoices", link.invoice_id));
    invoice->set_invoice_number(link.invoice_number);
    invoice->set_open_fen(link.open);
  }
}

// The filter of a List request's status enum: UNSPECIFIED is none; the proto value is the core's
// value + 1 for every enum of this service.
template <typename Core, int kCount, typename Proto>
absl::StatusOr<std::optional<Core>> StatusFilter(absl::string_view field, Proto status) {
  const int value = static_cast<int>(status);
  if (value == 0) return std::optional<Core>();
  if (value < 0 || value > kCount) return FieldViolation(field, "is not a known status");
  return std::optional<Core>(static_cast<Core>(value - 1));
}

}  // namespace

v1::PromiseStatus ToProto(core::PromiseStatus status) {
  return static_cast<v1::PromiseStatus>(static_cast<int>(status) + 1);
}

v1::DisputeReason ToProto(core::DisputeReason reason) {
  return static_cast<v1::DisputeReason>(static_cast<int>(reason) + 1);
}

v1::DisputeSource ToProto(core::DisputeSource source) {
  return static_cast<v1::DisputeSource>(static_cast<int>(source) + 1);
}

v1::PaymentPlanStatus ToProto(core::PlanStatus status) {
  return static_cast<v1::PaymentPlanStatus>(static_cast<int>(status) + 1);
}

v1::SettlementStatus SettlementStatusToProto(core::DecisionStatus status) {
  return static_cast<v1::SettlementStatus>(static_cast<int>(status) + 1);
}

absl::StatusOr<std::optional<core::PromiseStatus>> PromiseStatusFilter(absl::string_view field,
                                                                       v1::PromiseStatus status) {
  return StatusFilter<core::PromiseStatus, core::kPromiseStatusCount>(field, status);
}

absl::StatusOr<std::optional<core::PlanStatus>> PlanStatusFilter(absl::string_view field,
                                                                 v1::PaymentPlanStatus status) {
  return StatusFilter<core::PlanStatus, core::kPlanStatusCount>(field, status);
}

absl::StatusOr<std::optional<core::DecisionStatus>> SettlementStatusFilter(
    absl::string_view field, v1::SettlementStatus status) {
  return StatusFilter<core::DecisionStatus, core::kDecisionStatusCount>(field, status);
}

absl::StatusOr<core::DisputeReason> DisputeReasonFromProto(absl::string_view field,
                                                           v1::DisputeReason reason) {
  absl::StatusOr<std::optional<core::DisputeReason>> parsed =
      StatusFilter<core::DisputeReason, core::kDisputeReasonCount>(field, reason);
  if (!parsed.ok() || !parsed->has_value()) {
    return FieldViolation(
        field, "is required: PRICE, QUANTITY, QUALITY, NOT_RECEIVED, DUPLICATE or OTHER");
  }
  return **parsed;
}

v1::Promise PromiseToProto(const store::PromiseRecord& promise) {
  v1::Promise proto;
  proto.set_name(Name("promises", promise.id));
  proto.set_customer(Name("customers", promise.customer_id));
  AddInvoices(promise.invoices, proto.mutable_invoices());
  proto.set_amount_fen(promise.terms.amount);
  proto.set_made_date(core::FormatDate(promise.terms.made_day));
  proto.set_promised_date(core::FormatDate(promise.terms.promised_day));
  proto.set_tolerance_days(promise.terms.tolerance_days);
  proto.set_status(ToProto(promise.status));
  proto.set_paid_fen(promise.paid);
  proto.set_decided_date(DayText(promise.decided_day));
  if (promise.work_item_id) proto.set_work_item(Name("workItems", *promise.work_item_id));
  proto.set_note(promise.note);
  proto.set_create_user(Name("users", promise.created_by));
  *proto.mutable_create_time() = ToProtoTimestamp(promise.create_time);
  return proto;
}

v1::Dispute DisputeToProto(const store::DisputeRecord& dispute, core::EpochDay today) {
  v1::Dispute proto;
  proto.set_name(Name("disputes", dispute.id));
  proto.set_invoice(Name("invoices", dispute.invoice_id));
  proto.set_invoice_number(dispute.invoice_number);
  proto.set_customer(Name("customers", dispute.customer_id));
  proto.set_source(ToProto(dispute.source));
  proto.set_reason_code(ToProto(dispute.reason_code));
  proto.set_reason(dispute.reason);
  if (dispute.statement_id) proto.set_statement(Name("statements", *dispute.statement_id));
  proto.set_raised_date(core::FormatDate(dispute.raised_day));
  proto.set_resolved_date(DayText(dispute.resolved_day));
  proto.set_resolution(dispute.resolution.value_or(""));
  proto.set_age_days(core::DisputeAgeDays(dispute.raised_day, dispute.resolved_day, today));
  proto.set_invoice_open_fen(dispute.invoice_open);
  if (dispute.user_id != 0) proto.set_raise_user(Name("users", dispute.user_id));
  return proto;
}

v1::PaymentPlan PaymentPlanToProto(const store::PaymentPlanRecord& plan) {
  v1::PaymentPlan proto;
  proto.set_name(Name("paymentPlans", plan.id));
  proto.set_customer(Name("customers", plan.customer_id));
  AddInvoices(plan.invoices, proto.mutable_invoices());
  proto.set_total_fen(plan.total);
  for (const core::Instalment& instalment : plan.instalments) {
    v1::Instalment* out = proto.add_instalments();
    out->set_due_date(core::FormatDate(instalment.due_day));
    out->set_amount_fen(instalment.amount);
  }
  proto.set_status(ToProto(plan.status));
  proto.set_grace_days(plan.grace_days);
  proto.set_collateral(plan.collateral);
  proto.set_guarantee(plan.guarantee);
  proto.set_reason(plan.reason);
  for (const std::string& role : plan.required_approvers) proto.add_required_approver_roles(role);
  for (const store::PlanApprovalRecord& approval : plan.approvals) {
    v1::PaymentPlanApproval* out = proto.add_approvals();
    out->set_approver(Name("users", approval.approver_user_id));
    out->set_role(approval.approver_role);
    out->set_approve(approval.approve);
    out->set_comment(approval.comment);
    *out->mutable_decide_time() = ToProtoTimestamp(approval.decide_time);
  }
  proto.set_start_date(DayText(plan.start_day));
  proto.set_end_date(DayText(plan.end_day));
  if (plan.missed_instalment) proto.set_missed_instalment(*plan.missed_instalment + 1);
  proto.set_requested_by(Name("users", plan.requested_by));
  *proto.mutable_create_time() = ToProtoTimestamp(plan.create_time);
  return proto;
}

v1::Settlement SettlementToProto(const store::SettlementRecord& settlement) {
  v1::Settlement proto;
  proto.set_name(Name("settlements", settlement.id));
  proto.set_invoice(Name("invoices", settlement.invoice_id));
  proto.set_customer(Name("customers", settlement.customer_id));
  proto.set_kind(static_cast<v1::SettlementKind>(static_cast<int>(settlement.kind) + 1));
  proto.set_amount_fen(settlement.amount);
  proto.set_goods_description(settlement.goods_description);
  proto.set_valuation_basis(settlement.valuation_basis);
  proto.set_reason(settlement.reason);
  proto.set_status(SettlementStatusToProto(settlement.status));
  proto.set_requested_by(Name("users", settlement.requested_by));
  if (settlement.decided_by) proto.set_decided_by(Name("users", *settlement.decided_by));
  proto.set_decision_comment(settlement.decision_comment);
  proto.set_decided_date(DayText(settlement.decided_day));
  *proto.mutable_create_time() = ToProtoTimestamp(settlement.create_time);
  return proto;
}

v1::CollectionHold CollectionHoldToProto(const ops::InvoiceCollectionHold& hold) {
  v1::CollectionHold proto;
  proto.set_invoice(Name("invoices", hold.invoice.id));
  proto.set_invoice_number(hold.invoice.invoice_number);
  if (hold.hold.paused) {
    proto.set_paused(static_cast<v1::PauseReason>(static_cast<int>(*hold.hold.paused) + 1));
  }
  proto.set_paused_until(DayText(hold.hold.paused_until));
  if (hold.hold.resumes) {
    proto.set_resumes(static_cast<v1::ResumeMode>(static_cast<int>(*hold.hold.resumes) + 1));
  }
  return proto;
}

}  // namespace huikuan::service
