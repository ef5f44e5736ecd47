#include "server/jobs/promises_job.h"

#include "absl/strings/str_cat.h"
#include "server/core/status_macros.h"
#include "server/ops/promises.h"
#include "server/ops/work_items.h"

namespace huikuan::jobs {

absl::StatusOr<JobOutcome> PromisesJob::RunDay(ops::WriteScope& write, core::EpochDay as_of) {
  HK_ASSIGN_OR_RETURN(ops::PromiseRun run, ops::EvaluatePromises(write, as_of));
  JobOutcome outcome;
  outcome.created = static_cast<int64_t>(run.follow_ups.size());
  outcome.changed = static_cast<int64_t>(run.decided.size());
  outcome.skipped = run.still_open;
  int64_t kept = 0, partially_kept = 0, broken = 0;
  for (const store::PromiseRecord& promise : run.decided) {
    outcome.items.push_back(ops::PromiseName(promise.id));
    switch (promise.status) {
      case core::PromiseStatus::kKept:
        ++kept;
        break;
      case core::PromiseStatus::kPartiallyKept:
        ++partially_kept;
        break;
      case core::PromiseStatus::kBroken:
        ++broken;
        break;
      case core::PromiseStatus::kOpen:
        break;
    }
  }
  for (const store::WorkItemRecord& item : run.follow_ups) {
    outcome.items.push_back(ops::WorkItemName(item.id));
  }
  outcome.summary =
      absl::StrCat(run.evaluated, " promises looked at: ", kept, " kept, ", partially_kept,
                   " partially kept, ", broken, " broken, ", run.still_open, " still open; ",
                   run.follow_ups.size(), " follow-up items");
  return outcome;
}

}  // namespace huikuan::jobs
