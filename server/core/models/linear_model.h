// A fitted linear or logistic regression: coefficients in the units of the features the caller
// passed, prediction, and a versioned text form so the server can store a trained model and the
// Python package can load exactly the same numbers.
//
// Both fitters (linear_regression.h, logistic_regression.h) minimise
//     sum_i loss_i(intercept + x_i . w)  +  (l2 / 2) * sum_j (s_j * w_j)^2
// with loss_i = (y_i - yhat_i)^2 / 2 for linear regression and the log-loss for logistic
// regression. s_j is the column's standard deviation under PenaltyScale::kStandardized (the
// default: the penalty does not depend on the unit a feature happens to be measured in, as in
// glmnet) and 1 under PenaltyScale::kRaw (the convention of scikit-learn: Ridge(alpha=l2),
// LogisticRegression(C=1/l2)). The intercept is never penalised.
//
//   HK_ASSIGN_OR_RETURN(LinearModel model, FitLogisticRegression(x, y, FitOptions{.l2 = 1.0}));
//   std::string text = model.Serialize();               // store it
//   HK_ASSIGN_OR_RETURN(LinearModel same, LinearModel::Parse(text));
//   HK_ASSIGN_OR_RETURN(std::vector<double> p, same.Predict(x));  // probabilities of y == 1
//
// Thread safety: a LinearModel is an immutable value after fitting; concurrent Predict calls on one
// model are safe.
#ifndef HUIKUAN_SERVER_CORE_MODELS_LINEAR_MODEL_H_
#define HUIKUAN_SERVER_CORE_MODELS_LINEAR_MODEL_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "server/core/models/matrix.h"

namespace huikuan::core {

enum class ModelKind { kLinearRegression, kLogisticRegression };

// Which coefficient scale the L2 penalty applies to (see the file comment).
enum class PenaltyScale { kStandardized, kRaw };

struct FitOptions {
  // Ridge strength; 0 means ordinary least squares / unpenalised maximum likelihood.
  double l2 = 0.0;
  PenaltyScale penalty_scale = PenaltyScale::kStandardized;
  bool fit_intercept = true;
  // Logistic regression only: Newton iterations allowed, and the stopping rule (half the Newton
  // decrement, i.e. the predicted remaining decrease of the objective, below tolerance * rows).
  int max_iterations = 100;
  double tolerance = 1e-10;
  // Logistic regression only: threads for the passes over large inputs (0 = one per hardware
  // thread). The result is bit-identical for every value: the work is cut into fixed chunks that
  // are summed in a fixed order.
  int threads = 0;
  // Optional column names, stored with the model; empty means "x0", "x1", ...
  std::vector<std::string> feature_names;
};

class LinearModel {
 public:
  // The text format's first line; Parse rejects any other version.
  static constexpr absl::string_view kFormatHeader = "huikuan.linear_model v1";

  LinearModel() = default;
  LinearModel(ModelKind kind, std::vector<std::string> feature_names,
              std::vector<double> coefficients, double intercept);

  ModelKind kind() const { return kind_; }
  const std::vector<std::string>& feature_names() const { return feature_names_; }
  const std::vector<double>& coefficients() const { return coefficients_; }
  double intercept() const { return intercept_; }
  int num_features() const { return static_cast<int>(coefficients_.size()); }

  // Fit diagnostics, stored and restored with the model.
  double l2() const { return l2_; }
  PenaltyScale penalty_scale() const { return penalty_scale_; }
  int iterations() const { return iterations_; }
  void set_fit_info(double l2, PenaltyScale scale, int iterations) {
    l2_ = l2;
    penalty_scale_ = scale;
    iterations_ = iterations;
  }

  // intercept + x . w for every row. InvalidArgument if x has the wrong column count, is empty or
  // holds NaN/inf; `out` must have x.rows() elements.
  absl::Status DecisionFunctionInto(const MatrixView& x, absl::Span<double> out) const;
  // The prediction: the decision function for linear regression, the probability of class 1 for
  // logistic regression.
  absl::Status PredictInto(const MatrixView& x, absl::Span<double> out) const;
  absl::StatusOr<std::vector<double>> Predict(const MatrixView& x) const;

  // Text form: one "key value" line each, doubles as C99 hex floats so a round trip is bit-exact,
  // names C-escaped in double quotes. Parse returns InvalidArgument naming the offending line.
  std::string Serialize() const;
  static absl::StatusOr<LinearModel> Parse(absl::string_view text);

 private:
  ModelKind kind_ = ModelKind::kLinearRegression;
  std::vector<std::string> feature_names_;
  std::vector<double> coefficients_;
  double intercept_ = 0.0;
  double l2_ = 0.0;
  PenaltyScale penalty_scale_ = PenaltyScale::kStandardized;
  int iterations_ = 0;
};

// Names "x0".."x{n-1}" when `names` is empty; InvalidArgument if it has the wrong length.
absl::StatusOr<std::vector<std::string>> ResolveFeatureNames(const std::vector<std::string>& names,
                                                             int64_t num_features);

}  // namespace huikuan::core

#endif  // HUIKUAN_SERVER_CORE_MODELS_LINEAR_MODEL_H_
