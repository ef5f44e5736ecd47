// Money as an integer count of fen (分), rates as basis points or exact integer ratios, and the
// explicit rounding every division needs. No floating point touches an amount.
//
//   absl::StatusOr<Fen> fen = ParseYuan("1234.56");                 // 123456
//   std::string text = FormatYuan(123456);                            // "1234.56"
//   absl::StatusOr<Fen> fee = ApplyBasisPoints(1'000'000, 5);         // 500 (0.05% of 10,000 yuan)
//   absl::StatusOr<int64_t> q = MulDiv(7, 1, 2, Rounding::kHalfEven);  // 4 (3.5 -> 4)
//
// Every product is formed in 128 bits, so `value * numerator` never overflows; only a final result
// outside int64 is an error (OUT_OF_RANGE is not used: callers treat every bad amount the same way,
// so all overflow is INVALID_ARGUMENT with the argument named). Thread-safe: pure functions.
#ifndef HUIKUAN_SERVER_CORE_MONEY_H_
#define HUIKUAN_SERVER_CORE_MONEY_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace huikuan::core {

// An amount of CNY in fen (1 yuan = 100 fen). Negative values are refunds or credits where a
// function allows them; most batch inputs reject them.
using Fen = int64_t;
// A rate in basis points: 1 bp = 0.01% = 1/10,000.
using BasisPoints = int64_t;

inline constexpr Fen kFenPerYuan = 100;
inline constexpr BasisPoints kBasisPointsPerUnit = 10'000;  // 100%
// The largest amount any API accepts as input: 10^15 yuan. Well inside int64 (9.2e18) so that
// sums of millions of such amounts are still checked rather than silently wrapped.
inline constexpr Fen kMaxAbsFen = 100'000'000'000'000'000;  // 1e17 fen

// How a quotient that is not an integer is turned into one.
enum class Rounding {
  kHalfUp,    // to nearest; exact halves away from zero (2.5 -> 3, -2.5 -> -3). Commercial default.
  kHalfEven,  // to nearest; exact halves to the even neighbour (2.5 -> 2, 3.5 -> 4). Banker's.
  kDown,      // toward zero (truncate): 2.9 -> 2, -2.9 -> -2.
  kFloor,     // toward negative infinity.
  kCeiling,   // toward positive infinity.
};

// round(value * numerator / denominator) computed exactly in 128-bit arithmetic.
// Errors: INVALID_ARGUMENT if denominator is 0 or the result does not fit in int64.
absl::StatusOr<int64_t> MulDiv(int64_t value, int64_t numerator, int64_t denominator,
                               Rounding rounding);

// round(a * b * c / denominator), exact: the product of three factors (amount x rate x days) is
// formed in 128 bits. Errors: INVALID_ARGUMENT if denominator is 0, the product overflows 128 bits
// or the result does not fit in int64.
absl::StatusOr<int64_t> MulMulDiv(int64_t a, int64_t b, int64_t c, int64_t denominator,
                                  Rounding rounding);

// amount * bp / 10,000, rounded. Example: ApplyBasisPoints(1'000'000, 5) == 500.
absl::StatusOr<Fen> ApplyBasisPoints(Fen amount, BasisPoints bp,
                                     Rounding rounding = Rounding::kHalfUp);

// Checked a + b and a - b: INVALID_ARGUMENT on int64 overflow.
absl::StatusOr<Fen> AddFen(Fen a, Fen b);
absl::StatusOr<Fen> SubtractFen(Fen a, Fen b);

// Sum of a column, checked for overflow (INVALID_ARGUMENT naming `argument`). Empty -> 0.
absl::StatusOr<Fen> SumFen(absl::Span<const Fen> amounts, absl::string_view argument = "amounts");

// yuan * 100, checked. Example: YuanToFen(1'000'000) == 100'000'000.
absl::StatusOr<Fen> YuanToFen(int64_t yuan);

// Parses a decimal yuan amount: optional '-' sign, digits, optional '.' and 1 or 2 decimals
// ("1234.56", "-0.5", "7", "0.05"). No '+', no thousands separators, no spaces, no exponent, at
// most 2 decimals (a third decimal is an error, never silently rounded).
// Errors: INVALID_ARGUMENT quoting the text; also when |result| > kMaxAbsFen.
absl::StatusOr<Fen> ParseYuan(absl::string_view text);

// Formats fen as yuan with exactly two decimals: 123456 -> "1234.56", -5 -> "-0.05", 0 -> "0.00".
// Round-trips with ParseYuan for every |fen| <= kMaxAbsFen.
std::string FormatYuan(Fen fen);

// The one way money appears in a message: "1234.56 yuan".
std::string MoneyText(Fen fen);

// Checks that `value` is within [0, kMaxAbsFen] (or [-kMaxAbsFen, kMaxAbsFen] when negatives are
// allowed). Error: INVALID_ARGUMENT "argument: ...". Used by every batch API.
absl::Status ValidateAmount(Fen value, absl::string_view argument, bool allow_negative = false);

}  // namespace huikuan::core

#endif  // HUIKUAN_SERVER_CORE_MONEY_H_
