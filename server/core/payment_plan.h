// Payment plans (R-PAY-1 "instalment plans are recorded"; seed 000's 分期付款 + 抵押担保): a
// customer's open invoices restructured into instalments that sum to the open amount exactly, to
// the fen, with collateral or a guarantee noted. A plan is requested by finance and approved by
// the finance head, and above the credit authority bands also by a management head
// (approval_chain.h). While it is active the invoices' own ladder pauses and the instalments'
// due dates drive collection; an instalment not covered by its due date plus a grace period
// defaults the plan, and collection of the invoices resumes at the escalated step.
//
//   absl::StatusOr<std::vector<Instalment>> s = SplitInstalments(1'000'000'01, 3, first_due, 1);
//   // 333,333.00 + 333,333.00 + 333,334.01 yuan, one month apart
//
// Thread-safe: pure functions of their arguments, no global state, no I/O.
#ifndef HUIKUAN_SERVER_CORE_PAYMENT_PLAN_H_
#define HUIKUAN_SERVER_CORE_PAYMENT_PLAN_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "server/core/approval_chain.h"
#include "server/core/civil_date.h"
#include "server/core/dated_amount.h"
#include "server/core/money.h"

namespace huikuan::core {

inline constexpr int32_t kMaxInstalments = 60;
// Days after an instalment's due date before the plan defaults (a transfer may take a day or
// two; the server's --instalment_grace_days sets the company's value).
inline constexpr int32_t kDefaultInstalmentGraceDays = 3;
inline constexpr int32_t kMaxInstalmentGraceDays = 30;
// The sales reminder before an instalment falls due (seed 000's pre-reminder, 7 days before).
inline constexpr int32_t kInstalmentReminderDays = 7;

// Stable numeric values.
enum class PlanStatus : int8_t {
  kRequested = 0,  // waiting for its approvers
  kActive = 1,     // approved: the instalments drive collection
  kRejected = 2,
  kCompleted = 3,  // every instalment paid
  kDefaulted = 4,  // an instalment was missed: collection of the invoices resumes
};
inline constexpr int kPlanStatusCount = 5;
// "requested", "active", "rejected", "completed", "defaulted".
absl::string_view PlanStatusName(PlanStatus status);
std::optional<PlanStatus> ParsePlanStatus(absl::string_view name);

inline constexpr absl::string_view kPlanNotRequested = "PLAN_NOT_REQUESTED";

struct Instalment {
  EpochDay due_day = 0;
  Fen amount = 0;
};

// `total` split into `count` instalments, the first due on `first_due` and the next ones every
// `interval_months` calendar months after it (month ends clamp, civil_date.h). Rounding is
// explicit: every instalment but the last is total / count rounded down to whole yuan, and the
// last takes the rest, so the sum is exactly `total` and the last is never smaller than the
// others. Below one yuan per instalment the split is in fen the same way. INVALID_ARGUMENT naming
// "count" (1..kMaxInstalments), "interval_months" (1..12) or "total" (> 0).
absl::StatusOr<std::vector<Instalment>> SplitInstalments(Fen total, int32_t count,
                                                         EpochDay first_due,
                                                         int32_t interval_months);

// An explicit schedule: 1..kMaxInstalments instalments, each > 0, due days strictly increasing
// and none before `earliest_due`, summing exactly to `total`. INVALID_ARGUMENT naming
// "instalments[k].amount_fen" / "instalments[k].due_date", or "instalments" for the sum.
absl::Status CheckSchedule(absl::Span<const Instalment> instalments, Fen total,
                           EpochDay earliest_due);

// Who approves a plan of `total` (its open amount): the finance head always, and a management
// head too when the total is above the highest band of the credit approval chain (the authority
// the department heads hold).
std::vector<ApproverRole> PlanApprovers(Fen total, const ApprovalChainConfig& chain);

// Where a plan stands as of a day, from its schedule and the cash applied to its invoices.
struct PlanProgress {
  PlanStatus status = PlanStatus::kActive;  // kActive, kCompleted or kDefaulted
  Fen paid = 0;                             // cash counted, start_day..as_of
  int32_t instalments_met = 0;              // leading instalments fully covered
  std::optional<size_t> missed;             // the instalment that defaulted the plan
  // kCompleted: the day the last fen arrived; kDefaulted: the day after the missed
  // instalment's due date + grace (the day collection resumes).
  std::optional<EpochDay> end_day;
};

// An active plan (approved on `start_day`) as of `as_of`. Cash dated before start_day does not
// count; cash counts toward the instalments in order (cumulatively). Instalment k is missed when,
// at the end of its due day + grace_days, the cash so far is below the instalments due through k;
// the first miss defaults the plan unless everything was paid before it. INVALID_ARGUMENT for a
// bad schedule, amount or day.
absl::StatusOr<PlanProgress> EvaluatePlan(absl::Span<const Instalment> instalments,
                                          EpochDay start_day, absl::Span<const DatedAmount> cash,
                                          int32_t grace_days, EpochDay as_of);

}  // namespace huikuan::core

#endif  // HUIKUAN_SERVER_CORE_PAYMENT_PLAN_H_
