#include "server/jobs/escalation_job.h"

#include "absl/strings/str_cat.h"
#include "server/core/status_macros.h"
#include "server/ops/work_items.h"

namespace huikuan::jobs {

absl::StatusOr<JobOutcome> EscalationJob::RunDay(ops::WriteScope& write, core::EpochDay) {
  HK_ASSIGN_OR_RETURN(std::vector<int64_t> escalated, ops::EscalateOverdueWorkItems(write));
  JobOutcome outcome;
  outcome.changed = static_cast<int64_t>(escalated.size());
  for (int64_t id : escalated) outcome.items.push_back(ops::WorkItemName(id));
  outcome.summary = absl::StrCat(escalated.size(), " overdue work items escalated to the heads");
  return outcome;
}

}  // namespace huikuan::jobs
