// Shared input validation for the batch (struct-of-arrays) APIs, so every function reports bad
// columns with the same wording: "due_days: length 3 != 4", "amounts[7]: -5 is negative".
//
//   HK_RETURN_IF_ERROR(CheckLength("due_days", due_days.size(), amounts.size()));
//
// Thread-safe: pure functions of their arguments, no global state, no I/O.
#ifndef HUIKUAN_SERVER_CORE_COLUMN_CHECKS_H_
#define HUIKUAN_SERVER_CORE_COLUMN_CHECKS_H_

#include <cstddef>
#include <cstdint>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "server/core/money.h"

namespace huikuan::core {

// 128-bit integer for exact intermediate products (GCC/Clang extension; __extension__ keeps
// -Wpedantic quiet).
__extension__ typedef __int128 Int128;

// round(numerator / denominator) with the given rounding; INVALID_ARGUMENT "argument: ..." when
// the denominator is 0 or the result does not fit in int64.
absl::StatusOr<int64_t> DivideRounded(Int128 numerator, Int128 denominator, Rounding rounding,
                                      absl::string_view argument = "result");

// INVALID_ARGUMENT "argument: length actual != expected" unless equal.
absl::Status CheckLength(absl::string_view argument, size_t actual, size_t expected);

// Like CheckLength, but an empty optional column (actual == 0) is accepted too.
absl::Status CheckOptionalLength(absl::string_view argument, size_t actual, size_t expected);

// Every element in [0, kMaxAbsFen] (or [-kMaxAbsFen, kMaxAbsFen] with allow_negative).
// INVALID_ARGUMENT naming the first bad index: "amounts[7]: -5 is negative".
absl::Status CheckAmounts(absl::string_view argument, absl::Span<const int64_t> amounts,
                          bool allow_negative = false);

// Every element >= 0: "frequency[2]: -1 is negative".
absl::Status CheckNonNegative(absl::string_view argument, absl::Span<const int32_t> values);

// Dense-key fast paths: true when the keys are non-empty and span at most `limit` values
// (max - min + 1 <= limit), so a table indexed by key - *min_key (size *span) can replace hashing
// or sorting. One branch-free pass.
bool SmallKeyRange(absl::Span<const int64_t> keys, uint64_t limit, int64_t* min_key,
                   uint64_t* span);

// The usual limit for a table of 32-bit slots next to `rows` rows: O(rows) memory.
inline uint64_t DenseKeyLimit(size_t rows) { return 2 * static_cast<uint64_t>(rows) + 65'536; }

}  // namespace huikuan::core

#endif  // HUIKUAN_SERVER_CORE_COLUMN_CHECKS_H_
