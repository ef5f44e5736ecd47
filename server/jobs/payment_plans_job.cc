#include "server/jobs/payment_plans_job.h"

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "server/core/status_macros.h"
#include "server/ops/payment_plans.h"
#include "server/ops/work_items.h"

namespace huikuan::jobs {

absl::StatusOr<JobOutcome> PaymentPlansJob::RunDay(ops::WriteScope& write, core::EpochDay as_of) {
  HK_ASSIGN_OR_RETURN(ops::PlanRun run, ops::EvaluatePaymentPlans(write, as_of));
  JobOutcome outcome;
  outcome.created = static_cast<int64_t>(run.items.size());
  outcome.changed = static_cast<int64_t>(run.ended.size());
  int64_t defaulted = 0;
  absl::flat_hash_set<int64_t> touched;
  for (const store::PaymentPlanRecord& plan : run.ended) {
    outcome.items.push_back(ops::PaymentPlanName(plan.id));
    touched.insert(plan.id);
    if (plan.status == core::PlanStatus::kDefaulted) ++defaulted;
  }
  for (const store::WorkItemRecord& item : run.items) {
    outcome.items.push_back(ops::WorkItemName(item.id));
  }
  outcome.skipped = run.evaluated - static_cast<int64_t>(touched.size());
  outcome.summary = absl::StrCat(run.evaluated, " plans evaluated: ", run.ended.size() - defaulted,
                                 " completed, ", defaulted, " defaulted; ", run.items.size(),
                                 " instalment items");
  return outcome;
}

}  // namespace huikuan::jobs
