#include "server/core/money.h"

#include <cstdlib>
#include <limits>

#include "absl/strings/str_cat.h"
#include "server/core/column_checks.h"

namespace huikuan::core {
namespace {

constexpr Int128 kInt64Min = std::numeric_limits<int64_t>::min();
constexpr Int128 kInt64Max = std::numeric_limits<int64_t>::max();

// round(n / d) for d > 0, in T (int64_t or Int128). With d > 0 the rounded quotient is within
// one of the truncated one, so it fits in T unless the truncated one is at T's limit, which the
// callers' ranges exclude (|n| < 2^127, or |n| < 2^63 on the 64-bit path).
template <typename T>
T RoundedQuotient(T n, T d, Rounding rounding) {
  // C++ division truncates toward zero; the remainder has the sign of the numerator.
  T q = n / d;
  const T r = n % d;
  if (r == 0) return q;
  const bool negative = n < 0;
  const T abs_r = r < 0 ? -r : r;
  const T rest = d - abs_r;  // abs_r versus rest decides the nearest neighbour without overflow
  switch (rounding) {
    case Rounding::kHalfUp:
      if (abs_r >= rest) q += negative ? -1 : 1;
      break;
    case Rounding::kHalfEven:
      if (abs_r > rest || (abs_r == rest && (q % 2 != 0))) q += negative ? -1 : 1;
      break;
    case Rounding::kDown:
      break;
    case Rounding::kFloor:
      if (negative) q -= 1;
      break;
    case Rounding::kCeiling:
      if (!negative) q += 1;
      break;
  }
  return q;
}

}  // namespace

absl::StatusOr<int64_t> DivideRounded(Int128 numerator, Int128 denominator, Rounding rounding,
                                      absl::string_view argument) {
  if (denominator == 0) {
    return absl::InvalidArgumentError(absl::StrCat(argument, ": division by zero"));
  }
  if (denominator < 0) {
    // Negating the most negative 128-bit value would overflow; its quotient by any int64-sized
    // denominator is outside int64 anyway.
    if (numerator == std::numeric_limits<Int128>::min()) {
      return absl::InvalidArgumentError(absl::StrCat(argument, ": result overflows int64"));
    }
    numerator = -numerator;
    denominator = -denominator;
  }
  // Fast path: 64-bit division is several times cheaper than 128-bit, and batch callers (late fees
  // over millions of rows) almost always fit.
  if (numerator > kInt64Min && numerator <= kInt64Max && denominator <= kInt64Max) {
    return RoundedQuotient<int64_t>(static_cast<int64_t>(numerator),
                                    static_cast<int64_t>(denominator), rounding);
  }
  const Int128 q = RoundedQuotient<Int128>(numerator, denominator, rounding);
  if (q < kInt64Min || q > kInt64Max) {
    return absl::InvalidArgumentError(absl::StrCat(argument, ": result overflows int64"));
  }
  return static_cast<int64_t>(q);
}

absl::StatusOr<int64_t> MulDiv(int64_t value, int64_t numerator, int64_t denominator,
                               Rounding rounding) {
  return DivideRounded(static_cast<Int128>(value) * numerator, denominator, rounding);
}

absl::StatusOr<int64_t> MulMulDiv(int64_t a, int64_t b, int64_t c, int64_t denominator,
                                  Rounding rounding) {
  Int128 product = static_cast<Int128>(a) * b;  // fits: |a*b| <= 2^126
  Int128 full = 0;
  if (__builtin_mul_overflow(product, static_cast<Int128>(c), &full)) {
    return absl::InvalidArgumentError("result: product overflows 128 bits");
  }
  return DivideRounded(full, denominator, rounding);
}

absl::StatusOr<Fen> ApplyBasisPoints(Fen amount, BasisPoints bp, Rounding rounding) {
  return MulDiv(amount, bp, kBasisPointsPerUnit, rounding);
}

absl::StatusOr<Fen> AddFen(Fen a, Fen b) {
  Fen out = 0;
  if (__builtin_add_overflow(a, b, &out)) {
    return absl::InvalidArgumentError(absl::StrCat("sum of ", a, " and ", b, " overflows int64"));
  }
  return out;
}

absl::StatusOr<Fen> SubtractFen(Fen a, Fen b) {
  Fen out = 0;
  if (__builtin_sub_overflow(a, b, &out)) {
    return absl::InvalidArgumentError(
        absl::StrCat("difference of ", a, " and ", b, " overflows int64"));
  }
  return out;
}

absl::StatusOr<Fen> SumFen(absl::Span<const Fen> amounts, absl::string_view argument) {
  // A 128-bit accumulator cannot overflow for fewer than 2^64 elements; check the end result once.
  Int128 sum = 0;
  for (Fen a : amounts) sum += a;
  if (sum < kInt64Min || sum > kInt64Max) {
    return absl::InvalidArgumentError(absl::StrCat(argument, ": sum overflows int64"));
  }
  return static_cast<Fen>(sum);
}

absl::StatusOr<Fen> YuanToFen(int64_t yuan) {
  Fen out = 0;
  if (__builtin_mul_overflow(yuan, kFenPerYuan, &out)) {
    return absl::InvalidArgumentError(absl::StrCat("yuan: ", yuan, " overflows int64 fen"));
  }
  return out;
}

absl::StatusOr<Fen> ParseYuan(absl::string_view text) {
  auto bad = [&](absl::string_view why) {
    return absl::InvalidArgumentError(
        absl::StrCat("amount: \"", text, "\" is not a yuan amount (", why, ")"));
  };
  absl::string_view rest = text;
  bool negative = false;
  if (!rest.empty() && rest.front() == '-') {
    negative = true;
    rest.remove_prefix(1);
  }
  const size_t dot = rest.find('.');
  absl::string_view whole = rest.substr(0, dot);
  absl::string_view frac =
      dot == absl::string_view::npos ? absl::string_view() : rest.substr(dot + 1);
  if (whole.empty()) return bad("no digits before the decimal point");
  if (dot != absl::string_view::npos && (frac.empty() || frac.size() > 2)) {
    return bad("expected 1 or 2 decimals");
  }
  // kMaxAbsFen is 1e17 fen = 1e15 yuan: 16 whole digits; more is out of range regardless of value.
  Int128 fen = 0;
  for (char c : whole) {
    if (c < '0' || c > '9') return bad("unexpected character");
    fen = fen * 10 + (c - '0');
    if (fen > kMaxAbsFen) return bad("out of range");
  }
  fen *= 100;
  int scale = 10;
  for (char c : frac) {
    if (c < '0' || c > '9') return bad("unexpected character");
    fen += (c - '0') * scale;
    scale /= 10;
  }
  if (fen > kMaxAbsFen) return bad("out of range");
  return static_cast<Fen>(negative ? -fen : fen);
}

std::string MoneyText(Fen fen) { return FormatYuan(fen) + " yuan"; }

std::string FormatYuan(Fen fen) {
  // Work on the magnitude as unsigned so that INT64_MIN formats correctly too.
  const bool negative = fen < 0;
  const uint64_t magnitude =
      negative ? static_cast<uint64_t>(-(fen + 1)) + 1 : static_cast<uint64_t>(fen);
  const uint64_t cents = magnitude % 100;
  return absl::StrCat(negative ? "-" : "", magnitude / 100, ".", cents < 10 ? "0" : "", cents);
}

absl::Status ValidateAmount(Fen value, absl::string_view argument, bool allow_negative) {
  if (value < 0 && !allow_negative) {
    return absl::InvalidArgumentError(absl::StrCat(argument, ": ", value, " is negative"));
  }
  if (value > kMaxAbsFen || value < -kMaxAbsFen) {
    return absl::InvalidArgumentError(
        absl::StrCat(argument, ": ", value, " exceeds the maximum amount ", kMaxAbsFen, " fen"));
  }
  return absl::OkStatus();
}

}  // namespace huikuan::core
