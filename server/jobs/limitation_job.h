// `limitation`: the day's limitation reminders (R-LAW-1) through ops::CreateLimitationReminders:
// legal gets a work item when an owed invoice's limitation period (3 years from its due date,
// restarted by every interruption) enters its 180, 90 or 30 days' window. Idempotent by the
// item's source key (invoice, threshold, expiry date); a replayed day gives the same items.
#ifndef HUIKUAN_SERVER_JOBS_LIMITATION_JOB_H_
#define HUIKUAN_SERVER_JOBS_LIMITATION_JOB_H_

#include "server/jobs/daily_job.h"

namespace huikuan::jobs {

class LimitationJob : public DailyJob {
 public:
  static constexpr absl::string_view kName = "limitation";

  absl::string_view name() const override { return kName; }
  // created: work items; changed: 0; skipped: invoices checked that needed no new item; items:
  // "workItems/N" created.
  absl::StatusOr<JobOutcome> RunDay(ops::WriteScope& write, core::EpochDay as_of) override;
};

}  // namespace huikuan::jobs

#endif  // HUIKUAN_SERVER_JOBS_LIMITATION_JOB_H_
