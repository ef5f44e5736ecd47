// What every C++ benchmark program needs: stop with a message on an error (a benchmark has no
// one to report a status to), and latency percentiles of measured calls.
//
//   auto db = bench::Must(testing::TestDatabase::Create("x_bench"), "test database");
//   bench::Percentiles p = bench::Of(latencies_ms);
#ifndef HUIKUAN_BENCH_BENCH_SUPPORT_H_
#define HUIKUAN_BENCH_BENCH_SUPPORT_H_

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace huikuan::bench {

[[noreturn]] inline void Die(const absl::Status& status, const char* what) {
  std::fprintf(stderr, "bench: %s: %s\n", what, status.ToString().c_str());
  std::exit(1);
}

template <typename T>
T Must(absl::StatusOr<T> value, const char* what) {
  if (!value.ok()) Die(value.status(), what);
  return *std::move(value);
}

inline double Ms(absl::Duration d) { return absl::ToDoubleMilliseconds(d); }

struct Percentiles {
  double p50 = 0;
  double p90 = 0;
  double p99 = 0;
};
// Of at least one measurement.
inline Percentiles Of(std::vector<double> ms) {
  std::sort(ms.begin(), ms.end());
  auto at = [&](double q) {
    return ms[std::min(ms.size() - 1, static_cast<size_t>(q * static_cast<double>(ms.size())))];
  };
  return {at(0.50), at(0.90), at(0.99)};
}

}  // namespace huikuan::bench

#endif  // HUIKUAN_BENCH_BENCH_SUPPORT_H_
