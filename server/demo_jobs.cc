#include "server/demo_jobs.h"

#include "server/core/status_macros.h"
#include "server/jobs/job_runner.h"
#include "server/jobs/late_fees_job.h"

namespace huikuan {

absl::StatusOr<DemoJobsReplay> ReplayDemoJobs(store::ConnectionPool& pool,
                                              const jobs::JobRegistry& jobs,
                                              const ops::Clock& clock, core::EpochDay last,
                                              int32_t days) {
  jobs::JobRunner runner(pool, jobs, clock);
  DemoJobsReplay replay;
  for (core::EpochDay day = last - days + 1; day <= last; ++day) {
    for (const jobs::DailyJob* job : jobs.jobs()) {
      if (job->name() == jobs::LateFeesJob::kName) continue;
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
