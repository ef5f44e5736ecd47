// Credit applications, their approvals, and the customer's credit (limit, status, hold history).
// Same conventions as customer_store.h: every function runs inside the caller's RunInTransaction
// on its lease, prepared statements only, SQL errors throw (RunInTransaction maps them).
//
// Locking protocol (the ledger's, ledger_store.h): a write that changes a customer's credit locks
// the customer row first (GetCustomerCredit with for_update), then the application row.
#ifndef HUIKUAN_SERVER_STORE_CREDIT_STORE_H_
#define HUIKUAN_SERVER_STORE_CREDIT_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/core/approval_chain.h"
#include "server/core/assessment.h"
#include "server/core/money.h"
#include "server/core/order_credit.h"
#include "server/store/connection_pool.h"
#include "server/store/ledger_store.h"
#include "server/store/lock_mode.h"

namespace huikuan::store {

struct CreditApplicationRecord {
  int64_t id = 0;
  int64_t customer_id = 0;
  core::Fen requested_limit = 0;
  int32_t requested_term_days = 0;
  core::ApplicationStatus status = core::ApplicationStatus::kSubmitted;
  // The model's pre-review when it was submitted (at create_time).
  core::CustomerAssessment pre_review;
  std::vector<std::string> required_approvers;  // role names, e.g. "finance_head"
  std::string comment;
  int64_t created_by = 0;
  absl::Time create_time;
  absl::Time update_time;
  std::optional<absl::Time> decide_time;
  int64_t version = 1;
};

struct CreditApprovalRecord {
  int64_t application_id = 0;
  int64_t approver_user_id = 0;
  std::string approver_role;
  bool approve = false;
  std::string comment;
  absl::Time decide_time;
};

struct CreditApplicationFilter {
  std::optional<int64_t> customer_id;
  // Applications of customers this user owns (sales staff scoping).
  std::optional<int64_t> owner_user_id;
  std::optional<core::ApplicationStatus> status;
};

struct CreditHoldRecord {
  int64_t customer_id = 0;
  bool placed = true;                                              // placed, or released
  core::CreditStatus credit_status = core::CreditStatus::kActive;  // after the action
  std::string reason;
  int64_t user_id = 0;
  absl::Time create_time;
};

CreditApplicationRecord InsertCreditApplication(ConnectionPool::Lease& db,
                                                CreditApplicationRecord application);
// NOT_FOUND when absent.
absl::StatusOr<CreditApplicationRecord> GetCreditApplication(ConnectionPool::Lease& db, int64_t id,
                                                             Lock lock);
// Applications with id > after_id in id order, at most `limit`.
std::vector<CreditApplicationRecord> ListCreditApplications(ConnectionPool::Lease& db,
                                                            const CreditApplicationFilter& filter,
                                                            int64_t after_id, int limit);
// Writes status, update_time and decide_time and bumps the version, only if the stored version is
// still application.version; ABORTED otherwise. Returns the record as stored.
absl::StatusOr<CreditApplicationRecord> UpdateCreditApplicationStatus(
    ConnectionPool::Lease& db, CreditApplicationRecord application);

// ALREADY_EXISTS (from the unique key) when the role has decided already.
void InsertCreditApproval(ConnectionPool::Lease& db, const CreditApprovalRecord& approval);
// The decisions on an application in the order they were made. A writer that decides on them
// passes Lock::kForUpdate: a locking read sees the latest committed decisions rather than the
// transaction's REPEATABLE READ snapshot (taken before it waited for the application's lock).
std::vector<CreditApprovalRecord> ListCreditApprovals(ConnectionPool::Lease& db,
                                                      int64_t application_id, Lock lock);

// The decisions on every application that ListCreditApplications(filter, after_id, ...) returns
// with an id up to `last_id` (one page), in the order they were made: one query per page.
std::vector<CreditApprovalRecord> ListCreditApprovalsForPage(ConnectionPool::Lease& db,
                                                             const CreditApplicationFilter& filter,
                                                             int64_t after_id, int64_t last_id);

// The credit columns of a customer (migrations 0020-0022); NOT_FOUND when absent.
absl::StatusOr<LedgerCustomer> GetCustomerCredit(ConnectionPool::Lease& db, int64_t customer_id,
                                                 Lock lock);
// Set the limit / the status, bumping the customer's version (its etag) and update_time.
void SetCreditLimit(ConnectionPool::Lease& db, int64_t customer_id, core::Fen limit,
                    absl::Time now);
void SetCreditStatus(ConnectionPool::Lease& db, int64_t customer_id, core::CreditStatus status,
                     absl::Time now);
void InsertCreditHold(ConnectionPool::Lease& db, const CreditHoldRecord& hold);
// The customer's hold history, newest first, at most `limit`.
std::vector<CreditHoldRecord> ListCreditHolds(ConnectionPool::Lease& db, int64_t customer_id,
                                              int limit);

}  // namespace huikuan::store

#endif  // HUIKUAN_SERVER_STORE_CREDIT_STORE_H_
