// Two independent pieces of one batch computation on two cores.
//
//   RunBoth(rows >= kParallelRows, [&] { first half }, [&] { second half });
//
// The batch fast paths (aging, KPIs, RFM over a million rows) split their one pass in two halves,
// or run two independent passes, this way: on a machine with a second core the wall time is about
// halved. Starting a thread costs tens of microseconds, so callers split only from kParallelRows.
// Results do not depend on whether the pieces ran in parallel.
//
// Thread-safe if the two pieces touch disjoint state.
#ifndef HUIKUAN_SERVER_CORE_PARALLEL_H_
#define HUIKUAN_SERVER_CORE_PARALLEL_H_

#include <cstddef>
#include <functional>
#include <system_error>
#include <thread>

namespace huikuan::core {

// Batches from this many rows are worth a second thread.
inline constexpr size_t kParallelRows = size_t{1} << 18;

// Runs `first` on the calling thread and `second` on a new one when `parallel` and the machine has
// more than one core (and the thread starts); otherwise both on the calling thread, first then
// second. Returns when both are done.
template <typename First, typename Second>
void RunBoth(bool parallel, First&& first, Second&& second) {
  std::thread helper;
  if (parallel && std::thread::hardware_concurrency() > 1) {
    try {
      helper = std::thread(std::ref(second));
    } catch (const std::system_error&) {
      // No thread to be had (resource limits): `second` runs here below.
    }
  }
  if (!helper.joinable()) {
    first();
    second();
    return;
  }
  // Joined however `first` ends (it may throw std::bad_alloc).
  struct Joiner {
    std::thread& thread;
    ~Joiner() { thread.join(); }
  } joiner{helper};
  first();
}

}  // namespace huikuan::core

#endif  // HUIKUAN_SERVER_CORE_PARALLEL_H_
