// Internal building blocks shared by the linear and logistic fitters: column standardisation, the
// penalty diagonal, and a Cholesky factorisation of the small (p+1) x (p+1) normal/Newton system.
// Not part of the public model API; include linear_regression.h or logistic_regression.h instead.
//
// Why standardise internally: features such as invoice amounts (1e6 fen) next to 0/1 flags make
// X'X badly conditioned. The fitters work on z_j = (x_j - mean_j) / scale_j computed on the fly
// while streaming each row (no standardised copy of X is made) and convert the solution back to
// the caller's units, so the stored model needs no standardisation step at prediction time.
#ifndef HUIKUAN_SERVER_CORE_MODELS_SOLVER_H_
#define HUIKUAN_SERVER_CORE_MODELS_SOLVER_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "server/core/models/linear_model.h"
#include "server/core/models/matrix.h"

namespace huikuan::core::models_internal {

struct Standardization {
  std::vector<double> mean;       // 0 when the model has no intercept (no centring possible)
  std::vector<double> scale;      // population standard deviation; 1 for a constant column
  std::vector<double> inv_scale;  // 1 / scale
};

// One pass over the rows 0, row_step, 2 * row_step, ... of x. Uses sums shifted by the first row
// so that large offsets (dates as day numbers, amounts in fen) do not cancel catastrophically.
Standardization Standardize(const MatrixView& x, bool center, int64_t row_step = 1);

// Validates x (ValidateMatrix's errors) and standardises it in the same single pass: a NaN or inf
// anywhere makes its column's sums non-finite, and only then is x searched for the offending cell.
// Finite values so large that their squares overflow are InvalidArgument too.
absl::Status ValidateAndStandardize(const MatrixView& x, bool center, Standardization* out);

// Diagonal of the penalty in standardised coordinates for the vector [intercept, z_1..z_p] (no
// intercept slot without fit_intercept): 0 for the intercept, l2 (kStandardized) or l2 / scale_j^2
// (kRaw).
std::vector<double> PenaltyDiagonal(const FitOptions& options, const Standardization& st);

// Factorises the symmetric positive definite n x n row-major matrix `a` (upper triangle read) in
// place into its Cholesky factor. Returns -1 on success, else the index of the first pivot that is
// not positive relative to the matrix's scale (the column that is constant or collinear with the
// earlier ones).
int CholeskyFactor(std::vector<double>& a, int n);
// Solves (L L') x = b in place, with L from CholeskyFactor.
void CholeskySolve(const std::vector<double>& l, int n, std::vector<double>& b);

// The InvalidArgument error for a singular system at augmented index `pivot`.
absl::Status SingularError(int pivot, const std::vector<std::string>& names, bool fit_intercept);

// Converts a solution in standardised coordinates (augmented: beta[0] is the intercept when
// fit_intercept) to coefficients and an intercept in the caller's units.
void Unstandardize(const std::vector<double>& beta, const Standardization& st, bool fit_intercept,
                   std::vector<double>* coefficients, double* intercept);

// Small dense kernels for the per-row work of the fitters, written with the GCC/Clang vector
// extension (two doubles per operation: SSE2 on every x86-64, NEON on arm64) because -O2 does not
// vectorise loops of run-time length. Independent partial sums in a fixed order keep the results
// deterministic.
typedef double V2 __attribute__((vector_size(16)));

inline V2 LoadV2(const double* p) {
  V2 v;
  __builtin_memcpy(&v, p, sizeof(v));
  return v;
}
inline void StoreV2(double* p, V2 v) { __builtin_memcpy(p, &v, sizeof(v)); }

// y[0..n) += a * x[0..n)
inline void Axpy(double a, const double* x, double* y, int n) {
  const V2 av = {a, a};
  int j = 0;
  for (; j + 2 <= n; j += 2) StoreV2(y + j, LoadV2(y + j) + av * LoadV2(x + j));
  if (j < n) y[j] += a * x[j];
}

// sum a[j] * b[j] over [0, n)
inline double Dot(const double* a, const double* b, int n) {
  V2 s0 = {0, 0}, s1 = {0, 0};
  int j = 0;
  for (; j + 4 <= n; j += 4) {
    s0 += LoadV2(a + j) * LoadV2(b + j);
    s1 += LoadV2(a + j + 2) * LoadV2(b + j + 2);
  }
  if (j + 2 <= n) {
    s0 += LoadV2(a + j) * LoadV2(b + j);
    j += 2;
  }
  const V2 s = s0 + s1;
  double total = s[0] + s[1];
  if (j < n) total += a[j] * b[j];
  return total;
}

// z[j] = (x[j] - mean[j]) * inv_scale[j] over [0, n)
inline void StandardizeRow(const double* x, const double* mean, const double* inv, double* z,
                           int n) {
  int j = 0;
  for (; j + 2 <= n; j += 2) {
    StoreV2(z + j, (LoadV2(x + j) - LoadV2(mean + j)) * LoadV2(inv + j));
  }
  if (j < n) z[j] = (x[j] - mean[j]) * inv[j];
}

// Adds w * z z' to the upper triangle of the n x n row-major `h`, row by row.
inline void AddWeightedOuter(const double* z, double w, int n, double* h) {
  for (int j = 0; j < n; ++j) Axpy(w * z[j], z + j, h + j * n + j, n - j);
}

}  // namespace huikuan::core::models_internal

#endif  // HUIKUAN_SERVER_CORE_MODELS_SOLVER_H_
