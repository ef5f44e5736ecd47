// Receivables aging (R-AGING-1): each open invoice falls into a bucket by days past due as of a
// date; the default buckets are current (not yet overdue), 1-30, 31-60, 61-90 and over 90 days.
//
//   AgingConfig config;                                       // bounds {0, 30, 60, 90}
//   absl::StatusOr<int> b = AgingBucket(31, config);          // 2 ("31-60")
//   absl::StatusOr<AgingTable> t =
//       AgeByGroup(salesperson_ids, open_amounts, due_days, as_of, config);
//   t->amount(g, 4)   // fen over 90 days past due for the g-th salesperson (keys sorted ascending)
//
// Days past due = as_of - due_day (epoch days). An invoice due today is current (0 days past due);
// due yesterday is 1 day past due (bucket "1-30").
//
// Thread-safe: pure functions of their arguments, no global state, no I/O. A batch of kParallelRows
// rows or more (parallel.h) is summed on the calling thread and one helper thread.
#ifndef HUIKUAN_SERVER_CORE_AGING_H_
#define HUIKUAN_SERVER_CORE_AGING_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "server/core/civil_date.h"
#include "server/core/money.h"
#include "server/core/tick_column.h"

namespace huikuan::core {

// Bucket bounds, inclusive upper bounds in days past due, strictly increasing, the first >= 0.
// Bucket 0 holds days_past_due <= upper_bounds[0]; bucket i holds (upper_bounds[i-1],
// upper_bounds[i]]; the last bucket (index upper_bounds.size()) holds > upper_bounds.back().
// The default gives the five R-AGING-1 buckets: <=0, 1-30, 31-60, 61-90, >90.
struct AgingConfig {
  std::vector<int32_t> upper_bounds = {0, 30, 60, 90};
};

// OK or INVALID_ARGUMENT "upper_bounds: ..." (empty, not increasing, negative first bound, more
// than 126 bounds).
absl::Status ValidateAgingConfig(const AgingConfig& config);

// upper_bounds.size() + 1.
int NumBuckets(const AgingConfig& config);

// Labels: "current" for bucket 0 when its bound is 0 (else "<=N"), "a-b" for the middle buckets,
// ">N" for the last. Default: {"current", "1-30", "31-60", "61-90", ">90"}.
std::vector<std::string> BucketLabels(const AgingConfig& config);

// Bucket index for a number of days past due (may be negative: not yet due).
absl::StatusOr<int> AgingBucket(int32_t days_past_due, const AgingConfig& config);

// Bucket per invoice into `buckets` (same length as due_days). Errors: invalid config, length
// mismatch, any due day or as_of out of range.
absl::Status AssignBuckets(absl::Span<const EpochDay> due_days, EpochDay as_of,
                           const AgingConfig& config, absl::Span<int8_t> buckets);

// Open amounts per group and bucket, row-major: amounts[g * num_buckets + b].
struct AgingTable {
  std::vector<int64_t> group_keys;  // ascending, distinct; {0} when no keys were given
  int num_buckets = 0;
  std::vector<Fen> amounts;     // open fen per (group, bucket)
  std::vector<int64_t> counts;  // open invoices per (group, bucket)
  std::vector<Fen> totals;      // open fen per group (sum over buckets)

  Fen amount(size_t group, int bucket) const { return amounts[group * num_buckets + bucket]; }
  int64_t count(size_t group, int bucket) const { return counts[group * num_buckets + bucket]; }
};

// One pass over the columns. `group_keys` may be empty (one company-wide group with key 0); else
// it gives each invoice's customer / salesperson / department id. Invoices whose open amount is 0
// are skipped (settled); open amounts must be >= 0 (credits are applied before aging).
// Errors (INVALID_ARGUMENT naming the argument): length mismatch, negative or > kMaxAbsFen amount,
// date out of range, overflow of a group total, invalid config. Empty input -> a table with no
// groups (or the single key 0 with zeros when group_keys is empty).
absl::StatusOr<AgingTable> AgeByGroup(absl::Span<const int64_t> group_keys,
                                      absl::Span<const Fen> open_amounts,
                                      absl::Span<const EpochDay> due_days, EpochDay as_of,
                                      const AgingConfig& config = AgingConfig());

// AgeByGroup over due dates given as timestamps (tick_column.h), read without converting them.
// nullopt when the input is not the plain valid case (then convert the days and call AgeByGroup,
// which reports the error); otherwise exactly AgeByGroup's table for the converted days.
std::optional<AgingTable> TryAgeByGroupTicks(absl::Span<const int64_t> group_keys,
                                             absl::Span<const Fen> open_amounts,
                                             const TickColumn& due, EpochDay as_of,
                                             const AgingConfig& config = AgingConfig());

}  // namespace huikuan::core

#endif  // HUIKUAN_SERVER_CORE_AGING_H_
