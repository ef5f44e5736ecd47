// The daily run inside `huikuan-server serve`: a thread that, on start and every day at a local
// time (Asia/Shanghai), catches every job up. For each job, every day from the day after its last
// succeeded run (or, the first time, from `since`) up to the latest due day runs in order, through
// the JobRunner's lease, so N replicas can all run a scheduler: each day runs once, and a day
// whose lease another replica holds is left to it. The jobs of one day run in the registry's
// order. A job whose day could not finish (held elsewhere, failed) stops there, since its later
// days must not run before it; the scheduler looks again after `recheck`.
//
//   Scheduler scheduler(runner, ScheduleOptions());
//   scheduler.Start();   // catches up now, then daily
//   ...
//   scheduler.Stop();    // lets the day in progress finish, then joins
#ifndef HUIKUAN_SERVER_JOBS_SCHEDULER_H_
#define HUIKUAN_SERVER_JOBS_SCHEDULER_H_

#include <functional>
#include <optional>
#include <string>
#include <thread>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "server/core/civil_date.h"
#include "server/jobs/daily_time.h"
#include "server/jobs/job_runner.h"

namespace huikuan::jobs {

struct ScheduleOptions {
  // When each day's run starts (Asia/Shanghai).
  DailyTime at;
  // The first day of a job that never succeeded; unset: the latest due day (a new installation
  // starts with today, not with history).
  std::optional<core::EpochDay> since;
  // How soon to look again when a day was left to another replica or failed.
  absl::Duration recheck = absl::Minutes(5);
  // Where one line per day that ran, was left or failed goes; unset: stderr.
  std::function<void(const std::string&)> log;
};

struct CatchUpReport {
  int days_ran = 0;
  // Every due day of every job has succeeded (by this scheduler or another replica).
  bool complete = true;
};

class Scheduler {
 public:
  // `runner` must outlive the scheduler; its clock says when days are due.
  Scheduler(JobRunner& runner, ScheduleOptions options);
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;
  ~Scheduler();

  // Starts the thread: a catch-up now, then one at every daily tick (and after `recheck` while
  // something is left).
  void Start();
  // Stops the thread (idempotent): the day in progress finishes, no further day starts.
  void Stop();

  // One catch-up of every job up to the latest due day (what the thread does at each tick; tests
  // call it directly). Stops early when Stop() is called.
  CatchUpReport CatchUp();

 private:
  void Loop();
  bool stopping() const;
  void Log(const std::string& line) const;

  JobRunner& runner_;
  ScheduleOptions options_;
  mutable absl::Mutex mutex_;
  bool stopping_ ABSL_GUARDED_BY(mutex_) = false;
  std::thread thread_;
};

}  // namespace huikuan::jobs

#endif  // HUIKUAN_SERVER_JOBS_SCHEDULER_H_
