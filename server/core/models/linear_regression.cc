#include "server/core/models/linear_regression.h"

#include <cmath>
#include <utility>
#include <vector>

#include "absl/strings/str_format.h"
#include "server/core/models/solver.h"
#include "server/core/status_macros.h"

namespace huikuan::core {

absl::StatusOr<LinearModel> FitLinearRegression(const MatrixView& x, absl::Span<const double> y,
                                                const FitOptions& options) {
  HK_RETURN_IF_ERROR(ValidateVector(y, x.rows(), "y"));
  if (!(options.l2 >= 0) || !std::isfinite(options.l2)) {
    return absl::InvalidArgumentError(
        absl::StrFormat("l2: must be finite and >= 0, got %g", options.l2));
  }
  HK_ASSIGN_OR_RETURN(std::vector<std::string> names,
                      ResolveFeatureNames(options.feature_names, x.cols()));

  const int p = static_cast<int>(x.cols());
  const int off = options.fit_intercept ? 1 : 0;
  const int q = p + off;
  models_internal::Standardization st;
  HK_RETURN_IF_ERROR(models_internal::ValidateAndStandardize(x, options.fit_intercept, &st));

  // Normal equations of the standardised design [1, z]: A = Z'Z + D, b = Z'y, one pass.
  std::vector<double> a(static_cast<size_t>(q) * q, 0.0), b(q, 0.0), z(q);
  if (off) z[0] = 1.0;
  for (int64_t i = 0; i < x.rows(); ++i) {
    const double* xi = x.row(i);
    models_internal::StandardizeRow(xi, st.mean.data(), st.inv_scale.data(), z.data() + off, p);
    models_internal::AddWeightedOuter(z.data(), 1.0, q, a.data());
    models_internal::Axpy(y[i], z.data(), b.data(), q);
  }
  const std::vector<double> d = models_internal::PenaltyDiagonal(options, st);
  for (int j = 0; j < q; ++j) a[j * q + j] += d[j];

  if (int pivot = models_internal::CholeskyFactor(a, q); pivot >= 0) {
    return models_internal::SingularError(pivot, names, options.fit_intercept);
  }
  models_internal::CholeskySolve(a, q, b);

  std::vector<double> coefficients;
  double intercept = 0;
  models_internal::Unstandardize(b, st, options.fit_intercept, &coefficients, &intercept);
  LinearModel model(ModelKind::kLinearRegression, std::move(names), std::move(coefficients),
                    intercept);
  model.set_fit_info(options.l2, options.penalty_scale, 1);
  return model;
}

}  // namespace huikuan::core
