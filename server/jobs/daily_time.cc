#include "server/jobs/daily_time.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "server/ops/clock.h"

namespace huikuan::jobs {
namespace {

// The instant `day` reaches `at` (Asia/Shanghai has no daylight saving: always 24 h apart).
absl::Time RunTimeOn(core::EpochDay day, DailyTime at) {
  return ops::StartOfCompanyDay(day) + absl::Hours(at.hour) + absl::Minutes(at.minute);
}

bool TwoDigits(absl::string_view text, int max, int* value) {
  return text.size() == 2 && text[0] >= '0' && text[0] <= '9' && text[1] >= '0' && text[1] <= '9' &&
         absl::SimpleAtoi(text, value) && *value <= max;
}

}  // namespace

absl::StatusOr<DailyTime> ParseDailyTime(absl::string_view text) {
  DailyTime at;
  if (text.size() != 5 || text[2] != ':' || !TwoDigits(text.substr(0, 2), 23, &at.hour) ||
      !TwoDigits(text.substr(3, 2), 59, &at.minute)) {
    return absl::InvalidArgumentError(
        absl::StrCat("\"", text, "\" is not a time of day HH:MM (00:00-23:59)"));
  }
  return at;
}

std::string FormatDailyTime(DailyTime at) {
  return absl::StrFormat("%02d:%02d", at.hour, at.minute);
}

core::EpochDay LatestDueDay(absl::Time now, DailyTime at) {
  const core::EpochDay today = ops::CompanyDay(now);
  return now >= RunTimeOn(today, at) ? today : today - 1;
}

absl::Time NextRunTime(absl::Time now, DailyTime at) {
  const core::EpochDay today = ops::CompanyDay(now);
  const absl::Time run_today = RunTimeOn(today, at);
  return run_today > now ? run_today : RunTimeOn(today + 1, at);
}

}  // namespace huikuan::jobs
