// FitDsoModel (model_versions.h) and BuildDsoForecast (forecasts.h): R-FCST-1, days-to-collect
// by regression on term length, customer industry and invoice month.
#include <algorithm>
#include <map>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "server/core/models/features.h"
#include "server/core/models/linear_model.h"
#include "server/core/models/linear_regression.h"
#include "server/core/models/matrix.h"
#include "server/core/models/metrics.h"
#include "server/core/models/payment_history.h"
#include "server/core/status_macros.h"
#include "server/ops/forecasts.h"
#include "server/ops/report_groups.h"
#include "server/ops/report_ledger.h"

namespace huikuan::ops {
namespace {

constexpr int32_t kTrainDays = 730;    // invoices of the last two years train...
constexpr int32_t kHoldOutFrom = 180;  // ...except those issued 90-180 days ago (held out)
constexpr int32_t kHoldOutTo = 90;
constexpr int32_t kRecentMixDays = 90;  // the mix a group's forecast averages over
constexpr double kToleranceDays = 10;
constexpr char kModelName[] = "dso-linear-v1";
constexpr absl::string_view kParamsHeader = "huikuan.dso_model v1";

struct Design {
  std::vector<double> x;
  int width = 0;
  size_t rows = 0;
};

// credit days | industry one-hot | month of year (11 columns).
absl::StatusOr<Design> Encode(const ReportLedger& ledger, const std::vector<size_t>& rows,
                              const core::OneHotEncoder& industry) {
  Design d;
  d.width = 1 + industry.width() + core::kMonthOfYearWidth;
  d.rows = rows.size();
  d.x.assign(d.rows * d.width, 0.0);
  std::vector<std::string> industries;
  std::vector<int64_t> days;
  for (size_t r = 0; r < rows.size(); ++r) {
    const size_t i = rows[r];
    d.x[r * d.width] = ledger.due_days[i] - ledger.invoice_days[i];
    auto customer = ledger.customers.find(ledger.customer_ids[i]);
    industries.push_back(customer == ledger.customers.end() ? "" : customer->second.industry);
    days.push_back(ledger.invoice_days[i]);
  }
  if (!rows.empty()) {
    HK_RETURN_IF_ERROR(
        industry.Encode(industries, core::UnknownCategory::kZeros, d.x.data() + 1, d.width));
    HK_RETURN_IF_ERROR(core::EncodeMonthOfYear(days, d.x.data() + 1 + industry.width(), d.width));
  }
  return d;
}

// The stored parameters: the industry categories the encoder was fitted on (sorted, the first is
// the baseline), then the linear model's own text form.
//   huikuan.dso_model v1
//   industry "<c-escaped>"
//   huikuan.linear_model v1 ...
struct DsoModel {
  core::OneHotEncoder industry;
  core::LinearModel model;
};

std::string SerializeDsoModel(const DsoModel& m) {
  std::string out = absl::StrCat(kParamsHeader, "\n");
  for (const std::string& c : m.industry.categories()) {
    absl::StrAppend(&out, "industry \"", absl::CEscape(c), "\"\n");
  }
  return out + m.model.Serialize();
}

absl::StatusOr<DsoModel> ParseDsoModel(const std::string& text) {
  const size_t model_at = text.find(std::string(core::LinearModel::kFormatHeader));
  if (!absl::StartsWith(text, kParamsHeader) || model_at == std::string::npos) {
    return absl::InternalError("stored dso model: unknown format");
  }
  std::vector<std::string> industries;
  for (absl::string_view line :
       absl::StrSplit(absl::string_view(text).substr(0, model_at), '\n', absl::SkipEmpty())) {
    if (line == kParamsHeader) continue;
    std::string value;
    if (!absl::ConsumePrefix(&line, "industry \"") || !absl::ConsumeSuffix(&line, "\"") ||
        !absl::CUnescape(line, &value)) {
      return absl::InternalError("stored dso model: malformed industry line");
    }
    industries.push_back(std::move(value));
  }
  absl::StatusOr<core::OneHotEncoder> industry =
      core::OneHotEncoder::Fit("industry", industries, /*drop_first=*/true);
  absl::StatusOr<core::LinearModel> model = core::LinearModel::Parse(text.substr(model_at));
  if (!industry.ok() || !model.ok()) {
    return absl::InternalError("stored dso model: malformed parameters");
  }
  return DsoModel{*std::move(industry), *std::move(model)};
}

}  // namespace

absl::StatusOr<store::ModelVersionRecord> FitDsoModel(ReadScope& read) {
  const ReportLedger ledger = LoadReportLedger(read, ReportScope(), read.today);
  HK_ASSIGN_OR_RETURN(
      std::vector<core::EpochDay> settled,
      core::SettleDays(ledger.amounts, ledger.settlement_invoice_index, ledger.settlement_days,
                       ledger.settlement_amounts, read.today));
  std::vector<size_t> train, test;
  std::vector<double> y_train, y_test;
  std::vector<std::string> train_industries;
  for (size_t i = 0; i < ledger.invoice_ids.size(); ++i) {
    const core::EpochDay issued = ledger.invoice_days[i];
    if (settled[i] == core::kNotSettled || issued < read.today - kTrainDays) continue;
    const double days = settled[i] - issued;
    if (issued > read.today - kHoldOutFrom && issued <= read.today - kHoldOutTo) {
      test.push_back(i);
      y_test.push_back(days);
    } else if (issued <= read.today - kHoldOutFrom) {
      train.push_back(i);
      y_train.push_back(days);
      auto customer = ledger.customers.find(ledger.customer_ids[i]);
      train_industries.push_back(customer == ledger.customers.end() ? ""
                                                                    : customer->second.industry);
    }
  }
  if (train.size() < 30 || test.size() < 10) {
    return absl::FailedPreconditionError(absl::StrCat("DSO model: too little settled history (",
                                                      train.size(), " training and ", test.size(),
                                                      " held-out invoices; 30 and 10 needed)"));
  }
  HK_ASSIGN_OR_RETURN(core::OneHotEncoder industry,
                      core::OneHotEncoder::Fit("industry", train_industries, /*drop_first=*/true));
  HK_ASSIGN_OR_RETURN(Design train_x, Encode(ledger, train, industry));
  core::FitOptions options;
  options.l2 = 1e-3;
  HK_ASSIGN_OR_RETURN(
      core::LinearModel model,
      core::FitLinearRegression(
          core::MatrixView(train_x.x.data(), static_cast<int64_t>(train_x.rows), train_x.width),
          y_train, options));
  HK_ASSIGN_OR_RETURN(Design test_x, Encode(ledger, test, industry));
  HK_ASSIGN_OR_RETURN(std::vector<double> predicted,
                      model.Predict(core::MatrixView(
                          test_x.x.data(), static_cast<int64_t>(test_x.rows), test_x.width)));
  store::ModelVersionRecord record;
  record.kind = kDsoModelKind;
  record.version = ModelVersionName(kModelName, read.today);
  record.trained_day = read.today;
  record.train_from_day = read.today - kTrainDays;
  record.train_to_day = read.today - kHoldOutFrom;
  record.train_rows = static_cast<int64_t>(train.size());
  record.test_rows = static_cast<int64_t>(test.size());
  HK_ASSIGN_OR_RETURN(double share, core::ShareWithin(y_test, predicted, kToleranceDays));
  HK_ASSIGN_OR_RETURN(double mae, core::MeanAbsoluteError(y_test, predicted));
  record.share_within_10_days = share;
  record.mean_absolute_error_days = mae;
  record.parameters = SerializeDsoModel(DsoModel{std::move(industry), std::move(model)});
  return record;
}

absl::StatusOr<DsoForecast> BuildDsoForecast(ReadScope& read, reports::Grouping grouping,
                                             LedgerCache* cache) {
  HK_ASSIGN_OR_RETURN(store::ModelVersionRecord stored, LatestModel(read, kDsoModelKind));
  HK_ASSIGN_OR_RETURN(DsoModel dso, ParseDsoModel(stored.parameters));
  DsoForecast forecast;
  forecast.as_of = read.today;
  HK_ASSIGN_OR_RETURN(forecast.model, InfoOf(stored));
  const ReportLedger ledger = LoadReportLedger(read, ScopeReport(read.caller), read.today, cache);
  std::vector<size_t> recent;
  for (size_t i = 0; i < ledger.invoice_ids.size(); ++i) {
    if (ledger.invoice_days[i] > read.today - kRecentMixDays) recent.push_back(i);
  }
  // Per group: the amount-weighted mean prediction over its invoices of the last 90 days.
  HK_ASSIGN_OR_RETURN(Design recent_x, Encode(ledger, recent, dso.industry));
  std::vector<double> recent_days;
  if (!recent.empty()) {
    HK_ASSIGN_OR_RETURN(
        recent_days, dso.model.Predict(core::MatrixView(
                         recent_x.x.data(), static_cast<int64_t>(recent_x.rows), recent_x.width)));
  }
  const ReportGroups groups(grouping, ledger.customers);
  struct Sum {
    double weighted = 0;
    double weight = 0;
    int64_t count = 0;
  };
  std::map<int64_t, Sum> sums;
  for (size_t r = 0; r < recent.size(); ++r) {
    const size_t i = recent[r];
    Sum& sum = sums[groups.KeyOf(ledger.customer_ids[i])];
    sum.weighted += recent_days[r] * static_cast<double>(ledger.amounts[i]);
    sum.weight += static_cast<double>(ledger.amounts[i]);
    sum.count += 1;
  }
  for (const auto& [key, sum] : sums) {
    forecast.groups.push_back({groups.Group(key), groups.Label(key),
                               sum.weight > 0 ? sum.weighted / sum.weight : 0, sum.count});
  }
  std::sort(forecast.groups.begin(), forecast.groups.end(),
            [](const DsoGroupForecast& a, const DsoGroupForecast& b) { return a.group < b.group; });
  return forecast;
}

}  // namespace huikuan::ops
