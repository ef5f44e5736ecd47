// The ledger as columns kept in memory, for the reports at scale (issue 11, measured in `make
// bench`): every invoice with its whole settlement history and today's open amount, and the
// customers with what reports group by. Two readers:
//   - CollectOpen: today's open invoices, the aging report's fast path (p50 <= 50 ms over
//     1,000,000 open invoices);
//   - CollectLedger: the history up to any day, exactly what LoadReportLedger reads from SQL
//     (report_ledger.h: payments by received date, write-offs by the company day of their
//     approval, goods-for-debt settlements by decided date, a settlement dated before its invoice
//     on the invoice's day), for the KPIs, commission, RFM, the meeting pack and aging as of a
//     past day.
//
// Each replica keeps its own; every request first brings it up to date from the database inside
// the request's transaction, so it is correct with N replicas writing:
//
//   refresh: note the database's NOW(), read the customers and invoices whose update_time >= the
//   previous refresh's NOW() - lag (the indexes of migrations 0400/0401/0600 make that read only
//   the changed rows) and, in the same snapshot, every settlement of those invoices that are new
//   or at a newer version than held; replace their rows and settlement rows; the noted NOW() is
//   the next watermark. The first refresh reads everything (the cold start).
//
// Why re-reading the changed invoices is enough: every write that adds, reverses or decides a
// settlement (an allocation, a reversal, an approved write-off or goods-for-debt settlement) or
// grants or returns an early-payment discount (an honoured offer, a settlement row of its own as
// in store/ledger_as_of.h) also writes the invoice row in the same transaction,
// stamping update_time and incrementing version (ledger_store.h UpdateInvoiceBalance,
// ledger_bulk_store.h UpdateInvoiceBalances: the only two writes of an invoice after its insert);
// a write that changes a customer's owner, tier or industry stamps the customer
// (customer_store.h, ledger_store.h). So an invoice whose history changed is read again, with all
// of its history, from one snapshot.
//
// Why the lag: a writer stamps its rows with the time its transaction started (or the database's
// clock) and commits later; a reader's snapshot is taken a little before its refresh notes NOW().
// A row committed after a refresh's snapshot is still in the next refresh's window as long as
// (the writer's transaction time) + (the reader's time from its snapshot to its refresh) + (how
// far a server's clock is behind the database's) (+ on a cluster, the replication delay to the
// reader's node) < lag. The default 2 minutes covers RPC
// deadlines of 30 s; a longer write transaction, or a clock further behind, could be missed until
// its rows change again. Rows stamped ahead of the database's clock are read again until it
// passes them (more work, never wrong). The price: rows written in the last two minutes are read
// again by every request.
//
// Concurrent requests share one cache and refresh it in any order, a request with an older
// snapshot possibly after one with a newer: an invoice is replaced only by a newer version (every
// write of an invoice increments `version`; one read again at the version held is left as it
// is), a customer by a version at least as new, so the cache never goes back and a request sees
// at least its own snapshot's rows (its own writes included). One exception: SetCustomerCredit
// changes a tier without incrementing the customer's version, so an older snapshot's refresh can
// put the old tier back until a later refresh within the lag reads it again.
//
// Memory: one slot per invoice ever seen, in columns (id, id order, customer slot, days, amount,
// open, version, where its settlement rows are: 56 bytes) plus its settlement rows (invoice slot,
// day, amount, write-off: 17 bytes each; payments summed per invoice and received day as in SQL). A
// changed invoice's old settlement rows are retired and its new ones appended; the arrays are
// compacted once retired rows outnumber live ones (and number at least 65,536). About 100 MB for
// 1,000,000 invoices with 1,250,000 settlement rows (bench/report_bench.cc prints it).
//
// Thread-safe: Refresh and the Collect functions lock the cache; concurrent requests share it.
#ifndef HUIKUAN_SERVER_OPS_LEDGER_CACHE_H_
#define HUIKUAN_SERVER_OPS_LEDGER_CACHE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "server/core/civil_date.h"
#include "server/core/money.h"
#include "server/ops/report_ledger.h"
#include "server/store/connection_pool.h"
#include "server/store/report_store.h"

namespace huikuan::ops {

class LedgerCache {
 public:
  // `compact_after`: how many retired settlement rows start a compaction; 0: as many as there
  // are live rows, and at least 65,536 (a test passes 1 to compact on every change).
  explicit LedgerCache(absl::Duration lag = absl::Minutes(2), size_t compact_after = 0)
      : lag_(lag), compact_after_(compact_after) {}

  // Reads what changed since the last refresh (everything the first time: the cold start).
  void Refresh(store::ConnectionPool::Lease& db) ABSL_LOCKS_EXCLUDED(mutex_);

  // The open invoices issued on or before `today` of the customers owned by `owner_user_id`
  // (none: every customer), one row per invoice with something open, and the customers (as
  // report_store.h gives them) they belong to. Call Refresh first, in the same transaction. Each
  // invoice names its customer by a slot (customer_slot[i] indexes slot_customer_ids), so that a
  // caller maps customers to groups once per customer rather than once per invoice.
  struct OpenColumns {
    std::vector<uint32_t> customer_slot;
    std::vector<int64_t> slot_customer_ids;
    std::vector<core::Fen> open;
    std::vector<core::EpochDay> due_days;
    absl::flat_hash_map<int64_t, store::ReportCustomer> customers;
  };
  OpenColumns CollectOpen(std::optional<int64_t> owner_user_id, core::EpochDay today) const
      ABSL_LOCKS_EXCLUDED(mutex_);

  // What LoadReportLedger(read, scope, last_day) reads from SQL, from memory: the same customers,
  // invoices (in id order) and settlements (in another order; every consumer sums them or sorts
  // them by day). Call Refresh first, in the same transaction.
  ReportLedger CollectLedger(const ReportScope& scope, core::EpochDay last_day) const
      ABSL_LOCKS_EXCLUDED(mutex_);

  struct Size {
    size_t invoices = 0;
    size_t settlement_rows = 0;  // live
    size_t retired_rows = 0;     // replaced, not yet compacted away
    size_t bytes = 0;            // the columns' capacity
  };
  Size size() const ABSL_LOCKS_EXCLUDED(mutex_);

 private:
  struct Customer {
    std::string name;
    int64_t owner_user_id = 0;
    std::string tier;
    std::string industry;
    int64_t version = 0;
  };
  struct Owner {
    std::string name;
    std::string department;
  };
  static constexpr uint32_t kNoSlot = UINT32_MAX;
  static constexpr uint32_t kRetired = UINT32_MAX;  // a settlement row replaced by newer ones

  uint32_t CustomerSlot(int64_t customer_id) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);
  // The invoice's slot, or kNoSlot when it has none yet.
  uint32_t FindInvoiceSlot(int64_t invoice_id) const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);
  void ReserveInvoices(size_t n) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);
  // Rewrites the settlement rows without the retired ones, each invoice's rows together.
  void CompactSettlements() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);
  // Whether each customer slot is in scope, and the scoped customers as reports read them.
  std::vector<uint8_t> ScopeCustomers(std::optional<int64_t> owner_user_id,
                                      absl::flat_hash_map<int64_t, store::ReportCustomer>& out)
      const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);

  const absl::Duration lag_;
  const size_t compact_after_;
  mutable absl::Mutex mutex_;
  bool loaded_ ABSL_GUARDED_BY(mutex_) = false;
  absl::Time watermark_ ABSL_GUARDED_BY(mutex_) = absl::InfinitePast();

  // Invoices: one slot each, never removed; by_id_ lists the slots in id order.
  std::vector<int64_t> invoice_id_ ABSL_GUARDED_BY(mutex_);
  std::vector<uint32_t> by_id_ ABSL_GUARDED_BY(mutex_);
  std::vector<uint32_t> customer_slot_ ABSL_GUARDED_BY(mutex_);
  std::vector<core::EpochDay> invoice_day_ ABSL_GUARDED_BY(mutex_);
  std::vector<core::EpochDay> due_day_ ABSL_GUARDED_BY(mutex_);
  std::vector<core::Fen> amount_ ABSL_GUARDED_BY(mutex_);
  std::vector<core::Fen> open_ ABSL_GUARDED_BY(mutex_);
  std::vector<int64_t> version_ ABSL_GUARDED_BY(mutex_);
  // The invoice's settlement rows: [first_settlement_, first_settlement_ + settlement_count_).
  std::vector<uint32_t> first_settlement_ ABSL_GUARDED_BY(mutex_);
  std::vector<uint32_t> settlement_count_ ABSL_GUARDED_BY(mutex_);

  // Settlement rows. day: the received date (payments), the company day of the approval
  // (write-offs), the decided date (goods for debt); not yet moved to the invoice's day.
  std::vector<uint32_t> settlement_slot_ ABSL_GUARDED_BY(mutex_);  // kRetired: replaced
  std::vector<core::EpochDay> settlement_day_ ABSL_GUARDED_BY(mutex_);
  std::vector<core::Fen> settlement_amount_ ABSL_GUARDED_BY(mutex_);
  std::vector<uint8_t> settlement_is_write_off_ ABSL_GUARDED_BY(mutex_);
  size_t retired_ ABSL_GUARDED_BY(mutex_) = 0;

  absl::flat_hash_map<int64_t, uint32_t> customer_index_ ABSL_GUARDED_BY(mutex_);
  std::vector<int64_t> customer_ids_ ABSL_GUARDED_BY(mutex_);
  std::vector<Customer> customers_ ABSL_GUARDED_BY(mutex_);
  absl::flat_hash_map<int64_t, Owner> owners_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace huikuan::ops

#endif  // HUIKUAN_SERVER_OPS_LEDGER_CACHE_H_
