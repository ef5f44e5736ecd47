// FitOverdueModel (model_versions.h) and BuildOverdueForecast (forecasts.h): R-FCST-2, unpaid and
// past due 30 days ahead.
#include <algorithm>
#include <cmath>
#include <numeric>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "server/core/models/linear_model.h"
#include "server/core/models/logistic_regression.h"
#include "server/core/models/matrix.h"
#include "server/core/models/metrics.h"
#include "server/core/models/payment_history.h"
#include "server/core/status_macros.h"
#include "server/core/violations.h"
#include "server/core/work_item.h"
#include "server/ops/forecasts.h"
#include "server/ops/report_ledger.h"

namespace huikuan::ops {
namespace {

constexpr int32_t kHorizonDays = 30;
constexpr int kSnapshots = 12;  // month-end-like snapshots, 30 days apart
constexpr int kHeldOut = 3;     // the most recent ones
constexpr int kFeatures = 9;
constexpr char kModelName[] = "overdue-logistic-v1";
constexpr absl::string_view kParamsHeader = "huikuan.overdue_model v1";
const char* const kFeatureNames[kFeatures] = {
    "days past due",        "open amount (log yuan)",        "partly paid",
    "credit days",          "customer mean days late",       "customer late share",
    "customer has history", "customer lateness trend (90d)", "customer's other overdue (log)"};

struct Rows {
  std::vector<double> x;  // row-major, kFeatures wide
  std::vector<double> y;
  std::vector<size_t> invoice;  // ledger row
  std::vector<core::Fen> open;
  size_t size() const { return y.size(); }
};

// The feature rows of the invoices open at `s` that could be past due by s + 30, labelled with
// whether they were still open and past due at s + 30 when `label` (s + 30 <= last_day).
absl::Status AddSnapshot(const ReportLedger& ledger, core::EpochDay s, bool label, Rows& rows) {
  HK_ASSIGN_OR_RETURN(std::vector<core::EpochDay> settled,
                      core::SettleDays(ledger.amounts, ledger.settlement_invoice_index,
                                       ledger.settlement_days, ledger.settlement_amounts, s));
  HK_ASSIGN_OR_RETURN(core::LatenessProfile year,
                      core::ProfileLateness(ledger.customer_ids, ledger.due_days, ledger.amounts,
                                            settled, s - 364, s));
  HK_ASSIGN_OR_RETURN(core::LatenessProfile recent,
                      core::ProfileLateness(ledger.customer_ids, ledger.due_days, ledger.amounts,
                                            settled, s - 89, s));
  const std::vector<core::Fen> open = ledger.OpenAt(s);
  std::vector<core::Fen> later;
  if (label) later = ledger.OpenAt(s + kHorizonDays);
  absl::flat_hash_map<int64_t, int64_t> overdue_count;
  for (size_t i = 0; i < open.size(); ++i) {
    if (open[i] > 0 && ledger.due_days[i] < s) overdue_count[ledger.customer_ids[i]] += 1;
  }
  for (size_t i = 0; i < open.size(); ++i) {
    if (open[i] == 0 || ledger.due_days[i] >= s + kHorizonDays) continue;
    const int64_t customer = ledger.customer_ids[i];
    const bool overdue_now = ledger.due_days[i] < s;
    const double f[kFeatures] = {
        static_cast<double>(s - ledger.due_days[i]),
        std::log1p(static_cast<double>(open[i]) / 100.0),
        open[i] < ledger.amounts[i] ? 1.0 : 0.0,
        static_cast<double>(ledger.due_days[i] - ledger.invoice_days[i]),
        year.MeanDaysLate(customer),
        year.LateShare(customer),
        year.index.contains(customer) ? 1.0 : 0.0,
        recent.MeanDaysLate(customer) - year.MeanDaysLate(customer),
        std::log1p(static_cast<double>(overdue_count[customer] - (overdue_now ? 1 : 0)))};
    rows.x.insert(rows.x.end(), f, f + kFeatures);
    rows.y.push_back(label && later[i] > 0 ? 1.0 : 0.0);
    rows.invoice.push_back(i);
    rows.open.push_back(open[i]);
  }
  return absl::OkStatus();
}

absl::StatusOr<core::LinearModel> Fit(const Rows& rows) {
  core::FitOptions options;
  options.l2 = 1.0;
  options.threads = 1;
  options.feature_names.assign(kFeatureNames, kFeatureNames + kFeatures);
  return core::FitLogisticRegression(
      core::MatrixView(rows.x.data(), static_cast<int64_t>(rows.size()), kFeatures), rows.y,
      options);
}

bool BothOutcomes(const Rows& rows) {
  const double positives = std::accumulate(rows.y.begin(), rows.y.end(), 0.0);
  return positives > 0 && positives < static_cast<double>(rows.size());
}

// The stored parameters: the training rows' feature means (the reference the reasons are
// measured from), then the logistic model's own text form.
//   huikuan.overdue_model v1
//   mean <hex> ... (kFeatures values)
//   huikuan.linear_model v1 ...
struct OverdueModel {
  double mean[kFeatures] = {};
  core::LinearModel model;
};

std::string SerializeOverdueModel(const OverdueModel& m) {
  std::string out = absl::StrCat(kParamsHeader, "\nmean");
  for (double v : m.mean) absl::StrAppend(&out, " ", HexDouble(v));
  return absl::StrCat(out, "\n", m.model.Serialize());
}

absl::StatusOr<OverdueModel> ParseOverdueModel(const std::string& text) {
  const size_t model_at = text.find(std::string(core::LinearModel::kFormatHeader));
  const std::vector<absl::string_view> lines =
      absl::StrSplit(absl::string_view(text).substr(0, model_at), '\n', absl::SkipEmpty());
  if (model_at == std::string::npos || lines.size() != 2 || lines[0] != kParamsHeader) {
    return absl::InternalError("stored overdue model: unknown format");
  }
  const std::vector<absl::string_view> means = absl::StrSplit(lines[1], ' ');
  OverdueModel m;
  bool ok = means.size() == kFeatures + 1 && means[0] == "mean";
  for (int j = 0; ok && j < kFeatures; ++j) ok = ParseHexDouble(means[j + 1], &m.mean[j]);
  absl::StatusOr<core::LinearModel> model = core::LinearModel::Parse(text.substr(model_at));
  if (!ok || !model.ok() || model->num_features() != kFeatures) {
    return absl::InternalError("stored overdue model: malformed parameters");
  }
  m.model = *std::move(model);
  return m;
}

// Today's feature rows of the scoped ledger's open invoices and the stored model's probability
// for each.
struct Scored {
  ReportLedger ledger;
  Rows rows;
  std::vector<double> p;
};
absl::StatusOr<Scored> ScoreOpenInvoices(ReadScope& read, const OverdueModel& stored,
                                         const ReportScope& scope, LedgerCache* cache) {
  Scored scored{LoadReportLedger(read, scope, read.today, cache), {}, {}};
  HK_RETURN_IF_ERROR(AddSnapshot(scored.ledger, read.today, /*label=*/false, scored.rows));
  if (scored.rows.size() == 0) return scored;
  HK_ASSIGN_OR_RETURN(
      scored.p, stored.model.Predict(core::MatrixView(
                    scored.rows.x.data(), static_cast<int64_t>(scored.rows.size()), kFeatures)));
  return scored;
}

}  // namespace

absl::StatusOr<store::ModelVersionRecord> FitOverdueModel(ReadScope& read) {
  const ReportLedger ledger = LoadReportLedger(read, ReportScope(), read.today);
  Rows train, test;
  for (int k = 0; k < kSnapshots; ++k) {
    const core::EpochDay s = read.today - kHorizonDays * (k + 1);
    HK_RETURN_IF_ERROR(AddSnapshot(ledger, s, /*label=*/true, k < kHeldOut ? test : train));
  }
  if (train.size() < 50 || test.size() < 20 || !BothOutcomes(train) || !BothOutcomes(test)) {
    return absl::FailedPreconditionError(
        absl::StrCat("overdue model: too little history to learn from (", train.size(),
                     " training and ", test.size(), " held-out rows with both outcomes needed)"));
  }
  HK_ASSIGN_OR_RETURN(core::LinearModel model, Fit(train));
  const core::MatrixView test_x(test.x.data(), static_cast<int64_t>(test.size()), kFeatures);
  HK_ASSIGN_OR_RETURN(std::vector<double> p_test, model.Predict(test_x));
  store::ModelVersionRecord record;
  record.kind = kOverdueModelKind;
  record.version = ModelVersionName(kModelName, read.today);
  record.trained_day = read.today;
  record.train_from_day = read.today - kHorizonDays * kSnapshots;  // the snapshot days
  record.train_to_day = read.today - kHorizonDays;
  record.train_rows = static_cast<int64_t>(train.size());
  record.test_rows = static_cast<int64_t>(test.size());
  HK_ASSIGN_OR_RETURN(double auc, core::RocAuc(test.y, p_test));
  HK_ASSIGN_OR_RETURN(double log_loss, core::LogLoss(test.y, p_test));
  record.auc = auc;
  record.log_loss = log_loss;
  std::vector<CalibrationBin> calibration(10);
  for (int b = 0; b < 10; ++b) calibration[b].lower = b / 10.0;
  for (size_t i = 0; i < test.size(); ++i) {
    CalibrationBin& bin = calibration[std::min(9, static_cast<int>(p_test[i] * 10))];
    bin.count += 1;
    bin.mean_predicted += p_test[i];
    bin.observed_rate += test.y[i];
  }
  for (CalibrationBin& bin : calibration) {
    if (bin.count == 0) continue;
    bin.mean_predicted /= static_cast<double>(bin.count);
    bin.observed_rate /= static_cast<double>(bin.count);
  }
  record.calibration = FormatCalibration(calibration);

  // The stored model is refitted on every labelled snapshot; the metrics are the held-out ones.
  Rows all = train;
  all.x.insert(all.x.end(), test.x.begin(), test.x.end());
  all.y.insert(all.y.end(), test.y.begin(), test.y.end());
  OverdueModel stored;
  HK_ASSIGN_OR_RETURN(stored.model, Fit(all));
  for (size_t r = 0; r < all.size(); ++r) {
    for (int j = 0; j < kFeatures; ++j) stored.mean[j] += all.x[r * kFeatures + j];
  }
  for (double& m : stored.mean) m /= static_cast<double>(all.size());
  record.parameters = SerializeOverdueModel(stored);
  return record;
}

absl::StatusOr<absl::flat_hash_map<int64_t, int32_t>> PredictOverduePermille(ReadScope& read) {
  absl::flat_hash_map<int64_t, int32_t> permille;
  std::optional<store::ModelVersionRecord> stored_record =
      store::LatestModelVersion(read.db, kOverdueModelKind, read.today);
  if (!stored_record) return permille;
  HK_ASSIGN_OR_RETURN(OverdueModel stored, ParseOverdueModel(stored_record->parameters));
  HK_ASSIGN_OR_RETURN(Scored now, ScoreOpenInvoices(read, stored, ReportScope(), nullptr));
  permille.reserve(now.rows.size());
  for (size_t r = 0; r < now.rows.size(); ++r) {
    permille[now.ledger.invoice_ids[now.rows.invoice[r]]] =
        static_cast<int32_t>(std::lround(now.p[r] * core::kPermille));
  }
  return permille;
}

absl::StatusOr<OverdueForecast> BuildOverdueForecast(ReadScope& read, int32_t limit,
                                                     LedgerCache* cache) {
  if (limit < 1 || limit > 10'000) {
    return core::FieldViolation("limit", absl::StrCat(limit, " outside 1..10000"));
  }
  HK_ASSIGN_OR_RETURN(store::ModelVersionRecord stored_record,
                      LatestModel(read, kOverdueModelKind));
  HK_ASSIGN_OR_RETURN(OverdueModel stored, ParseOverdueModel(stored_record.parameters));
  OverdueForecast forecast;
  forecast.as_of = read.today;
  HK_ASSIGN_OR_RETURN(forecast.model, InfoOf(stored_record));
  HK_ASSIGN_OR_RETURN(Scored scored,
                      ScoreOpenInvoices(read, stored, ScopeReport(read.caller), cache));
  const ReportLedger& ledger = scored.ledger;
  const Rows& now = scored.rows;
  const std::vector<double>& p_now = scored.p;
  // Reasons: the features whose value raises the score most against the training average.
  const double* mean = stored.mean;
  std::vector<size_t> order(now.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [&](size_t a, size_t b) { return p_now[a] != p_now[b] ? p_now[a] > p_now[b] : a < b; });
  if (order.size() > static_cast<size_t>(limit)) order.resize(limit);
  const std::vector<double>& coef = stored.model.coefficients();
  for (size_t r : order) {
    const size_t i = now.invoice[r];
    OverduePrediction prediction;
    prediction.invoice_id = ledger.invoice_ids[i];
    prediction.customer_id = ledger.customer_ids[i];
    auto customer = ledger.customers.find(prediction.customer_id);
    if (customer != ledger.customers.end()) prediction.customer_name = customer->second.name;
    prediction.open = now.open[r];
    prediction.due_day = ledger.due_days[i];
    prediction.probability = p_now[r];
    std::vector<std::pair<double, int>> contributions;
    for (int j = 0; j < kFeatures; ++j) {
      const double c = coef[j] * (now.x[r * kFeatures + j] - mean[j]);
      if (c > 0) contributions.push_back({c, j});
    }
    std::sort(contributions.rbegin(), contributions.rend());
    for (size_t k = 0; k < contributions.size() && k < 3; ++k) {
      const int j = contributions[k].second;
      prediction.reasons.push_back(
          absl::StrFormat("%s: %.2f", kFeatureNames[j], now.x[r * kFeatures + j]));
    }
    forecast.predictions.push_back(std::move(prediction));
  }
  return forecast;
}

}  // namespace huikuan::ops
