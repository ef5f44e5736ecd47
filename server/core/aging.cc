#include "server/core/aging.h"

#include <algorithm>
#include <limits>
#include <numeric>
#include <optional>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "server/core/column_checks.h"
#include "server/core/count_below.h"
#include "server/core/parallel.h"
#include "server/core/status_macros.h"
#include "server/core/tick_column.h"

namespace huikuan::core {
namespace {

// Bucket of a day count given validated bounds: the first bound >= days, else the last bucket.
// Bounds are strictly increasing, so that index is the number of bounds below days_past_due:
// counted without data-dependent branches (random due dates would mispredict an early exit).
inline int BucketOf(int32_t days_past_due, const int32_t* bounds, int num_bounds) {
  int b = 0;
  for (int k = 0; k < num_bounds; ++k) b += days_past_due > bounds[k];
  return b;
}

// Open fen and count of one (group, bucket): both in one 16-byte cell.
struct AgingCell {
  Fen sum = 0;
  int64_t count = 0;
};

// The accumulation loop of AgeByGroupDense. kSlots > 0: the limits are padded to kSlots entries
// (INT64_MIN: no tick is below it) and copied into locals, so that the bucket count unrolls and the
// limits stay in registers (read through a pointer they would be reloaded after every store to a
// cell, which may alias them, at several times the cost of the whole row). 0: any number.
template <int kSlots, typename Day>
void AccumulateAging(size_t n, const int64_t* key_col, int64_t min_key, const Fen* amount_col,
                     const Day* due_col, const int64_t* limits, int num_limits, int nb,
                     int64_t begin, int64_t end, AgingCell* cells, bool* valid, bool* overflow) {
  int64_t limit[kSlots > 0 ? kSlots : 1];
  if constexpr (kSlots > 0) std::copy(limits, limits + kSlots, limit);
  bool ok = true, ov = false;
  const uint64_t accepted_ticks = static_cast<uint64_t>(end) - static_cast<uint64_t>(begin);
  for (size_t i = 0; i < n; ++i) {
    const uint64_t group =
        key_col == nullptr ? 0 : static_cast<uint64_t>(key_col[i]) - static_cast<uint64_t>(min_key);
    const Fen amount = amount_col[i];
    const int64_t due = due_col[i];
    // 0 <= amount <= kMaxAbsFen and begin <= due < end, one unsigned compare each.
    ok &= (static_cast<uint64_t>(amount) <= static_cast<uint64_t>(kMaxAbsFen)) &
          (static_cast<uint64_t>(due) - static_cast<uint64_t>(begin) < accepted_ticks);
    int b = 0;
    if constexpr (kSlots > 0) {
      b = CountAbove(due, limit);
    } else {
      for (int k = 0; k < num_limits; ++k) b += due < limits[k];
    }
    // Settled rows (amount 0) add nothing and count nothing: no branch, which would mispredict.
    AgingCell& c = cells[group * nb + b];
    ov |= __builtin_add_overflow(c.sum, amount, &c.sum);
    c.count += amount != 0;
  }
  *valid = ok;
  *overflow = ov;
}

// The one-pass fast path of AgeByGroup for due dates as epoch days (Day = EpochDay, one tick a
// day) or timestamps (Day = int64_t, tick_column.h): validates, buckets and sums in the same pass
// into cells indexed by key - min_key directly (no hashing, no sort: the keys come out ascending).
// nullopt when anything is not the plain case (an invalid amount or date, keys too spread for a
// table of at most about one cell row per two invoices, an overflow, no rows): the general path
// then decides. The config and as_of are valid here.
template <typename Day>
std::optional<AgingTable> AgeByGroupDense(absl::Span<const int64_t> group_keys,
                                          absl::Span<const Fen> open_amounts, const Day* due_col,
                                          int64_t ticks_per_day, EpochDay as_of,
                                          const AgingConfig& config) {
  const size_t n = open_amounts.size();
  const bool grouped = !group_keys.empty();
  if (n == 0) return std::nullopt;
  int64_t min_key = 0;
  uint64_t span = 1;
  if (grouped && !SmallKeyRange(group_keys, n / 2 + 4096, &min_key, &span)) return std::nullopt;
  const int nb = NumBuckets(config);
  const int num_limits = nb - 1;
  // days past due > bound  <=>  due day < as_of - bound  <=>  due tick < first tick of that day.
  constexpr int kPadded = 8;
  std::vector<int64_t> limits(std::max(num_limits, kPadded), std::numeric_limits<int64_t>::min());
  for (int k = 0; k < num_limits; ++k) {
    limits[k] = DayStartTick(int64_t{as_of} - config.upper_bounds[k], ticks_per_day);
  }
  const int64_t begin = AcceptedTicksBegin(ticks_per_day);
  const int64_t end = AcceptedTicksEnd(ticks_per_day);
  // Rows [from, to) into `into`; false if any is invalid or a sum overflows.
  auto accumulate = [&](size_t from, size_t to, AgingCell* into) {
    const int64_t* keys = grouped ? group_keys.data() + from : nullptr;
    const Fen* amounts = open_amounts.data() + from;
    bool valid = false, overflow = false;
    if (num_limits <= 4) {
      AccumulateAging<4>(to - from, keys, min_key, amounts, due_col + from, limits.data(),
                         num_limits, nb, begin, end, into, &valid, &overflow);
    } else if (num_limits <= kPadded) {
      AccumulateAging<kPadded>(to - from, keys, min_key, amounts, due_col + from, limits.data(),
                               num_limits, nb, begin, end, into, &valid, &overflow);
    } else {
      AccumulateAging<0>(to - from, keys, min_key, amounts, due_col + from, limits.data(),
                         num_limits, nb, begin, end, into, &valid, &overflow);
    }
    return valid && !overflow;
  };
  // Over two threads for large batches (parallel.h): the helper's chunks into cells of its own,
  // added to the first's at the end (a partial sum never exceeds the whole, as amounts are >= 0).
  std::vector<AgingCell> cells(span * nb);
  std::vector<AgingCell> helper_cells;
  bool ok[2] = {true, true};
  const size_t chunks = ChunksFor(n, cells.size() * sizeof(AgingCell));
  ForEachChunk(chunks, chunks > 1, [&](size_t chunk, int worker) {
    if (worker == 1 && helper_cells.empty()) helper_cells.resize(cells.size());
    ok[worker] &= accumulate(ChunkBegin(n, chunk, chunks), ChunkBegin(n, chunk + 1, chunks),
                             worker == 0 ? cells.data() : helper_cells.data());
  });
  if (!ok[0] || !ok[1]) return std::nullopt;
  bool overflow = false;
  for (size_t c = 0; c < helper_cells.size(); ++c) {
    overflow |= __builtin_add_overflow(cells[c].sum, helper_cells[c].sum, &cells[c].sum);
    cells[c].count += helper_cells[c].count;
  }
  if (overflow) return std::nullopt;

  AgingTable table;
  table.num_buckets = nb;
  for (uint64_t g = 0; g < span; ++g) {
    const AgingCell* row = &cells[g * nb];
    int64_t open = 0;
    for (int b = 0; b < nb; ++b) open += row[b].count;
    // Keys without an open invoice are no group of the report (as in the general path); without
    // keys the one company-wide group is always there.
    if (grouped && open == 0) continue;
    Fen total = 0;
    for (int b = 0; b < nb; ++b) {
      if (__builtin_add_overflow(total, row[b].sum, &total)) return std::nullopt;
    }
    table.group_keys.push_back(grouped ? static_cast<int64_t>(static_cast<uint64_t>(min_key) + g)
                                       : 0);
    for (int b = 0; b < nb; ++b) {
      table.amounts.push_back(row[b].sum);
      table.counts.push_back(row[b].count);
    }
    table.totals.push_back(total);
  }
  return table;
}

}  // namespace

absl::Status ValidateAgingConfig(const AgingConfig& config) {
  const std::vector<int32_t>& u = config.upper_bounds;
  if (u.empty()) return absl::InvalidArgumentError("upper_bounds: empty");
  if (u.size() > 126) {
    return absl::InvalidArgumentError(
        absl::StrCat("upper_bounds: ", u.size(), " bounds, at most 126"));
  }
  if (u[0] < 0) {
    return absl::InvalidArgumentError(absl::StrCat("upper_bounds[0]: ", u[0], " is negative"));
  }
  for (size_t i = 1; i < u.size(); ++i) {
    if (u[i] <= u[i - 1]) {
      return absl::InvalidArgumentError(
          absl::StrCat("upper_bounds[", i, "]: ", u[i], " is not greater than ", u[i - 1]));
    }
  }
  return absl::OkStatus();
}

int NumBuckets(const AgingConfig& config) {
  return static_cast<int>(config.upper_bounds.size()) + 1;
}

std::vector<std::string> BucketLabels(const AgingConfig& config) {
  const std::vector<int32_t>& u = config.upper_bounds;
  std::vector<std::string> labels;
  if (u.empty()) return labels;
  labels.push_back(u[0] == 0 ? std::string("current") : absl::StrCat("<=", u[0]));
  for (size_t i = 1; i < u.size(); ++i) {
    labels.push_back(absl::StrCat(u[i - 1] + 1, "-", u[i]));
  }
  labels.push_back(absl::StrCat(">", u.back()));
  return labels;
}

absl::StatusOr<int> AgingBucket(int32_t days_past_due, const AgingConfig& config) {
  HK_RETURN_IF_ERROR(ValidateAgingConfig(config));
  return BucketOf(days_past_due, config.upper_bounds.data(),
                  static_cast<int>(config.upper_bounds.size()));
}

absl::Status AssignBuckets(absl::Span<const EpochDay> due_days, EpochDay as_of,
                           const AgingConfig& config, absl::Span<int8_t> buckets) {
  HK_RETURN_IF_ERROR(ValidateAgingConfig(config));
  HK_RETURN_IF_ERROR(CheckLength("buckets", buckets.size(), due_days.size()));
  HK_RETURN_IF_ERROR(ValidateEpochDay(as_of, "as_of"));
  HK_RETURN_IF_ERROR(ValidateEpochDays(due_days, "due_days"));
  const int32_t* bounds = config.upper_bounds.data();
  const int nb = static_cast<int>(config.upper_bounds.size());
  // Raw pointers in the hot loop: Debian's Abseil is hardened, so every Span[] is bounds-checked.
  const EpochDay* due = due_days.data();
  int8_t* out = buckets.data();
  for (size_t i = 0; i < due_days.size(); ++i) {
    out[i] = static_cast<int8_t>(BucketOf(as_of - due[i], bounds, nb));
  }
  return absl::OkStatus();
}

absl::StatusOr<AgingTable> AgeByGroup(absl::Span<const int64_t> group_keys,
                                      absl::Span<const Fen> open_amounts,
                                      absl::Span<const EpochDay> due_days, EpochDay as_of,
                                      const AgingConfig& config) {
  HK_RETURN_IF_ERROR(ValidateAgingConfig(config));
  HK_RETURN_IF_ERROR(CheckLength("due_days", due_days.size(), open_amounts.size()));
  HK_RETURN_IF_ERROR(CheckOptionalLength("group_keys", group_keys.size(), open_amounts.size()));
  HK_RETURN_IF_ERROR(ValidateEpochDay(as_of, "as_of"));
  if (std::optional<AgingTable> fast = AgeByGroupDense<EpochDay>(
          group_keys, open_amounts, due_days.data(), /*ticks_per_day=*/1, as_of, config)) {
    return *std::move(fast);
  }
  HK_RETURN_IF_ERROR(ValidateEpochDays(due_days, "due_days"));
  HK_RETURN_IF_ERROR(CheckAmounts("open_amounts", open_amounts));

  const int nb = NumBuckets(config);
  const int32_t* bounds = config.upper_bounds.data();
  const bool grouped = !group_keys.empty();

  // Dense group index in first-seen order. Amounts are validated non-negative, so a checked add per
  // row detects any overflow exactly while keeping the accumulators 64-bit (half the memory of
  // 128-bit ones when there are millions of customers).
  std::vector<int64_t> keys;
  absl::flat_hash_map<int64_t, uint32_t> index;
  std::vector<Fen> sums;
  std::vector<int64_t> counts;
  if (!grouped) {
    keys.push_back(0);
    sums.assign(nb, 0);
    counts.assign(nb, 0);
  }
  // Dense keys (customer ids, factorised codes): a table indexed by key - min_key replaces the hash
  // map; groups keep their first-seen numbering.
  constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();
  int64_t min_key = 0;
  uint64_t span = 0;
  std::vector<uint32_t> slot;
  if (grouped && SmallKeyRange(group_keys, DenseKeyLimit(group_keys.size()), &min_key, &span)) {
    slot.assign(span, kNone);
  }
  const bool dense = !slot.empty();
  int64_t last_key = 0;
  uint32_t last_group = 0;
  bool have_last = false;
  // Raw pointers in the hot loop: Debian's Abseil is hardened, so every Span[] is bounds-checked.
  const Fen* amount_col = open_amounts.data();
  const int64_t* key_col = group_keys.data();
  const EpochDay* due_col = due_days.data();
  for (size_t i = 0; i < open_amounts.size(); ++i) {
    const Fen amount = amount_col[i];
    if (amount == 0) continue;
    uint32_t g = 0;
    if (grouped) {
      const int64_t key = key_col[i];
      // Reports are usually sorted by key: remember the last lookup.
      if (dense) {
        uint32_t& group = slot[static_cast<uint64_t>(key) - static_cast<uint64_t>(min_key)];
        if (group == kNone) {
          group = static_cast<uint32_t>(keys.size());
          keys.push_back(key);
          sums.resize(sums.size() + nb, 0);
          counts.resize(counts.size() + nb, 0);
        }
        g = group;
      } else if (have_last && key == last_key) {
        g = last_group;
      } else {
        auto [it, inserted] = index.try_emplace(key, static_cast<uint32_t>(keys.size()));
        if (inserted) {
          keys.push_back(key);
          sums.resize(sums.size() + nb, 0);
          counts.resize(counts.size() + nb, 0);
        }
        g = it->second;
        last_key = key;
        last_group = g;
        have_last = true;
      }
    }
    const int b = BucketOf(as_of - due_col[i], bounds, nb - 1);
    const size_t cell = static_cast<size_t>(g) * nb + b;
    if (__builtin_add_overflow(sums[cell], amount, &sums[cell])) {
      return absl::InvalidArgumentError(
          absl::StrCat("open_amounts: sum for group ", keys[g], " overflows int64"));
    }
    counts[cell] += 1;
  }

  std::vector<uint32_t> order(keys.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return keys[a] < keys[b]; });

  AgingTable table;
  table.num_buckets = nb;
  table.group_keys.reserve(keys.size());
  table.amounts.reserve(keys.size() * nb);
  table.counts.reserve(keys.size() * nb);
  table.totals.reserve(keys.size());
  for (uint32_t g : order) {
    table.group_keys.push_back(keys[g]);
    Fen total = 0;
    for (int b = 0; b < nb; ++b) {
      const Fen s = sums[static_cast<size_t>(g) * nb + b];
      table.amounts.push_back(s);
      table.counts.push_back(counts[static_cast<size_t>(g) * nb + b]);
      if (__builtin_add_overflow(total, s, &total)) {
        return absl::InvalidArgumentError(
            absl::StrCat("open_amounts: total for group ", keys[g], " overflows int64"));
      }
    }
    table.totals.push_back(total);
  }
  return table;
}

std::optional<AgingTable> TryAgeByGroupTicks(absl::Span<const int64_t> group_keys,
                                             absl::Span<const Fen> open_amounts,
                                             const TickColumn& due, EpochDay as_of,
                                             const AgingConfig& config) {
  if (!ValidateAgingConfig(config).ok() || !IsValidEpochDay(as_of) ||
      !ValidTicksPerDay(due.ticks_per_day) || due.ticks.size() != open_amounts.size() ||
      (!group_keys.empty() && group_keys.size() != open_amounts.size())) {
    return std::nullopt;
  }
  return AgeByGroupDense<int64_t>(group_keys, open_amounts, due.ticks.data(), due.ticks_per_day,
                                  as_of, config);
}

}  // namespace huikuan::core
