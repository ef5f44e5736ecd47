// Today's open invoices as columns kept in memory, for the aging report at scale (issue 11: p50
// <= 50 ms over 1,000,000 open invoices, measured in `make bench`). Each replica keeps its own;
// every request first brings it up to date from the database inside the request's transaction,
// so it is correct with N replicas writing:
//
//   refresh: note the database's NOW(), read the invoices and customers whose update_time >=
//   the previous refresh's NOW() - lag (the indexes of migrations 0400/0401 make that read only
//   the changed rows), replace their slots; the noted NOW() is the next watermark.
//
// Every write of an invoice's open amount or a customer's owner/tier/industry sets update_time
// (ledger_store.h, customer_store.h, credit_store.h). The lag covers a transaction that stamped
// its rows with the time it started but committed later, and a server clock behind the
// database's: a write transaction longer than `lag` (default 2 minutes; RPC deadlines are 30 s),
// or a clock more than `lag` behind, could be missed until its rows change again. Rows stamped
// ahead of the database's clock are read again until it passes them (more work, never wrong).
// The price of the lag: rows written in the last two minutes are read again by every request.
//
// Thread-safe: Refresh and Collect lock the cache; concurrent requests share one copy.
#ifndef HUIKUAN_SERVER_OPS_OPEN_INVOICE_CACHE_H_
#define HUIKUAN_SERVER_OPS_OPEN_INVOICE_CACHE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "server/core/civil_date.h"
#include "server/core/money.h"
#include "server/store/connection_pool.h"
#include "server/store/report_store.h"

namespace huikuan::ops {

class OpenInvoiceCache {
 public:
  explicit OpenInvoiceCache(absl::Duration lag = absl::Minutes(2)) : lag_(lag) {}

  // Reads what changed since the last refresh (everything the first time).
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
  OpenColumns Collect(std::optional<int64_t> owner_user_id, core::EpochDay today) const
      ABSL_LOCKS_EXCLUDED(mutex_);

  size_t invoice_count() const ABSL_LOCKS_EXCLUDED(mutex_);

 private:
  struct Customer {
    std::string name;
    int64_t owner_user_id = 0;
    std::string tier;
    std::string industry;
  };
  struct Owner {
    std::string name;
    std::string department;
  };

  const absl::Duration lag_;
  mutable absl::Mutex mutex_;
  bool loaded_ ABSL_GUARDED_BY(mutex_) = false;
  absl::Time watermark_ ABSL_GUARDED_BY(mutex_) = absl::InfinitePast();
  // One slot per invoice ever seen; customer_slot_ indexes customers_.
  absl::flat_hash_map<int64_t, uint32_t> invoice_slot_ ABSL_GUARDED_BY(mutex_);
  std::vector<uint32_t> customer_slot_ ABSL_GUARDED_BY(mutex_);
  std::vector<core::EpochDay> invoice_day_ ABSL_GUARDED_BY(mutex_);
  std::vector<core::EpochDay> due_day_ ABSL_GUARDED_BY(mutex_);
  std::vector<core::Fen> open_ ABSL_GUARDED_BY(mutex_);
  absl::flat_hash_map<int64_t, uint32_t> customer_index_ ABSL_GUARDED_BY(mutex_);
  std::vector<int64_t> customer_ids_ ABSL_GUARDED_BY(mutex_);
  std::vector<Customer> customers_ ABSL_GUARDED_BY(mutex_);
  absl::flat_hash_map<int64_t, Owner> owners_ ABSL_GUARDED_BY(mutex_);

  uint32_t CustomerSlot(int64_t customer_id) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);
};

}  // namespace huikuan::ops

#endif  // HUIKUAN_SERVER_OPS_OPEN_INVOICE_CACHE_H_
