#include "server/demo_jobs.h"

#include "server/core/civil_date.h"
#include "server/core/status_macros.h"
#include "server/jobs/health_job.h"
#include "server/jobs/job_runner.h"
#include "server/jobs/late_fees_job.h"
#include "server/jobs/models_job.h"
#include "server/jobs/risk_job.h"

namespace huikuan {
namespace {

bool IsMonthEnd(core::EpochDay day) {
  return core::FromEpochDay(day)->day() == core::DaysInMonth(day);
}

}  // namespace

absl::StatusOr<DemoJobsReplay> ReplayDemoJobs(store::ConnectionPool& pool,
                                              const jobs::JobRegistry& jobs,
                                              const ops::Clock& clock, core::EpochDay last,
                                              int32_t days) {
  jobs::JobRunner runner(pool, jobs, clock);
  DemoJobsReplay replay;
  for (core::EpochDay day = last - days + 1; day <= last; ++day) {
    for (const jobs::DailyJob* job : jobs.jobs()) {
      if (job->name() == jobs::LateFeesJob::kName) continue;
      // A day's levels depend only on the ledger as of that day, and judging 2,000 customers takes
      // seconds: the demo needs the last day's judgement, and each month end's, so that a past
      // month's meeting pack shows the warnings of its end.
      if (job->name() == jobs::RiskJob::kName && day != last && !IsMonthEnd(day)) continue;
      // The forecasts use the newest model version, the last day's; the last day's worklist is
      // weighed by the day before's (the models job runs after the ladder).
      if (job->name() == jobs::ModelsJob::kName && day < last - 1) continue;
      // A health score reads only the newest snapshot (issue 14): the last day's.
      if (job->name() == jobs::HealthJob::kName && day != last) continue;
      HK_ASSIGN_OR_RETURN(jobs::RunResult result,
                          runner.Run(job->name(), day, jobs::WaitForHolder::kYes));
      if (result.disposition != jobs::RunDisposition::kRan) continue;
      ++replay.runs;
      replay.created += result.outcome.created;
      replay.changed += result.outcome.changed;
    }
    ++replay.days;
  }
  return replay;
}

}  // namespace huikuan
