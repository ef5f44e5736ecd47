// R-FCST-1 / R-FCST-2: linear and logistic regression fitters, exact solutions and bad input.
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "gtest/gtest.h"
#include "server/core/models/features.h"
#include "server/core/models/linear_model.h"
#include "server/core/models/linear_regression.h"
#include "server/core/models/logistic_regression.h"
#include "server/core/models/matrix.h"

namespace huikuan::core {
namespace {

// Perfectly linear data: y = 3 + 2*x0 - 0.5*x1 + 10*x2.
struct LinearData {
  std::vector<double> x;
  std::vector<double> y;
  int64_t rows = 0;
};

LinearData MakeLinear(int64_t rows) {
  LinearData d;
  d.rows = rows;
  std::mt19937_64 rng(7);
  std::normal_distribution<double> n01(0, 1);
  for (int64_t i = 0; i < rows; ++i) {
    const double a = n01(rng) * 30 + 45;  // term days
    const double b = n01(rng) * 1e6;      // amount-like scale
    const double c = (i % 3 == 0) ? 1.0 : 0.0;
    d.x.insert(d.x.end(), {a, b, c});
    d.y.push_back(3 + 2 * a - 0.5 * b + 10 * c);
  }
  return d;
}

TEST(LinearRegressionTest, RFcst1RecoversExactCoefficientsOfLinearData) {
  LinearData d = MakeLinear(500);
  auto m = FitLinearRegression(MatrixView(d.x.data(), d.rows, 3), d.y);
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_NEAR(m->intercept(), 3.0, 1e-6);
  EXPECT_NEAR(m->coefficients()[0], 2.0, 1e-9);
  EXPECT_NEAR(m->coefficients()[1], -0.5, 1e-12);
  EXPECT_NEAR(m->coefficients()[2], 10.0, 1e-8);
  EXPECT_EQ(m->feature_names()[1], "x1");
}

TEST(LinearRegressionTest, RidgeRawPenaltyMatchesClosedForm) {
  // One centred feature x = (-1, 0, 1), y = (0, 1, 5): slope = x'y / (x'x + l2) = 5 / (2 + 1).
  std::vector<double> x = {-1, 0, 1}, y = {0, 1, 5};
  FitOptions opt;
  opt.l2 = 1.0;
  opt.penalty_scale = PenaltyScale::kRaw;
  auto m = FitLinearRegression(MatrixView(x.data(), 3, 1), y, opt);
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_NEAR(m->coefficients()[0], 5.0 / 3.0, 1e-12);
  EXPECT_NEAR(m->intercept(), 2.0, 1e-12);
  // Standardised penalty: std(x) = sqrt(2/3), so the raw-scale penalty is l2 * 2/3.
  opt.penalty_scale = PenaltyScale::kStandardized;
  m = FitLinearRegression(MatrixView(x.data(), 3, 1), y, opt);
  ASSERT_TRUE(m.ok());
  EXPECT_NEAR(m->coefficients()[0], 5.0 / (2.0 + 2.0 / 3.0), 1e-12);
}

TEST(LinearRegressionTest, CollinearColumnsAreInvalidArgumentNamingTheColumn) {
  std::vector<double> x = {1, 2, 2, 4, 3, 6, 4, 8};  // column 1 = 2 * column 0
  std::vector<double> y = {1, 2, 3, 4};
  FitOptions opt;
  opt.feature_names = {"term_days", "twice"};
  auto m = FitLinearRegression(MatrixView(x.data(), 4, 2), y, opt);
  ASSERT_EQ(m.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(m.status().message().find("\"twice\""), std::string::npos) << m.status();
  opt.l2 = 0.1;  // the documented fallback
  EXPECT_TRUE(FitLinearRegression(MatrixView(x.data(), 4, 2), y, opt).ok());
}

TEST(LinearRegressionTest, BadInputCodes) {
  std::vector<double> x = {1, 2, 3}, y = {1, 2, 3};
  EXPECT_EQ(FitLinearRegression(MatrixView(x.data(), 0, 1), {}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(
      FitLinearRegression(MatrixView(x.data(), 3, 1), absl::MakeSpan(y).first(2)).status().code(),
      absl::StatusCode::kInvalidArgument);
  x[1] = std::nan("");
  auto s = FitLinearRegression(MatrixView(x.data(), 3, 1), y).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "X: non-finite value at row 1, column 0");
  x[1] = 2;
  y[2] = INFINITY;
  EXPECT_EQ(FitLinearRegression(MatrixView(x.data(), 3, 1), y).status().message(),
            "y: non-finite value at index 2");
  y[2] = 3;
  FitOptions opt;
  opt.l2 = -1;
  EXPECT_EQ(FitLinearRegression(MatrixView(x.data(), 3, 1), y, opt).status().code(),
            absl::StatusCode::kInvalidArgument);
  opt.l2 = 0;
  opt.feature_names = {"a", "b"};
  EXPECT_EQ(FitLinearRegression(MatrixView(x.data(), 3, 1), y, opt).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(LogisticRegressionTest, RFcst2InterceptOnlyIsTheLogOddsOfTheBaseRate) {
  // A constant feature with l2 > 0 gets coefficient 0; the intercept is logit(3/10).
  std::vector<double> x(10, 5.0), y = {1, 1, 1, 0, 0, 0, 0, 0, 0, 0};
  FitOptions opt;
  opt.l2 = 1.0;
  auto m = FitLogisticRegression(MatrixView(x.data(), 10, 1), y, opt);
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_NEAR(m->coefficients()[0], 0.0, 1e-12);
  EXPECT_NEAR(m->intercept(), std::log(3.0 / 7.0), 1e-12);
}

TEST(LogisticRegressionTest, SatisfiesTheOptimalityConditions) {
  // At the optimum of sum logloss + l2/2 |w|^2 (raw scale): X'(p - y) + l2 w = 0, sum(p - y) = 0.
  std::mt19937_64 rng(11);
  std::normal_distribution<double> n01(0, 1);
  const int64_t n = 2000;
  std::vector<double> x, y;
  for (int64_t i = 0; i < n; ++i) {
    const double a = n01(rng), b = n01(rng) * 100 + 1000;
    x.insert(x.end(), {a, b});
    const double eta = 0.8 * a + 0.01 * (b - 1000) - 0.3;
    y.push_back(std::uniform_real_distribution<double>(0, 1)(rng) < 1 / (1 + std::exp(-eta)));
  }
  FitOptions opt;
  opt.l2 = 2.0;
  opt.penalty_scale = PenaltyScale::kRaw;
  auto m = FitLogisticRegression(MatrixView(x.data(), n, 2), y, opt);
  ASSERT_TRUE(m.ok()) << m.status();
  auto p = m->Predict(MatrixView(x.data(), n, 2));
  ASSERT_TRUE(p.ok());
  double g0 = 0, g1 = 0, g2 = 0;
  for (int64_t i = 0; i < n; ++i) {
    const double r = (*p)[i] - y[i];
    g0 += r;
    g1 += r * x[2 * i];
    g2 += r * x[2 * i + 1];
  }
  EXPECT_NEAR(g0, 0, 1e-8);
  EXPECT_NEAR(g1 + 2.0 * m->coefficients()[0], 0, 1e-7);
  EXPECT_NEAR(g2 + 2.0 * m->coefficients()[1], 0, 1e-5);
  EXPECT_LT(m->iterations(), 15);
  // Deterministic: a second fit is bit-identical.
  auto again = FitLogisticRegression(MatrixView(x.data(), n, 2), y, opt);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->Serialize(), m->Serialize());
}

TEST(LogisticRegressionTest, LargeInputsWithSampledHessianReachTheExactOptimum) {
  // Above 65,536 rows the Hessian is estimated from a strided sample (and a warm start is fitted
  // on it); the gradient is exact, so the optimality conditions hold to the stopping rule (half
  // the Newton decrement <= 1e-12 * rows: the objective is within 3e-7 of its minimum, which
  // allows gradients of order 1e-2 against a Hessian of order 1e5).
  std::mt19937_64 rng(5);
  std::normal_distribution<double> n01(0, 1);
  std::uniform_real_distribution<double> u01(0, 1);
  const int64_t n = 300'000;
  std::vector<double> x, y;
  x.reserve(3 * n);
  for (int64_t i = 0; i < n; ++i) {
    const double a = n01(rng), b = n01(rng) * 5 + 40, c = (i % 1000 == 0) ? 1.0 : 0.0;
    x.insert(x.end(), {a, b, c});
    const double eta = 1.2 * a - 0.2 * (b - 40) + 2 * c - 1;
    y.push_back(u01(rng) < 1 / (1 + std::exp(-eta)));
  }
  FitOptions opt;
  opt.l2 = 0.5;
  opt.penalty_scale = PenaltyScale::kRaw;
  auto m = FitLogisticRegression(MatrixView(x.data(), n, 3), y, opt);
  ASSERT_TRUE(m.ok()) << m.status();
  auto p = m->Predict(MatrixView(x.data(), n, 3));
  ASSERT_TRUE(p.ok());
  double g[4] = {0, 0, 0, 0};
  for (int64_t i = 0; i < n; ++i) {
    const double r = (*p)[i] - y[i];
    g[0] += r;
    for (int j = 0; j < 3; ++j) g[j + 1] += r * x[3 * i + j];
  }
  EXPECT_NEAR(g[0], 0, 1e-2);
  for (int j = 0; j < 3; ++j) EXPECT_NEAR(g[j + 1] + 0.5 * m->coefficients()[j], 0, 1e-2) << j;
  EXPECT_NEAR(m->coefficients()[0], 1.2, 0.05);
}

TEST(LogisticRegressionTest, LargeInputsUseExactMomentsForTheStandardizedPenalty) {
  // The sampled coordinates must not leak into the objective: the penalty uses the full data's
  // standard deviation, so X'(p - y) + l2 * sd^2 * w = 0 at the optimum. A NaN in a row the
  // sample skips is still found.
  std::mt19937_64 rng(9);
  std::normal_distribution<double> n01(0, 1);
  std::uniform_real_distribution<double> u01(0, 1);
  const int64_t n = 200'000;
  std::vector<double> x, y;
  for (int64_t i = 0; i < n; ++i) {
    const double a = n01(rng) * 3 + 10, b = (i % 2 == 1) ? 1.0 : 0.0;  // b: sample sees only 0
    x.insert(x.end(), {a, b});
    y.push_back(u01(rng) < 1 / (1 + std::exp(-(0.5 * (a - 10) + b))));
  }
  FitOptions opt;
  opt.l2 = 2000.0;
  auto m = FitLogisticRegression(MatrixView(x.data(), n, 2), y, opt);
  ASSERT_TRUE(m.ok()) << m.status();
  auto p = m->Predict(MatrixView(x.data(), n, 2));
  ASSERT_TRUE(p.ok());
  double s1[2] = {0, 0}, s2[2] = {0, 0}, g[2] = {0, 0};
  for (int64_t i = 0; i < n; ++i) {
    for (int j = 0; j < 2; ++j) {
      s1[j] += x[2 * i + j];
      s2[j] += x[2 * i + j] * x[2 * i + j];
      g[j] += ((*p)[i] - y[i]) * x[2 * i + j];
    }
  }
  for (int j = 0; j < 2; ++j) {
    const double var = s2[j] / n - (s1[j] / n) * (s1[j] / n);
    EXPECT_NEAR(g[j] + opt.l2 * var * m->coefficients()[j], 0, 0.05) << j;
  }
  x[2 * 12345 + 1] = std::nan("");  // odd row: not in the stride-2 sample
  EXPECT_EQ(FitLogisticRegression(MatrixView(x.data(), n, 2), y, opt).status().message(),
            "X: non-finite value at row 12345, column 1");
}

TEST(LogisticRegressionTest, LabelsMustBeZeroOrOne) {
  std::vector<double> x = {1, 2, 3}, y = {0, 1, 2};
  auto s = FitLogisticRegression(MatrixView(x.data(), 3, 1), y).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "y: label at index 2 is 2; labels must be 0 or 1");
  y = {0, 1};
  EXPECT_EQ(FitLogisticRegression(MatrixView(x.data(), 3, 1), y).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(LogisticRegressionTest, SeparableDataWithoutPenaltyIsAnError) {
  std::vector<double> x = {-2, -1, 1, 2}, y = {0, 0, 1, 1};
  auto m = FitLogisticRegression(MatrixView(x.data(), 4, 1), y);
  EXPECT_EQ(m.status().code(), absl::StatusCode::kFailedPrecondition) << m.status();
  FitOptions opt;
  opt.l2 = 0.1;
  EXPECT_TRUE(FitLogisticRegression(MatrixView(x.data(), 4, 1), y, opt).ok());
}

TEST(LinearModelTest, SerializationRoundTripIsBitExact) {
  LinearModel m(ModelKind::kLogisticRegression, {"amount fen", "ind\"ustry=\xe9\x92\xa2"},
                {0.1, -1.0 / 3.0}, std::nextafter(1.0, 2.0));
  m.set_fit_info(0.25, PenaltyScale::kRaw, 7);
  const std::string text = m.Serialize();
  auto back = LinearModel::Parse(text);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->kind(), ModelKind::kLogisticRegression);
  EXPECT_EQ(back->feature_names(), m.feature_names());
  EXPECT_EQ(back->coefficients(), m.coefficients());  // exact double equality
  EXPECT_EQ(back->intercept(), m.intercept());
  EXPECT_EQ(back->l2(), 0.25);
  EXPECT_EQ(back->penalty_scale(), PenaltyScale::kRaw);
  EXPECT_EQ(back->iterations(), 7);
  EXPECT_EQ(back->Serialize(), text);
}

TEST(LinearModelTest, ParseRejectsOtherVersionsAndGarbage) {
  EXPECT_EQ(LinearModel::Parse("huikuan.linear_model v2\n").status().code(),
            absl::StatusCode::kInvalidArgument);
  LinearModel m(ModelKind::kLinearRegression, {"a"}, {1.0}, 0.0);
  std::string text = m.Serialize();
  std::string bad = text;
  bad.replace(bad.find("features 1"), 10, "features 2");
  EXPECT_EQ(LinearModel::Parse(bad).status().code(), absl::StatusCode::kInvalidArgument);
  bad = text;
  bad.replace(bad.find("kind"), 4, "kond");
  EXPECT_EQ(LinearModel::Parse(bad).status().message(), "text: line 2: unknown key \"kond\"");
  EXPECT_EQ(LinearModel::Parse(text.substr(0, text.size() - 4)).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(LinearModelTest, PredictChecksColumns) {
  LinearModel m(ModelKind::kLinearRegression, {"a", "b"}, {1.0, 2.0}, 0.5);
  std::vector<double> x = {1, 1, 2, 3};
  auto p = m.Predict(MatrixView(x.data(), 2, 2));
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(*p, (std::vector<double>{3.5, 8.5}));
  EXPECT_EQ(m.Predict(MatrixView(x.data(), 4, 1)).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(FeaturesTest, RFcst1OneHotWithSortedCategoriesAndUnknownPolicy) {
  std::vector<std::string> train = {"steel", "auto", "textile", "auto"};
  auto enc = OneHotEncoder::Fit("industry", train, /*drop_first=*/true);
  ASSERT_TRUE(enc.ok());
  EXPECT_EQ(enc->ColumnNames(), (std::vector<std::string>{"industry=steel", "industry=textile"}));
  std::vector<std::string> rows = {"textile", "auto", "chips"};
  std::vector<double> out(6, -1);
  auto s = enc->Encode(rows, UnknownCategory::kError, out.data(), 2);
  EXPECT_EQ(s.message(), "industry: unknown category \"chips\" at row 2");
  ASSERT_TRUE(enc->Encode(rows, UnknownCategory::kZeros, out.data(), 2).ok());
  EXPECT_EQ(out, (std::vector<double>{0, 1, 0, 0, 0, 0}));
}

TEST(FeaturesTest, RFcst1MonthOfYearSeasonality) {
  // 2013-01-02 is day 15707; 2013-03-03 is day 15767.
  std::vector<int64_t> days = {15707, 15767};
  std::vector<double> out(2 * kMonthOfYearWidth, -1);
  ASSERT_TRUE(EncodeMonthOfYear(days, out.data(), kMonthOfYearWidth).ok());
  for (int k = 0; k < kMonthOfYearWidth; ++k) EXPECT_EQ(out[k], 0.0);
  EXPECT_EQ(out[kMonthOfYearWidth + 1], 1.0);  // March = column 1 (Feb is 0)
  days[1] = kMaxModelDay + 1;
  EXPECT_EQ(EncodeMonthOfYear(days, out.data(), kMonthOfYearWidth).code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace huikuan::core
