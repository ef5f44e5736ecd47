// Business dates as civil days (no time zone, no time of day): absl::CivilDay for scalars and
// int32 "epoch days" (days since 1970-01-01, which is day 0) for columns.
//
//   absl::StatusOr<EpochDay> d = ParseDate("2024-03-01");   // 19783
//   std::string s = FormatDate(19783);                     // "2024-03-01"
//   absl::StatusOr<EpochDay> e = AddYears(19783, 3);       // 2027-03-01
//
// Only dates in [1900-01-01, 2199-12-31] are accepted anywhere in the core: anything outside is a
// data error (a zero date, a year typed as 20244), never a real invoice. Pure functions.
#ifndef HUIKUAN_SERVER_CORE_CIVIL_DATE_H_
#define HUIKUAN_SERVER_CORE_CIVIL_DATE_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/types/span.h"

namespace huikuan::core {

// Days since 1970-01-01 (negative before it).
using EpochDay = int32_t;

inline constexpr EpochDay kMinEpochDay = -25567;  // 1900-01-01
inline constexpr EpochDay kMaxEpochDay = 84005;   // 2199-12-31

inline constexpr bool IsValidEpochDay(EpochDay day) {
  return day >= kMinEpochDay && day <= kMaxEpochDay;
}

// INVALID_ARGUMENT "argument: day N (...) outside 1900-01-01..2199-12-31" when out of range.
absl::Status ValidateEpochDay(EpochDay day, absl::string_view argument);
// The same for a column; the message names the first bad index: "due_days[3]: ...".
absl::Status ValidateEpochDays(absl::Span<const EpochDay> days, absl::string_view argument);

// Conversions; INVALID_ARGUMENT when outside the accepted range.
absl::StatusOr<EpochDay> ToEpochDay(absl::CivilDay day);
absl::StatusOr<absl::CivilDay> FromEpochDay(EpochDay day);

// Strict ISO "YYYY-MM-DD" (zero-padded, a real calendar date: "2023-02-29" is an error).
absl::StatusOr<EpochDay> ParseDate(absl::string_view text);
// "YYYY-MM-DD" for a valid day; out-of-range days format as "invalid(N)" (never crashes).
std::string FormatDate(EpochDay day);

// Calendar arithmetic. Month ends clamp: 2024-01-31 + 1 month = 2024-02-29, 2024-02-29 + 1 year =
// 2025-02-28. INVALID_ARGUMENT if the input or the result is outside the accepted range.
absl::StatusOr<EpochDay> AddMonths(EpochDay day, int32_t months);
absl::StatusOr<EpochDay> AddYears(EpochDay day, int32_t years);

// Days in the calendar month containing `day` (28..31); 0 if `day` is out of range.
int32_t DaysInMonth(EpochDay day);

}  // namespace huikuan::core

#endif  // HUIKUAN_SERVER_CORE_CIVIL_DATE_H_
