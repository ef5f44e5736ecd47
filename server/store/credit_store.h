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
#include "server/core/money.h"
#include "server/store/connection_pool.h"

namespace huikuan::store {

struct CreditApplicationRecord {
  int64_t id = 0;
  int64_t customer_id = 0;
  core::Fen requested_limit = 0;
  int32_t requested_term_days = 0;
  std::string status = "submitted";             // "submitted", "approved", "rejected", "withdrawn"
  std::string pre_review_json;                  // huikuan.v1.CustomerAssessment as JSON
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
  std::string decision;  // "approve" or "reject"
  std::string comment;
  absl::Time decide_time;
};

struct CreditApplicationFilter {
  std::optional<int64_t> customer_id;
  // Applications of customers this user owns (sales staff scoping).
  std::optional<int64_t> owner_user_id;
  std::optional<std::string> status;
};

// The credit columns of a customer (migrations 0020-0022).
struct CustomerCreditRecord {
  int64_t customer_id = 0;
  int64_t owner_user_id = 0;
  core::Fen credit_limit = 0;
  std::string credit_status;  // "active", "on_hold", "in_litigation"
  std::string tier;           // core::TierName
};

struct CreditHoldRecord {
  int64_t customer_id = 0;
  std::string action;         // "place" or "release"
  std::string credit_status;  // after the action
  std::string reason;
  int64_t user_id = 0;
  absl::Time create_time;
};

CreditApplicationRecord InsertCreditApplication(ConnectionPool::Lease& db,
                                                CreditApplicationRecord application);
// NOT_FOUND when absent. `for_update` locks the row until the transaction ends.
absl::StatusOr<CreditApplicationRecord> GetCreditApplication(ConnectionPool::Lease& db, int64_t id,
                                                             bool for_update);
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
// passes `for_update`: a locking read sees the latest committed decisions rather than the
// transaction's REPEATABLE READ snapshot (taken before it waited for the application's lock).
std::vector<CreditApprovalRecord> ListCreditApprovals(ConnectionPool::Lease& db,
                                                      int64_t application_id, bool for_update);

// The decisions on every application that ListCreditApplications(filter, after_id, ...) returns
// with an id up to `last_id` (one page), in the order they were made: one query per page.
std::vector<CreditApprovalRecord> ListCreditApprovalsForPage(ConnectionPool::Lease& db,
                                                             const CreditApplicationFilter& filter,
                                                             int64_t after_id, int64_t last_id);

// NOT_FOUND when absent.
absl::StatusOr<CustomerCreditRecord> GetCustomerCredit(ConnectionPool::Lease& db,
                                                       int64_t customer_id, bool for_update);
// Set the limit / the status, bumping the customer's version (its etag) and update_time.
void SetCreditLimit(ConnectionPool::Lease& db, int64_t customer_id, core::Fen limit,
                    absl::Time now);
void SetCreditStatus(ConnectionPool::Lease& db, int64_t customer_id, const std::string& status,
                     absl::Time now);
void InsertCreditHold(ConnectionPool::Lease& db, const CreditHoldRecord& hold);
// The customer's hold history, newest first, at most `limit`.
std::vector<CreditHoldRecord> ListCreditHolds(ConnectionPool::Lease& db, int64_t customer_id,
                                              int limit);

}  // namespace huikuan::store

#endif  // HUIKUAN_SERVER_STORE_CREDIT_STORE_H_
