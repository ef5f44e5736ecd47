#include "server/jobs/models_job.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "server/core/status_macros.h"
#include "server/ops/model_versions.h"

namespace huikuan::jobs {

absl::StatusOr<JobOutcome> ModelsJob::RunDay(ops::WriteScope& write, core::EpochDay /*as_of*/) {
  // write.today == as_of: the fitters read the ledger as of it.
  HK_ASSIGN_OR_RETURN(ops::ModelsRun run, ops::TrainModels(write));
  JobOutcome outcome;
  outcome.created = run.created;
  outcome.skipped = run.kept + run.not_fitted;
  for (const std::string& version : run.versions) outcome.items.push_back(version);
  outcome.summary =
      absl::StrCat(run.created, " model versions stored", run.versions.empty() ? "" : ": ",
                   absl::StrJoin(run.versions, ", "), "; ", run.kept,
                   " already stored for the day, ", run.not_fitted, " not fitted");
  if (!run.notes.empty())
    absl::StrAppend(&outcome.summary, " (", absl::StrJoin(run.notes, "; "), ")");
  return outcome;
}

}  // namespace huikuan::jobs
