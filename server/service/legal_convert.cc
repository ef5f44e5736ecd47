#include "server/service/legal_convert.h"

#include <string>

#include "server/core/resource_name.h"
#include "server/service/proto_time.h"
#include "server/service/status_mapping.h"

namespace huikuan::service {

v1::LegalStage ToProto(core::LegalStage stage) {
  return static_cast<v1::LegalStage>(static_cast<int>(stage) + 1);
}

v1::LimitationEventKind ToProto(core::InterruptionKind kind) {
  return static_cast<v1::LimitationEventKind>(static_cast<int>(kind) + 1);
}

absl::StatusOr<core::LegalStage> LegalStageFromProto(absl::string_view field,
                                                     v1::LegalStage stage) {
  const int value = static_cast<int>(stage);
  if (value < 1 || value > core::kLegalStageCount) {
    return FieldViolation(field, "is required: a stage of the case");
  }
  return static_cast<core::LegalStage>(value - 1);
}

absl::StatusOr<core::InterruptionKind> InterruptionKindFromProto(absl::string_view field,
                                                                 v1::LimitationEventKind kind) {
  const int value = static_cast<int>(kind);
  if (value < 1 || value > core::kInterruptionKindCount) {
    return FieldViolation(field, "is required: the kind of interruption");
  }
  return static_cast<core::InterruptionKind>(value - 1);
}

v1::LegalCase LegalCaseToProto(const store::LegalCaseRecord& legal_case) {
  v1::LegalCase proto;
  proto.set_name(core::FormatResourceName("legalCases", legal_case.id));
  proto.set_customer(core::FormatResourceName("customers", legal_case.customer_id));
  proto.set_stage(ToProto(legal_case.stage));
  proto.set_title(legal_case.title);
  proto.set_court_case_number(legal_case.court_case_number);
  proto.set_claim_fen(legal_case.claim);
  for (const store::LegalCaseInvoice& link : legal_case.invoices) {
    v1::LegalCaseInvoice* invoice = proto.add_invoices();
    invoice->set_invoice(core::FormatResourceName("invoices", link.invoice_id));
    invoice->set_invoice_number(link.invoice_number);
    invoice->set_open_fen(link.open);
  }
  proto.set_opened_date(core::FormatDate(legal_case.opened_day));
  proto.set_stage_date(core::FormatDate(legal_case.stage_day));
  if (legal_case.closed_day) proto.set_closed_date(core::FormatDate(*legal_case.closed_day));
  for (const store::LegalCaseEvent& event : legal_case.events) {
    v1::LegalCaseEvent* out = proto.add_events();
    out->set_stage(ToProto(event.stage));
    out->set_event_date(core::FormatDate(event.day));
    out->set_note(event.note);
    out->set_user(core::FormatResourceName("users", event.user_id));
  }
  proto.set_opened_by(core::FormatResourceName("users", legal_case.opened_by));
  *proto.mutable_create_time() = ToProtoTimestamp(legal_case.create_time);
  return proto;
}

v1::LimitationPeriod LimitationToProto(const ops::InvoiceLimitation& limitation,
                                       core::EpochDay today) {
  v1::LimitationPeriod proto;
  proto.set_invoice(core::FormatResourceName("invoices", limitation.invoice.id));
  proto.set_invoice_number(limitation.invoice.invoice_number);
  proto.set_due_date(core::FormatDate(limitation.invoice.due_day));
  proto.set_open_fen(limitation.invoice.open);
  proto.set_start_date(core::FormatDate(limitation.period.start_day));
  proto.set_expiry_date(core::FormatDate(limitation.period.expiry_day));
  proto.set_days_left(limitation.period.expiry_day - today);
  proto.set_expired(limitation.period.expired);
  proto.set_interruptions(limitation.period.interruptions);
  for (const store::InvoiceInterruption& event : limitation.events) {
    v1::LimitationEvent* out = proto.add_events();
    out->set_kind(ToProto(event.interruption.kind));
    out->set_event_date(core::FormatDate(event.interruption.day));
    out->set_source(event.source);
  }
  return proto;
}

}  // namespace huikuan::service
