// Work items that issue 9's arrangements create through CreateWorkItems (work_items.h): a broken
// promise's follow-up, a plan's instalment reminders and its default, a limitation reminder. What
// they share: the customer's owner and department (sales steps go to the owner), its credit grade
// for the documented priority (core::WorkItemPriority) and one way to fill in a draft.
#ifndef HUIKUAN_SERVER_OPS_ARRANGEMENT_ITEMS_H_
#define HUIKUAN_SERVER_OPS_ARRANGEMENT_ITEMS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "server/core/civil_date.h"
#include "server/core/department.h"
#include "server/core/money.h"
#include "server/core/scorecard.h"
#include "server/core/work_item.h"
#include "server/store/connection_pool.h"
#include "server/store/work_item_store.h"

namespace huikuan::ops {

struct ItemCustomer {
  int64_t id = 0;
  int64_t owner_user_id = 0;
  core::Department owner_department = core::Department::kSales;
  core::CreditGrade grade = core::CreditGrade::kC;  // no assessment yet: weighted as C
};
// The customers in `ids` (absent ones are left out).
absl::flat_hash_map<int64_t, ItemCustomer> LoadItemCustomers(store::ConnectionPool::Lease& db,
                                                             const std::vector<int64_t>& ids);

struct ItemDraft {
  std::string source_key;
  core::WorkItemKind kind = core::WorkItemKind::kManual;
  core::Department department = core::Department::kFinance;
  bool assign_to_owner = false;  // else the department's queue
  std::string step;
  core::Channel channel = core::Channel::kPhone;
  std::string title;
  std::string body;
  core::EpochDay due_day = 0;
  core::Fen amount = 0;
  int32_t days_from_due = 0;  // of the oldest invoice, for the priority
  std::vector<store::WorkItemInvoice> invoices;
};
store::WorkItemRecord MakeWorkItem(const ItemCustomer& customer, const ItemDraft& draft);

}  // namespace huikuan::ops

#endif  // HUIKUAN_SERVER_OPS_ARRANGEMENT_ITEMS_H_
