#include "server/ops/arrangement_items.h"

#include "server/ops/caller.h"
#include "server/store/customer_store.h"
#include "server/store/identity_store.h"

namespace huikuan::ops {

absl::flat_hash_map<int64_t, ItemCustomer> LoadItemCustomers(store::ConnectionPool::Lease& db,
                                                             const std::vector<int64_t>& ids) {
  absl::flat_hash_map<int64_t, ItemCustomer> customers;
  absl::flat_hash_map<int64_t, core::Department> departments;
  for (int64_t id : ids) {
    if (customers.contains(id)) continue;
    absl::StatusOr<store::CustomerRecord> record = store::GetCustomer(db, id, store::Lock::kNone);
    if (!record.ok()) continue;
    ItemCustomer customer;
    customer.id = id;
    customer.owner_user_id = record->owner_user_id;
    if (record->assessment) customer.grade = record->assessment->grade;
    auto known = departments.find(record->owner_user_id);
    if (known == departments.end()) {
      core::Department department = core::Department::kSales;
      if (absl::StatusOr<store::UserRecord> owner = store::GetUser(db, record->owner_user_id);
          owner.ok()) {
        std::optional<Department> parsed = ParseDepartmentKey(owner->department);
        // The first five departments are the core's; admin or customer users own nothing.
        if (parsed && static_cast<int>(*parsed) <= static_cast<int>(Department::kManagement)) {
          department = static_cast<core::Department>(*parsed);
        }
      }
      known = departments.emplace(record->owner_user_id, department).first;
    }
    customer.owner_department = known->second;
    customers.emplace(id, customer);
  }
  return customers;
}

store::WorkItemRecord MakeWorkItem(const ItemCustomer& customer, const ItemDraft& draft) {
  store::WorkItemRecord item;
  item.source_key = draft.source_key;
  item.kind = draft.kind;
  item.customer_id = customer.id;
  item.department = draft.department;
  if (draft.assign_to_owner) item.assignee_user_id = customer.owner_user_id;
  item.step = draft.step;
  item.channel = std::string(core::ChannelName(draft.channel));
  item.title = draft.title;
  item.due_day = draft.due_day;
  item.amount = draft.amount;
  item.priority = core::WorkItemPriority(draft.amount, draft.days_from_due, customer.grade,
                                         /*overdue_permille=*/std::nullopt);
  item.message_body = draft.body;
  item.invoices = draft.invoices;
  return item;
}

}  // namespace huikuan::ops
