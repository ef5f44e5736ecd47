// Payment plans, their invoices, instalments and approvals (migrations 0225-0228). Same
// conventions as ledger_store.h: inside the caller's RunInTransaction, prepared statements only,
// SQL errors throw; writers hold the customer's row lock first, then the plan's row.
#ifndef HUIKUAN_SERVER_STORE_PAYMENT_PLAN_STORE_H_
#define HUIKUAN_SERVER_STORE_PAYMENT_PLAN_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/core/civil_date.h"
#include "server/core/money.h"
#include "server/core/payment_plan.h"
#include "server/store/connection_pool.h"
#include "server/store/linked_invoices.h"
#include "server/store/lock_mode.h"

namespace huikuan::store {

using PlanInvoice = LinkedInvoice;  // open: when the plan was requested

struct PlanApprovalRecord {
  int64_t id = 0;
  int64_t plan_id = 0;
  std::string approver_role;  // a core::ApproverRoleName
  int64_t approver_user_id = 0;
  bool approve = false;
  std::string comment;
  absl::Time decide_time;
};

struct PaymentPlanRecord {
  int64_t id = 0;
  int64_t customer_id = 0;
  int64_t owner_user_id = 0;  // read only (joined from customers), for row scoping
  core::Fen total = 0;
  core::PlanStatus status = core::PlanStatus::kRequested;
  int32_t grace_days = core::kDefaultInstalmentGraceDays;
  std::string collateral;
  std::string guarantee;
  std::string reason;
  std::vector<std::string> required_approvers;  // core::ApproverRoleName
  std::optional<core::EpochDay> start_day;      // approved (active from)
  std::optional<core::EpochDay> end_day;        // completed or defaulted
  std::optional<int32_t> missed_instalment;     // index into instalments when defaulted
  int64_t requested_by = 0;
  absl::Time create_time;
  absl::Time update_time;
  int64_t version = 1;
  std::vector<PlanInvoice> invoices;
  std::vector<core::Instalment> instalments;  // in due order
  std::vector<PlanApprovalRecord> approvals;
};

// Inserts the plan with its invoices and instalments; sets id and version.
void InsertPaymentPlan(ConnectionPool::Lease& db, PaymentPlanRecord& plan);
// NOT_FOUND when absent; with invoices, instalments and approvals. Lock::kForUpdate locks the
// plan's row and its approvals.
absl::StatusOr<PaymentPlanRecord> GetPaymentPlan(ConnectionPool::Lease& db, int64_t id, Lock lock);

struct PaymentPlanFilter {
  std::optional<int64_t> customer_id;
  std::optional<int64_t> owner_user_id;
  std::optional<core::PlanStatus> status;
};
// Matching plans with id > after_id in id order, at most `limit`, with their children.
std::vector<PaymentPlanRecord> ListPaymentPlans(ConnectionPool::Lease& db,
                                                const PaymentPlanFilter& filter, int64_t after_id,
                                                int limit);

// The plans a day's run evaluates: approved on or before `as_of` and still active or ended on or
// after it (a replayed day sees them again), with their children, in id order. Read without
// locks (no customer row lock is held here): a status change is written with a version check.
std::vector<PaymentPlanRecord> PlansToEvaluate(ConnectionPool::Lease& db, core::EpochDay as_of);

// The plans touching these invoices approved on or before `as_of`, with their children.
std::vector<PaymentPlanRecord> PlansOfInvoices(ConnectionPool::Lease& db,
                                               const std::vector<int64_t>& invoice_ids,
                                               core::EpochDay as_of);

// The invoices of `invoice_ids` already in a requested or active plan.
std::vector<int64_t> InvoicesInOpenPlans(ConnectionPool::Lease& db,
                                         const std::vector<int64_t>& invoice_ids);

void InsertPlanApproval(ConnectionPool::Lease& db, PlanApprovalRecord& approval);
// Writes status, start/end day, missed instalment and update_time if the stored version is still
// plan.version (ABORTED otherwise); bumps it.
absl::Status UpdatePaymentPlanStatus(ConnectionPool::Lease& db, PaymentPlanRecord& plan);

}  // namespace huikuan::store

#endif  // HUIKUAN_SERVER_STORE_PAYMENT_PLAN_STORE_H_
