// The jobs of the daily run by name, filled once at start (all_jobs.cc; tests add their own) and
// read-only afterwards, so it may be shared by threads without locking. The order jobs are added
// in is the order the jobs of one day run in (a later job may rely on an earlier one's results of
// the same day).
//
//   JobRegistry jobs;
//   HK_RETURN_IF_ERROR(jobs.Add(std::make_unique<LateFeesJob>()));
//   DailyJob* job = jobs.Find("late_fees");
#ifndef HUIKUAN_SERVER_JOBS_JOB_REGISTRY_H_
#define HUIKUAN_SERVER_JOBS_JOB_REGISTRY_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "server/jobs/daily_job.h"

namespace huikuan::jobs {

// A job's name is 1-21 of [a-z0-9_], starting with a letter: it becomes the audit actor role
// "system:job/<name>", and audit_events.actor_role holds 32 characters.
inline constexpr size_t kMaxJobNameLength = 21;
absl::Status ValidateJobName(absl::string_view name);

class JobRegistry {
 public:
  JobRegistry() = default;
  JobRegistry(JobRegistry&&) = default;
  JobRegistry& operator=(JobRegistry&&) = default;

  // INVALID_ARGUMENT for a bad name or one already registered. Jobs run on several threads at
  // once (the scheduler, RunJob calls, two racing replicas in one test): RunDay must keep no
  // state between calls.
  absl::Status Add(std::unique_ptr<DailyJob> job);

  // nullptr when no job has that name.
  DailyJob* Find(absl::string_view name) const;
  // Every job, in the order added.
  std::vector<DailyJob*> jobs() const;
  // "late_fees, dunning" for messages.
  std::string NameList() const;

 private:
  std::vector<std::unique_ptr<DailyJob>> jobs_;
};

}  // namespace huikuan::jobs

#endif  // HUIKUAN_SERVER_JOBS_JOB_REGISTRY_H_
