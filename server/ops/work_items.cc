#include "server/ops/work_items.h"

#include "absl/strings/str_cat.h"
#include "server/core/resource_name.h"
#include "server/core/status_macros.h"
#include "server/core/text_fields.h"
#include "server/core/violations.h"
#include "server/ops/audit_images.h"
#include "server/ops/row_scope.h"
#include "server/store/identity_store.h"

namespace huikuan::ops {
namespace {

// The department a caller belongs to, as the core names collection departments (admin and
// customer users have none).
std::optional<core::Department> CallerDepartment(const Caller& caller) {
  if (caller.is_system() || caller.department == Department::kAdmin ||
      caller.department == Department::kCustomer) {
    return std::nullopt;
  }
  return static_cast<core::Department>(caller.department);
}

// The item locked, when the caller may see its customer and, if it names one, it is still at the
// version the caller read (ABORTED otherwise).
absl::StatusOr<store::WorkItemRecord> LockVisibleItem(WriteScope& write, int64_t id,
                                                      absl::string_view name,
                                                      std::optional<int64_t> expected_version) {
  absl::StatusOr<store::WorkItemRecord> item =
      store::GetWorkItem(write.db, id, store::Lock::kForUpdate);
  if (absl::IsNotFound(item.status()) ||
      (item.ok() && !CanSeeCustomer(write.caller, item->customer_id, item->owner_user_id))) {
    return core::NotFoundError(name);
  }
  if (item.ok() && expected_version && item->version != *expected_version) {
    return absl::AbortedError(absl::StrCat(name, " was changed since it was read (etag \"",
                                           item->version, "\" now): read it again"));
  }
  return item;
}

// Stores a change of a locked item and audits it.
absl::StatusOr<store::WorkItemRecord> Save(WriteScope& write, absl::string_view name,
                                           const store::WorkItemRecord& before,
                                           store::WorkItemRecord item) {
  item.update_time = write.now;
  HK_RETURN_IF_ERROR(store::UpdateWorkItem(write.db, item));
  write.audit.Record(name, WorkItemImage(before), WorkItemImage(item));
  return item;
}

}  // namespace

std::string WorkItemName(int64_t id) { return core::FormatResourceName("workItems", id); }

store::ContactRecord AppendContact(WriteScope& write, store::ContactRecord contact) {
  contact.user_id = write.caller.user_id;
  contact.actor_role = write.caller.role();
  contact.contact_time = write.now;
  std::vector<store::ContactRecord> rows = {std::move(contact)};
  store::InsertContacts(write.db, rows);
  write.audit.Record(
      absl::StrCat(core::FormatResourceName("customers", rows[0].customer_id), "/contacts"),
      core::Json(), ContactImage(rows[0]));
  return std::move(rows[0]);
}

absl::StatusOr<std::vector<store::WorkItemRecord>> CreateWorkItems(
    WriteScope& write, std::vector<store::WorkItemRecord> drafts) {
  for (store::WorkItemRecord& draft : drafts) {
    draft.created_day = write.today;
    draft.create_time = draft.update_time = write.now;
    draft.status = core::WorkItemStatus::kOpen;
  }
  store::InsertWorkItems(write.db, drafts);
  std::vector<store::WorkItemRecord> created;
  for (store::WorkItemRecord& item : drafts) {
    if (item.id == 0) continue;
    write.audit.Record(WorkItemName(item.id), core::Json(), WorkItemImage(item));
    created.push_back(std::move(item));
  }
  return created;
}

absl::StatusOr<std::vector<store::WorkItemRecord>> ListWorkItems(
    ReadScope& read, const WorklistQuery& query, std::optional<store::WorkItemCursor> after,
    int limit) {
  store::WorkItemFilter filter;
  filter.status = query.status;
  filter.kind = query.kind;
  filter.step = query.step;
  filter.due_from = query.due_from;
  filter.due_to = query.due_to;
  filter.amount_min = query.amount_min;
  filter.amount_max = query.amount_max;
  filter.escalated = query.escalated;
  const std::optional<core::Department> own = CallerDepartment(read.caller);
  switch (query.view) {
    case WorklistView::kMine:
      if (own && read.caller.level == Level::kHead) {
        filter.mine_as_head = store::WorkItemFilter::HeadList{read.caller.user_id, *own};
      } else {
        filter.assignee_user_id = read.caller.user_id;
      }
      break;
    case WorklistView::kDepartment: {
      const bool any_department = read.caller.is_admin() || read.caller.is_system() ||
                                  read.caller.department == Department::kManagement;
      if (query.department && own != query.department && !any_department) {
        return core::FieldViolation("department", "only your own department's list");
      }
      filter.department = query.department ? query.department : own;
      if (!filter.department) return core::FieldViolation("department", "is required");
      break;
    }
    case WorklistView::kCustomer:
      if (!query.customer_id) return core::FieldViolation("customer", "is required");
      break;
  }
  const ListScope scope = ScopeList(read.caller, query.customer_id);
  if (scope.nothing) return std::vector<store::WorkItemRecord>();
  filter.customer_id = scope.customer_id;
  filter.owner_user_id = scope.owner_user_id;
  return store::ListWorkItems(read.db, filter, after, limit);
}

absl::StatusOr<store::WorkItemRecord> GetWorkItem(ReadScope& read, int64_t id,
                                                  absl::string_view name) {
  absl::StatusOr<store::WorkItemRecord> item = store::GetWorkItem(read.db, id, store::Lock::kNone);
  if (absl::IsNotFound(item.status()) ||
      (item.ok() && !CanSeeCustomer(read.caller, item->customer_id, item->owner_user_id))) {
    return core::NotFoundError(name);
  }
  return item;
}

absl::StatusOr<store::WorkItemRecord> CompleteWorkItem(WriteScope& write, int64_t id,
                                                       absl::string_view name,
                                                       core::ContactOutcome outcome,
                                                       const std::string& note,
                                                       std::optional<int64_t> expected_version,
                                                       const ContactCompliance& compliance) {
  HK_RETURN_IF_ERROR(core::CheckPersonOutcome(outcome, note));
  HK_ASSIGN_OR_RETURN(store::WorkItemRecord item,
                      LockVisibleItem(write, id, name, expected_version));
  const store::WorkItemRecord before = item;
  HK_RETURN_IF_ERROR(core::CompleteWorkItem(item.status, name));
  HK_ASSIGN_OR_RETURN(
      const core::ManualContactCheck check,
      CheckContactLimits(write, item.customer_id, compliance, core::ManualContactKind::kPersonal));
  item.outcome = outcome;
  item.note = note;
  item.done_by = write.caller.user_id;
  item.done_time = write.now;
  store::ContactRecord contact;
  contact.customer_id = item.customer_id;
  contact.work_item_id = item.id;
  contact.channel = item.channel;
  contact.outcome = outcome;
  contact.content = item.message_body.empty() ? item.title : item.message_body;
  contact.note = note;
  const store::ContactRecord appended = AppendContact(write, std::move(contact));
  RecordContactCompliance(write, appended, check, compliance);
  return Save(write, name, before, std::move(item));
}

absl::StatusOr<store::WorkItemRecord> ReassignWorkItem(WriteScope& write, int64_t id,
                                                       absl::string_view name,
                                                       std::optional<int64_t> assignee_user_id,
                                                       std::optional<int64_t> expected_version) {
  HK_ASSIGN_OR_RETURN(store::WorkItemRecord item,
                      LockVisibleItem(write, id, name, expected_version));
  const store::WorkItemRecord before = item;
  HK_RETURN_IF_ERROR(core::CheckOpen(item.status, name));
  if (assignee_user_id) {
    absl::StatusOr<store::UserRecord> user = store::GetUser(write.db, *assignee_user_id);
    if (!user.ok() || user->department != core::DepartmentName(item.department)) {
      return core::FieldViolation(
          "assignee", absl::StrCat("must be a user of the ", core::DepartmentName(item.department),
                                   " department"));
    }
  }
  item.assignee_user_id = assignee_user_id;
  return Save(write, name, before, std::move(item));
}

absl::StatusOr<store::WorkItemRecord> SnoozeWorkItem(WriteScope& write, int64_t id,
                                                     absl::string_view name, core::EpochDay until,
                                                     const std::string& reason,
                                                     std::optional<int64_t> expected_version) {
  if (until < write.today) return core::FieldViolation("until", "must not be before today");
  HK_RETURN_IF_ERROR(core::CheckText("reason", reason, core::Presence::kRequired));
  HK_ASSIGN_OR_RETURN(store::WorkItemRecord item,
                      LockVisibleItem(write, id, name, expected_version));
  const store::WorkItemRecord before = item;
  HK_RETURN_IF_ERROR(core::CheckOpen(item.status, name));
  item.snoozed_until = until;
  item.escalated = false;
  item.note = reason;
  return Save(write, name, before, std::move(item));
}

absl::StatusOr<std::vector<int64_t>> EscalateOverdueWorkItems(WriteScope& write) {
  std::vector<int64_t> ids = store::LockItemsToEscalate(write.db, write.today);
  store::MarkEscalated(write.db, ids, write.now);
  for (int64_t id : ids) {
    write.audit.Record(WorkItemName(id), core::Json(),
                       core::Json::Object().Set("escalated", core::Json::Bool(true)));
  }
  return ids;
}

absl::StatusOr<store::ContactRecord> RecordContact(WriteScope& write, int64_t customer_id,
                                                   absl::string_view customer_name,
                                                   const std::string& channel,
                                                   core::ContactOutcome outcome,
                                                   const std::string& content,
                                                   const ContactCompliance& compliance) {
  HK_RETURN_IF_ERROR(core::CheckPersonOutcome(outcome, "-"));
  HK_RETURN_IF_ERROR(core::CheckText("content", content, core::Presence::kRequired));
  HK_RETURN_IF_ERROR(
      GetVisibleCustomer(write.db, write.caller, customer_id, customer_name).status());
  HK_ASSIGN_OR_RETURN(
      const core::ManualContactCheck check,
      CheckContactLimits(write, customer_id, compliance, core::ManualContactKind::kPersonal));
  store::ContactRecord contact;
  contact.customer_id = customer_id;
  contact.channel = channel;
  contact.outcome = outcome;
  contact.content = content;
  store::ContactRecord appended = AppendContact(write, std::move(contact));
  RecordContactCompliance(write, appended, check, compliance);
  return appended;
}

absl::StatusOr<std::vector<store::ContactRecord>> ListContacts(ReadScope& read, int64_t customer_id,
                                                               absl::string_view customer_name,
                                                               int64_t before_id, int limit) {
  HK_RETURN_IF_ERROR(GetVisibleCustomer(read.db, read.caller, customer_id, customer_name).status());
  return store::ListContacts(read.db, customer_id, before_id, limit);
}

}  // namespace huikuan::ops
