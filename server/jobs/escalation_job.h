// `escalation`: work items not done by their due day (or the end of their snooze) go to the
// department head's list, through ops::EscalateOverdueWorkItems. Runs last, after every job that
// creates the day's items. An item is escalated once; a replayed day escalates nothing new.
#ifndef HUIKUAN_SERVER_JOBS_ESCALATION_JOB_H_
#define HUIKUAN_SERVER_JOBS_ESCALATION_JOB_H_

#include "server/jobs/daily_job.h"

namespace huikuan::jobs {

class EscalationJob : public DailyJob {
 public:
  static constexpr absl::string_view kName = "escalation";

  absl::string_view name() const override { return kName; }
  // changed: items escalated; items: their "workItems/N".
  absl::StatusOr<JobOutcome> RunDay(ops::WriteScope& write, core::EpochDay as_of) override;
};

}  // namespace huikuan::jobs

#endif  // HUIKUAN_SERVER_JOBS_ESCALATION_JOB_H_
