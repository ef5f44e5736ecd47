#include "server/ops/compliance_pack.h"

#include <algorithm>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "server/core/audit_change.h"
#include "server/core/resource_name.h"
#include "server/core/status_macros.h"
#include "server/ops/clock.h"
#include "server/ops/row_scope.h"
#include "server/reports/evidence_pdf.h"
#include "server/store/identity_store.h"
#include "server/store/work_item_store.h"

namespace huikuan::ops {
namespace {

constexpr int kContactPage = 500;

std::string CompanyTime(absl::Time time, const char* format = "%Y-%m-%d %H:%M") {
  return absl::FormatTime(format, time, CompanyTimeZone());
}

// The work item and outbox message a contact belongs to.
std::vector<std::string> RelatedResources(const store::ContactRecord& contact) {
  std::vector<std::string> related;
  if (contact.work_item_id) {
    related.push_back(core::FormatResourceName("workItems", *contact.work_item_id));
  }
  if (contact.outbox_message_id) {
    related.push_back(core::FormatResourceName("outboxMessages", *contact.outbox_message_id));
  }
  return related;
}

// Users by id, read once each.
class UserNames {
 public:
  explicit UserNames(store::ConnectionPool::Lease& db) : db_(db) {}
  std::string Of(int64_t user_id, const std::string& role) {
    if (user_id == 0) return absl::StrCat("system (", role, ")");
    auto found = names_.find(user_id);
    if (found == names_.end()) {
      absl::StatusOr<store::UserRecord> user = store::GetUser(db_, user_id);
      std::string name = user.ok()
                             ? (user->display_name.empty() ? user->username : user->display_name)
                             : absl::StrCat("users/", user_id);
      found = names_.emplace(user_id, std::move(name)).first;
    }
    return absl::StrCat(found->second, " (", role, ", users/", user_id, ")");
  }

 private:
  store::ConnectionPool::Lease& db_;
  absl::flat_hash_map<int64_t, std::string> names_;
};

// An audit event's place in the hash chain, each part on a line of its own so that the hash is
// never broken across lines.
std::vector<std::string> ChainLines(const store::AuditReference& event) {
  std::vector<std::string> lines = {
      absl::StrCat("audit event ", event.id, " · ", event.method, " · request ", event.request_id)};
  if (event.chain_day) {
    lines.push_back(absl::StrCat("chain ", core::FormatDate(*event.chain_day), "/",
                                 event.chain_shard, " link ", event.chain_seq));
    lines.push_back(absl::StrCat("sha256 ", event.chain_hash));
  } else {
    lines.push_back("(written before the hash chains: not provable)");
  }
  return lines;
}

}  // namespace

std::vector<store::FlaggedContactRow> ListFlaggedContacts(ReadScope& read,
                                                          const core::Period& period,
                                                          std::optional<int64_t> customer_id) {
  const ListScope scope = ScopeList(read.caller, customer_id);
  if (scope.nothing) return {};
  return store::ListFlaggedContacts(read.db, StartOfCompanyDay(period.first_day),
                                    StartOfCompanyDay(period.last_day + 1), scope.owner_user_id,
                                    scope.customer_id, kMaxFlaggedContacts);
}

void AddFlaggedContacts(ReadScope& read, const ReportScope& scope, const core::Period& period,
                        reports::MeetingPack& pack) {
  if (scope.nothing) return;
  UserNames users(read.db);
  for (const store::FlaggedContactRow& row : store::ListFlaggedContacts(
           read.db, StartOfCompanyDay(period.first_day), StartOfCompanyDay(period.last_day + 1),
           scope.owner_user_id, std::nullopt, kMaxFlaggedContacts)) {
    reports::FlaggedContact flagged;
    flagged.customer_id = row.compliance.customer_id;
    flagged.customer_name = row.customer_name;
    flagged.when = CompanyTime(row.compliance.contact_time);
    flagged.who = users.Of(row.user_id, row.actor_role);
    flagged.channel = row.channel;
    flagged.limits = row.compliance.description;
    flagged.reason = row.compliance.reason;
    pack.flagged_contacts.push_back(std::move(flagged));
  }
}

absl::StatusOr<EvidenceExport> ExportContactEvidence(ReadScope& read, int64_t customer_id,
                                                     absl::string_view customer_name,
                                                     const std::string& company) {
  HK_ASSIGN_OR_RETURN(store::CustomerRecord customer,
                      GetVisibleCustomer(read.db, read.caller, customer_id, customer_name));
  // Every contact, newest first from the store; the file lists them oldest first.
  std::vector<store::ContactRecord> contacts;
  int64_t before = 0;
  while (true) {
    std::vector<store::ContactRecord> page =
        store::ListContacts(read.db, customer_id, before, kContactPage);
    for (store::ContactRecord& contact : page) {
      before = contact.id;
      contacts.push_back(std::move(contact));
    }
    if (page.size() < kContactPage) break;
  }
  std::reverse(contacts.begin(), contacts.end());
  std::vector<int64_t> ids;
  for (const store::ContactRecord& contact : contacts) ids.push_back(contact.id);
  absl::flat_hash_map<int64_t, store::ContactComplianceRecord> verdicts;
  for (store::ContactComplianceRecord& record : store::ContactComplianceOf(read.db, ids)) {
    verdicts.emplace(record.contact_id, std::move(record));
  }
  const std::string customer_resource = core::FormatResourceName("customers", customer_id);
  // A contact's audit event is the one on customers/N/contacts written in the same instant (an
  // operation's events share its clock reading); its work item's and outbox message's events are
  // all of theirs.
  std::vector<std::string> resources = {absl::StrCat(customer_resource, "/contacts")};
  absl::flat_hash_map<std::string, std::vector<const store::AuditReference*>> by_resource;
  for (const store::ContactRecord& contact : contacts) {
    for (const std::string& related : RelatedResources(contact)) {
      if (by_resource.try_emplace(related).second) resources.push_back(related);
    }
  }
  const std::vector<store::AuditReference> events = store::AuditReferencesOf(read.db, resources);
  for (const store::AuditReference& event : events) by_resource[event.resource].push_back(&event);
  const std::vector<const store::AuditReference*> contact_events = by_resource[resources[0]];

  UserNames users(read.db);
  reports::EvidenceFile file;
  file.company = company;
  file.customer = customer_resource;
  file.customer_name = customer.display_name;
  file.generated = absl::StrCat(CompanyTime(read.now, "%Y-%m-%d %H:%M:%S"), " (Asia/Shanghai) by ",
                                users.Of(read.caller.user_id, read.caller.role()));
  for (const store::ContactRecord& contact : contacts) {
    reports::EvidenceContact out;
    out.name = absl::StrCat(customer_resource, "/contacts/", contact.id);
    out.when =
        absl::StrCat(CompanyTime(contact.contact_time, "%Y-%m-%d %H:%M:%S"), " (Asia/Shanghai)");
    out.who = users.Of(contact.user_id, contact.actor_role);
    out.channel = contact.channel;
    out.outcome = std::string(core::ContactOutcomeName(contact.outcome));
    out.content = contact.content;
    out.note = contact.note;
    const std::vector<std::string> related = RelatedResources(contact);
    out.related = absl::StrJoin(related, ", ");
    if (auto verdict = verdicts.find(contact.id); verdict != verdicts.end()) {
      const store::ContactComplianceRecord& v = verdict->second;
      out.compliance = v.flagged ? absl::StrCat("outside the contact limits (", v.description,
                                                "); reason given: ", v.reason)
                                 : absl::StrCat("reply to ", v.reply_to);
    }
    for (const store::AuditReference* event : contact_events) {
      if (event->event_time != contact.contact_time) continue;
      for (std::string& line : ChainLines(*event)) out.audit.push_back(std::move(line));
    }
    if (out.audit.empty()) out.audit.push_back("audit event: none found");
    std::vector<const store::AuditReference*> trail;
    for (const std::string& resource : related) {
      const auto& of = by_resource[resource];
      trail.insert(trail.end(), of.begin(), of.end());
    }
    std::sort(trail.begin(), trail.end(),
              [](const store::AuditReference* a, const store::AuditReference* b) {
                return a->id < b->id;
              });
    for (const store::AuditReference* event : trail) {
      reports::EvidenceEvent line;
      line.summary =
          absl::StrCat(event->resource, " · ", CompanyTime(event->event_time, "%Y-%m-%d %H:%M:%S"),
                       " · ", users.Of(event->actor_user_id, event->actor_role), " · ",
                       core::DescribeAuditChange(event->before_json, event->after_json));
      line.reference = ChainLines(*event);
      out.related_events.push_back(std::move(line));
    }
    file.contacts.push_back(std::move(out));
  }
  HK_ASSIGN_OR_RETURN(std::string pdf, reports::RenderEvidencePdf(file));
  EvidenceExport result;
  result.filename = absl::StrCat("huikuan-evidence-customers-", customer_id, "-",
                                 core::FormatDate(read.today), ".pdf");
  result.content = std::move(pdf);
  result.contacts = static_cast<int32_t>(file.contacts.size());
  return result;
}

}  // namespace huikuan::ops
