// `promises`: the day's judgement of promises to pay (issue 9) through ops::EvaluatePromises:
// each open promise made by the day is kept, partially kept or broken from the cash applied to its
// invoices by its promised date + tolerance; a broken or partially kept one gets its follow-up
// work item for the customer's owner. Idempotent by the promise's stored verdict and the item's
// source key; a replayed day gives the same items. Runs before `dunning` (the ladder resumes at
// once on the day after a broken promise's deadline: ops::GetDunningHolds).
#ifndef HUIKUAN_SERVER_JOBS_PROMISES_JOB_H_
#define HUIKUAN_SERVER_JOBS_PROMISES_JOB_H_

#include "server/jobs/daily_job.h"

namespace huikuan::jobs {

class PromisesJob : public DailyJob {
 public:
  static constexpr absl::string_view kName = "promises";

  absl::string_view name() const override { return kName; }
  // created: follow-up work items; changed: promises whose verdict was stored; skipped: promises
  // still open; items: "promises/N" changed and "workItems/N" created.
  absl::StatusOr<JobOutcome> RunDay(ops::WriteScope& write, core::EpochDay as_of) override;
};

}  // namespace huikuan::jobs

#endif  // HUIKUAN_SERVER_JOBS_PROMISES_JOB_H_
