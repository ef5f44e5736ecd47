// Collections beyond cash application: bad-debt write-offs (migration 0060), late fees accrued
// per invoice and day and their waivers (0061, 0062). Same conventions as
// ledger_store.h: every function runs inside the caller's RunInTransaction on its lease, prepared
// statements only, SQL errors throw (RunInTransaction maps them). Callers follow the ledger's
// locking order: the customer row first (LockCustomers), then its invoice and write-off rows.
#ifndef HUIKUAN_SERVER_STORE_COLLECTIONS_STORE_H_
#define HUIKUAN_SERVER_STORE_COLLECTIONS_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/core/civil_date.h"
#include "server/core/decision_state.h"
#include "server/core/late_fee.h"
#include "server/core/money.h"
#include "server/store/connection_pool.h"
#include "server/store/ledger_store.h"
#include "server/store/lock_mode.h"

namespace huikuan::store {

// A request that a head decides: a write-off (table write_offs) or a late-fee waiver (table
// late_fee_waivers); both tables have the same columns.
struct WriteOffRecord {
  int64_t id = 0;
  int64_t invoice_id = 0;
  int64_t customer_id = 0;
  core::Fen amount = 0;
  std::string reason;
  core::DecisionStatus status = core::DecisionStatus::kRequested;
  int64_t requested_by = 0;
  std::optional<int64_t> decided_by;
  std::string decision_comment;
  absl::Time create_time;
  absl::Time update_time;
};

using LateFeeWaiverRecord = WriteOffRecord;

// Which table a decision record lives in.
enum class DecisionTable { kWriteOffs, kLateFeeWaivers };

// Inserts and sets the id.
WriteOffRecord InsertWriteOff(ConnectionPool::Lease& db, WriteOffRecord write_off,
                              DecisionTable table = DecisionTable::kWriteOffs);
// NOT_FOUND when absent.
absl::StatusOr<WriteOffRecord> GetWriteOff(ConnectionPool::Lease& db, int64_t id, Lock lock,
                                           DecisionTable table = DecisionTable::kWriteOffs);
// Writes status, decided_by, decision_comment and update_time.
void UpdateWriteOffDecision(ConnectionPool::Lease& db, const WriteOffRecord& write_off,
                            DecisionTable table = DecisionTable::kWriteOffs);

// An invoice that owes late fees for some day not yet accrued, with the last day already accrued.
struct AccrualCandidate {
  int64_t invoice_id = 0;
  int64_t customer_id = 0;
  // Its due day, open amount now, last accrued day and the cash applied (not reversed) that was
  // received after the due date, ascending by day.
  core::LateFeeSchedule schedule;
};

struct LateFeeAccrual {
  int64_t invoice_id = 0;
  int64_t customer_id = 0;
  core::EpochDay day = 0;
  core::Fen base = 0;
  core::Fen fee = 0;
};

// Customers with an invoice that owes late fees for a day before `as_of` not yet accrued: open and
// overdue, or paid (or partly paid) later than the day after its due date and its last accrued
// day (a plain read: the caller locks these customers next).
std::vector<int64_t> CustomersWithOverdueInvoices(ConnectionPool::Lease& db, core::EpochDay as_of);
// Those invoices of `customer_ids` (already locked by the caller), locked FOR UPDATE, with their
// last accrued day (a locking read) and their receipts after the due date, in id order.
std::vector<AccrualCandidate> LockAccrualCandidates(ConnectionPool::Lease& db,
                                                    const std::vector<int64_t>& customer_ids,
                                                    core::EpochDay as_of);
// Inserts with multi-row INSERTs; a day already accrued for an invoice violates the unique key.
void InsertAccruals(ConnectionPool::Lease& db, const std::vector<LateFeeAccrual>& accruals);

struct LateFeeTotals {
  int64_t invoice_id = 0;
  int64_t customer_id = 0;
  core::Fen accrued = 0;
  core::Fen waived = 0;  // approved waivers
  std::optional<core::EpochDay> accrued_through;
  int32_t days_accrued = 0;
};
// The totals of the invoices with id > after_id of one customer or one invoice that have fees or
// waivers, in id order, at most `limit`.
std::vector<LateFeeTotals> ListLateFeeTotals(ConnectionPool::Lease& db,
                                             std::optional<int64_t> customer_id,
                                             std::optional<int64_t> invoice_id, int64_t after_id,
                                             int limit);
// The totals of one invoice by locking reads (the latest committed rows, for write paths that
// hold the customer's row lock).
LateFeeTotals LockedLateFeeTotals(ConnectionPool::Lease& db, int64_t invoice_id,
                                  int64_t customer_id);

}  // namespace huikuan::store

#endif  // HUIKUAN_SERVER_STORE_COLLECTIONS_STORE_H_
