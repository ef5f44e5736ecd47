// The receivables ledger: invoices, payments and payment allocations. Same conventions as
// customer_store.h: every function runs inside the caller's RunInTransaction on its lease,
// prepared statements only, SQL errors throw (RunInTransaction maps them).
//
// Locking protocol (where money moves): every write to a customer's invoices or payments first
// locks that customer's row (LockCustomers, in ascending id order when there are several), then
// the invoice/payment rows it changes. Writers of one customer are therefore serialised on the
// customer row and never deadlock on each other's invoice rows; reads that feed a decision (credit
// exposure, open invoices) are locking reads, so they see the latest committed state rather than
// the transaction's REPEATABLE READ snapshot.
#ifndef HUIKUAN_SERVER_STORE_LEDGER_STORE_H_
#define HUIKUAN_SERVER_STORE_LEDGER_STORE_H_

#include <cppconn/resultset.h>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/core/civil_date.h"
#include "server/core/invoice_state.h"
#include "server/core/money.h"
#include "server/core/order_credit.h"
#include "server/core/payment_state.h"
#include "server/core/terms.h"
#include "server/core/tiering.h"
#include "server/store/connection_pool.h"
#include "server/store/lock_mode.h"
#include "server/store/term_policy_store.h"

namespace huikuan::store {

class Params;

// The ledger's view of a customer (columns added by migrations 0020-0022).
struct LedgerCustomer {
  int64_t id = 0;
  int64_t owner_user_id = 0;
  core::Fen credit_limit = 0;  // 0: no credit
  core::CreditStatus credit_status = core::CreditStatus::kActive;
  core::Tier tier = core::Tier::kPotential;
};

// Reads a row of "SELECT id, owner_user_id, credit_limit_fen, credit_status, tier FROM customers".
LedgerCustomer ReadLedgerCustomer(sql::ResultSet& rows);

// Per-customer figures for the credit check and the new-customer ladder.
struct InvoiceStats {
  int32_t invoice_count = 0;  // every invoice the customer ever had (its prior orders)
  // Open credit exposure: sum over open and disputed invoices of min(open_fen, amount_fen -
  // prepaid_fen). Payments settle the prepaid part first, so what is still open beyond the
  // credit part is unpaid prepayment, which the credit limit does not cover.
  core::Fen credit_exposure = 0;
};

struct InvoiceRecord {
  int64_t id = 0;
  int64_t customer_id = 0;
  std::string order_number;
  std::string invoice_number;
  core::Fen amount = 0;
  core::Fen prepaid = 0;
  int64_t prepayment_bp = 0;
  core::EpochDay invoice_day = 0;
  core::EpochDay due_day = 0;
  int32_t credit_days = 0;
  core::InvoiceBalance balance;  // status, open, written off (core/invoice_state.h)
  // How the terms came about; read only by the functions that say so (the widest column).
  std::optional<core::TermsBreakdown> terms;
  absl::Time create_time;
  absl::Time update_time;
  int64_t version = 1;
};

struct InvoiceFilter {
  std::optional<int64_t> customer_id;
  std::optional<int64_t> owner_user_id;  // invoices of customers this user owns
  std::optional<core::InvoiceStatus> status;
  std::optional<core::EpochDay> overdue_as_of;  // open or disputed, open_fen > 0, due < as_of
  std::optional<core::EpochDay> due_from;       // inclusive
  std::optional<core::EpochDay> due_to;         // inclusive
};

struct PaymentRecord {
  int64_t id = 0;
  int64_t customer_id = 0;
  core::Fen amount = 0;
  std::string reference;
  core::EpochDay received_day = 0;
  core::PaymentBalance balance;  // status, unapplied (core/payment_state.h)
  std::string reversal_reason;
  absl::Time create_time;
  absl::Time update_time;
  int64_t version = 1;
};

struct AllocationRecord {
  int64_t id = 0;
  int64_t payment_id = 0;
  int64_t invoice_id = 0;
  std::string invoice_number;  // read only (joined from invoices)
  core::Fen amount = 0;
  core::AllocationRule rule = core::AllocationRule::kManual;
  bool reversed = false;
};

// The insert columns of payments and of payment allocations and how a record fills them: the one
// list that the single-row inserts here and the bulk inserts (ledger_bulk_store.h) share.
extern const char kPaymentInsertColumns[];
inline constexpr int kPaymentInsertColumnCount = 9;
void BindPaymentInsert(Params& params, const PaymentRecord& payment);
extern const char kAllocationInsertColumns[];
inline constexpr int kAllocationInsertColumnCount = 5;
void BindAllocationInsert(Params& params, const AllocationRecord& allocation,
                          absl::Time create_time);

// Sets the ledger columns of one customer (demo data and tests; the credit workflow owns them).
void SetCustomerCredit(ConnectionPool::Lease& db, int64_t customer_id, core::Fen credit_limit,
                       core::CreditStatus credit_status, core::Tier tier);

// Locks the rows of the customers in `ids` (any order, duplicates allowed) FOR UPDATE, in
// ascending id order, and returns those that exist, keyed by id.
absl::flat_hash_map<int64_t, LedgerCustomer> LockCustomers(ConnectionPool::Lease& db,
                                                           std::vector<int64_t> ids);
// What the terms and the credit check of a customer's new orders need from its ledger.
struct CustomerOrderFacts {
  InvoiceStats stats;
  OrderTermsFacts last_month;  // of [month_start, month_end], the month before the orders'
};
// The figures of the customers in `ids` (distinct) in one locking read per 100 customers;
// customers without invoices are absent.
absl::flat_hash_map<int64_t, CustomerOrderFacts> GetCustomerOrderFacts(
    ConnectionPool::Lease& db, const std::vector<int64_t>& ids, core::EpochDay month_start,
    core::EpochDay month_end);
// The (customer_id, order_number) pairs of `keys` that already have an invoice.
std::vector<std::pair<int64_t, std::string>> ExistingOrderNumbers(
    ConnectionPool::Lease& db, const std::vector<std::pair<int64_t, std::string>>& keys);
// The invoice numbers of `numbers` that are already taken.
std::vector<std::string> ExistingInvoiceNumbers(ConnectionPool::Lease& db,
                                                const std::vector<std::string>& numbers);

// The ids of the invoices with these numbers (absent numbers are left out).
absl::flat_hash_map<std::string, int64_t> InvoiceIdsByNumber(
    ConnectionPool::Lease& db, const std::vector<std::string>& numbers);

// Inserts every invoice with multi-row INSERT statements of up to kInsertChunk rows and sets
// their ids (version 1). ALREADY_EXISTS when an order or invoice number is taken: then nothing of
// this call stays written (it runs under a savepoint, rolled back), the transaction goes on and
// the caller may look the culprit up with ExistingOrderNumbers / ExistingInvoiceNumbers. Relies on
// InnoDB giving one multi-row INSERT consecutive AUTO_INCREMENT ids (innodb_autoinc_lock_mode 0 or
// 1, MariaDB's default is 1): INTERNAL is thrown as an SQLException when a chunk's ids turn out not
// to be consecutive (mode 2), never wrong ids.
inline constexpr size_t kInsertChunk = 500;
absl::Status InsertInvoices(ConnectionPool::Lease& db, std::vector<InvoiceRecord>& invoices);

// NOT_FOUND when absent; with its terms breakdown.
absl::StatusOr<InvoiceRecord> GetInvoice(ConnectionPool::Lease& db, int64_t id, Lock lock);
// Invoices with id > after_id matching `filter`, in id order, at most `limit`; without terms.
std::vector<InvoiceRecord> ListInvoices(ConnectionPool::Lease& db, const InvoiceFilter& filter,
                                        int64_t after_id, int limit);
// The customer's invoices in status "open" with open_fen > 0, locked FOR UPDATE, in id order,
// without terms_json (cash application does not need it; it is the widest column).
std::vector<InvoiceRecord> LockOpenInvoices(ConnectionPool::Lease& db, int64_t customer_id);
// LockCustomers({customer_id}) and then LockOpenInvoices(customer_id) in one statement (one
// round trip, the same locks in the same order: the customer's row first); nullopt when the
// customer does not exist. The same statement also locks the accepted discount offers of those
// invoices and says whether there are any: a payment locks and reads them in full
// (LockAcceptedOffers) only then.
struct CustomerOpenInvoices {
  LedgerCustomer customer;
  std::vector<InvoiceRecord> open;
  bool open_invoices_have_accepted_offers = false;
};
std::optional<CustomerOpenInvoices> LockCustomerAndOpenInvoices(ConnectionPool::Lease& db,
                                                                int64_t customer_id);
// Writes the balance (status, open_fen, written_off_fen, settled_fen) and update_time; bumps the
// version.
void UpdateInvoiceBalance(ConnectionPool::Lease& db, InvoiceRecord& invoice);

PaymentRecord InsertPayment(ConnectionPool::Lease& db, PaymentRecord payment);
// NOT_FOUND when absent.
absl::StatusOr<PaymentRecord> GetPayment(ConnectionPool::Lease& db, int64_t id, Lock lock);
// Writes the balance (status, unapplied_fen), reversal_reason and update_time; bumps the version.
void UpdatePayment(ConnectionPool::Lease& db, PaymentRecord& payment);
AllocationRecord InsertAllocation(ConnectionPool::Lease& db, AllocationRecord allocation,
                                  absl::Time now);
// The payment's allocations in id order, reversed ones included, with invoice numbers.
// kLocking: a locking (shared) read that sees the latest committed rows, for write paths.
std::vector<AllocationRecord> ListAllocations(ConnectionPool::Lease& db, int64_t payment_id,
                                              Read read);
// Marks the payment's live allocations reversed.
void MarkAllocationsReversed(ConnectionPool::Lease& db, int64_t payment_id, absl::Time now);

// The ledger invariants as one query (README "Ledger invariants"): it returns one row (a text
// column `violation`) per violation and no row when the ledger is consistent.
extern const char kLedgerInvariantsSql[];
std::vector<std::string> CheckLedgerInvariants(ConnectionPool::Lease& db);

}  // namespace huikuan::store

#endif  // HUIKUAN_SERVER_STORE_LEDGER_STORE_H_
