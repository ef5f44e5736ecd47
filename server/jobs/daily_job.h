// TEMPORARY COPY (branch cases): the job runner and this contract come from the `jobs` branch;
// the lead reconciles the two at merge.
// The contract of a job of the daily run (issue 9): what one day of it does, inside one
// transaction the runner owns. The runner (job_runner.h) claims the (job, day) with a lease row,
// calls RunDay, and commits the day's work together with the run's `succeeded` mark, or rolls all
// of it back; the scheduler (scheduler.h) calls it for every day in order. A job is registered
// once, in all_jobs.cc.
//
//   class LateFeesJob : public DailyJob {
//    public:
//     absl::string_view name() const override { return "late_fees"; }
//     absl::StatusOr<JobOutcome> RunDay(ops::WriteScope& write, core::EpochDay as_of) override {
//       HK_ASSIGN_OR_RETURN(ops::LateFeeRun run, ops::AccrueLateFees(write, as_of, "as_of"));
//       ...
//     }
//   };
#ifndef HUIKUAN_SERVER_JOBS_DAILY_JOB_H_
#define HUIKUAN_SERVER_JOBS_DAILY_JOB_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/core/civil_date.h"
#include "server/ops/scopes.h"

namespace huikuan::jobs {

struct JobOutcome {
  int64_t created = 0;  // resources the day's run created (work items, accruals, ...)
  int64_t changed = 0;  // resources it changed
  int64_t skipped = 0;  // candidates it looked at and left (paused, already done)
  // names of what it created or changed (or would, dry run), at most a few thousand
  std::vector<std::string> items;
  std::string summary;  // one line for people
};

class DailyJob {
 public:
  virtual ~DailyJob() = default;
  virtual absl::string_view name() const = 0;  // "late_fees", "dunning", ...
  // The day's work, inside `write` (one transaction; the caller is Caller::System(name()),
  // write.today == as_of). It must depend only on the ledger as of `as_of` (so replaying a day
  // gives the same items) and be idempotent (a day already run creates nothing new: unique keys on
  // what it writes).
  virtual absl::StatusOr<JobOutcome> RunDay(ops::WriteScope& write, core::EpochDay as_of) = 0;
};

}  // namespace huikuan::jobs

#endif  // HUIKUAN_SERVER_JOBS_DAILY_JOB_H_
