// Work items, their invoices, and the contacts (evidence) with customers (issue 9). Same
// conventions as ledger_store.h: inside the caller's RunInTransaction, prepared statements only,
// SQL errors throw. Work items are written without the customer row lock: they do not move money.
#ifndef HUIKUAN_SERVER_STORE_WORK_ITEM_STORE_H_
#define HUIKUAN_SERVER_STORE_WORK_ITEM_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/core/civil_date.h"
#include "server/core/department.h"
#include "server/core/money.h"
#include "server/core/work_item.h"
#include "server/store/connection_pool.h"
#include "server/store/linked_invoices.h"
#include "server/store/lock_mode.h"

namespace huikuan::store {

using WorkItemInvoice = LinkedInvoice;  // open: when the item was created

struct WorkItemRecord {
  int64_t id = 0;
  std::string source_key;  // unique: what created it ("dunning:6:lawyer_letter:2026-12-01")
  core::WorkItemKind kind = core::WorkItemKind::kManual;
  int64_t customer_id = 0;
  int64_t owner_user_id = 0;          // read only (joined from customers), for row scoping
  std::string customer_display_name;  // read only (joined)
  core::Department department = core::Department::kSales;
  std::optional<int64_t> assignee_user_id;  // none: the department's queue
  std::string step;                         // a ladder step's action, "limitation_90", ...
  std::string channel;                      // core::ChannelName, or empty
  std::string title;
  core::EpochDay due_day = 0;
  core::EpochDay created_day = 0;
  core::Fen amount = 0;
  int64_t priority = 0;
  std::optional<int32_t> overdue_permille;  // core::WorkItemPriority's likelihood
  core::WorkItemStatus status = core::WorkItemStatus::kOpen;
  std::optional<core::EpochDay> snoozed_until;
  bool escalated = false;
  std::string language = "zh-CN";
  std::string message_subject;
  std::string message_body;
  std::optional<core::ContactOutcome> outcome;
  std::string note;
  std::optional<int64_t> done_by;
  std::optional<absl::Time> done_time;
  absl::Time create_time;
  absl::Time update_time;
  int64_t version = 1;
  std::vector<WorkItemInvoice> invoices;  // read by GetWorkItem and ListWorkItems
};

// Inserts the items whose source_key is not taken yet (with their invoices) and sets their ids;
// items whose key exists keep id 0. Returns how many were inserted. A concurrent writer of the
// same key makes the insert fail on the unique key (ALREADY_EXISTS through the transaction): the
// caller's retry then finds it taken.
int64_t InsertWorkItems(ConnectionPool::Lease& db, std::vector<WorkItemRecord>& items);

// NOT_FOUND when absent; with its invoices.
absl::StatusOr<WorkItemRecord> GetWorkItem(ConnectionPool::Lease& db, int64_t id, Lock lock);

struct WorkItemFilter {
  std::optional<core::WorkItemStatus> status;
  std::optional<core::Department> department;
  std::optional<int64_t> assignee_user_id;
  bool queue_only = false;  // items without an assignee
  // A head's own list: items assigned to the head, and its department's escalated items.
  struct HeadList {
    int64_t user_id = 0;
    core::Department department = core::Department::kSales;
  };
  std::optional<HeadList> mine_as_head;
  std::optional<int64_t> customer_id;
  std::optional<int64_t> owner_user_id;  // items of customers this user owns (row scope)
  std::optional<bool> escalated;
  std::optional<core::WorkItemKind> kind;
  std::optional<std::string> step;
  std::optional<core::EpochDay> due_from;
  std::optional<core::EpochDay> due_to;
  std::optional<core::Fen> amount_min;
  std::optional<core::Fen> amount_max;
};
// The position after which a page starts, in the list's order (priority, then id, descending).
struct WorkItemCursor {
  int64_t priority = 0;
  int64_t id = 0;
};
// Matching items in order of priority, then id, both descending, after `after` (none: from the
// top), at most `limit`, with their invoices.
std::vector<WorkItemRecord> ListWorkItems(ConnectionPool::Lease& db, const WorkItemFilter& filter,
                                          std::optional<WorkItemCursor> after, int limit);

// Writes status, assignee, snooze, escalation, outcome, note, done_by/time and update_time if the
// stored version is still item.version (ABORTED otherwise); bumps it.
absl::Status UpdateWorkItem(ConnectionPool::Lease& db, WorkItemRecord& item);

// The open items not escalated yet whose due day (or snooze) is before `as_of`, locked.
std::vector<int64_t> LockItemsToEscalate(ConnectionPool::Lease& db, core::EpochDay as_of);
void MarkEscalated(ConnectionPool::Lease& db, const std::vector<int64_t>& ids, absl::Time now);

struct ContactRecord {
  int64_t id = 0;
  int64_t customer_id = 0;
  std::optional<int64_t> work_item_id;
  std::optional<int64_t> outbox_message_id;
  std::string channel;
  int64_t user_id = 0;  // 0: the system
  std::string actor_role;
  absl::Time contact_time;
  core::ContactOutcome outcome = core::ContactOutcome::kReached;
  std::string content;
  std::string note;
};
// Sets the id of a single contact inserted alone (AppendContact); rows inserted together keep 0.
void InsertContacts(ConnectionPool::Lease& db, std::vector<ContactRecord>& contacts);
// A customer's contacts, newest first, with id < before_id (0: from the newest), at most `limit`.
std::vector<ContactRecord> ListContacts(ConnectionPool::Lease& db, int64_t customer_id,
                                        int64_t before_id, int limit);

}  // namespace huikuan::store

#endif  // HUIKUAN_SERVER_STORE_WORK_ITEM_STORE_H_
