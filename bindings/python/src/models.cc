// Bindings of server/core/models: fitters, the fitted model, metrics and feature encoders.
#include <pybind11/stl.h>

#include <string>
#include <vector>

#include "absl/strings/str_format.h"
#include "bindings/python/src/common.h"
#include "bindings/python/src/register.h"
#include "server/core/models/features.h"
#include "server/core/models/linear_model.h"
#include "server/core/models/linear_regression.h"
#include "server/core/models/logistic_regression.h"
#include "server/core/models/metrics.h"

namespace huikuan::python {
namespace {

using core::FitOptions;
using core::LinearModel;
using core::MatrixView;
using core::ModelKind;
using core::PenaltyScale;

PenaltyScale ParsePenalty(const std::string& s) {
  if (s == "standardized") return PenaltyScale::kStandardized;
  if (s == "raw") return PenaltyScale::kRaw;
  ThrowInvalid(absl::StrFormat("penalty: \"%s\" is not \"standardized\" or \"raw\"", s));
}

FitOptions MakeOptions(double l2, const std::string& penalty, bool fit_intercept,
                       int max_iterations, double tolerance, py::object feature_names,
                       int threads = 0) {
  if (threads < 0) ThrowInvalid("threads: must be >= 0 (0 = one per hardware thread)");
  FitOptions o;
  o.l2 = l2;
  o.penalty_scale = ParsePenalty(penalty);
  o.fit_intercept = fit_intercept;
  o.max_iterations = max_iterations;
  o.tolerance = tolerance;
  o.threads = threads;
  if (!feature_names.is_none()) {
    for (py::handle h : feature_names) o.feature_names.push_back(py::str(h).cast<std::string>());
  }
  return o;
}

MatrixView View(const CArray<double>& x) { return MatrixView(x.data(), x.shape(0), x.shape(1)); }

template <typename Fit>
LinearModel FitWith(Fit fit, py::handle x_obj, py::handle y_obj, const FitOptions& options) {
  CArray<double> x = DoubleMatrix(x_obj, "X");
  CArray<double> y = DoubleColumn(y_obj, "y");
  absl::StatusOr<LinearModel> model;
  {
    py::gil_scoped_release release;
    model = fit(View(x), Span(y), options);
  }
  return ValueOrThrow(std::move(model));
}

py::array_t<double> PredictWith(const LinearModel& m, py::handle x_obj, bool decision) {
  CArray<double> x = DoubleMatrix(x_obj, "X");
  CArray<double> out(x.shape(0));
  absl::Status s;
  {
    py::gil_scoped_release release;
    absl::Span<double> o(out.mutable_data(), static_cast<size_t>(out.size()));
    s = decision ? m.DecisionFunctionInto(View(x), o) : m.PredictInto(View(x), o);
  }
  ThrowIfError(s);
  return out;
}

template <typename F>
double Metric(F f, py::handle a, py::handle b, const char* a_name, const char* b_name) {
  CArray<double> x = DoubleColumn(a, a_name);
  CArray<double> y = DoubleColumn(b, b_name);
  absl::StatusOr<double> r;
  {
    py::gil_scoped_release release;
    r = f(Span(x), Span(y));
  }
  return ValueOrThrow(std::move(r));
}

}  // namespace

void RegisterModels(py::module_& m) {
  py::class_<LinearModel>(m, "LinearModel", R"doc(
A fitted linear or logistic regression (R-FCST-1 / R-FCST-2).

Coefficients are in the units of the columns passed to the fitter. ``to_string()`` gives a
versioned text form that round-trips bit-exactly through ``LinearModel.from_string``; the server
stores the same text. Pickling uses it too.
)doc")
      .def_property_readonly("kind",
                             [](const LinearModel& self) {
                               return self.kind() == ModelKind::kLogisticRegression
                                          ? "logistic_regression"
                                          : "linear_regression";
                             })
      .def_property_readonly(
          "coef_",
          [](py::object self) {
            const LinearModel& model = self.cast<const LinearModel&>();
            return ReadOnlyView(model.coefficients().data(), model.coefficients().size(), self);
          },
          "Coefficients (read-only numpy view into the model; the model stays alive with it).")
      .def_property_readonly("intercept_", &LinearModel::intercept)
      .def_property_readonly("feature_names", &LinearModel::feature_names)
      .def_property_readonly("l2", &LinearModel::l2)
      .def_property_readonly("penalty",
                             [](const LinearModel& self) {
                               return self.penalty_scale() == PenaltyScale::kRaw ? "raw"
                                                                                 : "standardized";
                             })
      .def_property_readonly("iterations", &LinearModel::iterations,
                             "Newton iterations the fit took (1 for least squares).")
      .def(
          "predict",
          [](const LinearModel& self, py::handle x) { return PredictWith(self, x, false); },
          py::arg("X"),
          "Predictions for the rows of X: values for linear regression, P(y = 1) for logistic.")
      .def(
          "decision_function",
          [](const LinearModel& self, py::handle x) { return PredictWith(self, x, true); },
          py::arg("X"), "intercept + X @ coef_ for every row.")
      .def("to_string", &LinearModel::Serialize, "The versioned text form (bit-exact round trip).")
      .def_static(
          "from_string",
          [](const std::string& text) { return ValueOrThrow(LinearModel::Parse(text)); },
          py::arg("text"), "Parses to_string() output; InvalidArgumentError names the bad line.")
      .def(py::pickle(
          [](const LinearModel& self) { return self.Serialize(); },
          [](const std::string& text) { return ValueOrThrow(LinearModel::Parse(text)); }))
      .def("__repr__", [](const LinearModel& self) {
        return absl::StrFormat(
            "<huikuan.LinearModel %s, %d features, l2=%g>",
            self.kind() == ModelKind::kLogisticRegression ? "logistic" : "linear",
            self.num_features(), self.l2());
      });

  m.def(
      "fit_linear_regression",
      [](py::handle x, py::handle y, double l2, const std::string& penalty, bool fit_intercept,
         py::object feature_names) {
        return FitWith(core::FitLinearRegression, x, y,
                       MakeOptions(l2, penalty, fit_intercept, 1, 0, feature_names));
      },
      py::arg("X"), py::arg("y"), py::kw_only(), py::arg("l2") = 0.0,
      py::arg("penalty") = "standardized", py::arg("fit_intercept") = true,
      py::arg("feature_names") = py::none(),
      R"doc(Least squares with optional ridge: minimises sum((y - Xw - b)^2)/2 + l2/2 * |s*w|^2.

penalty="standardized" scales the penalty by each column's standard deviation (unit-free);
penalty="raw" is scikit-learn's Ridge(alpha=l2). Collinear columns with l2 == 0 raise
InvalidArgumentError naming the column.)doc");

  m.def(
      "fit_logistic_regression",
      [](py::handle x, py::handle y, double l2, const std::string& penalty, bool fit_intercept,
         int max_iterations, double tolerance, py::object feature_names, int threads) {
        return FitWith(core::FitLogisticRegression, x, y,
                       MakeOptions(l2, penalty, fit_intercept, max_iterations, tolerance,
                                   feature_names, threads));
      },
      py::arg("X"), py::arg("y"), py::kw_only(), py::arg("l2") = 0.0,
      py::arg("penalty") = "standardized", py::arg("fit_intercept") = true,
      py::arg("max_iterations") = 100, py::arg("tolerance") = 1e-10,
      py::arg("feature_names") = py::none(), py::arg("threads") = 0,
      R"doc(L2-penalised logistic regression by Newton's method (one pass over X per iteration).

Minimises sum(log-loss) + l2/2 * |s*w|^2; penalty="raw" equals scikit-learn's
LogisticRegression(C=1/l2). Labels must be 0 or 1. Deterministic: bit-identical results for any
`threads` (0 = one per hardware thread).)doc");

  m.def(
      "roc_auc",
      [](py::handle y, py::handle s) { return Metric(core::RocAuc, y, s, "y_true", "score"); },
      py::arg("y_true"), py::arg("score"), "ROC AUC, ties counted one half.");
  m.def(
      "log_loss",
      [](py::handle y, py::handle p, double eps) {
        return Metric([eps](auto a, auto b) { return core::LogLoss(a, b, eps); }, y, p, "y_true",
                      "prob");
      },
      py::arg("y_true"), py::arg("prob"), py::arg("eps") = 1e-15,
      "Mean log-loss with probabilities clipped to [eps, 1 - eps].");
  m.def(
      "mean_absolute_error",
      [](py::handle y, py::handle p) {
        return Metric(core::MeanAbsoluteError, y, p, "y_true", "y_pred");
      },
      py::arg("y_true"), py::arg("y_pred"));
  m.def(
      "root_mean_squared_error",
      [](py::handle y, py::handle p) {
        return Metric(core::RootMeanSquaredError, y, p, "y_true", "y_pred");
      },
      py::arg("y_true"), py::arg("y_pred"));
  m.def(
      "share_within",
      [](py::handle y, py::handle p, double tolerance) {
        return Metric([tolerance](auto a, auto b) { return core::ShareWithin(a, b, tolerance); }, y,
                      p, "y_true", "y_pred");
      },
      py::arg("y_true"), py::arg("y_pred"), py::arg("tolerance"),
      "Share of rows with |y_true - y_pred| <= tolerance (e.g. 10 days).");

  py::class_<core::OneHotEncoder>(
      m, "OneHotEncoder", "One-hot encoding of a categorical column with sorted categories.")
      .def_static(
          "fit",
          [](const std::string& name, const std::vector<std::string>& values, bool drop_first) {
            return ValueOrThrow(core::OneHotEncoder::Fit(name, values, drop_first));
          },
          py::arg("name"), py::arg("values"), py::arg("drop_first") = true)
      .def_property_readonly("name", &core::OneHotEncoder::name)
      .def_property_readonly("categories", &core::OneHotEncoder::categories)
      .def_property_readonly("column_names", &core::OneHotEncoder::ColumnNames)
      .def_property_readonly("width", &core::OneHotEncoder::width)
      .def(
          "transform",
          [](const core::OneHotEncoder& self, const std::vector<std::string>& values,
             const std::string& unknown) {
            core::UnknownCategory policy;
            if (unknown == "error") {
              policy = core::UnknownCategory::kError;
            } else if (unknown == "zeros") {
              policy = core::UnknownCategory::kZeros;
            } else {
              ThrowInvalid("unknown: must be \"error\" or \"zeros\"");
            }
            const py::ssize_t w = self.width();
            CArray<double> out({static_cast<py::ssize_t>(values.size()), w});
            ThrowIfError(self.Encode(values, policy, out.mutable_data(), w));
            return out;
          },
          py::arg("values"), py::arg("unknown") = "error",
          "A (rows, width) float64 matrix; unknown categories raise or encode as all zeros.");

  m.def(
      "month_of_year",
      [](py::handle days) {
        CArray<int64_t> d = Int64Column(days, "dates");
        CArray<double> out({static_cast<py::ssize_t>(d.size()),
                            static_cast<py::ssize_t>(core::kMonthOfYearWidth)});
        ThrowIfError(core::EncodeMonthOfYear(Span(d), out.mutable_data(), core::kMonthOfYearWidth));
        return out;
      },
      py::arg("dates"),
      "11 month indicator columns (Feb..Dec; January is the baseline) for dates given as "
      "datetime64 or days since 1970-01-01.");
}

}  // namespace huikuan::python
