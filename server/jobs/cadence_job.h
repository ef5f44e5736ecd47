// `cadence`: the relationship cadence of the day (issue 14; seed 000 客户关系维护) through
// ops::RunCadenceDay: on the days the settings give each tier, the salesperson's monthly
// reconciliation message (with the month's statement), the quarterly business review and the
// annual strategy meeting (for management and the sales head, with the customer's figures
// prepared) as work items. Idempotent by the items' source keys: a replayed day creates nothing.
#ifndef HUIKUAN_SERVER_JOBS_CADENCE_JOB_H_
#define HUIKUAN_SERVER_JOBS_CADENCE_JOB_H_

#include "server/jobs/daily_job.h"
#include "server/ops/dunning.h"

namespace huikuan::jobs {

class CadenceJob : public DailyJob {
 public:
  static constexpr absl::string_view kName = "cadence";

  explicit CadenceJob(ops::CollectionSettings settings) : settings_(std::move(settings)) {}

  absl::string_view name() const override { return kName; }
  // created: work items; skipped: items an earlier run created and monthly messages with nothing
  // to reconcile; items: "workItems/N" created.
  absl::StatusOr<JobOutcome> RunDay(ops::WriteScope& write, core::EpochDay as_of) override;

 private:
  ops::CollectionSettings settings_;
};

}  // namespace huikuan::jobs

#endif  // HUIKUAN_SERVER_JOBS_CADENCE_JOB_H_
