#include "server/core/models/linear_model.h"

#include <cmath>
#include <cstdlib>
#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace huikuan::core {
namespace {

absl::string_view KindName(ModelKind kind) {
  return kind == ModelKind::kLogisticRegression ? "logistic_regression" : "linear_regression";
}

absl::string_view ScaleName(PenaltyScale scale) {
  return scale == PenaltyScale::kRaw ? "raw" : "standardized";
}

std::string Hex(double v) { return absl::StrFormat("%a", v); }

// Parses a C99 hex float (or decimal) written by Hex; the whole token must be consumed.
bool ParseDouble(absl::string_view token, double* out) {
  std::string s(token);
  if (s.empty()) return false;
  char* end = nullptr;
  *out = std::strtod(s.c_str(), &end);
  return end == s.c_str() + s.size() && std::isfinite(*out);
}

absl::Status LineError(int line, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrFormat("text: line %d: %s", line, what));
}

inline double Sigmoid(double z) {
  // Two branches keep exp() from overflowing for large |z|.
  if (z >= 0) return 1.0 / (1.0 + std::exp(-z));
  const double e = std::exp(z);
  return e / (1.0 + e);
}

}  // namespace

LinearModel::LinearModel(ModelKind kind, std::vector<std::string> feature_names,
                         std::vector<double> coefficients, double intercept)
    : kind_(kind),
      feature_names_(std::move(feature_names)),
      coefficients_(std::move(coefficients)),
      intercept_(intercept) {}

absl::StatusOr<std::vector<std::string>> ResolveFeatureNames(const std::vector<std::string>& names,
                                                             int64_t num_features) {
  if (names.empty()) {
    std::vector<std::string> out;
    out.reserve(num_features);
    for (int64_t j = 0; j < num_features; ++j) out.push_back(absl::StrCat("x", j));
    return out;
  }
  if (static_cast<int64_t>(names.size()) != num_features) {
    return absl::InvalidArgumentError(
        absl::StrFormat("feature_names: %d names for %d columns of X", names.size(), num_features));
  }
  return names;
}

absl::Status LinearModel::DecisionFunctionInto(const MatrixView& x, absl::Span<double> out) const {
  if (x.cols() != num_features()) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "X: %d columns, but the model was fitted on %d features", x.cols(), num_features()));
  }
  if (auto s = ValidateMatrix(x, "X"); !s.ok()) return s;
  if (static_cast<int64_t>(out.size()) != x.rows()) {
    return absl::InvalidArgumentError(
        absl::StrFormat("out: length %d does not match %d rows", out.size(), x.rows()));
  }
  const int p = num_features();
  const double* w = coefficients_.data();
  for (int64_t i = 0; i < x.rows(); ++i) {
    const double* xi = x.row(i);
    double eta = intercept_;
    for (int j = 0; j < p; ++j) eta += w[j] * xi[j];
    out[i] = eta;
  }
  return absl::OkStatus();
}

absl::Status LinearModel::PredictInto(const MatrixView& x, absl::Span<double> out) const {
  if (auto s = DecisionFunctionInto(x, out); !s.ok()) return s;
  if (kind_ == ModelKind::kLogisticRegression) {
    for (double& v : out) v = Sigmoid(v);
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<double>> LinearModel::Predict(const MatrixView& x) const {
  std::vector<double> out(x.rows() > 0 ? x.rows() : 0);
  if (auto s = PredictInto(x, absl::MakeSpan(out)); !s.ok()) return s;
  return out;
}

std::string LinearModel::Serialize() const {
  std::string out = absl::StrCat(kFormatHeader, "\n");
  absl::StrAppend(&out, "kind ", KindName(kind_), "\n");
  absl::StrAppend(&out, "l2 ", Hex(l2_), "\n");
  absl::StrAppend(&out, "penalty_scale ", ScaleName(penalty_scale_), "\n");
  absl::StrAppend(&out, "iterations ", iterations_, "\n");
  absl::StrAppend(&out, "intercept ", Hex(intercept_), "\n");
  absl::StrAppend(&out, "features ", coefficients_.size(), "\n");
  for (size_t j = 0; j < coefficients_.size(); ++j) {
    absl::StrAppend(&out, "feature \"", absl::CEscape(feature_names_[j]), "\" ",
                    Hex(coefficients_[j]), "\n");
  }
  absl::StrAppend(&out, "end\n");
  return out;
}

absl::StatusOr<LinearModel> LinearModel::Parse(absl::string_view text) {
  std::vector<absl::string_view> lines = absl::StrSplit(text, '\n');
  // A trailing newline leaves one empty element; anything else must be a known line.
  if (!lines.empty() && lines.back().empty()) lines.pop_back();
  if (lines.empty() || lines[0] != kFormatHeader) {
    return LineError(1, absl::StrCat("expected header \"", kFormatHeader, "\""));
  }
  LinearModel m;
  int64_t expected_features = -1;
  bool seen_kind = false, seen_intercept = false, seen_end = false;
  for (size_t li = 1; li < lines.size(); ++li) {
    const int line_no = static_cast<int>(li) + 1;
    absl::string_view line = lines[li];
    if (seen_end) return LineError(line_no, "content after \"end\"");
    const size_t sp = line.find(' ');
    const absl::string_view key = line.substr(0, sp);
    const absl::string_view value = sp == absl::string_view::npos ? "" : line.substr(sp + 1);
    if (key == "kind") {
      if (value == "linear_regression") {
        m.kind_ = ModelKind::kLinearRegression;
      } else if (value == "logistic_regression") {
        m.kind_ = ModelKind::kLogisticRegression;
      } else {
        return LineError(line_no, "unknown kind");
      }
      seen_kind = true;
    } else if (key == "l2") {
      if (!ParseDouble(value, &m.l2_) || m.l2_ < 0) return LineError(line_no, "bad l2");
    } else if (key == "penalty_scale") {
      if (value == "raw") {
        m.penalty_scale_ = PenaltyScale::kRaw;
      } else if (value == "standardized") {
        m.penalty_scale_ = PenaltyScale::kStandardized;
      } else {
        return LineError(line_no, "unknown penalty_scale");
      }
    } else if (key == "iterations") {
      if (!absl::SimpleAtoi(value, &m.iterations_) || m.iterations_ < 0) {
        return LineError(line_no, "bad iterations");
      }
    } else if (key == "intercept") {
      if (!ParseDouble(value, &m.intercept_)) return LineError(line_no, "bad intercept");
      seen_intercept = true;
    } else if (key == "features") {
      if (!absl::SimpleAtoi(value, &expected_features) || expected_features < 0 ||
          expected_features > 10'000'000) {
        return LineError(line_no, "bad feature count");
      }
      m.coefficients_.reserve(expected_features);
      m.feature_names_.reserve(expected_features);
    } else if (key == "feature") {
      // feature "<c-escaped name>" <hex float>; the name may contain spaces, so split at the
      // last space, after the closing quote.
      const size_t last = value.rfind(' ');
      if (last == absl::string_view::npos || last < 2 || value.front() != '"' ||
          value[last - 1] != '"') {
        return LineError(line_no, "expected: feature \"name\" value");
      }
      std::string name;
      if (!absl::CUnescape(value.substr(1, last - 2), &name)) {
        return LineError(line_no, "bad escape in feature name");
      }
      double coef = 0;
      if (!ParseDouble(value.substr(last + 1), &coef)) return LineError(line_no, "bad coefficient");
      m.feature_names_.push_back(std::move(name));
      m.coefficients_.push_back(coef);
    } else if (key == "end") {
      seen_end = true;
    } else {
      return LineError(line_no, absl::StrCat("unknown key \"", key, "\""));
    }
  }
  if (!seen_kind || !seen_intercept || expected_features < 0 || !seen_end) {
    return absl::InvalidArgumentError(
        "text: incomplete model (needs kind, intercept, features and end)");
  }
  if (static_cast<int64_t>(m.coefficients_.size()) != expected_features) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "text: %d feature lines, but features says %d", m.coefficients_.size(), expected_features));
  }
  return m;
}

}  // namespace huikuan::core
