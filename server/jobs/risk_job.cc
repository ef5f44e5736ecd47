#include "server/jobs/risk_job.h"

#include "absl/strings/str_cat.h"
#include "server/core/resource_name.h"
#include "server/core/status_macros.h"

namespace huikuan::jobs {

absl::StatusOr<JobOutcome> RiskJob::RunDay(ops::WriteScope& write, core::EpochDay as_of) {
  HK_ASSIGN_OR_RETURN(ops::RiskRun run, ops::EvaluateRisks(write, as_of, settings_));
  JobOutcome outcome;
  outcome.created = run.work_items + run.notices;
  outcome.changed = static_cast<int64_t>(run.changed_customer_ids.size());
  outcome.skipped = run.evaluated - outcome.changed;
  for (int64_t id : run.changed_customer_ids) {
    outcome.items.push_back(core::FormatResourceName("customers", id));
  }
  outcome.summary = absl::StrCat(run.evaluated, " customers judged: ", run.raised, " raised, ",
                                 run.lowered, " lowered; ", run.work_items, " work items, ",
                                 run.holds, " credit holds, ", run.notices, " notices");
  return outcome;
}

}  // namespace huikuan::jobs
