// When the daily run is due: "HH:MM" in Asia/Shanghai (UTC+8), today from that time on.
#include "server/jobs/daily_time.h"

#include "gtest/gtest.h"
#include "tests/jobs/job_test_support.h"

namespace huikuan::testing {
namespace {

TEST(DailyTimeTest, ParsesTwoDigitHoursAndMinutes) {
  absl::StatusOr<jobs::DailyTime> at = jobs::ParseDailyTime("01:30");
  ASSERT_TRUE(at.ok());
  EXPECT_EQ(at->hour, 1);
  EXPECT_EQ(at->minute, 30);
  EXPECT_EQ(jobs::FormatDailyTime(*at), "01:30");
  EXPECT_EQ(jobs::FormatDailyTime(*jobs::ParseDailyTime("23:59")), "23:59");
  EXPECT_EQ(jobs::FormatDailyTime(*jobs::ParseDailyTime("00:00")), "00:00");
  for (const char* bad :
       {"", "1:30", "01:3", "0130", "24:00", "01:60", "-1:30", "01:30 ", "ab:cd", "+1:30"}) {
    EXPECT_EQ(jobs::ParseDailyTime(bad).status().code(), absl::StatusCode::kInvalidArgument) << bad;
  }
}

TEST(DailyTimeTest, TodayIsDueFromTheLocalTimeOn) {
  const jobs::DailyTime at{1, 30};
  // 2026-05-10 01:29 in Shanghai is 2026-05-09 17:29 UTC.
  EXPECT_EQ(jobs::LatestDueDay(CompanyTime("2026-05-10 01:29"), at), Day("2026-05-09"));
  EXPECT_EQ(jobs::LatestDueDay(CompanyTime("2026-05-10 01:30"), at), Day("2026-05-10"));
  EXPECT_EQ(jobs::LatestDueDay(CompanyTime("2026-05-10 23:59"), at), Day("2026-05-10"));
  EXPECT_EQ(jobs::LatestDueDay(CompanyTime("2026-05-10 00:00"), jobs::DailyTime{0, 0}),
            Day("2026-05-10"));
  EXPECT_EQ(CompanyTime("2026-05-10 01:30"), absl::FromUnixSeconds(1778347800));
}

TEST(DailyTimeTest, TheNextRunIsTheNextLocalTimeAfterNow) {
  const jobs::DailyTime at{1, 30};
  EXPECT_EQ(jobs::NextRunTime(CompanyTime("2026-05-10 01:29"), at),
            CompanyTime("2026-05-10 01:30"));
  EXPECT_EQ(jobs::NextRunTime(CompanyTime("2026-05-10 01:30"), at),
            CompanyTime("2026-05-11 01:30"));
  EXPECT_EQ(jobs::NextRunTime(CompanyTime("2026-12-31 23:00"), at),
            CompanyTime("2027-01-01 01:30"));
}

}  // namespace
}  // namespace huikuan::testing
