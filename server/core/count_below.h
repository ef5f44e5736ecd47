// How many of a few fixed limits lie above a value, written out without a loop or a branch: the
// bucket of a day count (aging) or the level of a credit line (scorecard) in the batch loops,
// where a loop over the limits would not unroll and a search would mispredict on random data.
//
//   const int64_t limits[4] = {90, 60, 30, 0};
//   CountAbove(45, limits);   // 2 (90 and 60)
//
// Pure.
#ifndef HUIKUAN_SERVER_CORE_COUNT_BELOW_H_
#define HUIKUAN_SERVER_CORE_COUNT_BELOW_H_

#include <cstddef>
#include <cstdint>
#include <utility>

namespace huikuan::core {

namespace count_below_internal {
template <size_t N, size_t... K>
inline int CountAbove(int64_t value, const int64_t (&limits)[N], std::index_sequence<K...>) {
  return ((value < limits[K]) + ...);
}
}  // namespace count_below_internal

// The number of limits[k] with value < limits[k]. Pad unused slots with INT64_MIN (never above).
template <size_t N>
inline int CountAbove(int64_t value, const int64_t (&limits)[N]) {
  return count_below_internal::CountAbove(value, limits, std::make_index_sequence<N>());
}

}  // namespace huikuan::core

#endif  // HUIKUAN_SERVER_CORE_COUNT_BELOW_H_
