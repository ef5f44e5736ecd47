// Promises to pay and their invoices (migrations 0223-0224). Same conventions as ledger_store.h:
// inside the caller's RunInTransaction, prepared statements only, SQL errors throw; writers hold
// the customer's row lock (ledger_store.h's locking order).
#ifndef HUIKUAN_SERVER_STORE_PROMISE_STORE_H_
#define HUIKUAN_SERVER_STORE_PROMISE_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/core/civil_date.h"
#include "server/core/money.h"
#include "server/core/promise.h"
#include "server/store/connection_pool.h"
#include "server/store/linked_invoices.h"
#include "server/store/lock_mode.h"

namespace huikuan::store {

using PromiseInvoice = LinkedInvoice;  // open: when the promise was made

struct PromiseRecord {
  int64_t id = 0;
  int64_t customer_id = 0;
  int64_t owner_user_id = 0;  // read only (joined from customers), for row scoping
  core::PromiseTerms terms;
  core::PromiseStatus status = core::PromiseStatus::kOpen;
  core::Fen paid = 0;
  std::optional<core::EpochDay> decided_day;
  std::optional<int64_t> work_item_id;
  std::string note;
  int64_t created_by = 0;
  absl::Time create_time;
  absl::Time update_time;
  int64_t version = 1;
  std::vector<PromiseInvoice> invoices;
};

// Inserts the promise and its invoices; sets id and version.
void InsertPromise(ConnectionPool::Lease& db, PromiseRecord& promise);
// NOT_FOUND when absent; with its invoices. Lock::kForUpdate locks the promise row.
absl::StatusOr<PromiseRecord> GetPromise(ConnectionPool::Lease& db, int64_t id, Lock lock);

struct PromiseFilter {
  std::optional<int64_t> customer_id;
  std::optional<int64_t> owner_user_id;
  std::optional<core::PromiseStatus> status;
};
// Matching promises with id > after_id in id order, at most `limit`, with their invoices.
std::vector<PromiseRecord> ListPromises(ConnectionPool::Lease& db, const PromiseFilter& filter,
                                        int64_t after_id, int limit);

// The promises a day's run judges: made on or before `as_of`, still open or decided on or after
// it (a replayed day sees them again), with their invoices, in id order. Read without locks (no
// customer row lock is held here): the verdict is written with a version check.
std::vector<PromiseRecord> PromisesToEvaluate(ConnectionPool::Lease& db, core::EpochDay as_of);

// The promises touching these invoices made on or before `as_of`, with their invoices.
std::vector<PromiseRecord> PromisesOfInvoices(ConnectionPool::Lease& db,
                                              const std::vector<int64_t>& invoice_ids,
                                              core::EpochDay as_of);

// Writes status, paid, decided_day and update_time if the stored version is still
// promise.version (ABORTED otherwise); bumps it.
absl::Status UpdatePromiseStatus(ConnectionPool::Lease& db, PromiseRecord& promise);

}  // namespace huikuan::store

#endif  // HUIKUAN_SERVER_STORE_PROMISE_STORE_H_
