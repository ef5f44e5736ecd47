// Jobs that exist only in the tests: the real late-fee accrual under another name, with a way to
// hold it inside its transaction (locks held, nothing committed), to make it fail, or to record
// the days it ran. They keep state between calls, which real jobs must not.
#ifndef HUIKUAN_TESTS_JOBS_TEST_JOBS_H_
#define HUIKUAN_TESTS_JOBS_TEST_JOBS_H_

#include <atomic>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "server/jobs/daily_job.h"
#include "server/jobs/late_fees_job.h"

namespace huikuan::testing {

// Late fees that, after the day's work and before returning it, wait until Release(): the runner's
// transaction stays open with the accruals inserted and the customers locked.
class GatedLateFeesJob : public jobs::DailyJob {
 public:
  explicit GatedLateFeesJob(std::string name) : name_(std::move(name)) {}
  absl::string_view name() const override { return name_; }
  absl::StatusOr<jobs::JobOutcome> RunDay(ops::WriteScope& write, core::EpochDay as_of) override;

  // Blocks until a RunDay has done its work and waits at the gate.
  void WaitUntilHeld() { held_.WaitForNotification(); }
  void Release() { released_.Notify(); }

 private:
  std::string name_;
  jobs::LateFeesJob late_fees_;
  absl::Notification held_;
  absl::Notification released_;
};

// Late fees that fail (FAILED_PRECONDITION, after doing the work) while failing() is set.
class FailingLateFeesJob : public jobs::DailyJob {
 public:
  explicit FailingLateFeesJob(std::string name) : name_(std::move(name)) {}
  absl::string_view name() const override { return name_; }
  absl::StatusOr<jobs::JobOutcome> RunDay(ops::WriteScope& write, core::EpochDay as_of) override;
  void set_failing(bool failing) { failing_ = failing; }

 private:
  std::string name_;
  jobs::LateFeesJob late_fees_;
  std::atomic<bool> failing_{true};
};

// Writes nothing; remembers the days it ran, in order (rolled-back attempts included).
class DayRecorderJob : public jobs::DailyJob {
 public:
  explicit DayRecorderJob(std::string name) : name_(std::move(name)) {}
  absl::string_view name() const override { return name_; }
  absl::StatusOr<jobs::JobOutcome> RunDay(ops::WriteScope& write, core::EpochDay as_of) override;
  std::vector<core::EpochDay> days() const;

 private:
  std::string name_;
  mutable absl::Mutex mutex_;
  std::vector<core::EpochDay> days_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace huikuan::testing

#endif  // HUIKUAN_TESTS_JOBS_TEST_JOBS_H_
