// Evaluation metrics for the forecasting models (R-FCST-1 reports its accuracy; the seed's model
// reached 85%): ROC AUC and log-loss for late-payment probabilities, MAE, RMSE and the share of
// forecasts within +-N days for days-to-pay.
//
//   HK_ASSIGN_OR_RETURN(double auc, RocAuc(is_late, p_late));          // ties count one half
//   HK_ASSIGN_OR_RETURN(double hit, ShareWithin(days, forecast, 10));  // e.g. 0.888
//
// Every function takes two equally long spans and returns InvalidArgument naming the argument for
// empty input, mismatched lengths, NaN/inf, labels other than 0/1, or probabilities outside [0, 1].
// Results match scikit-learn's roc_auc_score, log_loss (eps = 1e-15 clipping),
// mean_absolute_error and mean_squared_error.
#ifndef HUIKUAN_SERVER_CORE_MODELS_METRICS_H_
#define HUIKUAN_SERVER_CORE_MODELS_METRICS_H_

#include "absl/status/statusor.h"
#include "absl/types/span.h"

namespace huikuan::core {

// Area under the ROC curve: the probability that a random positive scores above a random negative,
// ties counted as one half (Mann-Whitney U with average ranks). O(n log n). InvalidArgument when
// y_true holds only one class (AUC undefined).
absl::StatusOr<double> RocAuc(absl::Span<const double> y_true, absl::Span<const double> score);

// Mean negative log-likelihood of 0/1 labels under probabilities clipped to [eps, 1 - eps].
absl::StatusOr<double> LogLoss(absl::Span<const double> y_true, absl::Span<const double> prob,
                               double eps = 1e-15);

absl::StatusOr<double> MeanAbsoluteError(absl::Span<const double> y_true,
                                         absl::Span<const double> y_pred);
absl::StatusOr<double> RootMeanSquaredError(absl::Span<const double> y_true,
                                            absl::Span<const double> y_pred);

// Share of rows with |y_true - y_pred| <= tolerance (tolerance >= 0), in [0, 1].
absl::StatusOr<double> ShareWithin(absl::Span<const double> y_true, absl::Span<const double> y_pred,
                                   double tolerance);

}  // namespace huikuan::core

#endif  // HUIKUAN_SERVER_CORE_MODELS_METRICS_H_
