#include "server/jobs/dunning_job.h"

#include "absl/strings/str_cat.h"
#include "server/core/status_macros.h"
#include "server/ops/work_items.h"

namespace huikuan::jobs {

absl::StatusOr<JobOutcome> DunningJob::RunDay(ops::WriteScope& write, core::EpochDay as_of) {
  HK_ASSIGN_OR_RETURN(ops::DunningDay day, ops::RunDunningDay(write, as_of, settings_));
  JobOutcome outcome;
  outcome.created = static_cast<int64_t>(day.created.size() + day.queued.size());
  outcome.skipped =
      day.already_created + day.paused_disputed + day.paused_arrangement + day.paused_excluded;
  for (const store::WorkItemRecord& item : day.created) {
    outcome.items.push_back(ops::WorkItemName(item.id));
  }
  outcome.summary = absl::StrCat(
      day.created.size(), " work items, ", day.queued.size(), " emails queued (ladder version ",
      day.ladder_version, "); paused: ", day.paused_disputed, " disputed, ", day.paused_arrangement,
      " on a plan or promise, ", day.paused_excluded, " excluded; ", day.no_recipient,
      " without an address; ", day.already_created, " already created");
  return outcome;
}

}  // namespace huikuan::jobs
