// Runs one job for one day so that, however many replicas try at once (on one database or a
// Galera cluster), the day's work commits exactly once:
//
//   1. Claim: in its own short transaction, insert the day's job_runs row (unique per job and day),
//      or take over a failed run or one whose lease expired with a conditional UPDATE. A day that
//      succeeded is not run again; a day whose lease another runner holds is left to it.
//   2. Work: a heartbeat thread extends the lease while the job's RunDay runs in one transaction as
//      Caller::System(job) with write.today == as_of; the same transaction marks the run
//      succeeded, conditional on this attempt still holding it, and records the run's audit event.
//      If another runner took the day over meanwhile, the mark matches no row and everything the
//      attempt did is rolled back. A conflict at COMMIT (deadlock, Galera certification: 1213)
//      runs the attempt again from the start.
//   3. A job that fails marks the run failed (its work rolled back); the next try claims it again.
//      A runner that crashes leaves its lease to expire; the next claim after that takes over.
//
//   JobRunner runner(pool, jobs, ops::SystemClock(), RunnerOptions());
//   HK_ASSIGN_OR_RETURN(RunResult result, runner.Run("late_fees", day, WaitForHolder::kNo));
//
// Thread-safe: any number of threads (and processes) may run any days at once.
#ifndef HUIKUAN_SERVER_JOBS_JOB_RUNNER_H_
#define HUIKUAN_SERVER_JOBS_JOB_RUNNER_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "server/core/civil_date.h"
#include "server/jobs/daily_job.h"
#include "server/jobs/job_registry.h"
#include "server/ops/clock.h"
#include "server/store/connection_pool.h"
#include "server/store/job_store.h"

namespace huikuan::jobs {

struct RunnerOptions {
  // How long a claimed day stays this runner's after its last heartbeat: a crashed runner's day is
  // taken over this long after it stopped.
  absl::Duration lease = absl::Seconds(60);
  // How often the lease is extended while a day runs; unset: a third of the lease. Infinite: never
  // (for tests of a stalled runner).
  std::optional<absl::Duration> heartbeat_interval;
  // This runner in job_runs.owner; empty: NewReplicaId().
  std::string owner;
  // Fault tests only (`--jobs_test_hold`): after `hold_job`'s day's work, before the day is
  // marked succeeded and committed, the attempt waits this long with its transaction open and
  // its heartbeat beating: a long run, to kill while it holds the lease.
  std::string hold_job;
  absl::Duration hold = absl::ZeroDuration();
};

enum class RunDisposition : int8_t {
  kRan,               // this call ran the day and it succeeded
  kAlreadySucceeded,  // the day had succeeded before: nothing done
  kHeldElsewhere,     // another runner holds the day's lease: left to it
  kLeaseLost,         // this call claimed the day, but another runner took it over before this
                      // attempt committed: its work was rolled back
};
// "ran", "already succeeded", "held elsewhere", "lease lost".
absl::string_view RunDispositionName(RunDisposition disposition);

struct RunResult {
  RunDisposition disposition = RunDisposition::kRan;
  // The day's run as it stands after the call.
  store::JobRunRecord run;
  // The run as this call first found it; empty when this call created it.
  std::optional<store::JobRunRecord> before;
  // kRan: what the day created and changed, with the items.
  JobOutcome outcome;
};

// Whether Run waits for another runner that holds the day (polling until it finishes or its
// lease expires, then taking over): the command line waits, the scheduler and RunJob do not.
enum class WaitForHolder : int8_t { kNo, kYes };

class JobRunner {
 public:
  // `pool`, `jobs` and `clock` must outlive the runner. Each running day uses two connections of
  // the pool (the work and the heartbeat).
  JobRunner(store::ConnectionPool& pool, const JobRegistry& jobs, const ops::Clock& clock,
            RunnerOptions options = RunnerOptions());

  // Runs `job` for `as_of` (see the file comment). INVALID_ARGUMENT naming "job" for an unknown
  // job and `as_of_field` for a day after today (Asia/Shanghai). A job that fails returns its
  // error, with the run marked failed.
  absl::StatusOr<RunResult> Run(absl::string_view job, core::EpochDay as_of, WaitForHolder wait,
                                absl::string_view as_of_field = "as_of_date");

  // Runs `job` for `as_of` in a transaction that is rolled back: what a run would create and
  // change, recording nothing (no run, no audit event, no lease). Same errors as Run.
  absl::StatusOr<JobOutcome> DryRun(absl::string_view job, core::EpochDay as_of,
                                    absl::string_view as_of_field = "as_of_date");

  // The latest day `job` succeeded for, if any.
  absl::StatusOr<std::optional<core::EpochDay>> LastSucceededDay(absl::string_view job);

  const JobRegistry& jobs() const { return jobs_; }
  const ops::Clock& clock() const { return clock_; }
  const std::string& owner() const { return options_.owner; }

 private:
  struct Claim;
  absl::StatusOr<DailyJob*> Validate(absl::string_view job, core::EpochDay as_of,
                                     absl::string_view as_of_field) const;
  absl::StatusOr<Claim> ClaimDay(const DailyJob& job, core::EpochDay as_of);
  absl::StatusOr<RunResult> RunClaimed(DailyJob& job, core::EpochDay as_of,
                                       const store::JobRunAttempt& attempt);
  absl::StatusOr<store::JobRunRecord> ReadRun(int64_t id);

  store::ConnectionPool& pool_;
  const JobRegistry& jobs_;
  const ops::Clock& clock_;
  RunnerOptions options_;
};

}  // namespace huikuan::jobs

#endif  // HUIKUAN_SERVER_JOBS_JOB_RUNNER_H_
