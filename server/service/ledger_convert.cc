#include "server/service/ledger_convert.h"

#include "absl/strings/str_cat.h"
#include "server/core/payment_reference.h"
#include "server/core/payment_state.h"
#include "server/core/resource_name.h"
#include "server/core/text_fields.h"
#include "server/ops/paying.h"
#include "server/service/proto_time.h"
#include "server/service/request_fields.h"

namespace huikuan::service {
namespace {

constexpr size_t kMaxReferenceChars = 200;

v1::AllocationRule ToProto(core::AllocationRule rule) {
  switch (rule) {
    case core::AllocationRule::kReference:
      return v1::ALLOCATION_RULE_REFERENCE;
    case core::AllocationRule::kExactAmount:
      return v1::ALLOCATION_RULE_EXACT_AMOUNT;
    case core::AllocationRule::kOldestFirst:
      return v1::ALLOCATION_RULE_OLDEST_FIRST;
    case core::AllocationRule::kManual:
      return v1::ALLOCATION_RULE_MANUAL;
  }
  return v1::ALLOCATION_RULE_UNSPECIFIED;
}

// Adds the violation of `status` (when it is one) to `violations`.
void Collect(const absl::Status& status, FieldViolations& violations) {
  if (!status.ok()) violations.AddAll(status, "request");
}

}  // namespace

v1::InvoiceStatus ToProto(core::InvoiceStatus status) {
  switch (status) {
    case core::InvoiceStatus::kOpen:
      return v1::INVOICE_STATUS_OPEN;
    case core::InvoiceStatus::kPaid:
      return v1::INVOICE_STATUS_PAID;
    case core::InvoiceStatus::kDisputed:
      return v1::INVOICE_STATUS_DISPUTED;
    case core::InvoiceStatus::kWrittenOff:
      return v1::INVOICE_STATUS_WRITTEN_OFF;
  }
  return v1::INVOICE_STATUS_UNSPECIFIED;
}

absl::StatusOr<std::optional<core::InvoiceStatus>> InvoiceStatusFilter(absl::string_view field,
                                                                       v1::InvoiceStatus status) {
  if (status == v1::INVOICE_STATUS_UNSPECIFIED) return std::nullopt;
  for (int i = 0; i < core::kInvoiceStatusCount; ++i) {
    const auto candidate = static_cast<core::InvoiceStatus>(i);
    if (ToProto(candidate) == status) return candidate;
  }
  return FieldViolation(field, "is not a known invoice status");
}

v1::TermsBreakdown ToProto(const core::TermsBreakdown& breakdown) {
  v1::TermsBreakdown proto;
  if (breakdown.tier) proto.set_tier(std::string(core::TierName(*breakdown.tier)));
  proto.set_prior_orders(breakdown.prior_orders);
  proto.set_policy_version(breakdown.policy_version);
  for (const core::TermStep& step : breakdown.steps) {
    v1::TermStep* out = proto.add_steps();
    out->set_step(step.step);
    out->set_days_after(step.days_after);
    out->set_explanation(step.explanation);
  }
  return proto;
}

v1::Invoice InvoiceToProto(const store::InvoiceRecord& invoice, WithTerms with_terms) {
  v1::Invoice proto;
  proto.set_name(core::FormatResourceName("invoices", invoice.id));
  proto.set_customer(core::FormatResourceName("customers", invoice.customer_id));
  proto.set_order_number(invoice.order_number);
  proto.set_invoice_number(invoice.invoice_number);
  proto.set_amount_fen(invoice.amount);
  proto.set_prepaid_fen(invoice.prepaid);
  proto.set_prepayment_bp(invoice.prepayment_bp);
  proto.set_invoice_date(core::FormatDate(invoice.invoice_day));
  proto.set_due_date(core::FormatDate(invoice.due_day));
  proto.set_credit_days(invoice.credit_days);
  proto.set_status(ToProto(invoice.balance.status));
  proto.set_open_fen(invoice.balance.open);
  if (with_terms == WithTerms::kYes && invoice.terms)
    *proto.mutable_terms() = ToProto(*invoice.terms);
  *proto.mutable_create_time() = ToProtoTimestamp(invoice.create_time);
  *proto.mutable_update_time() = ToProtoTimestamp(invoice.update_time);
  proto.set_etag(FormatEtag(invoice.version));
  return proto;
}

v1::Payment PaymentToProto(const ops::PaymentView& view) {
  const store::PaymentRecord& payment = view.payment;
  v1::Payment proto;
  proto.set_name(core::FormatResourceName("payments", payment.id));
  proto.set_customer(core::FormatResourceName("customers", payment.customer_id));
  proto.set_amount_fen(payment.amount);
  proto.set_reference(payment.reference);
  proto.set_received_date(core::FormatDate(payment.received_day));
  proto.set_status(payment.balance.status == core::PaymentStatus::kReversed
                       ? v1::PAYMENT_STATUS_REVERSED
                       : v1::PAYMENT_STATUS_RECEIVED);
  proto.set_unapplied_fen(payment.balance.unapplied);
  proto.set_reversal_reason(payment.reversal_reason);
  for (const auto& allocation : view.allocations) {
    auto* out = proto.add_allocations();
    out->set_invoice(core::FormatResourceName("invoices", allocation.invoice_id));
    out->set_invoice_number(allocation.invoice_number);
    out->set_amount_fen(allocation.amount);
    out->set_rule(ToProto(allocation.rule));
    out->set_reversed(allocation.reversed);
  }
  *proto.mutable_create_time() = ToProtoTimestamp(payment.create_time);
  *proto.mutable_update_time() = ToProtoTimestamp(payment.update_time);
  proto.set_etag(FormatEtag(payment.version));
  return proto;
}

ops::InvoiceDraft InvoiceDraftFromProto(const v1::Invoice& invoice, absl::string_view prefix,
                                        FieldViolations& violations) {
  auto field = [&](absl::string_view name) { return absl::StrCat(prefix, ".", name); };
  ops::InvoiceDraft draft;
  absl::StatusOr<int64_t> customer =
      ParseIdField("customers", field("customer"), invoice.customer());
  if (customer.ok()) draft.customer_id = *customer;
  Collect(customer.status(), violations);
  Collect(core::CheckKey(field("order_number"), invoice.order_number()), violations);
  if (!invoice.invoice_number().empty()) {
    Collect(core::CheckKey(field("invoice_number"), invoice.invoice_number()), violations);
  }
  Collect(CheckAmountField(field("amount_fen"), invoice.amount_fen()), violations);
  absl::StatusOr<core::EpochDay> day =
      ParseDateField(field("invoice_date"), invoice.invoice_date());
  if (day.ok()) draft.invoice_day = *day;
  Collect(day.status(), violations);
  draft.order_number = invoice.order_number();
  draft.invoice_number = invoice.invoice_number();
  draft.amount = invoice.amount_fen();
  return draft;
}

absl::StatusOr<ops::PaymentDraft> PaymentDraftFromProto(const v1::Payment& payment) {
  FieldViolations violations;
  ops::PaymentDraft draft;
  absl::StatusOr<int64_t> customer =
      ParseIdField("customers", "payment.customer", payment.customer());
  if (customer.ok()) draft.customer_id = *customer;
  Collect(customer.status(), violations);
  Collect(CheckAmountField("payment.amount_fen", payment.amount_fen()), violations);
  Collect(core::CheckText("payment.reference", payment.reference(), core::Presence::kOptional,
                          kMaxReferenceChars),
          violations);
  absl::StatusOr<core::EpochDay> day =
      ParseDateField("payment.received_date", payment.received_date());
  if (day.ok()) draft.received_day = *day;
  Collect(day.status(), violations);
  if (!payment.payment_reference().empty()) {
    // Issue 14: a typo is refused here (the check digit), an unknown statement by ops/paying.h.
    absl::StatusOr<int64_t> statement =
        core::ParsePaymentReference(payment.payment_reference(), ops::kPaymentReferenceField);
    if (statement.ok()) draft.statement_id = *statement;
    Collect(statement.status(), violations);
    if (payment.reference().size() + core::FormatPaymentReference(1).size() + 1 >
        kMaxReferenceChars) {
      Collect(core::FieldViolation("payment.reference",
                                   "is too long to keep the payment reference beside it"),
              violations);
    }
  }
  if (!violations.empty()) return violations.ToStatus();
  draft.amount = payment.amount_fen();
  draft.reference = payment.reference();
  return draft;
}

}  // namespace huikuan::service
