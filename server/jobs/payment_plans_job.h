// `payment_plans`: the day's evaluation of active payment plans (R-PAY-1) through
// ops::EvaluatePaymentPlans: instalment reminders 7 days before each due date (the owner), due
// items while an instalment is unpaid (finance), completion, and the default on a missed
// instalment (finance's item; the invoices' collection resumes at the escalated step). Idempotent
// by the items' source keys and the plan's stored status; a replayed day gives the same items.
// Runs before `dunning` (ops::GetDunningHolds reports the day's resumes).
#ifndef HUIKUAN_SERVER_JOBS_PAYMENT_PLANS_JOB_H_
#define HUIKUAN_SERVER_JOBS_PAYMENT_PLANS_JOB_H_

#include "server/jobs/daily_job.h"

namespace huikuan::jobs {

class PaymentPlansJob : public DailyJob {
 public:
  static constexpr absl::string_view kName = "payment_plans";

  absl::string_view name() const override { return kName; }
  // created: work items; changed: plans completed or defaulted; skipped: active plans with
  // nothing to do today; items: "paymentPlans/N" changed and "workItems/N" created.
  absl::StatusOr<JobOutcome> RunDay(ops::WriteScope& write, core::EpochDay as_of) override;
};

}  // namespace huikuan::jobs

#endif  // HUIKUAN_SERVER_JOBS_PAYMENT_PLANS_JOB_H_
