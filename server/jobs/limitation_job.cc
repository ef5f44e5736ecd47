#include "server/jobs/limitation_job.h"

#include "absl/strings/str_cat.h"
#include "server/core/status_macros.h"
#include "server/ops/limitation.h"
#include "server/ops/work_items.h"

namespace huikuan::jobs {

absl::StatusOr<JobOutcome> LimitationJob::RunDay(ops::WriteScope& write, core::EpochDay as_of) {
  HK_ASSIGN_OR_RETURN(ops::LimitationRun run, ops::CreateLimitationReminders(write, as_of));
  JobOutcome outcome;
  outcome.created = static_cast<int64_t>(run.items.size());
  outcome.skipped = run.invoices_checked - outcome.created;
  for (const store::WorkItemRecord& item : run.items) {
    outcome.items.push_back(ops::WorkItemName(item.id));
  }
  outcome.summary =
      absl::StrCat(run.invoices_checked, " owed invoices within reach of their limitation period; ",
                   run.items.size(), " reminders for legal");
  return outcome;
}

}  // namespace huikuan::jobs
