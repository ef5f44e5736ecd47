// Contact compliance's use cases (issue 14, seed 002 合规红线): the limits' settings, message
// templates proposed and approved by legal, the limits applied to a contact a person records and
// to the emails the sender is about to send, and the approved templates the daily run renders
// with. The rules are core/contact_compliance.h and core/message_template.h.
#ifndef HUIKUAN_SERVER_OPS_COMPLIANCE_H_
#define HUIKUAN_SERVER_OPS_COMPLIANCE_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/core/contact_compliance.h"
#include "server/core/dunning_message.h"
#include "server/core/message_template.h"
#include "server/ops/scopes.h"
#include "server/store/compliance_store.h"
#include "server/store/outbox_store.h"
#include "server/store/work_item_store.h"

namespace huikuan::ops {

inline constexpr absl::string_view kComplianceSettingsName = "complianceSettings";
std::string MessageTemplateName(int64_t id);  // "messageTemplates/7"

store::ComplianceSettingsRecord GetComplianceSettings(ReadScope& read);
// INVALID_ARGUMENT naming the field (core::ValidateComplianceSettings); ABORTED when
// `expected_version` is given and no longer the stored one.
absl::StatusOr<store::ComplianceSettingsRecord> UpdateComplianceSettings(
    WriteScope& write, const core::ComplianceSettings& settings,
    std::optional<int64_t> expected_version);

// A new version of an action's template in a language, waiting for a legal head. INVALID_ARGUMENT
// naming `action`, `subject` or `opening` (core::ValidateMessageTemplate), `note` when too long.
absl::StatusOr<store::MessageTemplateRecord> ProposeMessageTemplate(
    WriteScope& write, const std::string& action, core::Language language,
    const core::MessageTemplate& text, const std::string& note);
// Approves or rejects a proposal (the permission table lets only legal heads call it).
// FAILED_PRECONDITION TEMPLATE_STATE when it is not proposed; NOT_FOUND when absent.
absl::StatusOr<store::MessageTemplateRecord> DecideMessageTemplate(WriteScope& write, int64_t id,
                                                                   absl::string_view name,
                                                                   core::TemplateDecision decision,
                                                                   const std::string& note);
std::vector<store::MessageTemplateRecord> ListMessageTemplates(ReadScope& read,
                                                               const store::TemplateFilter& filter,
                                                               int64_t before_id, int limit);

// The approved templates in use, for rendering (core::TemplateLookup over it).
class ApprovedTemplates {
 public:
  explicit ApprovedTemplates(store::ConnectionPool::Lease& db);
  core::TemplateLookup Lookup() const;

 private:
  std::map<std::pair<std::string, core::Language>, core::MessageTemplate> templates_;
};

// What a person says about a contact they record: the dispute or promise it answers, and why it
// is made outside the limits.
struct ContactCompliance {
  std::string reply_to;  // "disputes/5", "promises/3" or empty
  std::string reason;    // compliance_reason
};
// The limits applied to a contact a person makes now with the customer
// (core::CheckManualContact); for a dispatch the customer's automatic contacts of the last week
// are read too (the weekly cap binds it).
absl::StatusOr<core::ManualContactCheck> CheckContactLimits(WriteScope& write, int64_t customer_id,
                                                            const ContactCompliance& compliance,
                                                            core::ManualContactKind kind);
// Records what the check said about the appended contact (a reply, or flagged with its reason).
void RecordContactCompliance(WriteScope& write, const store::ContactRecord& contact,
                             const core::ManualContactCheck& check,
                             const ContactCompliance& compliance);

// What the limits said about these contacts (only replies and flagged ones have a record).
std::vector<store::ContactComplianceRecord> ContactComplianceOf(ReadScope& read,
                                                                const std::vector<int64_t>& ids);

// For the email sender: the claimed emails that may go now; the others are put back to wait
// (until the quiet hours end, the week's window frees a place, or while a dispute or promise is
// open), each audited with the reason in its last_error.
std::vector<store::OutboxRecord> HoldEmailsOutsideLimits(WriteScope& write,
                                                         std::vector<store::OutboxRecord> claimed,
                                                         const std::string& owner);

// The company's minute of the day (Asia/Shanghai) at `time`.
int32_t CompanyMinuteOfDay(absl::Time time);

}  // namespace huikuan::ops

#endif  // HUIKUAN_SERVER_OPS_COMPLIANCE_H_
