// `health`: the day's credit-term health snapshot (issue 14; seed 000 账期健康度评分) through
// ops::WriteHealthSnapshot: every customer's punctuality as of the day (its invoices due in the
// last 180 days paid on time), the slow part of the score, so that reading a score takes only the
// live figures (ops/health.h). Idempotent: a replayed day keeps the rows it wrote.
//
// Order (all_jobs.cc): after escalation, before models; it only reads the ledger.
#ifndef HUIKUAN_SERVER_JOBS_HEALTH_JOB_H_
#define HUIKUAN_SERVER_JOBS_HEALTH_JOB_H_

#include "server/jobs/daily_job.h"

namespace huikuan::jobs {

class HealthJob : public DailyJob {
 public:
  static constexpr absl::string_view kName = "health";

  absl::string_view name() const override { return kName; }
  // created: snapshot rows written; skipped: rows a run of the day wrote before.
  absl::StatusOr<JobOutcome> RunDay(ops::WriteScope& write, core::EpochDay as_of) override;
};

}  // namespace huikuan::jobs

#endif  // HUIKUAN_SERVER_JOBS_HEALTH_JOB_H_
