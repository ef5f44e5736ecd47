// Every job of the daily run, in the one place they are registered. To add a job: implement
// DailyJob (daily_job.h) in server/jobs/<name>_job.{h,cc} through server/ops, and add it to
// AllJobs() in the position its day should run (jobs of one day run in this order).
#ifndef HUIKUAN_SERVER_JOBS_ALL_JOBS_H_
#define HUIKUAN_SERVER_JOBS_ALL_JOBS_H_

#include "server/jobs/job_registry.h"
#include "server/ops/dunning.h"
#include "server/ops/risk.h"

namespace huikuan::jobs {

// What the jobs need from the configuration: the letterhead and account of collection messages.
struct JobSettings {
  ops::CollectionSettings collection;
  ops::RiskSettings risk;  // issue 10: thresholds, red hold automatic or proposed, notice domain
};

// A registry of every production job. Aborts with a message if a job has a bad or duplicate name
// (a programming error, caught by the unit tests).
JobRegistry AllJobs(const JobSettings& settings = {});

}  // namespace huikuan::jobs

#endif  // HUIKUAN_SERVER_JOBS_ALL_JOBS_H_
