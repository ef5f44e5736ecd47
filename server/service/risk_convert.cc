#include "server/service/risk_convert.h"

#include "absl/strings/str_cat.h"
#include "server/core/resource_name.h"
#include "server/core/violations.h"
#include "server/service/proto_time.h"

namespace huikuan::service {
namespace {

void ReasonsToProto(const std::vector<core::RiskReason>& reasons,
                    google::protobuf::RepeatedPtrField<v1::RiskReason>* out) {
  for (const core::RiskReason& r : reasons) {
    v1::RiskReason* reason = out->Add();
    reason->set_rule(r.rule);
    reason->set_level(ToProto(r.level));
    reason->set_text(r.text);
  }
}

}  // namespace

v1::WarningLevel ToProto(core::WarningLevel level) {
  return static_cast<v1::WarningLevel>(static_cast<int>(level) + 1);
}

absl::StatusOr<core::WarningLevel> WarningLevelFromProto(absl::string_view field, int value) {
  if (value < v1::WARNING_LEVEL_GREEN || value > v1::WARNING_LEVEL_RED) {
    return core::FieldViolation(field, "must be GREEN, YELLOW, ORANGE or RED");
  }
  return static_cast<core::WarningLevel>(value - 1);
}

absl::StatusOr<core::SignalKind> SignalKindFromProto(absl::string_view field, int value) {
  if (value < 1 || value > core::kSignalKindCount) {
    return core::FieldViolation(field, "must be a risk signal kind");
  }
  return static_cast<core::SignalKind>(value - 1);
}

v1::RiskSignalKind ToProto(core::SignalKind kind) {
  return static_cast<v1::RiskSignalKind>(static_cast<int>(kind) + 1);
}

v1::RiskSignal RiskSignalToProto(const store::RiskSignalRecord& r) {
  v1::RiskSignal s;
  s.set_name(core::FormatResourceName("riskSignals", r.id));
  s.set_customer(core::FormatResourceName("customers", r.customer_id));
  s.set_kind(ToProto(r.signal.kind));
  s.set_source(r.signal.source);
  s.set_reference(r.signal.reference);
  s.set_signal_date(core::FormatDate(r.signal.day));
  s.set_has_amount(r.signal.amount.has_value());
  s.set_amount_fen(r.signal.amount.value_or(0));
  s.set_previous_amount_fen(r.signal.previous_amount.value_or(0));
  s.set_value(r.signal.value);
  s.set_previous_value(r.signal.previous_value);
  s.set_evidence(r.signal.evidence);
  s.set_level(ToProto(r.level));
  *s.mutable_create_time() = ToProtoTimestamp(r.create_time);
  return s;
}

v1::CustomerRisk CustomerRiskToProto(const store::CustomerRiskRecord& r) {
  v1::CustomerRisk p;
  p.set_customer(core::FormatResourceName("customers", r.customer_id));
  p.set_customer_display_name(r.display_name);
  p.set_owner(core::FormatResourceName("users", r.owner_user_id));
  p.set_owner_username(r.owner_username);
  p.set_level(ToProto(r.level));
  ReasonsToProto(r.reasons, p.mutable_reasons());
  p.set_as_of_date(core::FormatDate(r.as_of_day));
  p.set_has_dso(r.figures.dso_days.has_value());
  p.set_dso_days(r.figures.dso_days.value_or(0));
  p.set_has_industry_dso(r.figures.industry_dso_days.has_value());
  p.set_industry_dso_days(r.figures.industry_dso_days.value_or(0));
  p.set_balance_fen(r.figures.balance);
  p.set_overdue_fen(r.figures.overdue);
  p.set_over30_fen(r.figures.over30);
  p.set_credit_limit_fen(r.figures.credit_limit);
  p.set_orders_recent_fen(r.figures.orders_recent);
  p.set_orders_prior_fen(r.figures.orders_prior);
  p.set_broken_promises(r.figures.broken_promises);
  if (r.level_since != absl::Time()) {
    *p.mutable_level_since_time() = ToProtoTimestamp(r.level_since);
  }
  return p;
}

v1::RiskChange RiskChangeToProto(const store::RiskChangeRecord& c) {
  v1::RiskChange p;
  p.set_from_level(ToProto(c.from));
  p.set_to_level(ToProto(c.to));
  p.set_as_of_date(core::FormatDate(c.as_of_day));
  ReasonsToProto(c.reasons, p.mutable_reasons());
  if (c.signal_id) p.set_signal(core::FormatResourceName("riskSignals", *c.signal_id));
  *p.mutable_trigger_time() = ToProtoTimestamp(c.trigger_time);
  p.set_seconds_to_notice(-1);
  p.set_seconds_to_notice_sent(-1);
  if (c.notice_message_id) {
    p.set_notice_message(core::FormatResourceName("outboxMessages", *c.notice_message_id));
  }
  if (c.notice_time) {
    *p.mutable_notice_time() = ToProtoTimestamp(*c.notice_time);
    p.set_seconds_to_notice(absl::ToInt64Seconds(*c.notice_time - c.trigger_time));
  }
  if (c.notice_sent_time) {
    *p.mutable_notice_sent_time() = ToProtoTimestamp(*c.notice_sent_time);
    p.set_seconds_to_notice_sent(absl::ToInt64Seconds(*c.notice_sent_time - c.trigger_time));
  }
  return p;
}

}  // namespace huikuan::service
