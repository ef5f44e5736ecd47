#include "server/jobs/cadence_job.h"

#include "absl/strings/str_cat.h"
#include "server/core/status_macros.h"
#include "server/ops/cadence.h"
#include "server/ops/work_items.h"

namespace huikuan::jobs {

absl::StatusOr<JobOutcome> CadenceJob::RunDay(ops::WriteScope& write, core::EpochDay as_of) {
  HK_ASSIGN_OR_RETURN(ops::CadenceDay day, ops::RunCadenceDay(write, as_of, settings_));
  JobOutcome outcome;
  outcome.created = static_cast<int64_t>(day.created.size());
  outcome.skipped = day.already_created + day.nothing_to_reconcile;
  for (const store::WorkItemRecord& item : day.created) {
    outcome.items.push_back(ops::WorkItemName(item.id));
  }
  outcome.summary = absl::StrCat(day.created.size(), " relationship items (cadence settings ",
                                 day.settings_version, "); ", day.nothing_to_reconcile,
                                 " monthly messages with nothing to reconcile; ",
                                 day.already_created, " already created");
  return outcome;
}

}  // namespace huikuan::jobs
