// R-FCST-1 / R-FCST-2 accuracy reporting: AUC, log-loss, MAE, RMSE, share within +-N days.
#include <cmath>
#include <vector>

#include "gtest/gtest.h"
#include "server/core/models/metrics.h"

namespace huikuan::core {
namespace {

TEST(MetricsTest, AucOnHandComputedCases) {
  // Perfect ranking.
  EXPECT_DOUBLE_EQ(*RocAuc({0, 0, 1, 1}, {0.1, 0.2, 0.8, 0.9}), 1.0);
  // Reversed.
  EXPECT_DOUBLE_EQ(*RocAuc({1, 1, 0, 0}, {0.1, 0.2, 0.8, 0.9}), 0.0);
  // Pairs (pos, neg): scores pos {0.35, 0.8}, neg {0.1, 0.4}: 0.35>0.1, 0.35<0.4, 0.8>both -> 3/4.
  EXPECT_DOUBLE_EQ(*RocAuc({0, 0, 1, 1}, {0.1, 0.4, 0.35, 0.8}), 0.75);
  // A tie between a positive and a negative counts one half: pos {0.5, 0.9}, neg {0.5, 0.1}
  // -> (0.5 + 1) + (1 + 1) = 3.5 of 4.
  EXPECT_DOUBLE_EQ(*RocAuc({1, 0, 1, 0}, {0.5, 0.5, 0.9, 0.1}), 0.875);
  // All scores equal -> 0.5.
  EXPECT_DOUBLE_EQ(*RocAuc({1, 0, 1, 0, 0}, {3, 3, 3, 3, 3}), 0.5);
}

TEST(MetricsTest, AucBadInput) {
  EXPECT_EQ(RocAuc({1, 1}, {0.2, 0.3}).status().message(),
            "y_true: only one class present; AUC is undefined");
  EXPECT_EQ(RocAuc({}, {}).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(RocAuc({0, 1}, {0.2}).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(RocAuc({0, 1}, {0.2, NAN}).status().message(), "score: non-finite value at index 1");
  EXPECT_EQ(RocAuc({0, 0.5}, {0.2, 0.1}).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(MetricsTest, LogLossMatchesDefinition) {
  const double expected = -(std::log(0.9) + std::log(0.8) + std::log(0.3)) / 3;
  EXPECT_NEAR(*LogLoss({1, 0, 0}, {0.9, 0.2, 0.7}), expected, 1e-15);
  // Clipping keeps a certain-and-wrong prediction finite: -log(1e-15).
  EXPECT_NEAR(*LogLoss({1}, {0.0}), -std::log(1e-15), 1e-9);
  EXPECT_EQ(LogLoss({1}, {1.5}).status().message(),
            "prob: value at index 0 is 1.5, outside [0, 1]");
}

TEST(MetricsTest, RegressionMetrics) {
  std::vector<double> y = {10, 20, 30, 40}, f = {12, 20, 19, 51};
  EXPECT_DOUBLE_EQ(*MeanAbsoluteError(y, f), (2 + 0 + 11 + 11) / 4.0);
  EXPECT_DOUBLE_EQ(*RootMeanSquaredError(y, f), std::sqrt((4 + 0 + 121 + 121) / 4.0));
  // Within +-10 days: 12 and 20 yes, 19 (off by 11) and 51 (off by 11) no -> 0.5.
  EXPECT_DOUBLE_EQ(*ShareWithin(y, f, 10), 0.5);
  EXPECT_DOUBLE_EQ(*ShareWithin(y, f, 11), 1.0);
  EXPECT_EQ(ShareWithin(y, f, -1).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(MeanAbsoluteError({}, {}).status().message(), "y_true: empty input");
}

}  // namespace
}  // namespace huikuan::core
