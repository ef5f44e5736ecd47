#include "server/ops/compliance.h"

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/civil_time.h"
#include "server/core/resource_name.h"
#include "server/core/status_macros.h"
#include "server/core/text_fields.h"
#include "server/core/violations.h"
#include "server/ops/audit_images.h"
#include "server/ops/clock.h"
#include "server/ops/outbox.h"

namespace huikuan::ops {
namespace {

core::Json Optional(const std::optional<int32_t>& minute) {
  return minute ? core::Json::String(core::FormatClockMinute(*minute)) : core::Json();
}

core::Json SettingsImage(const store::ComplianceSettingsRecord& record) {
  return core::Json::Object()
      .Set("weekly_automatic_cap", core::Json::Int(record.settings.weekly_automatic_cap))
      .Set("quiet_start", Optional(record.settings.quiet_start_minute))
      .Set("quiet_end", Optional(record.settings.quiet_end_minute))
      .Set("version", core::Json::Int(record.version));
}

core::Json TemplateImage(const store::MessageTemplateRecord& record) {
  return core::Json::Object()
      .Set("name", core::Json::String(MessageTemplateName(record.id)))
      .Set("action", core::Json::String(record.action))
      .Set("language", core::Json::String(core::LanguageName(record.language)))
      .Set("version", core::Json::Int(record.version))
      .Set("subject", core::Json::String(record.text.subject))
      .Set("opening", core::Json::String(record.text.opening))
      .Set("status", core::Json::String(core::TemplateStatusName(record.status)))
      .Set("note", core::Json::String(record.note))
      .Set("decision_note", core::Json::String(record.decision_note));
}

std::string LimitNames(const std::vector<core::ContactLimit>& limits) {
  std::vector<std::string> names;
  for (core::ContactLimit limit : limits) names.emplace_back(core::ContactLimitName(limit));
  return absl::StrJoin(names, ",");
}

core::ContactSituation SituationOf(ReadScope& read, int64_t customer_id, bool automatic) {
  core::ContactSituation situation;
  situation.now = read.now;
  situation.minute_of_day = CompanyMinuteOfDay(read.now);
  if (automatic) {
    situation.automatic_last_week =
        store::AutomaticContactsSince(read.db, customer_id, read.now - absl::Hours(24 * 7));
  }
  situation.open_disputes = store::OpenDisputes(read.db, customer_id);
  situation.open_promises = store::OpenPromises(read.db, customer_id, read.today);
  return situation;
}

}  // namespace

std::string MessageTemplateName(int64_t id) {
  return core::FormatResourceName("messageTemplates", id);
}

int32_t CompanyMinuteOfDay(absl::Time time) {
  const absl::CivilSecond civil = absl::ToCivilSecond(time, CompanyTimeZone());
  return civil.hour() * 60 + civil.minute();
}

store::ComplianceSettingsRecord GetComplianceSettings(ReadScope& read) {
  return store::GetComplianceSettings(read.db, store::Lock::kNone);
}

absl::StatusOr<store::ComplianceSettingsRecord> UpdateComplianceSettings(
    WriteScope& write, const core::ComplianceSettings& settings,
    std::optional<int64_t> expected_version) {
  HK_RETURN_IF_ERROR(core::ValidateComplianceSettings(settings));
  store::ComplianceSettingsRecord record =
      store::GetComplianceSettings(write.db, store::Lock::kForUpdate);
  if (expected_version && *expected_version != record.version) {
    return absl::AbortedError(absl::StrCat(kComplianceSettingsName,
                                           " was changed since it was read (etag \"",
                                           record.version, "\" now): read it again"));
  }
  const store::ComplianceSettingsRecord before = record;
  record.settings = settings;
  record.updated_by = write.caller.user_id;
  record.update_time = write.now;
  store::UpdateComplianceSettings(write.db, record);
  write.audit.Record(kComplianceSettingsName, SettingsImage(before), SettingsImage(record));
  return record;
}

absl::StatusOr<store::MessageTemplateRecord> ProposeMessageTemplate(
    WriteScope& write, const std::string& action, core::Language language,
    const core::MessageTemplate& text, const std::string& note) {
  HK_RETURN_IF_ERROR(core::ValidateMessageTemplate(action, text));
  HK_RETURN_IF_ERROR(core::CheckText("note", note, core::Presence::kOptional));
  store::MessageTemplateRecord record;
  record.action = action;
  record.language = language;
  record.text = text;
  record.status = core::TemplateStatus::kProposed;
  record.note = note;
  record.proposed_by = write.caller.user_id;
  record.propose_time = write.now;
  store::InsertMessageTemplate(write.db, record);
  write.audit.Record(MessageTemplateName(record.id), core::Json(), TemplateImage(record));
  return record;
}

absl::StatusOr<store::MessageTemplateRecord> DecideMessageTemplate(WriteScope& write, int64_t id,
                                                                   absl::string_view name,
                                                                   core::TemplateDecision decision,
                                                                   const std::string& note) {
  HK_RETURN_IF_ERROR(core::CheckText("note", note, core::Presence::kOptional));
  absl::StatusOr<store::MessageTemplateRecord> record =
      store::GetMessageTemplate(write.db, id, store::Lock::kForUpdate);
  if (absl::IsNotFound(record.status())) return core::NotFoundError(name);
  HK_RETURN_IF_ERROR(record.status());
  const store::MessageTemplateRecord before = *record;
  HK_RETURN_IF_ERROR(core::DecideTemplate(record->status, decision, name));
  record->decided_by = write.caller.user_id;
  record->decide_time = write.now;
  record->decision_note = note;
  store::UpdateTemplateDecision(write.db, *record);
  write.audit.Record(name, TemplateImage(before), TemplateImage(*record));
  return record;
}

std::vector<store::MessageTemplateRecord> ListMessageTemplates(ReadScope& read,
                                                               const store::TemplateFilter& filter,
                                                               int64_t before_id, int limit) {
  return store::ListMessageTemplates(read.db, filter, before_id, limit);
}

ApprovedTemplates::ApprovedTemplates(store::ConnectionPool::Lease& db) {
  for (store::MessageTemplateRecord& record : store::TemplatesInUse(db)) {
    templates_[{record.action, record.language}] = std::move(record.text);
  }
}

core::TemplateLookup ApprovedTemplates::Lookup() const {
  return [this](absl::string_view action, core::Language language) -> const core::MessageTemplate* {
    auto found = templates_.find({std::string(action), language});
    return found == templates_.end() ? nullptr : &found->second;
  };
}

absl::StatusOr<core::ManualContactCheck> CheckContactLimits(WriteScope& write, int64_t customer_id,
                                                            const ContactCompliance& compliance,
                                                            core::ManualContactKind kind) {
  const store::ComplianceSettingsRecord settings =
      store::GetComplianceSettings(write.db, store::Lock::kNone);
  return core::CheckManualContact(
      settings.settings,
      SituationOf(write, customer_id,
                  /*automatic=*/kind == core::ManualContactKind::kDispatch),
      kind, compliance.reply_to, compliance.reason);
}

void RecordContactCompliance(WriteScope& write, const store::ContactRecord& contact,
                             const core::ManualContactCheck& check,
                             const ContactCompliance& compliance) {
  if (check.broken.empty() && !check.is_reply) return;
  store::ContactComplianceRecord record;
  record.contact_id = contact.id;
  record.customer_id = contact.customer_id;
  record.reply_to = check.is_reply ? compliance.reply_to : "";
  record.flagged = !check.broken.empty();
  record.broken_limits = LimitNames(check.broken);
  record.description = check.description;
  record.reason = record.flagged ? compliance.reason : "";
  record.contact_time = contact.contact_time;
  store::InsertContactCompliance(write.db, record);
  write.audit.Record(absl::StrCat(core::FormatResourceName("customers", contact.customer_id),
                                  "/contacts/", contact.id, "/compliance"),
                     core::Json(),
                     core::Json::Object()
                         .Set("reply_to", core::Json::String(record.reply_to))
                         .Set("flagged", core::Json::Bool(record.flagged))
                         .Set("broken_limits", core::Json::String(record.broken_limits))
                         .Set("description", core::Json::String(record.description))
                         .Set("reason", core::Json::String(record.reason)));
}

std::vector<store::ContactComplianceRecord> ContactComplianceOf(ReadScope& read,
                                                                const std::vector<int64_t>& ids) {
  return store::ContactComplianceOf(read.db, ids);
}

std::vector<store::OutboxRecord> HoldEmailsOutsideLimits(WriteScope& write,
                                                         std::vector<store::OutboxRecord> claimed,
                                                         const std::string& owner) {
  if (claimed.empty()) return claimed;
  const store::ComplianceSettingsRecord settings =
      store::GetComplianceSettings(write.db, store::Lock::kNone);
  absl::flat_hash_map<int64_t, core::ContactSituation> situations;
  std::vector<store::OutboxRecord> go;
  for (store::OutboxRecord& message : claimed) {
    auto found = situations.find(message.customer_id);
    if (found == situations.end()) {
      found = situations
                  .emplace(message.customer_id,
                           SituationOf(write, message.customer_id, /*automatic=*/true))
                  .first;
    }
    core::ContactSituation& situation = found->second;
    const core::AutomaticVerdict verdict =
        core::DecideAutomaticContact(settings.settings, situation);
    if (verdict.send) {
      // This round's own sends count towards the week too.
      situation.automatic_last_week.insert(situation.automatic_last_week.begin(), write.now);
      go.push_back(std::move(message));
      continue;
    }
    const store::OutboxRecord before = message;
    message.status = core::OutboxStatus::kPending;
    message.attempts = std::max(0, message.attempts - 1);
    message.next_attempt_time = write.now + verdict.wait;
    message.last_error = verdict.reason;
    message.claim_owner.clear();
    message.claim_expires.reset();
    message.update_time = write.now;
    if (store::HoldClaimedEmail(write.db, message.id, owner, message.next_attempt_time,
                                verdict.reason, write.now)) {
      write.audit.Record(OutboxMessageName(message.id), OutboxImage(before), OutboxImage(message));
    }
  }
  return go;
}

}  // namespace huikuan::ops
