// Monthly statements (R-STMT-1); the disputes raised on them are in dispute_store.h. Same
// conventions as ledger_store.h: every function runs inside the caller's RunInTransaction on its
// lease, prepared statements only, SQL errors throw (RunInTransaction maps them). Writers lock the
// customer row first (LockCustomers), then the statement and invoice rows they change: the ledger's
// locking order.
#ifndef HUIKUAN_SERVER_STORE_STATEMENT_STORE_H_
#define HUIKUAN_SERVER_STORE_STATEMENT_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/core/civil_date.h"
#include "server/core/money.h"
#include "server/core/statement.h"
#include "server/store/connection_pool.h"
#include "server/store/lock_mode.h"

namespace huikuan::store {

struct StatementLineRecord {
  int64_t invoice_id = 0;
  std::string invoice_number;
  std::string order_number;
  core::EpochDay invoice_day = 0;
  core::EpochDay due_day = 0;
  core::Fen amount = 0;
  core::Fen open_at_end = 0;
  bool overdue_at_end = false;
  std::string reminder_text;
};

struct StatementRecord {
  int64_t id = 0;
  int64_t customer_id = 0;
  int64_t owner_user_id = 0;  // read only (joined from customers), for row scoping
  std::string month;          // "YYYY-MM"
  int32_t version = 1;
  core::StatementStatus status = core::StatementStatus::kIssued;
  core::Fen opening = 0;
  core::Fen invoiced = 0;
  core::Fen received = 0;
  core::Fen written_off = 0;
  core::Fen settled_in_kind = 0;  // goods for debt (settlement_store.h)
  core::Fen discounted = 0;       // early-payment discounts (discount_offer_store.h, issue 14)
  core::Fen closing = 0;
  core::Fen overdue = 0;
  int64_t created_by = 0;
  absl::Time create_time;
  std::optional<int64_t> confirmed_by;
  bool confirmed_on_behalf = false;
  std::optional<absl::Time> confirm_time;
  std::string dispute_reason;
  std::vector<StatementLineRecord> lines;  // filled by GetStatement only
};

// What core::BuildStatement needs for one customer up to `last_day`: its invoices dated on or
// before it (in id order) and the live allocations of received payments dated on or before it,
// each dated max(payment day, invoice day) (unapplied cash allocated by hand to a later invoice
// settles it no earlier than it exists), the approved write-offs, dated on the day they were
// approved (Asia/Shanghai), and the approved non-cash settlements, dated on their decided_date.
// `invoice_numbers[k]` belongs to `invoices[k]`.
struct StatementSources {
  std::vector<core::StatementInvoice> invoices;
  std::vector<std::string> invoice_numbers;
  std::vector<core::StatementSettlement> settlements;
};
StatementSources LoadStatementSources(ConnectionPool::Lease& db, int64_t customer_id,
                                      core::EpochDay last_day);

// The newest version of the customer's month, 0 when none (read under the customer lock).
int32_t NewestStatementVersion(ConnectionPool::Lease& db, int64_t customer_id,
                               const std::string& month);
// Inserts the statement and its lines; sets id.
void InsertStatement(ConnectionPool::Lease& db, StatementRecord& statement);
// NOT_FOUND when absent. With lines; Lock::kForUpdate locks the statement row.
absl::StatusOr<StatementRecord> GetStatement(ConnectionPool::Lease& db, int64_t id, Lock lock);
// Statements (without lines) with id > after_id, optionally of one customer or of customers one
// user owns, in id order, at most `limit`.
std::vector<StatementRecord> ListStatements(ConnectionPool::Lease& db,
                                            std::optional<int64_t> customer_id,
                                            std::optional<int64_t> owner_user_id, int64_t after_id,
                                            int limit);
// Writes status, confirmed_by, confirmed_on_behalf, confirm_time and dispute_reason.
void UpdateStatementStatus(ConnectionPool::Lease& db, const StatementRecord& statement);

}  // namespace huikuan::store

#endif  // HUIKUAN_SERVER_STORE_STATEMENT_STORE_H_
