// Linear regression by least squares with an optional ridge penalty: the days-to-pay and DSO
// forecast of R-FCST-1 ("linear regression on term length, customer industry and order
// seasonality"). Categorical inputs are one-hot encoded and seasonality becomes month-of-year
// columns with features.h; this file only sees the resulting numeric matrix.
//
//   // Days to settle ~ term days + paperless flag, with a mild ridge.
//   HK_ASSIGN_OR_RETURN(LinearModel m, FitLinearRegression(x, days, FitOptions{.l2 = 1e-3}));
//   HK_ASSIGN_OR_RETURN(std::vector<double> forecast, m.Predict(x_new));
//
// Method: one streaming pass computes means and scales, a second accumulates the (p+1) x (p+1)
// normal equations of the standardised design, solved by Cholesky. Deterministic: the same input
// gives bit-identical coefficients.
//
// Errors (all InvalidArgument, naming the argument): empty X, NaN/inf in X or y, y of the wrong
// length, l2 < 0, feature_names of the wrong length, and a singular system with l2 == 0 (a constant
// column without intercept effect, or collinear columns such as a full one-hot set next to the
// intercept): the message names the column and suggests l2 > 0. With l2 > 0 the system is always
// solvable; constant columns then get coefficient 0.
#ifndef HUIKUAN_SERVER_CORE_MODELS_LINEAR_REGRESSION_H_
#define HUIKUAN_SERVER_CORE_MODELS_LINEAR_REGRESSION_H_

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "server/core/models/linear_model.h"
#include "server/core/models/matrix.h"

namespace huikuan::core {

absl::StatusOr<LinearModel> FitLinearRegression(const MatrixView& x, absl::Span<const double> y,
                                                const FitOptions& options = {});

}  // namespace huikuan::core

#endif  // HUIKUAN_SERVER_CORE_MODELS_LINEAR_REGRESSION_H_
