#include "server/core/column_checks.h"

#include "absl/strings/str_cat.h"

namespace huikuan::core {

absl::Status CheckLength(absl::string_view argument, size_t actual, size_t expected) {
  if (actual != expected) {
    return absl::InvalidArgumentError(
        absl::StrCat(argument, ": length ", actual, " != ", expected));
  }
  return absl::OkStatus();
}

absl::Status CheckOptionalLength(absl::string_view argument, size_t actual, size_t expected) {
  if (actual == 0) return absl::OkStatus();
  return CheckLength(argument, actual, expected);
}

absl::Status CheckAmounts(absl::string_view argument, absl::Span<const int64_t> amounts,
                          bool allow_negative) {
  // Branch-light scan first (the common case is all valid); locate the culprit only on failure.
  const int64_t low = allow_negative ? -kMaxAbsFen : 0;
  bool ok = true;
  for (int64_t a : amounts) ok &= (a >= low) & (a <= kMaxAbsFen);
  if (ok) return absl::OkStatus();
  for (size_t i = 0; i < amounts.size(); ++i) {
    absl::Status s =
        ValidateAmount(amounts[i], absl::StrCat(argument, "[", i, "]"), allow_negative);
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::Status CheckNonNegative(absl::string_view argument, absl::Span<const int32_t> values) {
  for (size_t i = 0; i < values.size(); ++i) {
    if (values[i] < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat(argument, "[", i, "]: ", values[i], " is negative"));
    }
  }
  return absl::OkStatus();
}

bool SmallKeyRange(absl::Span<const int64_t> keys, uint64_t limit, int64_t* min_key,
                   uint64_t* span) {
  if (keys.empty()) return false;
  // Two minima and maxima side by side (in registers): one chain of compares waits a cycle a key.
  const int64_t* k = keys.data();  // raw pointers: Debian's Abseil bounds-checks every Span[]
  const size_t n = keys.size();
  int64_t lo0 = k[0], lo1 = k[0], hi0 = k[0], hi1 = k[0];
  size_t i = 0;
  for (; i + 2 <= n; i += 2) {
    lo0 = k[i] < lo0 ? k[i] : lo0;
    hi0 = k[i] > hi0 ? k[i] : hi0;
    lo1 = k[i + 1] < lo1 ? k[i + 1] : lo1;
    hi1 = k[i + 1] > hi1 ? k[i + 1] : hi1;
  }
  if (i < n) {
    lo0 = k[i] < lo0 ? k[i] : lo0;
    hi0 = k[i] > hi0 ? k[i] : hi0;
  }
  const int64_t lo = lo1 < lo0 ? lo1 : lo0;
  const int64_t hi = hi1 > hi0 ? hi1 : hi0;
  // hi - lo in unsigned arithmetic never overflows (it is below 2^64).
  const uint64_t width = static_cast<uint64_t>(hi) - static_cast<uint64_t>(lo);
  if (width >= limit) return false;
  *min_key = lo;
  *span = width + 1;
  return true;
}

}  // namespace huikuan::core
