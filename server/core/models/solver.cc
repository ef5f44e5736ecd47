#include "server/core/models/solver.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_format.h"

namespace huikuan::core::models_internal {

Standardization Standardize(const MatrixView& x, bool center, int64_t row_step) {
  const int64_t n = (x.rows() + row_step - 1) / row_step;
  const int64_t p = x.cols();
  Standardization st;
  st.mean.assign(p, 0.0);
  st.scale.assign(p, 1.0);
  st.inv_scale.assign(p, 1.0);
  std::vector<double> shift(x.row(0), x.row(0) + p);
  std::vector<double> s1(p, 0.0), s2(p, 0.0);
  for (int64_t i = 0; i < x.rows(); i += row_step) {
    const double* xi = x.row(i);
    for (int64_t j = 0; j < p; ++j) {
      const double d = xi[j] - shift[j];
      s1[j] += d;
      s2[j] += d * d;
    }
  }
  for (int64_t j = 0; j < p; ++j) {
    if (!std::isfinite(s1[j]) || !std::isfinite(s2[j])) {
      // Reported by ValidateAndStandardize; the value only has to be non-finite.
      st.mean[j] = st.scale[j] = st.inv_scale[j] = s1[j] + s2[j];
      continue;
    }
    const double m = s1[j] / n;
    const double var = std::max(0.0, s2[j] / n - m * m);
    const double sd = std::sqrt(var);
    if (center) st.mean[j] = shift[j] + m;
    // A column whose spread is at rounding level of its magnitude is constant for our purposes.
    const double magnitude = std::max(std::abs(shift[j] + m), 1.0);
    if (sd > 1e-12 * magnitude) {
      st.scale[j] = sd;
      st.inv_scale[j] = 1.0 / sd;
    }
  }
  return st;
}

absl::Status ValidateAndStandardize(const MatrixView& x, bool center, Standardization* out) {
  if (x.rows() <= 0 || x.cols() <= 0 || x.data() == nullptr) return ValidateMatrix(x, "X");
  *out = Standardize(x, center);
  for (size_t j = 0; j < out->scale.size(); ++j) {
    if (!std::isfinite(out->mean[j]) || !std::isfinite(out->scale[j]) ||
        !std::isfinite(out->inv_scale[j])) {
      if (absl::Status s = ValidateMatrix(x, "X"); !s.ok()) return s;
      return absl::InvalidArgumentError(absl::StrFormat(
          "X: column %d has values too large to standardise (their squares overflow)", j));
    }
  }
  return absl::OkStatus();
}

std::vector<double> PenaltyDiagonal(const FitOptions& options, const Standardization& st) {
  const int p = static_cast<int>(st.scale.size());
  const int off = options.fit_intercept ? 1 : 0;
  std::vector<double> d(p + off, 0.0);
  for (int j = 0; j < p; ++j) {
    d[j + off] = options.penalty_scale == PenaltyScale::kRaw
                     ? options.l2 / (st.scale[j] * st.scale[j])
                     : options.l2;
  }
  return d;
}

int CholeskyFactor(std::vector<double>& a, int n) {
  double max_diag = 0.0;
  for (int j = 0; j < n; ++j) max_diag = std::max(max_diag, std::abs(a[j * n + j]));
  const double tiny = 1e-11 * std::max(max_diag, 1e-300);
  // Row-oriented Cholesky on the upper triangle: a = U'U with U stored in the upper triangle, and
  // mirrored into the lower one so CholeskySolve can read L = U' row by row.
  for (int j = 0; j < n; ++j) {
    double d = a[j * n + j];
    for (int k = 0; k < j; ++k) d -= a[k * n + j] * a[k * n + j];
    if (!(d > tiny)) return j;
    const double ujj = std::sqrt(d);
    a[j * n + j] = ujj;
    for (int c = j + 1; c < n; ++c) {
      double v = a[j * n + c];
      for (int k = 0; k < j; ++k) v -= a[k * n + j] * a[k * n + c];
      a[j * n + c] = v / ujj;
    }
  }
  for (int j = 0; j < n; ++j) {
    for (int c = j + 1; c < n; ++c) a[c * n + j] = a[j * n + c];
  }
  return -1;
}

void CholeskySolve(const std::vector<double>& l, int n, std::vector<double>& b) {
  // Forward: L y = b, L lower (row r, columns < r).
  for (int r = 0; r < n; ++r) {
    double v = b[r];
    for (int k = 0; k < r; ++k) v -= l[r * n + k] * b[k];
    b[r] = v / l[r * n + r];
  }
  // Backward: U x = y, U = L' upper.
  for (int r = n - 1; r >= 0; --r) {
    double v = b[r];
    for (int k = r + 1; k < n; ++k) v -= l[r * n + k] * b[k];
    b[r] = v / l[r * n + r];
  }
}

absl::Status SingularError(int pivot, const std::vector<std::string>& names, bool fit_intercept) {
  const int feature = fit_intercept ? pivot - 1 : pivot;
  if (feature < 0) {
    return absl::InvalidArgumentError("X: the intercept is not identifiable (no rows?)");
  }
  return absl::InvalidArgumentError(absl::StrFormat(
      "X: column %d (\"%s\") is constant or a linear combination of earlier columns, so the "
      "system is singular; drop it (e.g. one-hot with drop_first) or pass l2 > 0",
      feature, names[feature]));
}

void Unstandardize(const std::vector<double>& beta, const Standardization& st, bool fit_intercept,
                   std::vector<double>* coefficients, double* intercept) {
  const int p = static_cast<int>(st.scale.size());
  const int off = fit_intercept ? 1 : 0;
  coefficients->assign(p, 0.0);
  double b0 = fit_intercept ? beta[0] : 0.0;
  for (int j = 0; j < p; ++j) {
    const double w = beta[j + off] * st.inv_scale[j];
    (*coefficients)[j] = w;
    b0 -= w * st.mean[j];
  }
  *intercept = b0;
}

}  // namespace huikuan::core::models_internal
