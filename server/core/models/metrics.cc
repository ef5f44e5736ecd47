#include "server/core/models/metrics.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <vector>

#include "absl/strings/str_format.h"
#include "server/core/models/matrix.h"
#include "server/core/status_macros.h"

namespace huikuan::core {
namespace {

absl::Status CheckPair(absl::Span<const double> y_true, absl::Span<const double> y_pred,
                       const char* pred_name) {
  if (y_true.empty()) return absl::InvalidArgumentError("y_true: empty input");
  HK_RETURN_IF_ERROR(ValidateVector(y_true, static_cast<int64_t>(y_true.size()), "y_true"));
  HK_RETURN_IF_ERROR(ValidateVector(y_pred, static_cast<int64_t>(y_true.size()), pred_name));
  return absl::OkStatus();
}

absl::Status CheckLabels(absl::Span<const double> y) {
  for (size_t i = 0; i < y.size(); ++i) {
    if (y[i] != 0.0 && y[i] != 1.0) {
      return absl::InvalidArgumentError(
          absl::StrFormat("y_true: label at index %d is %g; labels must be 0 or 1", i, y[i]));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<double> RocAuc(absl::Span<const double> y_true, absl::Span<const double> score) {
  HK_RETURN_IF_ERROR(CheckPair(y_true, score, "score"));
  HK_RETURN_IF_ERROR(CheckLabels(y_true));
  const size_t n = y_true.size();
  std::vector<uint32_t> order(n);
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(),
            [&](uint32_t a, uint32_t b) { return score[a] < score[b]; });
  // Sum of the (1-based, tie-averaged) ranks of the positives.
  double rank_sum = 0;
  double positives = 0;
  size_t i = 0;
  while (i < n) {
    size_t j = i;
    double pos_in_group = 0;
    while (j < n && score[order[j]] == score[order[i]]) {
      pos_in_group += y_true[order[j]];
      ++j;
    }
    const double avg_rank = 0.5 * static_cast<double>(i + 1 + j);  // mean of ranks i+1..j
    rank_sum += pos_in_group * avg_rank;
    positives += pos_in_group;
    i = j;
  }
  const double negatives = static_cast<double>(n) - positives;
  if (positives == 0 || negatives == 0) {
    return absl::InvalidArgumentError("y_true: only one class present; AUC is undefined");
  }
  return (rank_sum - positives * (positives + 1) / 2) / (positives * negatives);
}

absl::StatusOr<double> LogLoss(absl::Span<const double> y_true, absl::Span<const double> prob,
                               double eps) {
  HK_RETURN_IF_ERROR(CheckPair(y_true, prob, "prob"));
  HK_RETURN_IF_ERROR(CheckLabels(y_true));
  if (!(eps > 0 && eps < 0.5)) return absl::InvalidArgumentError("eps: must be in (0, 0.5)");
  double sum = 0;
  for (size_t i = 0; i < y_true.size(); ++i) {
    if (prob[i] < 0 || prob[i] > 1) {
      return absl::InvalidArgumentError(
          absl::StrFormat("prob: value at index %d is %g, outside [0, 1]", i, prob[i]));
    }
    const double p = std::clamp(prob[i], eps, 1 - eps);
    sum -= y_true[i] == 1.0 ? std::log(p) : std::log1p(-p);
  }
  return sum / static_cast<double>(y_true.size());
}

absl::StatusOr<double> MeanAbsoluteError(absl::Span<const double> y_true,
                                         absl::Span<const double> y_pred) {
  HK_RETURN_IF_ERROR(CheckPair(y_true, y_pred, "y_pred"));
  double sum = 0;
  for (size_t i = 0; i < y_true.size(); ++i) sum += std::abs(y_true[i] - y_pred[i]);
  return sum / static_cast<double>(y_true.size());
}

absl::StatusOr<double> RootMeanSquaredError(absl::Span<const double> y_true,
                                            absl::Span<const double> y_pred) {
  HK_RETURN_IF_ERROR(CheckPair(y_true, y_pred, "y_pred"));
  double sum = 0;
  for (size_t i = 0; i < y_true.size(); ++i) {
    const double r = y_true[i] - y_pred[i];
    sum += r * r;
  }
  return std::sqrt(sum / static_cast<double>(y_true.size()));
}

absl::StatusOr<double> ShareWithin(absl::Span<const double> y_true, absl::Span<const double> y_pred,
                                   double tolerance) {
  HK_RETURN_IF_ERROR(CheckPair(y_true, y_pred, "y_pred"));
  if (!(tolerance >= 0) || !std::isfinite(tolerance)) {
    return absl::InvalidArgumentError("tolerance: must be finite and >= 0");
  }
  int64_t hits = 0;
  for (size_t i = 0; i < y_true.size(); ++i) hits += std::abs(y_true[i] - y_pred[i]) <= tolerance;
  return static_cast<double>(hits) / static_cast<double>(y_true.size());
}

}  // namespace huikuan::core
