// The company clock: one source of "now" and "today" for every operation. Business dates are
// civil days in the company's time zone (Asia/Shanghai: UTC+8 all year, no daylight saving);
// timestamps are UTC. Injectable, so a job can run "as of" a day and a test can fix the day.
//
//   const Clock& clock = SystemClock();
//   core::EpochDay today = clock.Today();
#ifndef HUIKUAN_SERVER_OPS_CLOCK_H_
#define HUIKUAN_SERVER_OPS_CLOCK_H_

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "server/core/civil_date.h"

namespace huikuan::ops {

// Asia/Shanghai.
absl::TimeZone CompanyTimeZone();
// The civil day of `time` in the company's time zone.
core::EpochDay CompanyDay(absl::Time time);
// The first instant of `day` in the company's time zone.
absl::Time StartOfCompanyDay(core::EpochDay day);

class Clock {
 public:
  virtual ~Clock() = default;
  virtual absl::Time Now() const = 0;
  core::EpochDay Today() const { return CompanyDay(Now()); }
};

// The real clock. Thread-safe.
const Clock& SystemClock();

// A clock that reads what a test or a replay sets. Thread-safe.
class FixedClock : public Clock {
 public:
  explicit FixedClock(absl::Time now) : now_(now) {}
  absl::Time Now() const override;
  void Set(absl::Time now);
  void Advance(absl::Duration by);

 private:
  mutable absl::Mutex mutex_;
  absl::Time now_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace huikuan::ops

#endif  // HUIKUAN_SERVER_OPS_CLOCK_H_
