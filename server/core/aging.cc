#include "server/core/aging.h"

#include <algorithm>
#include <limits>
#include <numeric>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "server/core/column_checks.h"
#include "server/core/status_macros.h"

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

}  // namespace huikuan::core
