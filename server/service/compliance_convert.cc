#include "server/service/compliance_convert.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "server/core/resource_name.h"
#include "server/ops/compliance.h"
#include "server/service/proto_time.h"
#include "server/service/request_fields.h"

namespace huikuan::service {
namespace {

std::string UserName(int64_t id) { return id == 0 ? "" : core::FormatResourceName("users", id); }

}  // namespace

v1::ComplianceSettings ComplianceSettingsToProto(const store::ComplianceSettingsRecord& record) {
  v1::ComplianceSettings out;
  out.set_weekly_automatic_cap(record.settings.weekly_automatic_cap);
  if (record.settings.quiet_start_minute) {
    out.set_quiet_start(core::FormatClockMinute(*record.settings.quiet_start_minute));
  }
  if (record.settings.quiet_end_minute) {
    out.set_quiet_end(core::FormatClockMinute(*record.settings.quiet_end_minute));
  }
  out.set_etag(FormatEtag(record.version));
  out.set_updated_by(UserName(record.updated_by));
  *out.mutable_update_time() = ToProtoTimestamp(record.update_time);
  return out;
}

v1::MessageTemplate MessageTemplateToProto(const store::MessageTemplateRecord& record,
                                           bool in_use) {
  v1::MessageTemplate out;
  out.set_name(ops::MessageTemplateName(record.id));
  out.set_action(record.action);
  out.set_language(std::string(core::LanguageName(record.language)));
  out.set_version(record.version);
  out.set_subject(record.text.subject);
  out.set_opening(record.text.opening);
  out.set_status(static_cast<v1::MessageTemplateStatus>(static_cast<int>(record.status) + 1));
  out.set_note(record.note);
  out.set_proposed_by(UserName(record.proposed_by));
  *out.mutable_propose_time() = ToProtoTimestamp(record.propose_time);
  if (record.decided_by) out.set_decided_by(UserName(*record.decided_by));
  if (record.decide_time) *out.mutable_decide_time() = ToProtoTimestamp(*record.decide_time);
  out.set_decision_note(record.decision_note);
  out.set_in_use(in_use);
  return out;
}

v1::FlaggedContact FlaggedContactToProto(const store::FlaggedContactRow& row) {
  v1::FlaggedContact out;
  const std::string customer = core::FormatResourceName("customers", row.compliance.customer_id);
  out.set_contact(absl::StrCat(customer, "/contacts/", row.compliance.contact_id));
  out.set_customer(customer);
  out.set_customer_name(row.customer_name);
  out.set_user(UserName(row.user_id));
  out.set_actor_role(row.actor_role);
  out.set_channel(row.channel);
  out.set_outcome(row.outcome);
  *out.mutable_contact_time() = ToProtoTimestamp(row.compliance.contact_time);
  out.set_broken_limits(row.compliance.broken_limits);
  out.set_description(row.compliance.description);
  out.set_reason(row.compliance.reason);
  return out;
}

void AddContactCompliance(const std::vector<store::ContactComplianceRecord>& records,
                          v1::Contact& contact) {
  for (const store::ContactComplianceRecord& record : records) {
    if (!absl::EndsWith(contact.name(), absl::StrCat("/contacts/", record.contact_id))) continue;
    contact.set_flagged(record.flagged);
    contact.set_broken_limits(record.broken_limits);
    contact.set_compliance_reason(record.reason);
    contact.set_reply_to(record.reply_to);
  }
}

}  // namespace huikuan::service
