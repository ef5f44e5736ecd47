#include "server/core/models/matrix.h"

#include <cmath>

#include "absl/strings/str_format.h"

namespace huikuan::core {

absl::Status ValidateMatrix(const MatrixView& x, absl::string_view name) {
  if (x.rows() <= 0) {
    return absl::InvalidArgumentError(absl::StrFormat("%s: no rows (empty input)", name));
  }
  if (x.cols() <= 0) {
    return absl::InvalidArgumentError(absl::StrFormat("%s: no columns", name));
  }
  if (x.data() == nullptr) {
    return absl::InvalidArgumentError(absl::StrFormat("%s: null data", name));
  }
  const int64_t n = x.rows() * x.cols();
  const double* d = x.data();
  // Sum-of-products trick: a NaN or inf anywhere makes the running value non-finite, so the common
  // all-finite case costs one multiply-add per element and only a failure pays for the search.
  double acc = 0.0;
  for (int64_t k = 0; k < n; ++k) acc += d[k] * 0.0;
  if (std::isfinite(acc)) return absl::OkStatus();
  for (int64_t k = 0; k < n; ++k) {
    if (!std::isfinite(d[k])) {
      return absl::InvalidArgumentError(absl::StrFormat("%s: non-finite value at row %d, column %d",
                                                        name, k / x.cols(), k % x.cols()));
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateVector(absl::Span<const double> v, int64_t expected, absl::string_view name) {
  if (static_cast<int64_t>(v.size()) != expected) {
    return absl::InvalidArgumentError(
        absl::StrFormat("%s: length %d does not match %d rows", name, v.size(), expected));
  }
  for (size_t i = 0; i < v.size(); ++i) {
    if (!std::isfinite(v[i])) {
      return absl::InvalidArgumentError(
          absl::StrFormat("%s: non-finite value at index %d", name, i));
    }
  }
  return absl::OkStatus();
}

}  // namespace huikuan::core
