#include "tests/jobs/test_jobs.h"

#include "absl/strings/str_cat.h"
#include "server/core/status_macros.h"

namespace huikuan::testing {

absl::StatusOr<jobs::JobOutcome> GatedLateFeesJob::RunDay(ops::WriteScope& write,
                                                          core::EpochDay as_of) {
  HK_ASSIGN_OR_RETURN(jobs::JobOutcome outcome, late_fees_.RunDay(write, as_of));
  if (!held_.HasBeenNotified()) held_.Notify();
  released_.WaitForNotification();
  return outcome;
}

absl::StatusOr<jobs::JobOutcome> FailingLateFeesJob::RunDay(ops::WriteScope& write,
                                                            core::EpochDay as_of) {
  HK_ASSIGN_OR_RETURN(jobs::JobOutcome outcome, late_fees_.RunDay(write, as_of));
  if (failing_) return absl::FailedPreconditionError("simulated failure after the day's work");
  return outcome;
}

absl::StatusOr<jobs::JobOutcome> DayRecorderJob::RunDay(ops::WriteScope& write,
                                                        core::EpochDay as_of) {
  absl::MutexLock lock(&mutex_);
  days_.push_back(as_of);
  jobs::JobOutcome outcome;
  outcome.summary = absl::StrCat("recorded ", core::FormatDate(as_of));
  return outcome;
}

std::vector<core::EpochDay> DayRecorderJob::days() const {
  absl::MutexLock lock(&mutex_);
  return days_;
}

}  // namespace huikuan::testing
