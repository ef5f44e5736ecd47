// Payment plans (R-PAY-1, seed 000's 分期付款 + 抵押担保): finance restructures a customer's open
// invoices into instalments that sum exactly to their open amount (core::SplitInstalments or an
// explicit schedule, core::CheckSchedule), with collateral and guarantee notes; the finance head
// approves, and above the credit authority bands a management head too (core::PlanApprovers with
// the server's approval chain). Approved, the plan is active: the invoices' own ladder pauses
// (core/collection_hold.h) and the daily run (EvaluatePaymentPlans, job `payment_plans`) drives
// collection by the instalments: a reminder for the owner 7 days before each one is due, an item
// for finance on its due day while it is not covered, and on a miss (past due + grace) the plan
// defaults: finance gets an item and the invoices' collection resumes at the escalated step.
#ifndef HUIKUAN_SERVER_OPS_PAYMENT_PLANS_H_
#define HUIKUAN_SERVER_OPS_PAYMENT_PLANS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/core/approval_chain.h"
#include "server/core/payment_plan.h"
#include "server/ops/scopes.h"
#include "server/store/payment_plan_store.h"
#include "server/store/work_item_store.h"

namespace huikuan::ops {

std::string PaymentPlanName(int64_t id);  // "paymentPlans/7"

inline constexpr absl::string_view kInvoiceInPlan = "INVOICE_IN_PLAN";
inline constexpr absl::string_view kPlanStale = "PLAN_STALE";

// How the instalments come about: an explicit schedule, or the core's even split.
struct InstalmentSplit {
  int32_t count = 0;
  core::EpochDay first_due = 0;
  int32_t interval_months = 1;
};
struct PaymentPlanDraft {
  int64_t customer_id = 0;
  std::vector<int64_t> invoice_ids;           // open invoices of the customer, not in another plan
  std::vector<core::Instalment> instalments;  // explicit; empty: `split`
  InstalmentSplit split;
  int32_t grace_days = core::kDefaultInstalmentGraceDays;
  std::string collateral;
  std::string guarantee;
  std::string reason;
};

// The plan of the invoices' open total, requested by the caller, routed to its approvers.
// INVALID_ARGUMENT naming "instalments[k]..." / "instalment_count" ...; FAILED_PRECONDITION
// INVOICE_NOT_OPEN, INVOICE_IN_PLAN.
absl::StatusOr<store::PaymentPlanRecord> RequestPaymentPlan(WriteScope& write,
                                                            const PaymentPlanDraft& draft,
                                                            absl::string_view customer_name,
                                                            const core::ApprovalChainConfig& chain);

// The caller's decision in its role (core::RecordApproverDecision's quorum over the plan's
// required roles: PERMISSION_DENIED for another role, ALREADY_DECIDED). The last approval
// activates the plan today; FAILED_PRECONDITION PLAN_STALE when the invoices' open amounts are no
// longer the plan's total (cash arrived since the request), PLAN_NOT_REQUESTED when decided.
absl::StatusOr<store::PaymentPlanRecord> DecidePaymentPlan(WriteScope& write, int64_t id,
                                                           absl::string_view name, bool approve,
                                                           const std::string& comment);

absl::StatusOr<store::PaymentPlanRecord> GetPaymentPlan(ReadScope& read, int64_t id,
                                                        absl::string_view name);
std::vector<store::PaymentPlanRecord> ListPaymentPlans(ReadScope& read,
                                                       std::optional<int64_t> customer_id,
                                                       std::optional<core::PlanStatus> status,
                                                       int64_t after_id, int limit);

struct PlanRun {
  int64_t evaluated = 0;
  std::vector<store::PaymentPlanRecord> ended;  // completed or defaulted by this run
  std::vector<store::WorkItemRecord> items;     // created by this run
};
// The day's evaluation as of `as_of` (core::EvaluatePlan over the cash applied to each active
// plan's invoices): stores completions and defaults, creates the instalment and default items
// (source keys "plan:<id>:instalment:<n>:reminder|due", "plan:<id>:defaulted"). Idempotent; a
// replayed day gives the same items.
absl::StatusOr<PlanRun> EvaluatePaymentPlans(WriteScope& write, core::EpochDay as_of);

}  // namespace huikuan::ops

#endif  // HUIKUAN_SERVER_OPS_PAYMENT_PLANS_H_
