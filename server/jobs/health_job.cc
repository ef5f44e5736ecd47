#include "server/jobs/health_job.h"

#include "absl/strings/str_cat.h"
#include "server/ops/health.h"

namespace huikuan::jobs {

absl::StatusOr<JobOutcome> HealthJob::RunDay(ops::WriteScope& write, core::EpochDay as_of) {
  const ops::HealthSnapshotRun run = ops::WriteHealthSnapshot(write, as_of);
  JobOutcome outcome;
  outcome.created = run.written;
  outcome.skipped = run.customers - run.written;
  outcome.summary = absl::StrCat("punctuality of ", run.customers,
                                 " customers with invoices due in the last 180 days; ", run.written,
                                 " snapshot rows written");
  return outcome;
}

}  // namespace huikuan::jobs
