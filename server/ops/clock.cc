#include "server/ops/clock.h"

#include "absl/time/civil_time.h"
#include "absl/time/clock.h"

namespace huikuan::ops {
namespace {

class RealClock : public Clock {
 public:
  absl::Time Now() const override { return absl::Now(); }
};

}  // namespace

absl::TimeZone CompanyTimeZone() { return absl::FixedTimeZone(8 * 60 * 60); }

core::EpochDay CompanyDay(absl::Time time) {
  const absl::CivilDay day = absl::ToCivilDay(time, CompanyTimeZone());
  return static_cast<core::EpochDay>(day - absl::CivilDay(1970, 1, 1));
}

absl::Time StartOfCompanyDay(core::EpochDay day) {
  return absl::FromCivil(absl::CivilDay(1970, 1, 1) + day, CompanyTimeZone());
}

const Clock& SystemClock() {
  static const RealClock* const clock = new RealClock;
  return *clock;
}

absl::Time FixedClock::Now() const {
  absl::MutexLock lock(&mutex_);
  return now_;
}

void FixedClock::Set(absl::Time now) {
  absl::MutexLock lock(&mutex_);
  now_ = now;
}

void FixedClock::Advance(absl::Duration by) {
  absl::MutexLock lock(&mutex_);
  now_ += by;
}

}  // namespace huikuan::ops
