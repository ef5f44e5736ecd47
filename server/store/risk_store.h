// Risk signals, each customer's warning level and the history of its changes (issue 10,
// migrations 0300-0302), and the ledger figures the daily risk run judges, as of a day. Same
// conventions as ledger_store.h: inside the caller's transaction, prepared statements only, SQL
// errors throw.
#ifndef HUIKUAN_SERVER_STORE_RISK_STORE_H_
#define HUIKUAN_SERVER_STORE_RISK_STORE_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "server/core/civil_date.h"
#include "server/core/money.h"
#include "server/core/order_credit.h"
#include "server/core/risk_level.h"
#include "server/core/risk_signal.h"
#include "server/store/connection_pool.h"
#include "server/store/lock_mode.h"

namespace huikuan::store {

struct RiskSignalRecord {
  int64_t id = 0;
  int64_t customer_id = 0;
  int64_t owner_user_id = 0;  // read only (joined), for row scoping
  core::RiskSignal signal;
  core::WarningLevel level = core::WarningLevel::kGreen;  // what it set when recorded
  std::optional<int64_t> created_by;                      // none: an import by the system
  absl::Time create_time;
};

// The signal with this (source, reference), if any.
std::optional<RiskSignalRecord> FindRiskSignal(ConnectionPool::Lease& db, const std::string& source,
                                               const std::string& reference);
// Sets the id. A concurrent insert of the same (source, reference) fails on the unique key
// (ALREADY_EXISTS through the transaction; a retry finds it).
void InsertRiskSignal(ConnectionPool::Lease& db, RiskSignalRecord& record);
// The customer's signals dated on or after `since` (all when none), newest first, at most `limit`.
std::vector<RiskSignalRecord> ListRiskSignals(ConnectionPool::Lease& db, int64_t customer_id,
                                              std::optional<core::EpochDay> since, int limit);
// Every customer's signals dated since..as_of, by customer then day.
std::vector<RiskSignalRecord> ListSignalsBetween(ConnectionPool::Lease& db, core::EpochDay since,
                                                 core::EpochDay as_of);
// Customers whose stored level is not green.
std::vector<int64_t> ListNonGreenCustomers(ConnectionPool::Lease& db);

// The figures a level was set from (customer_risks' columns).
struct RiskFigures {
  std::optional<double> dso_days;
  std::optional<double> industry_dso_days;
  core::Fen balance = 0;
  core::Fen overdue = 0;
  core::Fen over30 = 0;
  core::Fen credit_limit = 0;
  core::Fen orders_recent = 0;  // invoiced in the last 90 days
  core::Fen orders_prior = 0;   // in the 90 days before
  int32_t broken_promises = 0;
};

struct CustomerRiskRecord {
  int64_t customer_id = 0;
  core::WarningLevel level = core::WarningLevel::kGreen;
  std::vector<core::RiskReason> reasons;
  core::EpochDay as_of_day = 0;
  RiskFigures figures;
  absl::Time level_since;
  absl::Time update_time;
  // Read only (joined from customers and users) for lists.
  std::string display_name;
  int64_t owner_user_id = 0;
  std::string owner_username;
};

std::optional<CustomerRiskRecord> GetCustomerRisk(ConnectionPool::Lease& db, int64_t customer_id,
                                                  Lock lock);
void UpsertCustomerRisk(ConnectionPool::Lease& db, const CustomerRiskRecord& record);
// The daily run's set-based forms: the stored rows of `customer_ids` (those that have one), and
// every record written with multi-row statements.
std::vector<CustomerRiskRecord> GetCustomerRisks(ConnectionPool::Lease& db,
                                                 const std::vector<int64_t>& customer_ids,
                                                 Lock lock);
void UpsertCustomerRisks(ConnectionPool::Lease& db, const std::vector<CustomerRiskRecord>& records);

struct CustomerRiskFilter {
  std::optional<core::WarningLevel> level;
  std::optional<int64_t> owner_user_id;
  std::optional<std::string> owner_department;  // the owner's department ("sales", ...)
};
// Customers with a stored level, highest level then largest overdue first, after the cursor
// (level, overdue, customer id), at most `limit`.
struct CustomerRiskCursor {
  core::WarningLevel level = core::WarningLevel::kRed;
  core::Fen overdue = 0;
  int64_t customer_id = 0;
};
std::vector<CustomerRiskRecord> ListCustomerRisks(ConnectionPool::Lease& db,
                                                  const CustomerRiskFilter& filter,
                                                  std::optional<CustomerRiskCursor> after,
                                                  int limit);

// Customers, balance and overdue per level over the filter (levels without customers left out).
struct LevelTotals {
  core::WarningLevel level = core::WarningLevel::kGreen;
  int64_t customers = 0;
  core::Fen balance = 0;
  core::Fen overdue = 0;
};
std::vector<LevelTotals> SumCustomerRisks(ConnectionPool::Lease& db,
                                          const CustomerRiskFilter& filter);

struct RiskChangeRecord {
  int64_t id = 0;
  std::string source_key;
  int64_t customer_id = 0;
  core::WarningLevel from = core::WarningLevel::kGreen;
  core::WarningLevel to = core::WarningLevel::kGreen;
  core::EpochDay as_of_day = 0;
  std::vector<core::RiskReason> reasons;
  std::optional<int64_t> signal_id;
  absl::Time trigger_time;
  std::optional<int64_t> notice_message_id;
  std::optional<absl::Time> notice_time;
  std::optional<absl::Time> notice_sent_time;  // read only: the outbox message's sent time
  absl::Time create_time;
};
// Inserts unless source_key is taken; sets the id and returns true when inserted.
bool InsertRiskChange(ConnectionPool::Lease& db, RiskChangeRecord& record);
void SetRiskChangeNotice(ConnectionPool::Lease& db, int64_t change_id, int64_t message_id,
                         absl::Time notice_time);
// Newest first, at most `limit`.
std::vector<RiskChangeRecord> ListRiskChanges(ConnectionPool::Lease& db, int64_t customer_id,
                                              int limit);

// The level each customer had at the end of `day` from the history of changes: per customer its
// newest change (by as_of_date, then id) on or before the day, when that change's level is not
// green, with its reasons; restricted to one owner's customers when given. A customer without a
// change by then was green.
struct RiskLevelAt {
  int64_t customer_id = 0;
  std::string display_name;
  core::WarningLevel level = core::WarningLevel::kGreen;
  std::vector<core::RiskReason> reasons;
  core::EpochDay as_of_day = 0;  // the day of the change that set it
};
std::vector<RiskLevelAt> ListRiskLevelsAt(ConnectionPool::Lease& db, core::EpochDay day,
                                          std::optional<int64_t> owner_user_id);
// Whether levels were known by the end of `day`: the risk run had succeeded for a day on or before
// it, or a level change (a run's or a signal's) was recorded as of such a day.
bool RiskLevelsKnownBy(ConnectionPool::Lease& db, core::EpochDay day);

// The ledger of one customer (or of every customer with open receivables or invoices in the last
// 360 days) as of `as_of`: open amounts as of the day are today's open amounts plus what payments
// received after the day paid (write-offs and settlements are taken as of now).
inline constexpr int kSalesBuckets = 12;  // 30-day buckets counted back from the day
struct CustomerLedgerFacts {
  int64_t customer_id = 0;
  int64_t owner_user_id = 0;
  std::string industry;
  core::Fen credit_limit = 0;
  core::CreditStatus credit_status = core::CreditStatus::kActive;
  core::Fen balance = 0;
  core::Fen overdue = 0;
  core::Fen over30 = 0;
  int32_t oldest_overdue_days = 0;
  std::array<core::Fen, kSalesBuckets> sales = {};  // bucket k: (as_of - 30(k+1), as_of - 30k]
  int32_t broken_promises = 0;                      // decided broken in the window
  int32_t open_disputes = 0;                        // invoices disputed now
};
// `customer_id`: that customer only (always returned, with zeros when its ledger is empty);
// `also`: customers to return even without a ledger (signals, a level to lower).
std::vector<CustomerLedgerFacts> LoadLedgerFacts(ConnectionPool::Lease& db, core::EpochDay as_of,
                                                 std::optional<int64_t> customer_id,
                                                 int32_t broken_promise_window_days,
                                                 const std::vector<int64_t>& also = {});

// R-WARN-3 (salesperson): each owner's receivables as of `as_of` (open amounts as LoadLedgerFacts
// computes them, of the customers the owner owns now), all owners or the one given.
struct OwnerOverdue {
  int64_t owner_user_id = 0;
  core::Fen balance = 0;
  core::Fen overdue = 0;
};
std::vector<OwnerOverdue> SumOverdueByOwner(ConnectionPool::Lease& db, core::EpochDay as_of,
                                            std::optional<int64_t> owner_user_id);

// The warnings' backtest (ops/risk_backtest.h): each customer's first default day up to `to`, the
// earliest due_date + days_overdue + 1 of an invoice still open now, written off, or whose last
// payment was received after that day.
struct CustomerDefault {
  int64_t customer_id = 0;
  core::EpochDay default_day = 0;
};
std::vector<CustomerDefault> LoadDefaultDays(ConnectionPool::Lease& db, int32_t days_overdue,
                                             core::EpochDay to);

// Whom a level change is told to: the user `owner_user_id` and the heads of `departments`
// ("finance", ...), each once, by id.
struct StaffContact {
  int64_t user_id = 0;
  std::string username;
  std::string email;  // empty: none
  std::string department;
  std::string level;
};
std::vector<StaffContact> ListNoticeRecipients(ConnectionPool::Lease& db, int64_t owner_user_id,
                                               const std::vector<std::string>& departments);

}  // namespace huikuan::store

#endif  // HUIKUAN_SERVER_STORE_RISK_STORE_H_
