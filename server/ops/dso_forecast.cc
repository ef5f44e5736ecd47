// BuildDsoForecast (forecasts.h): R-FCST-1, days-to-collect by regression on term length,
// customer industry and invoice month.
#include <algorithm>
#include <map>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
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

}  // namespace

absl::StatusOr<DsoForecast> BuildDsoForecast(ReadScope& read, reports::Grouping grouping) {
  const ReportLedger ledger = LoadReportLedger(read, ScopeReport(read.caller), read.today);
  HK_ASSIGN_OR_RETURN(
      std::vector<core::EpochDay> settled,
      core::SettleDays(ledger.amounts, ledger.settlement_invoice_index, ledger.settlement_days,
                       ledger.settlement_amounts, read.today));
  std::vector<size_t> train, test, recent;
  std::vector<double> y_train, y_test;
  std::vector<std::string> train_industries;
  for (size_t i = 0; i < ledger.invoice_ids.size(); ++i) {
    const core::EpochDay issued = ledger.invoice_days[i];
    if (issued > read.today - kRecentMixDays) recent.push_back(i);
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
    return absl::FailedPreconditionError(absl::StrCat("DSO forecast: too little settled history (",
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
  DsoForecast forecast;
  forecast.as_of = read.today;
  forecast.train_rows = static_cast<int64_t>(train.size());
  forecast.test_rows = static_cast<int64_t>(test.size());
  HK_ASSIGN_OR_RETURN(forecast.share_within_10_days,
                      core::ShareWithin(y_test, predicted, kToleranceDays));
  HK_ASSIGN_OR_RETURN(forecast.mean_absolute_error_days,
                      core::MeanAbsoluteError(y_test, predicted));
  forecast.model_version = absl::StrCat("dso-linear-v1 trained ", core::FormatDate(read.today),
                                        " on ", train.size(), " settled invoices");

  // Per group: the amount-weighted mean prediction over its invoices of the last 90 days.
  HK_ASSIGN_OR_RETURN(Design recent_x, Encode(ledger, recent, industry));
  std::vector<double> recent_days;
  if (!recent.empty()) {
    HK_ASSIGN_OR_RETURN(
        recent_days, model.Predict(core::MatrixView(
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
