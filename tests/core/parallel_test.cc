// ForEachChunk (parallel.h): every chunk runs exactly once, on worker 0 or 1, and errors reach the
// caller.
#include "server/core/parallel.h"

#include <atomic>
#include <stdexcept>
#include <vector>

#include "gtest/gtest.h"

namespace huikuan::core {
namespace {

TEST(ParallelTest, EveryChunkOnceOnEitherWorker) {
  for (bool parallel : {false, true}) {
    for (size_t chunks : {size_t{0}, size_t{1}, size_t{2}, size_t{16}, size_t{1000}}) {
      std::vector<std::atomic<int>> runs(chunks);
      std::atomic<int> bad_worker{0};
      std::atomic<int> on_helper{0};
      ForEachChunk(chunks, parallel, [&](size_t chunk, int worker) {
        runs[chunk].fetch_add(1);
        bad_worker += worker != 0 && worker != 1;
        on_helper += worker == 1;
      });
      for (size_t c = 0; c < chunks; ++c) EXPECT_EQ(runs[c].load(), 1) << c;
      EXPECT_EQ(bad_worker.load(), 0);
      if (!parallel || chunks < 2) {
        EXPECT_EQ(on_helper.load(), 0);
      }
    }
  }
}

TEST(ParallelTest, ErrorsReachTheCaller) {
  for (int failing : {0, 5, 15}) {
    EXPECT_THROW(ForEachChunk(16, true,
                              [&](size_t chunk, int) {
                                if (static_cast<int>(chunk) == failing) {
                                  throw std::runtime_error("chunk failed");
                                }
                              }),
                 std::runtime_error);
  }
}

TEST(ParallelTest, ChunkBoundsCoverTheRows) {
  EXPECT_EQ(ChunksFor(kParallelRows, kParallelRows), 16u);
  EXPECT_EQ(ChunksFor(kParallelRows, kParallelRows + 1), 1u);  // the helper's table costs too much
  EXPECT_EQ(ChunksFor(kParallelRows - 1, 0), 1u);
  for (size_t rows : {size_t{0}, size_t{1}, size_t{17}, kParallelRows + 3}) {
    const size_t chunks = ChunksFor(rows, 1000);
    EXPECT_EQ(chunks, rows >= kParallelRows ? 16u : 1u);
    EXPECT_EQ(ChunkBegin(rows, 0, chunks), 0u);
    EXPECT_EQ(ChunkBegin(rows, chunks, chunks), rows);
    for (size_t c = 0; c < chunks; ++c) {
      EXPECT_LE(ChunkBegin(rows, c, chunks), ChunkBegin(rows, c + 1, chunks));
    }
  }
}

}  // namespace
}  // namespace huikuan::core
