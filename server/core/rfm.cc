#include "server/core/rfm.h"

#include <algorithm>
#include <limits>
#include <numeric>
#include <optional>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "server/core/column_checks.h"
#include "server/core/parallel.h"
#include "server/core/status_macros.h"
#include "server/core/tick_column.h"

namespace huikuan::core {

absl::string_view RfmSegmentName(RfmSegment segment) {
  switch (segment) {
    case RfmSegment::kOther:
      return "other";
    case RfmSegment::kLoyalHighValue:
      return "loyal_high_value";
    case RfmSegment::kLowValueChurnRisk:
      return "low_value_churn_risk";
  }
  return "unknown";
}

absl::string_view RfmSegmentAdvice(RfmSegment segment) {
  switch (segment) {
    case RfmSegment::kOther:
      return "standard terms";
    case RfmSegment::kLoyalHighValue:
      return "longer terms and more favourable conditions";
    case RfmSegment::kLowValueChurnRisk:
      return "shorten terms or require cash";
  }
  return "unknown";
}

RfmSegment ClassifyRfm(int32_t recency_days, int32_t frequency, Fen monetary, const RfmConfig& c) {
  if (recency_days <= c.loyal_max_recency_days && frequency >= c.loyal_min_frequency &&
      monetary >= c.loyal_min_monetary) {
    return RfmSegment::kLoyalHighValue;
  }
  if (recency_days > c.churn_min_recency_days_exclusive && frequency <= c.churn_max_frequency &&
      monetary <= c.churn_max_monetary) {
    return RfmSegment::kLowValueChurnRisk;
  }
  return RfmSegment::kOther;
}

namespace {

// Any keys: a hash map from key to group in first-seen order, sorted at the end. Inputs validated
// except for the order-after-as_of check.
absl::StatusOr<RfmTable> ComputeRfmHashed(absl::Span<const int64_t> customer_keys,
                                          absl::Span<const EpochDay> order_days,
                                          absl::Span<const Fen> order_amounts, EpochDay as_of) {
  const size_t n = customer_keys.size();

  std::vector<int64_t> keys;
  std::vector<EpochDay> last_day;
  std::vector<int64_t> count;
  std::vector<Int128> sum;
  absl::flat_hash_map<int64_t, uint32_t> index;
  for (size_t i = 0; i < n; ++i) {
    const EpochDay day = order_days[i];
    if (day > as_of) {
      return absl::InvalidArgumentError(absl::StrCat("order_days[", i, "]: ", FormatDate(day),
                                                     " is after as_of ", FormatDate(as_of)));
    }
    auto [it, inserted] = index.try_emplace(customer_keys[i], static_cast<uint32_t>(keys.size()));
    if (inserted) {
      keys.push_back(customer_keys[i]);
      last_day.push_back(day);
      count.push_back(0);
      sum.push_back(0);
    }
    const uint32_t g = it->second;
    last_day[g] = std::max(last_day[g], day);
    count[g] += 1;
    sum[g] += order_amounts[i];
  }
  std::vector<uint32_t> order(keys.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return keys[a] < keys[b]; });
  RfmTable t;
  t.customer_keys.reserve(keys.size());
  t.recency_days.reserve(keys.size());
  t.frequency.reserve(keys.size());
  t.monetary.reserve(keys.size());
  for (uint32_t g : order) {
    if (sum[g] > std::numeric_limits<int64_t>::max()) {
      return absl::InvalidArgumentError(
          absl::StrCat("order_amounts: sum for customer ", keys[g], " overflows int64"));
    }
    if (count[g] > std::numeric_limits<int32_t>::max()) {
      return absl::InvalidArgumentError(
          absl::StrCat("customer_keys: customer ", keys[g], " has more than 2^31 orders"));
    }
    t.customer_keys.push_back(keys[g]);
    t.recency_days.push_back(as_of - last_day[g]);
    t.frequency.push_back(static_cast<int32_t>(count[g]));
    t.monetary.push_back(static_cast<Fen>(sum[g]));
  }
  return t;
}

// One 16-byte cell per key (a single cache line touched per order); count 0 marks a key without
// orders; counts fit in uint32 (n < 2^31 here).
struct RfmCell {
  Fen sum;
  EpochDay last_day;
  uint32_t count;
};

// What the dense pass found besides the sums.
struct DensePass {
  bool valid = true;      // every date accepted and every amount in [0, kMaxAbsFen]
  bool late = false;      // some order after as_of
  bool overflow = false;  // some customer's sum overflowed
};

// Accumulates orders into cells indexed by key - min_key. Dates are epoch days (Day = EpochDay,
// kTicksPerDay 1) or timestamps (Day = int64_t, tick_column.h) with the unit a compile-time
// constant, so that the day of a tick is a multiply, not a division.
template <typename Day, int64_t kTicksPerDay>
DensePass AccumulateRfm(absl::Span<const int64_t> customer_keys, const Day* day_col,
                        absl::Span<const Fen> order_amounts, EpochDay as_of, int64_t min_key,
                        RfmCell* cells) {
  const size_t n = customer_keys.size();
  constexpr int64_t kBegin = AcceptedTicksBegin(kTicksPerDay);
  constexpr uint64_t kWidth =
      static_cast<uint64_t>(AcceptedTicksEnd(kTicksPerDay)) - static_cast<uint64_t>(kBegin);
  bool valid = true, late = false, overflow = false;
  // Customers' cells are touched in random order: prefetch a few orders ahead so the cache
  // misses overlap instead of stalling one by one.
  constexpr size_t kAhead = 16;
  const uint64_t base = static_cast<uint64_t>(min_key);
  // Raw pointers in the hot loop: Debian's Abseil is hardened, so every Span[] is bounds-checked.
  const int64_t* key_col = customer_keys.data();
  const Fen* amount_col = order_amounts.data();
  for (size_t i = 0; i < n; ++i) {
    if (i + kAhead < n) {
      __builtin_prefetch(&cells[static_cast<uint64_t>(key_col[i + kAhead]) - base], 1);
    }
    // Ticks from the first accepted one: the day is kMinEpochDay + offset / kTicksPerDay (floor
    // division, as offset >= 0 for every accepted tick; others fail `valid`).
    const uint64_t offset =
        static_cast<uint64_t>(int64_t{day_col[i]}) - static_cast<uint64_t>(kBegin);
    const EpochDay day =
        static_cast<EpochDay>(kMinEpochDay + static_cast<int64_t>(offset / kTicksPerDay));
    const Fen amount = amount_col[i];
    valid &=
        (offset < kWidth) & (static_cast<uint64_t>(amount) <= static_cast<uint64_t>(kMaxAbsFen));
    late |= day > as_of;
    RfmCell& c = cells[static_cast<uint64_t>(key_col[i]) - base];
    c.last_day = std::max(c.last_day, day);
    c.count += 1;
    overflow |= __builtin_add_overflow(c.sum, amount, &c.sum);
  }
  return DensePass{valid, late, overflow};
}

constexpr RfmCell kNoOrders{0, std::numeric_limits<EpochDay>::min(), 0};

// AccumulateRfm into `cells` (span of them, kNoOrders), over two threads for large batches
// (parallel.h): the helper's chunks into cells of its own, merged into `cells` at the end.
template <typename Day, int64_t kTicksPerDay>
DensePass AccumulateRfmInChunks(absl::Span<const int64_t> customer_keys, const Day* day_col,
                                absl::Span<const Fen> order_amounts, EpochDay as_of,
                                int64_t min_key, std::vector<RfmCell>& cells) {
  const size_t n = customer_keys.size();
  const size_t chunks = ChunksFor(n, cells.size() * sizeof(RfmCell));
  std::vector<RfmCell> helper_cells;
  DensePass found[2];
  ForEachChunk(chunks, chunks > 1, [&](size_t chunk, int worker) {
    const size_t from = ChunkBegin(n, chunk, chunks);
    const size_t rows = ChunkBegin(n, chunk + 1, chunks) - from;
    if (worker == 1 && helper_cells.empty()) helper_cells.assign(cells.size(), kNoOrders);
    const DensePass p = AccumulateRfm<Day, kTicksPerDay>(
        customer_keys.subspan(from, rows), day_col + from, order_amounts.subspan(from, rows), as_of,
        min_key, worker == 0 ? cells.data() : helper_cells.data());
    found[worker].valid &= p.valid;
    found[worker].late |= p.late;
    found[worker].overflow |= p.overflow;
  });
  DensePass pass{found[0].valid && found[1].valid, found[0].late || found[1].late,
                 found[0].overflow || found[1].overflow};
  // A partial sum never exceeds the whole (amounts of valid input are >= 0): an overflow here or
  // in a chunk means the customer's sum overflows.
  for (size_t g = 0; g < helper_cells.size(); ++g) {
    RfmCell& c = cells[g];
    const RfmCell& o = helper_cells[g];
    c.last_day = std::max(c.last_day, o.last_day);
    c.count += o.count;
    pass.overflow |= __builtin_add_overflow(c.sum, o.sum, &c.sum);
  }
  return pass;
}

// The table from the cells: customers with orders, ascending.
RfmTable RfmFromCells(const std::vector<RfmCell>& cells, int64_t min_key, EpochDay as_of) {
  size_t groups = 0;
  for (const RfmCell& c : cells) groups += c.count != 0;
  RfmTable t;
  t.customer_keys.resize(groups);
  t.recency_days.resize(groups);
  t.frequency.resize(groups);
  t.monetary.resize(groups);
  size_t k = 0;
  for (uint64_t g = 0; g < cells.size(); ++g) {
    const RfmCell& c = cells[g];
    if (c.count == 0) continue;
    t.customer_keys[k] = static_cast<int64_t>(static_cast<uint64_t>(min_key) + g);
    t.recency_days[k] = as_of - c.last_day;
    t.frequency[k] = static_cast<int32_t>(c.count);
    t.monetary[k] = c.sum;
    ++k;
  }
  return t;
}

// Keys within a small range (customer ids 0..N-1, factorised codes): tables indexed by
// key - min_key instead of a hash map, and customers come out ascending without a sort. Dates
// and amounts are validated in the same pass. Same results and errors as validation followed by
// ComputeRfmHashed, to which it defers when a sum may overflow or an order is after as_of.
absl::StatusOr<RfmTable> ComputeRfmDense(absl::Span<const int64_t> customer_keys,
                                         absl::Span<const EpochDay> order_days,
                                         absl::Span<const Fen> order_amounts, EpochDay as_of,
                                         int64_t min_key, uint64_t span) {
  std::vector<RfmCell> cells(span, kNoOrders);
  const DensePass pass = AccumulateRfmInChunks<EpochDay, 1>(customer_keys, order_days.data(),
                                                            order_amounts, as_of, min_key, cells);
  // The column checks run only when this pass saw an invalid date or amount, to name the first
  // one exactly as ComputeRfm always has (dates first, then amounts).
  if (!pass.valid) {
    HK_RETURN_IF_ERROR(ValidateEpochDays(order_days, "order_days"));
    HK_RETURN_IF_ERROR(CheckAmounts("order_amounts", order_amounts));
  }
  // Amounts are validated non-negative, so an int64 overflow anywhere means some customer's exact
  // sum overflows; the hashed path reports that, or the first order after as_of, exactly as before.
  if (pass.overflow || pass.late) {
    return ComputeRfmHashed(customer_keys, order_days, order_amounts, as_of);
  }
  return RfmFromCells(cells, min_key, as_of);
}

template <int64_t kTicksPerDay>
std::optional<RfmTable> RfmTicksDense(absl::Span<const int64_t> customer_keys,
                                      absl::Span<const int64_t> ticks,
                                      absl::Span<const Fen> order_amounts, EpochDay as_of,
                                      int64_t min_key, uint64_t span) {
  std::vector<RfmCell> cells(span, kNoOrders);
  const DensePass pass = AccumulateRfmInChunks<int64_t, kTicksPerDay>(
      customer_keys, ticks.data(), order_amounts, as_of, min_key, cells);
  if (!pass.valid || pass.late || pass.overflow) return std::nullopt;
  return RfmFromCells(cells, min_key, as_of);
}

}  // namespace

absl::StatusOr<RfmTable> ComputeRfm(absl::Span<const int64_t> customer_keys,
                                    absl::Span<const EpochDay> order_days,
                                    absl::Span<const Fen> order_amounts, EpochDay as_of) {
  const size_t n = customer_keys.size();
  HK_RETURN_IF_ERROR(CheckLength("order_days", order_days.size(), n));
  HK_RETURN_IF_ERROR(CheckLength("order_amounts", order_amounts.size(), n));
  HK_RETURN_IF_ERROR(ValidateEpochDay(as_of, "as_of"));
  int64_t min_key = 0;
  uint64_t span = 0;
  if (n <= std::numeric_limits<int32_t>::max() &&
      SmallKeyRange(customer_keys, DenseKeyLimit(n), &min_key, &span)) {
    // Validates the dates and amounts inside its single pass.
    return ComputeRfmDense(customer_keys, order_days, order_amounts, as_of, min_key, span);
  }
  HK_RETURN_IF_ERROR(ValidateEpochDays(order_days, "order_days"));
  HK_RETURN_IF_ERROR(CheckAmounts("order_amounts", order_amounts));
  return ComputeRfmHashed(customer_keys, order_days, order_amounts, as_of);
}

std::optional<RfmTable> TryRfmTicks(absl::Span<const int64_t> customer_keys,
                                    const TickColumn& order_days,
                                    absl::Span<const Fen> order_amounts, EpochDay as_of) {
  const size_t n = customer_keys.size();
  int64_t min_key = 0;
  uint64_t span = 0;
  if (order_days.ticks.size() != n || order_amounts.size() != n || !IsValidEpochDay(as_of) ||
      n > std::numeric_limits<int32_t>::max() ||
      !SmallKeyRange(customer_keys, DenseKeyLimit(n), &min_key, &span)) {
    return std::nullopt;
  }
  // The usual units (days, s, ms, us, ns), each with its division by a constant; others take the
  // general path.
  switch (order_days.ticks_per_day) {
    case 1:
      return RfmTicksDense<1>(customer_keys, order_days.ticks, order_amounts, as_of, min_key, span);
    case 86'400:
      return RfmTicksDense<86'400>(customer_keys, order_days.ticks, order_amounts, as_of, min_key,
                                   span);
    case 86'400'000:
      return RfmTicksDense<86'400'000>(customer_keys, order_days.ticks, order_amounts, as_of,
                                       min_key, span);
    case 86'400'000'000:
      return RfmTicksDense<86'400'000'000>(customer_keys, order_days.ticks, order_amounts, as_of,
                                           min_key, span);
    case kNanosPerDay:
      return RfmTicksDense<kNanosPerDay>(customer_keys, order_days.ticks, order_amounts, as_of,
                                         min_key, span);
    default:
      return std::nullopt;
  }
}

namespace {

// ClassifyRfm for columns of valid values, without branches: loyal wins over churn risk, as there.
void SegmentsOf(absl::Span<const int32_t> recency_days, absl::Span<const int32_t> frequency,
                absl::Span<const Fen> monetary, const RfmConfig& config,
                absl::Span<int8_t> segments) {
  const RfmConfig c = config;
  // Raw pointers in the hot loop: Debian's Abseil is hardened, so every Span[] is bounds-checked.
  const int32_t* r_col = recency_days.data();
  const int32_t* f_col = frequency.data();
  const Fen* m_col = monetary.data();
  int8_t* out = segments.data();
  for (size_t i = 0; i < segments.size(); ++i) {
    const int32_t r = r_col[i];
    const int32_t f = f_col[i];
    const Fen m = m_col[i];
    const int loyal = (r <= c.loyal_max_recency_days) & (f >= c.loyal_min_frequency) &
                      (m >= c.loyal_min_monetary);
    const int churn = (r > c.churn_min_recency_days_exclusive) & (f <= c.churn_max_frequency) &
                      (m <= c.churn_max_monetary);
    // Arithmetic, not a conditional (which the compiler turns into mispredicted branches).
    out[i] = static_cast<int8_t>(loyal * static_cast<int>(RfmSegment::kLoyalHighValue) +
                                 (churn & (1 - loyal)) *
                                     static_cast<int>(RfmSegment::kLowValueChurnRisk));
  }
}

}  // namespace

absl::Status ClassifyRfmBatch(absl::Span<const int32_t> recency_days,
                              absl::Span<const int32_t> frequency, absl::Span<const Fen> monetary,
                              const RfmConfig& config, absl::Span<int8_t> segments) {
  const size_t n = recency_days.size();
  HK_RETURN_IF_ERROR(CheckLength("frequency", frequency.size(), n));
  HK_RETURN_IF_ERROR(CheckLength("monetary", monetary.size(), n));
  HK_RETURN_IF_ERROR(CheckLength("segments", segments.size(), n));
  HK_RETURN_IF_ERROR(CheckNonNegative("recency_days", recency_days));
  HK_RETURN_IF_ERROR(CheckNonNegative("frequency", frequency));
  HK_RETURN_IF_ERROR(CheckAmounts("monetary", monetary));
  SegmentsOf(recency_days, frequency, monetary, config, segments);
  return absl::OkStatus();
}

namespace {

// ceil(5 * average rank / n) for a run of equal values at 0-based sorted positions [i, j): the
// ranks are i+1..j, their mean (i+1+j)/2, so the score is ceil(5 * (i+1+j) / (2n)) in integers.
inline int8_t RunScore(uint64_t i, uint64_t j, uint64_t denominator) {
  const uint64_t numerator = 5 * (i + 1 + j);
  return static_cast<int8_t>((numerator + denominator - 1) / denominator);
}

// Values spanning few distinct integers (days, order counts): one counting pass, the score of each
// value from the running position of its run, one pass writing scores. O(n + span).
template <typename T>
void QuintileScoresCounting(absl::Span<const T> values, bool descending, int64_t min_value,
                            uint64_t span, absl::Span<int8_t> scores) {
  const size_t n = values.size();
  std::vector<uint32_t> count(span, 0);
  for (T v : values) {
    ++count[static_cast<uint64_t>(int64_t{v}) - static_cast<uint64_t>(min_value)];
  }
  std::vector<int8_t> score_of(span, 0);
  const uint64_t denominator = 2 * static_cast<uint64_t>(n);
  uint64_t position = 0;
  for (uint64_t k = 0; k < span; ++k) {
    const uint64_t slot = descending ? span - 1 - k : k;
    const uint64_t c = count[slot];
    if (c == 0) continue;
    score_of[slot] = RunScore(position, position + c, denominator);
    position += c;
  }
  // Raw pointers: Debian's Abseil is hardened, so every Span[] is bounds-checked.
  const T* in = values.data();
  int8_t* out = scores.data();
  const int8_t* table = score_of.data();
  for (size_t i = 0; i < n; ++i) {
    out[i] = table[static_cast<uint64_t>(int64_t{in[i]}) - static_cast<uint64_t>(min_value)];
  }
}

struct KeyRow {
  uint64_t key;
  uint32_t row;
};

// Values spanning a wide range (money): scores without sorting them all. The score is monotone in
// the value, so only its ranks near the four score boundaries matter. A histogram of the top 12
// bits of key (the distance from the minimum, or from the maximum when descending, an order-
// preserving or -reversing map to uint64 that keeps ties) gives each bucket the range of ranks
// of its values; a bucket whose lowest and highest possible average rank give the same score
// passes it to all its values, and only the values of the few buckets across a boundary are sorted
// to rank them exactly. Two passes over the values, O(n) unless the values crowd into a boundary
// bucket (then O(n log n), as a sort).
template <typename T>
void QuintileScoresWide(absl::Span<const T> values, bool descending, int64_t lo, int64_t hi,
                        absl::Span<int8_t> scores) {
  const size_t n = values.size();
  const uint64_t width = static_cast<uint64_t>(hi) - static_cast<uint64_t>(lo);
  const int bits = width == 0 ? 0 : 64 - __builtin_clzll(width);
  constexpr int kTopBits = 12;
  const int shift = bits > kTopBits ? bits - kTopBits : 0;
  const size_t buckets = static_cast<size_t>(width >> shift) + 1;
  // Raw pointers: Debian's Abseil is hardened, so every Span[] is bounds-checked.
  const T* in = values.data();
  int8_t* out = scores.data();
  auto key = [&](size_t i) {
    const uint64_t v = static_cast<uint64_t>(int64_t{in[i]});
    return descending ? static_cast<uint64_t>(hi) - v : v - static_cast<uint64_t>(lo);
  };
  std::vector<uint32_t> below(buckets + 1, 0);  // counts, then values in earlier buckets
  for (size_t i = 0; i < n; ++i) ++below[(key(i) >> shift) + 1];
  for (size_t b = 1; b <= buckets; ++b) below[b] += below[b - 1];
  // A bucket's values have between below[b] and below[b + 1] - 1 smaller ones: average ranks from
  // RunScore(below, below + 1) up to RunScore(below[b + 1] - 1, below[b + 1]). 0 = "rank exactly".
  const uint64_t denominator = 2 * static_cast<uint64_t>(n);
  std::vector<int8_t> bucket_score(buckets, 0);
  for (size_t b = 0; b < buckets; ++b) {
    if (below[b + 1] == below[b]) continue;
    const int8_t low = RunScore(below[b], below[b] + 1, denominator);
    const int8_t high = RunScore(below[b + 1] - 1, below[b + 1], denominator);
    bucket_score[b] = low == high ? low : 0;
  }
  std::vector<KeyRow> exact;
  for (size_t i = 0; i < n; ++i) {
    const uint64_t k = key(i);
    const int8_t s = bucket_score[k >> shift];
    out[i] = s;
    if (s == 0) exact.push_back(KeyRow{k, static_cast<uint32_t>(i)});
  }
  std::sort(exact.begin(), exact.end(),
            [](const KeyRow& a, const KeyRow& b) { return a.key < b.key; });
  // Runs of equal keys; the rank of a run is the values in earlier buckets plus those before it in
  // its own bucket (all of which are in `exact`, sorted).
  size_t bucket_start = 0;  // index in `exact` of the first row of the current bucket
  for (size_t i = 0; i < exact.size();) {
    const uint64_t b = exact[i].key >> shift;
    if (i == 0 || (exact[i - 1].key >> shift) != b) bucket_start = i;
    size_t j = i + 1;
    while (j < exact.size() && exact[j].key == exact[i].key) ++j;
    const uint64_t smaller = below[b] + (i - bucket_start);
    const int8_t score = RunScore(smaller, smaller + (j - i), denominator);
    for (size_t k = i; k < j; ++k) out[exact[k].row] = score;
    i = j;
  }
}

}  // namespace

namespace {

// QuintileScores for int64 values or int32 ones (R and F, without widening copies).
template <typename T>
absl::Status QuintileScoresOf(absl::Span<const T> values, bool descending,
                              absl::Span<int8_t> scores) {
  const size_t n = values.size();
  HK_RETURN_IF_ERROR(CheckLength("scores", scores.size(), n));
  if (n == 0) return absl::OkStatus();
  if (n > std::numeric_limits<uint32_t>::max()) {
    return absl::InvalidArgumentError(absl::StrCat("values: ", n, " rows, at most 2^32 - 1"));
  }
  int64_t lo = values[0], hi = values[0];
  for (T x : values) {
    const int64_t v = x;
    lo = v < lo ? v : lo;
    hi = v > hi ? v : hi;
  }
  const uint64_t width = static_cast<uint64_t>(hi) - static_cast<uint64_t>(lo);
  if (width < DenseKeyLimit(n)) {
    QuintileScoresCounting<T>(values, descending, lo, width + 1, scores);
    return absl::OkStatus();
  }
  QuintileScoresWide<T>(values, descending, lo, hi, scores);
  return absl::OkStatus();
}

}  // namespace

absl::Status QuintileScores(absl::Span<const int64_t> values, bool descending,
                            absl::Span<int8_t> scores) {
  return QuintileScoresOf<int64_t>(values, descending, scores);
}

RfmScoreColumns ScoreRfmTable(const RfmTable& table, const RfmConfig& config) {
  const size_t n = table.customer_keys.size();
  RfmScoreColumns out;
  out.r_scores.resize(n);
  out.f_scores.resize(n);
  out.m_scores.resize(n);
  out.segments.resize(n);
  // Lengths agree and n < 2^31 (ComputeRfm's limit): the quintiles cannot fail.
  QuintileScoresOf<int32_t>(table.recency_days, /*descending=*/true, absl::MakeSpan(out.r_scores))
      .IgnoreError();
  QuintileScoresOf<int32_t>(table.frequency, /*descending=*/false, absl::MakeSpan(out.f_scores))
      .IgnoreError();
  QuintileScoresOf<int64_t>(table.monetary, /*descending=*/false, absl::MakeSpan(out.m_scores))
      .IgnoreError();
  SegmentsOf(table.recency_days, table.frequency, table.monetary, config,
             absl::MakeSpan(out.segments));
  return out;
}

absl::Status RfmScores(absl::Span<const int32_t> recency_days, absl::Span<const int32_t> frequency,
                       absl::Span<const Fen> monetary, absl::Span<int8_t> r_scores,
                       absl::Span<int8_t> f_scores, absl::Span<int8_t> m_scores) {
  const size_t n = recency_days.size();
  HK_RETURN_IF_ERROR(CheckLength("frequency", frequency.size(), n));
  HK_RETURN_IF_ERROR(CheckLength("monetary", monetary.size(), n));
  HK_RETURN_IF_ERROR(CheckLength("r_scores", r_scores.size(), n));
  HK_RETURN_IF_ERROR(CheckLength("f_scores", f_scores.size(), n));
  HK_RETURN_IF_ERROR(CheckLength("m_scores", m_scores.size(), n));
  HK_RETURN_IF_ERROR(CheckNonNegative("recency_days", recency_days));
  HK_RETURN_IF_ERROR(CheckNonNegative("frequency", frequency));
  HK_RETURN_IF_ERROR(CheckAmounts("monetary", monetary));
  HK_RETURN_IF_ERROR(QuintileScoresOf<int32_t>(recency_days, /*descending=*/true, r_scores));
  HK_RETURN_IF_ERROR(QuintileScoresOf<int32_t>(frequency, /*descending=*/false, f_scores));
  return QuintileScoresOf<int64_t>(monetary, /*descending=*/false, m_scores);
}

}  // namespace huikuan::core
