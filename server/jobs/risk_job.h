// `risk`: the day's early warnings (issue 10, R-WARN-1..4) through ops::EvaluateRisks: every
// customer judged from the ledger as of the day and its recent signals; a raised level creates the
// graded response (work items, the credit hold on red, the owner's and heads' notices through the
// outbox) and every change is kept in the customer's history. Idempotent: a replayed day finds the
// levels already set and creates nothing.
//
// Order (all_jobs.cc): after late_fees, promises and payment_plans (it counts the day's broken
// promises and sees the day's fees and plan defaults) and limitation; before dunning, so that a
// customer put on hold today is already on hold when the ladder runs, and before escalation, which
// then sees the items this job created.
#ifndef HUIKUAN_SERVER_JOBS_RISK_JOB_H_
#define HUIKUAN_SERVER_JOBS_RISK_JOB_H_

#include "server/jobs/daily_job.h"
#include "server/ops/risk.h"

namespace huikuan::jobs {

class RiskJob : public DailyJob {
 public:
  static constexpr absl::string_view kName = "risk";
  explicit RiskJob(ops::RiskSettings settings) : settings_(std::move(settings)) {}

  absl::string_view name() const override { return kName; }
  // created: work items and notices; changed: customers whose level changed; skipped: customers
  // judged whose level stayed; items: "customers/N" of the changed customers.
  absl::StatusOr<JobOutcome> RunDay(ops::WriteScope& write, core::EpochDay as_of) override;

 private:
  ops::RiskSettings settings_;
};

}  // namespace huikuan::jobs

#endif  // HUIKUAN_SERVER_JOBS_RISK_JOB_H_
