// The rows the reports' ledger cache (ops/ledger_cache.h) reads: the invoices and customers
// changed at or after a time (every ledger and customer write sets update_time; the indexes of
// migrations 0400/0401 make this read only the changed rows, and 0600 lets the invoices' index
// cover all the cache keeps), the settlements of invoices, and the database's clock. Same
// conventions as ledger_store.h.
#ifndef HUIKUAN_SERVER_STORE_REPORT_CACHE_STORE_H_
#define HUIKUAN_SERVER_STORE_REPORT_CACHE_STORE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "server/core/civil_date.h"
#include "server/core/money.h"
#include "server/store/connection_pool.h"
#include "server/store/report_store.h"

namespace huikuan::store {

struct ChangedInvoice {
  int64_t id = 0;
  int64_t customer_id = 0;
  core::EpochDay invoice_day = 0;
  core::EpochDay due_day = 0;
  core::Fen amount = 0;
  core::Fen open = 0;   // invoices.open_fen: 0 once paid, written off or settled
  int64_t version = 0;  // every write of the row increments it
};
// Invoices with update_time >= since (absl::InfinitePast(): all of them), in no set order.
std::vector<ChangedInvoice> ListInvoicesChangedSince(ConnectionPool::Lease& db, absl::Time since);

// Every settlement by the rules of ListReportSettlements (report_store.h) but up to no day: live
// allocations summed per invoice and received day, approved write-offs, approved goods-for-debt
// settlements; of every invoice, or of the invoices named. A settlement reaches an invoice only
// through a write of the invoice's row (ledger_store.h), so an invoice read in a transaction and
// its settlements read in the same one are its whole history.
std::vector<ReportSettlement> ListAllSettlements(ConnectionPool::Lease& db);
std::vector<ReportSettlement> ListSettlementsOfInvoices(ConnectionPool::Lease& db,
                                                        const std::vector<int64_t>& invoice_ids);

struct ChangedCustomer {
  int64_t id = 0;
  std::string name;
  int64_t owner_user_id = 0;
  std::string tier;
  std::string industry;
  int64_t version = 0;  // not incremented by SetCustomerCredit (ledger_store.h): it stamps only
  absl::Time update_time;
};
std::vector<ChangedCustomer> ListCustomersChangedSince(ConnectionPool::Lease& db, absl::Time since);

struct ReportUser {
  int64_t id = 0;
  std::string name;
  std::string department;
};
// Every user (staff: a few hundred at most), for the owners' names and departments.
std::vector<ReportUser> ListCustomerOwners(ConnectionPool::Lease& db);

}  // namespace huikuan::store

#endif  // HUIKUAN_SERVER_STORE_REPORT_CACHE_STORE_H_
