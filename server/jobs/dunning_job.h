// `dunning`: the day's steps of the collection ladder (R-DUN-1/2) through ops::RunDunningDay: one
// work item per customer and step whose day is the run's day, on the invoices open at the end of
// that day, with the rendered message queued in the outbox for email steps. Idempotent by the
// items' source keys; a replayed day gives the same items. Runs after the jobs that settle the
// day's arrangements (promises, payment plans), whose holds it reads.
#ifndef HUIKUAN_SERVER_JOBS_DUNNING_JOB_H_
#define HUIKUAN_SERVER_JOBS_DUNNING_JOB_H_

#include "server/jobs/daily_job.h"
#include "server/ops/dunning.h"

namespace huikuan::jobs {

class DunningJob : public DailyJob {
 public:
  static constexpr absl::string_view kName = "dunning";

  explicit DunningJob(ops::CollectionSettings settings) : settings_(std::move(settings)) {}

  absl::string_view name() const override { return kName; }
  // created: work items and outbox messages; changed: 0; skipped: steps an earlier run took or a
  // dispute, an arrangement or an exclusion paused; items: "workItems/N" created.
  absl::StatusOr<JobOutcome> RunDay(ops::WriteScope& write, core::EpochDay as_of) override;

 private:
  ops::CollectionSettings settings_;
};

}  // namespace huikuan::jobs

#endif  // HUIKUAN_SERVER_JOBS_DUNNING_JOB_H_
