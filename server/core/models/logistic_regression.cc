#include "server/core/models/logistic_regression.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>
#include <vector>

#include "absl/strings/str_format.h"
#include "server/core/models/solver.h"
#include "server/core/status_macros.h"

namespace huikuan::core {
namespace {

// Objective, gradient and Hessian (upper triangle) at beta, in one pass over x.
struct Pass {
  double objective = 0;
  std::vector<double> gradient;
  std::vector<double> hessian;
};

void Evaluate(const MatrixView& x, absl::Span<const double> y,
              const models_internal::Standardization& st, const std::vector<double>& d,
              const std::vector<double>& beta, int off, bool with_derivatives, Pass* out) {
  const int p = static_cast<int>(x.cols());
  const int q = p + off;
  double loss = 0;
  out->gradient.assign(q, 0.0);
  if (with_derivatives) out->hessian.assign(static_cast<size_t>(q) * q, 0.0);
  double* g = out->gradient.data();
  double* h = out->hessian.data();
  std::vector<double> zbuf(q);
  double* z = zbuf.data();
  if (off) z[0] = 1.0;
  const double* mean = st.mean.data();
  const double* inv = st.inv_scale.data();
  const double* bt = beta.data();
  for (int64_t i = 0; i < x.rows(); ++i) {
    const double* xi = x.row(i);
    double eta = 0;
    for (int j = 0; j < p; ++j) z[j + off] = (xi[j] - mean[j]) * inv[j];
    for (int j = 0; j < q; ++j) eta += bt[j] * z[j];
    // Stable log(1 + e^eta) - y * eta and sigmoid from a single exp.
    const double e = std::exp(-std::abs(eta));
    const double prob = eta >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
    loss += std::log1p(e) + std::max(eta, 0.0) - y[i] * eta;
    if (!with_derivatives) continue;
    const double r = prob - y[i];
    for (int j = 0; j < q; ++j) g[j] += r * z[j];
    models_internal::AddWeightedOuter(z, prob * (1.0 - prob), q, h);
  }
  double penalty = 0;
  for (int j = 0; j < q; ++j) {
    penalty += 0.5 * d[j] * bt[j] * bt[j];
    if (with_derivatives) {
      g[j] += d[j] * bt[j];
      h[j * q + j] += d[j];
    }
  }
  out->objective = loss + penalty;
}

}  // namespace

absl::StatusOr<LinearModel> FitLogisticRegression(const MatrixView& x, absl::Span<const double> y,
                                                  const FitOptions& options) {
  HK_RETURN_IF_ERROR(ValidateMatrix(x, "X"));
  if (static_cast<int64_t>(y.size()) != x.rows()) {
    return absl::InvalidArgumentError(
        absl::StrFormat("y: length %d does not match %d rows of X", y.size(), x.rows()));
  }
  int64_t positives = 0;
  for (size_t i = 0; i < y.size(); ++i) {
    if (y[i] != 0.0 && y[i] != 1.0) {
      return absl::InvalidArgumentError(
          absl::StrFormat("y: label at index %d is %g; labels must be 0 or 1", i, y[i]));
    }
    positives += y[i] == 1.0;
  }
  if (!(options.l2 >= 0) || !std::isfinite(options.l2)) {
    return absl::InvalidArgumentError(
        absl::StrFormat("l2: must be finite and >= 0, got %g", options.l2));
  }
  if (options.max_iterations <= 0) {
    return absl::InvalidArgumentError("max_iterations: must be > 0");
  }
  HK_ASSIGN_OR_RETURN(std::vector<std::string> names,
                      ResolveFeatureNames(options.feature_names, x.cols()));

  const int p = static_cast<int>(x.cols());
  const int off = options.fit_intercept ? 1 : 0;
  const int q = p + off;
  const models_internal::Standardization st =
      models_internal::Standardize(x, options.fit_intercept);
  const std::vector<double> d = models_internal::PenaltyDiagonal(options, st);

  std::vector<double> beta(q, 0.0);
  if (off) {
    // Start at the base rate: the intercept-only optimum (clamped for one-class data).
    const double rate = std::clamp(static_cast<double>(positives) / x.rows(), 1e-6, 1.0 - 1e-6);
    beta[0] = std::log(rate / (1.0 - rate));
  }
  std::vector<double> beta_prev = beta, step(q, 0.0);
  double objective_prev = std::numeric_limits<double>::infinity();
  double step_size = 1.0;
  const double stop = options.tolerance * static_cast<double>(x.rows());
  Pass pass;
  int iteration = 0;
  bool converged = false;
  while (iteration < options.max_iterations) {
    ++iteration;
    Evaluate(x, y, st, d, beta, off, /*with_derivatives=*/true, &pass);
    if (!(pass.objective <= objective_prev) && step_size > 1e-10) {
      // The full Newton step overshot (possible far from the optimum): halve it and re-evaluate.
      step_size *= 0.5;
      for (int j = 0; j < q; ++j) beta[j] = beta_prev[j] + step_size * step[j];
      continue;
    }
    std::vector<double>& hessian = pass.hessian;
    if (int pivot = models_internal::CholeskyFactor(hessian, q); pivot >= 0) {
      if (iteration == 1)
        return models_internal::SingularError(pivot, names, options.fit_intercept);
      return absl::FailedPreconditionError(absl::StrFormat(
          "logistic regression: the Hessian became singular at iteration %d (perfectly separable "
          "data has no finite solution); pass l2 > 0",
          iteration));
    }
    for (int j = 0; j < q; ++j) step[j] = -pass.gradient[j];
    models_internal::CholeskySolve(hessian, q, step);
    double decrement = 0;  // Newton decrement squared: g' H^-1 g
    for (int j = 0; j < q; ++j) decrement -= pass.gradient[j] * step[j];
    beta_prev = beta;
    objective_prev = pass.objective;
    step_size = 1.0;
    for (int j = 0; j < q; ++j) beta[j] += step[j];
    if (0.5 * decrement <= stop) {
      // Within the quadratic region the last full step only refines the solution further.
      converged = true;
      break;
    }
  }
  if (!converged) {
    return absl::FailedPreconditionError(absl::StrFormat(
        "logistic regression did not converge in %d iterations (separable data? pass l2 > 0 or "
        "raise max_iterations)",
        options.max_iterations));
  }
  for (int j = 0; j < q; ++j) {
    // Without a penalty, (quasi-)separable data drives the coefficients to infinity while the
    // Newton decrement still shrinks, so "converged" alone is not enough. A standardised
    // coefficient beyond 30 (one standard deviation multiplies the odds by e^30) only arises that
    // way in practice.
    const bool runaway = options.l2 == 0 && j >= off && std::abs(beta[j]) > 30;
    if (!std::isfinite(beta[j]) || runaway) {
      return absl::FailedPreconditionError(
          "logistic regression diverged (separable data?); pass l2 > 0");
    }
  }
  std::vector<double> coefficients;
  double intercept = 0;
  models_internal::Unstandardize(beta, st, options.fit_intercept, &coefficients, &intercept);
  LinearModel model(ModelKind::kLogisticRegression, std::move(names), std::move(coefficients),
                    intercept);
  model.set_fit_info(options.l2, options.penalty_scale, iteration);
  return model;
}

}  // namespace huikuan::core
