// Bulk writes of payments, allocations and invoice balances for loading ledger history (the demo
// data): cash application has already been done by the caller with core::ApplyPayment on rows it
// holds in memory, so these only persist the result, with multi-row prepared statements of up to
// kInsertChunk rows (~100x fewer round trips than one statement per row). Same conventions as
// ledger_store.h: inside the caller's RunInTransaction, SQL errors throw. They take no locks
// beyond the rows they write: the caller must own the customers' ledgers (hold their customer
// rows locked, or be the only writer, as the demo loader on an empty database is).
#ifndef HUIKUAN_SERVER_STORE_LEDGER_BULK_STORE_H_
#define HUIKUAN_SERVER_STORE_LEDGER_BULK_STORE_H_

#include <vector>

#include "absl/time/time.h"
#include "server/store/connection_pool.h"
#include "server/store/ledger_store.h"

namespace huikuan::store {

// Inserts the payments (status, unapplied, times as given, version 1) and sets their ids. Relies,
// as InsertInvoices does, on InnoDB giving one multi-row INSERT consecutive AUTO_INCREMENT ids:
// throws an SQLException (INTERNAL) up front when innodb_autoinc_lock_mode is 2, where that does
// not hold.
void InsertPayments(ConnectionPool::Lease& db, std::vector<PaymentRecord>& payments);

// Inserts the allocations (payment_id and invoice_id set, not reversed), created at `now`.
void InsertAllocations(ConnectionPool::Lease& db, const std::vector<AllocationRecord>& allocations,
                       absl::Time now);

// Writes open_fen and status of every invoice in `invoices` (by id), update_time = `now`, and
// bumps each version by one. Other fields are ignored.
void UpdateInvoiceBalances(ConnectionPool::Lease& db, const std::vector<InvoiceRecord>& invoices,
                           absl::Time now);

}  // namespace huikuan::store

#endif  // HUIKUAN_SERVER_STORE_LEDGER_BULK_STORE_H_
