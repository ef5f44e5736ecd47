#include "server/store/sql_values.h"

#include <cstdint>
#include <random>
#include <vector>

#include "absl/time/time.h"
#include "gtest/gtest.h"

namespace huikuan::store {
namespace {

// The hand-written formatter writes exactly what absl::FormatTime writes, and what the schema
// stores parses back to the time truncated to microseconds.
TEST(SqlValuesTest, TimestampsFormatAsFormatTimeAndParseBack) {
  std::mt19937_64 random(20261202);
  // 1900-01-01 .. 2200-01-01 in nanoseconds since the epoch, plus edges.
  std::uniform_int_distribution<int64_t> nanos(-2'208'988'800'000'000'000,
                                               7'258'118'400'000'000'000);
  std::vector<absl::Time> times = {
      absl::UnixEpoch(),
      absl::UnixEpoch() - absl::Nanoseconds(1),
      absl::UnixEpoch() + absl::Nanoseconds(999),
      absl::FromUnixSeconds(-1) + absl::Microseconds(999'999),
      absl::FromCivil(absl::CivilSecond(9999, 12, 31, 23, 59, 59), absl::UTCTimeZone()) +
          absl::Microseconds(999'999),
      absl::FromCivil(absl::CivilSecond(999, 12, 31, 23, 59, 59), absl::UTCTimeZone()),
      absl::FromCivil(absl::CivilSecond(10000, 1, 1, 0, 0, 0), absl::UTCTimeZone()),
      absl::InfinitePast(),
      absl::InfiniteFuture()};
  for (int i = 0; i < 100'000; ++i) times.push_back(absl::FromUnixNanos(nanos(random)));
  for (absl::Time time : times) {
    const std::string text = FormatSqlTimestamp(time);
    ASSERT_EQ(text, absl::FormatTime("%Y-%m-%d %H:%M:%E6S", time, absl::UTCTimeZone()));
    const int64_t year = absl::ToCivilYear(time, absl::UTCTimeZone()).year();
    if (time == absl::InfinitePast() || time == absl::InfiniteFuture() || year < 1900 ||
        year > 2200) {
      continue;  // outside what the schema stores
    }
    const absl::Time truncated =
        absl::UnixEpoch() + absl::Floor(time - absl::UnixEpoch(), absl::Microseconds(1));
    ASSERT_EQ(ParseSqlTimestamp(text), truncated) << text;
  }
}

}  // namespace
}  // namespace huikuan::store
