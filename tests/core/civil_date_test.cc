#include "server/core/civil_date.h"

#include <vector>

#include "gtest/gtest.h"

namespace huikuan::core {
namespace {

TEST(CivilDateTest, EpochDayConversions) {
  EXPECT_EQ(*ToEpochDay(absl::CivilDay(1970, 1, 1)), 0);
  EXPECT_EQ(*ToEpochDay(absl::CivilDay(2024, 3, 1)), 19783);
  EXPECT_EQ(*ToEpochDay(absl::CivilDay(1900, 1, 1)), kMinEpochDay);
  EXPECT_EQ(*ToEpochDay(absl::CivilDay(2199, 12, 31)), kMaxEpochDay);
  EXPECT_EQ(*FromEpochDay(19783), absl::CivilDay(2024, 3, 1));
  EXPECT_EQ(*FromEpochDay(-1), absl::CivilDay(1969, 12, 31));
}

TEST(CivilDateTest, RejectsDatesOutOfRange) {
  EXPECT_EQ(ToEpochDay(absl::CivilDay(1899, 12, 31)).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ToEpochDay(absl::CivilDay(2200, 1, 1)).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(FromEpochDay(kMaxEpochDay + 1).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(FromEpochDay(kMinEpochDay - 1).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_FALSE(IsValidEpochDay(kMaxEpochDay + 1));
  EXPECT_TRUE(IsValidEpochDay(kMinEpochDay));
}

TEST(CivilDateTest, ValidateColumnNamesFirstBadIndex) {
  std::vector<EpochDay> days = {0, 100, kMaxEpochDay + 5, kMinEpochDay - 1};
  absl::Status s = ValidateEpochDays(days, "due_days");
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("due_days[2]"), absl::string_view::npos) << s;
  EXPECT_TRUE(ValidateEpochDays({}, "due_days").ok());
  EXPECT_TRUE(ValidateEpochDay(0, "as_of").ok());
  EXPECT_NE(ValidateEpochDay(90000, "as_of").message().find("as_of"), absl::string_view::npos);
}

TEST(CivilDateTest, ParseAndFormat) {
  EXPECT_EQ(*ParseDate("2024-03-01"), 19783);
  EXPECT_EQ(*ParseDate("2024-02-29"), 19782);
  EXPECT_EQ(FormatDate(19783), "2024-03-01");
  EXPECT_EQ(FormatDate(kMinEpochDay), "1900-01-01");
  EXPECT_EQ(FormatDate(kMaxEpochDay), "2199-12-31");
  EXPECT_EQ(FormatDate(kMaxEpochDay + 1), "invalid(84006)");
  for (const char* bad :
       {"", "2023-02-29", "2024-13-01", "2024-00-10", "2024-1-01", "2024/01/01", "20240101",
        "2024-01-32", "1899-12-31", "2200-01-01", "2024-01-01x", "+024-01-01"}) {
    EXPECT_EQ(ParseDate(bad).status().code(), absl::StatusCode::kInvalidArgument) << bad;
  }
}

TEST(CivilDateTest, EveryValidDayFormatsAndParsesBack) {
  for (EpochDay day = kMinEpochDay; day <= kMaxEpochDay; ++day) {
    const std::string text = FormatDate(day);
    ASSERT_EQ(text.size(), 10u) << day;
    absl::StatusOr<EpochDay> parsed = ParseDate(text);
    ASSERT_TRUE(parsed.ok()) << text << ": " << parsed.status();
    ASSERT_EQ(*parsed, day) << text;
  }
}

TEST(CivilDateTest, AddMonthsClampsToMonthEnd) {
  EXPECT_EQ(FormatDate(*AddMonths(*ParseDate("2024-01-31"), 1)), "2024-02-29");
  EXPECT_EQ(FormatDate(*AddMonths(*ParseDate("2023-01-31"), 1)), "2023-02-28");
  EXPECT_EQ(FormatDate(*AddMonths(*ParseDate("2024-03-31"), -1)), "2024-02-29");
  EXPECT_EQ(FormatDate(*AddYears(*ParseDate("2024-02-29"), 1)), "2025-02-28");
  EXPECT_EQ(FormatDate(*AddYears(*ParseDate("2024-03-01"), 3)), "2027-03-01");
  EXPECT_EQ(AddYears(*ParseDate("2199-06-01"), 1).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(AddMonths(kMaxEpochDay + 1, 0).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(AddYears(0, 1'000'000).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(CivilDateTest, DaysInMonth) {
  EXPECT_EQ(DaysInMonth(*ParseDate("2024-02-10")), 29);
  EXPECT_EQ(DaysInMonth(*ParseDate("2023-02-10")), 28);
  EXPECT_EQ(DaysInMonth(*ParseDate("2100-02-10")), 28);
  EXPECT_EQ(DaysInMonth(*ParseDate("2000-02-10")), 29);
  EXPECT_EQ(DaysInMonth(*ParseDate("2024-12-31")), 31);
  EXPECT_EQ(DaysInMonth(kMaxEpochDay + 1), 0);
}

}  // namespace
}  // namespace huikuan::core
