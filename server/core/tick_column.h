// Date columns kept as timestamps, read in place by the batch fast paths of aging (R-AGING-1),
// KPIs (R-KPI-1) and RFM (R-RFM-1).
//
// numpy and pandas hold dates as int64 counts of a unit since 1970-01-01T00:00 (datetime64[ns]
// above all). Its civil day is floor(tick / ticks_per_day), and comparing that day with a fixed
// day d needs no division at all: day < d exactly when tick < d * ticks_per_day. So a batch
// function that only compares dates with a few fixed days (bucket limits, a period's ends) reads
// such a column as it is, instead of first writing an int32 copy in days.
//
//   TickColumn due{due_ticks, kNanosPerDay};      // a datetime64[ns] column viewed as int64
//   int64_t limit = DayStartTick(as_of - 30, due.ticks_per_day);
//   bool over_30_days = due.ticks[i] < limit;     // (as_of - day) > 30
//
// The *Ticks functions (TryAgeByGroupTicks, TryKpisByGroupTicks, TryRfmTicks) return std::nullopt
// whenever the input is not the plain valid case (a date outside 1900..2199 or NaT, a bad amount, a
// sum that overflows, keys too spread for a table); the caller then converts the columns to
// EpochDay and calls the general function, which reports the error or handles the case exactly as
// always. When they return a result, it is the general function's result on the converted days.
//
// Thread-safe: pure functions of their arguments.
#ifndef HUIKUAN_SERVER_CORE_TICK_COLUMN_H_
#define HUIKUAN_SERVER_CORE_TICK_COLUMN_H_

#include <algorithm>
#include <cstdint>

#include "absl/types/span.h"
#include "server/core/civil_date.h"

namespace huikuan::core {

inline constexpr int64_t kNanosPerDay = 86'400'000'000'000;

// A column of timestamps: day of row i = floor(ticks[i] / ticks_per_day).
struct TickColumn {
  absl::Span<const int64_t> ticks;
  int64_t ticks_per_day = 1;  // 1 (datetime64[D]) .. kNanosPerDay (datetime64[ns])
};

// Units whose every accepted day (1900..2199) starts at a tick that fits int64.
inline constexpr bool ValidTicksPerDay(int64_t ticks_per_day) {
  return ticks_per_day >= 1 && ticks_per_day <= kNanosPerDay;
}

// The first tick of `day`, with the day clamped to [kMinEpochDay, kMaxEpochDay + 1] so that the
// product never overflows. For every tick of an accepted day, `tick < DayStartTick(d)` gives the
// same answer as for the unclamped d. ticks_per_day must satisfy ValidTicksPerDay.
inline constexpr int64_t DayStartTick(int64_t day, int64_t ticks_per_day) {
  return std::clamp<int64_t>(day, kMinEpochDay, int64_t{kMaxEpochDay} + 1) * ticks_per_day;
}

// Ticks of accepted days lie in [AcceptedTicksBegin, AcceptedTicksEnd); NaT (INT64_MIN) does not.
inline constexpr int64_t AcceptedTicksBegin(int64_t ticks_per_day) {
  return DayStartTick(kMinEpochDay, ticks_per_day);
}
inline constexpr int64_t AcceptedTicksEnd(int64_t ticks_per_day) {
  return DayStartTick(int64_t{kMaxEpochDay} + 1, ticks_per_day);
}

// floor(tick / ticks_per_day) for any tick (ticks_per_day > 0).
inline constexpr int64_t TickDay(int64_t tick, int64_t ticks_per_day) {
  return tick / ticks_per_day - (tick % ticks_per_day < 0 ? 1 : 0);
}

}  // namespace huikuan::core

#endif  // HUIKUAN_SERVER_CORE_TICK_COLUMN_H_
