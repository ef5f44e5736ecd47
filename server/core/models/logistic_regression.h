// Logistic regression with an L2 penalty: the late-payment / overdue probability of R-FCST-2.
//
//   // y[i] = 1 when invoice i was paid late.
//   HK_ASSIGN_OR_RETURN(LinearModel m, FitLogisticRegression(x, y, FitOptions{.l2 = 1.0}));
//   HK_ASSIGN_OR_RETURN(std::vector<double> p_late, m.Predict(x_open));
//
// Method: Newton's method (IRLS). Each iteration is ONE streaming pass over the row-major X that
// accumulates the log-loss, the gradient and the (p+1) x (p+1) Hessian of the standardised design,
// then a Cholesky solve; a step that does not decrease the objective is halved. Up to 65,536 rows
// the Hessian is exact and convergence quadratic (typically 5-8 passes). Above that, the Hessian is
// estimated from an evenly strided subset of about 65,536 rows while the objective and gradient
// stay exact: the solution is the same optimum, each pass costs about a gradient evaluation, and
// convergence is linear but fast (about two digits per pass). Deterministic: no randomness, and
// passes over 65,536 rows or more are cut into 8 fixed chunks, run on FitOptions::threads threads
// and summed in chunk order, so the result is bit-identical for any thread count.
//
// Errors (InvalidArgument, naming the argument): empty X, NaN/inf in X, y of the wrong length,
// labels other than 0 and 1, l2 < 0, feature_names of the wrong length; a singular Hessian
// (collinear columns with l2 == 0) names the column. Perfectly separable data has no finite
// maximum-likelihood solution: with l2 == 0 the fit stops with FailedPrecondition ("did not
// converge", a singular Hessian, or a standardised coefficient beyond 30); pass l2 > 0.
#ifndef HUIKUAN_SERVER_CORE_MODELS_LOGISTIC_REGRESSION_H_
#define HUIKUAN_SERVER_CORE_MODELS_LOGISTIC_REGRESSION_H_

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "server/core/models/linear_model.h"
#include "server/core/models/matrix.h"

namespace huikuan::core {

absl::StatusOr<LinearModel> FitLogisticRegression(const MatrixView& x, absl::Span<const double> y,
                                                  const FitOptions& options = {});

}  // namespace huikuan::core

#endif  // HUIKUAN_SERVER_CORE_MODELS_LOGISTIC_REGRESSION_H_
