// Contact compliance's tables (issue 14): the settings row (migrations 0540-0541), the message
// templates' versions (0542-0543) and what the limits said about each contact a person recorded
// (0544-0545), plus the reads the limits need: a customer's automatic contacts of the last week
// and its open disputes and promises. Same conventions as ledger_store.h.
#ifndef HUIKUAN_SERVER_STORE_COMPLIANCE_STORE_H_
#define HUIKUAN_SERVER_STORE_COMPLIANCE_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/core/civil_date.h"
#include "server/core/contact_compliance.h"
#include "server/core/dunning_message.h"
#include "server/core/message_template.h"
#include "server/store/connection_pool.h"
#include "server/store/lock_mode.h"

namespace huikuan::store {

struct ComplianceSettingsRecord {
  core::ComplianceSettings settings;
  int64_t version = 0;
  int64_t updated_by = 0;
  absl::Time update_time;
};
// The one row (the migration's defaults until a head changes them).
ComplianceSettingsRecord GetComplianceSettings(ConnectionPool::Lease& db, Lock lock);
// Writes the settings and bumps the version.
void UpdateComplianceSettings(ConnectionPool::Lease& db, ComplianceSettingsRecord& record);

struct MessageTemplateRecord {
  int64_t id = 0;
  std::string action;
  core::Language language = core::Language::kZhCn;
  int32_t version = 0;
  core::MessageTemplate text;
  core::TemplateStatus status = core::TemplateStatus::kProposed;
  std::string note;
  int64_t proposed_by = 0;
  absl::Time propose_time;
  std::optional<int64_t> decided_by;
  std::optional<absl::Time> decide_time;
  std::string decision_note;
};
// Sets id and version (the next of its action and language; the latest row is locked).
void InsertMessageTemplate(ConnectionPool::Lease& db, MessageTemplateRecord& record);
// NOT_FOUND naming messageTemplates/{id}.
absl::StatusOr<MessageTemplateRecord> GetMessageTemplate(ConnectionPool::Lease& db, int64_t id,
                                                         Lock lock);
void UpdateTemplateDecision(ConnectionPool::Lease& db, const MessageTemplateRecord& record);
struct TemplateFilter {
  std::optional<std::string> action;
  std::optional<core::Language> language;
  std::optional<core::TemplateStatus> status;
};
// Newest first, id < before_id (0: from the newest).
std::vector<MessageTemplateRecord> ListMessageTemplates(ConnectionPool::Lease& db,
                                                        const TemplateFilter& filter,
                                                        int64_t before_id, int limit);
// The version in use of every action and language: the newest approved one.
std::vector<MessageTemplateRecord> TemplatesInUse(ConnectionPool::Lease& db);

// The times of the customer's automatic contacts after `since`, newest first: the outbox's
// messages that reached it (emails the sender sent, SMS and letters people dispatched).
std::vector<absl::Time> AutomaticContactsSince(ConnectionPool::Lease& db, int64_t customer_id,
                                               absl::Time since);
// "disputes/N" of the customer's unresolved invoice disputes.
std::vector<std::string> OpenDisputes(ConnectionPool::Lease& db, int64_t customer_id);
// "promises/N" of the customer's promises still open on `today` (deadline with tolerance not past).
std::vector<std::string> OpenPromises(ConnectionPool::Lease& db, int64_t customer_id,
                                      core::EpochDay today);

struct ContactComplianceRecord {
  int64_t contact_id = 0;
  int64_t customer_id = 0;
  std::string reply_to;
  bool flagged = false;
  std::string broken_limits;  // "quiet_hours,open_dispute"
  std::string description;
  std::string reason;
  absl::Time contact_time;
};
void InsertContactCompliance(ConnectionPool::Lease& db, const ContactComplianceRecord& record);
// Of the given contacts.
std::vector<ContactComplianceRecord> ContactComplianceOf(ConnectionPool::Lease& db,
                                                         const std::vector<int64_t>& contact_ids);

// A flagged contact with who made it, for the meeting pack.
struct FlaggedContactRow {
  ContactComplianceRecord compliance;
  std::string customer_name;
  int64_t owner_user_id = 0;
  int64_t user_id = 0;
  std::string actor_role;
  std::string channel;
  std::string outcome;
};
// Flagged contacts in [from, to), oldest first; `owner_user_id` scopes to one owner's customers.
std::vector<FlaggedContactRow> ListFlaggedContacts(ConnectionPool::Lease& db, absl::Time from,
                                                   absl::Time to,
                                                   std::optional<int64_t> owner_user_id,
                                                   std::optional<int64_t> customer_id, int limit);

// For the email sender: puts a claimed email back to pending until `until`, without counting the
// attempt, noting why. False when the claim was lost.
bool HoldClaimedEmail(ConnectionPool::Lease& db, int64_t id, const std::string& owner,
                      absl::Time until, const std::string& note, absl::Time now);

// The audit events of resources ("customers/7/contacts", "workItems/5", "outboxMessages/9"),
// oldest first, with who wrote them, what they changed and their links in the hash chain (README
// "A tamper-evident audit trail"): the evidence file's references.
struct AuditReference {
  int64_t id = 0;
  std::string resource;
  absl::Time event_time;
  int64_t actor_user_id = 0;
  std::string actor_role;
  std::string method;
  std::string request_id;
  std::string before_json;
  std::string after_json;
  std::optional<core::EpochDay> chain_day;
  int64_t chain_shard = 0;
  int64_t chain_seq = 0;
  std::string chain_hash;
};
std::vector<AuditReference> AuditReferencesOf(ConnectionPool::Lease& db,
                                              const std::vector<std::string>& resources);

}  // namespace huikuan::store

#endif  // HUIKUAN_SERVER_STORE_COMPLIANCE_STORE_H_
