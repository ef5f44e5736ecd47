// When the daily run starts: a local time of day in the company's time zone (Asia/Shanghai),
// "01:30" by default, and the two questions the scheduler asks of it.
//
//   absl::StatusOr<DailyTime> at = ParseDailyTime("01:30");
//   core::EpochDay due = LatestDueDay(clock.Now(), *at);   // today from 01:30 on, else yesterday
//   absl::Time next = NextRunTime(clock.Now(), *at);        // the next 01:30
#ifndef HUIKUAN_SERVER_JOBS_DAILY_TIME_H_
#define HUIKUAN_SERVER_JOBS_DAILY_TIME_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "server/core/civil_date.h"

namespace huikuan::jobs {

struct DailyTime {
  int hour = 1;
  int minute = 30;
};

// "HH:MM", 00:00-23:59, two digits each; INVALID_ARGUMENT otherwise.
absl::StatusOr<DailyTime> ParseDailyTime(absl::string_view text);
std::string FormatDailyTime(DailyTime at);

// The latest day whose run is due at `now`: today once the company's clock has reached `at`,
// yesterday before that.
core::EpochDay LatestDueDay(absl::Time now, DailyTime at);
// The first instant after `now` at which the company's clock reads `at`.
absl::Time NextRunTime(absl::Time now, DailyTime at);

}  // namespace huikuan::jobs

#endif  // HUIKUAN_SERVER_JOBS_DAILY_TIME_H_
