// One batch pass over two cores: the rows cut into chunks that the calling thread and one helper
// thread take in turn.
//
//   const size_t chunks = ChunksFor(rows, table_bytes);
//   ForEachChunk(chunks, chunks > 1, [&](size_t chunk, int worker) {
//     // rows [rows * chunk / chunks, rows * (chunk + 1) / chunks) into worker's own sums
//   });
//   // then add worker 1's sums to worker 0's
//
// The batch fast paths (aging, KPIs, RFM over a million rows) use it: on a machine with an idle
// second core the wall time is about halved. On a busy one a new thread may wait milliseconds for a
// core; the calling thread then simply takes the chunks itself and never waits for a helper that
// has not started, only for the one chunk a started helper is on. Starting a thread costs tens of
// microseconds, so batches below kParallelRows are one chunk on the calling thread.
//
// Results must not depend on which worker ran which chunk (integer sums, maxima, flags do not).
// Thread-safe if the work of different workers touches disjoint state.
#ifndef HUIKUAN_SERVER_CORE_PARALLEL_H_
#define HUIKUAN_SERVER_CORE_PARALLEL_H_

#include <atomic>
#include <cstddef>
#include <exception>
#include <memory>
#include <system_error>
#include <thread>

namespace huikuan::core {

// Batches from this many rows are worth a second thread.
inline constexpr size_t kParallelRows = size_t{1} << 18;

// Whether a batch of `rows` rows summed into a table of `table_bytes` is worth a second thread:
// from kParallelRows rows, and only while the helper's own table (made, filled and added to the
// first at the end, all extra work) takes at most a byte a row. A million invoices of 10,000
// customers qualify; a million orders of 100,000 customers (1.6 MB of cells) do not: there the
// extra table costs about what the second core saves, and more on a busy machine.
inline bool WorthTwoThreads(size_t rows, size_t table_bytes) {
  return rows >= kParallelRows && table_bytes <= rows;
}

// 16 chunks for batches worth a second thread, else 1.
inline size_t ChunksFor(size_t rows, size_t table_bytes) {
  return WorthTwoThreads(rows, table_bytes) ? 16 : 1;
}

// Row range [begin, end) of chunk `chunk` of `chunks` over `rows` rows.
inline size_t ChunkBegin(size_t rows, size_t chunk, size_t chunks) { return rows * chunk / chunks; }

// Calls work(chunk, worker) exactly once for every chunk in [0, chunks): on the calling thread
// (worker 0) and, when `parallel` on a machine with more than one core, on one helper thread
// (worker 1). Returns when every chunk is done; rethrows the first exception of a chunk.
template <typename Work>
void ForEachChunk(size_t chunks, bool parallel, Work&& work) {
  struct Shared {
    std::atomic<size_t> next{0};
    std::atomic<int> helper{0};  // 0 not started, 1 running chunks, 2 finished or never to run
    std::exception_ptr error;    // the helper's, read after it finished
  };
  auto shared = std::make_shared<Shared>();
  auto take_chunks = [&shared, chunks](auto& run, int worker) {
    for (size_t c = shared->next.fetch_add(1); c < chunks; c = shared->next.fetch_add(1)) {
      run(c, worker);
    }
  };
  if (parallel && chunks > 1 && std::thread::hardware_concurrency() > 1) {
    try {
      // The helper touches `work` only between claiming the start (0 -> 1) and finishing (-> 2);
      // the calling thread does not return in between. Otherwise only the shared state, which it
      // co-owns, so a helper that starts after the batch is done is harmless.
      std::thread([shared, chunks, run = &work] {
        int not_started = 0;
        if (!shared->helper.compare_exchange_strong(not_started, 1)) return;
        try {
          for (size_t c = shared->next.fetch_add(1); c < chunks; c = shared->next.fetch_add(1)) {
            (*run)(c, 1);
          }
        } catch (...) {
          shared->error = std::current_exception();
          shared->next.store(chunks);
        }
        shared->helper.store(2);
        shared->helper.notify_one();
      }).detach();
    } catch (const std::system_error&) {
      // No thread to be had (resource limits): the calling thread takes every chunk.
    }
  }
  auto wait_for_helper = [&shared] {
    int not_started = 0;
    if (shared->helper.compare_exchange_strong(not_started, 2)) return;  // it never will
    for (int state = shared->helper.load(); state == 1; state = shared->helper.load()) {
      shared->helper.wait(1);
    }
  };
  try {
    take_chunks(work, 0);
  } catch (...) {
    shared->next.store(chunks);  // no new chunks for the helper
    wait_for_helper();
    throw;
  }
  wait_for_helper();
  if (shared->error) std::rethrow_exception(shared->error);
}

}  // namespace huikuan::core

#endif  // HUIKUAN_SERVER_CORE_PARALLEL_H_
