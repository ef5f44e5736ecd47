// Deterministic random numbers for the demo data: only the raw std::mt19937_64 output is used
// (std::*_distribution differs between standard libraries, so the same seed would give another
// ledger elsewhere), and every customer draws from a stream of its own, so its history does not
// change when the number of customers does.
#ifndef HUIKUAN_SERVER_DEMO_DEMO_RANDOM_H_
#define HUIKUAN_SERVER_DEMO_DEMO_RANDOM_H_

#include <cstdint>
#include <random>

namespace huikuan::demo {

class DemoRandom {
 public:
  explicit DemoRandom(uint64_t seed) : engine_(seed) {}

  // The stream of one customer: a SplitMix64 step of (seed, index), so neighbours do not share
  // state.
  static DemoRandom ForStream(uint64_t seed, uint64_t index) {
    uint64_t z = seed + 0x9E3779B97F4A7C15ULL * (index + 1);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return DemoRandom(z ^ (z >> 31));
  }

  // Uniform in [0, n) for n > 0 (the modulo bias is irrelevant here).
  int64_t Below(int64_t n) { return static_cast<int64_t>(engine_() % static_cast<uint64_t>(n)); }
  // Uniform in [lo, hi].
  int64_t Between(int64_t lo, int64_t hi) { return lo + Below(hi - lo + 1); }
  // True with probability per_mille / 1000.
  bool PerMille(int64_t per_mille) { return Below(1000) < per_mille; }

 private:
  std::mt19937_64 engine_;
};

}  // namespace huikuan::demo

#endif  // HUIKUAN_SERVER_DEMO_DEMO_RANDOM_H_
