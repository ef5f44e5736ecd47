// The forecasts the joint meeting looks ahead with (issue 11), computed per request from the
// ledger's history in the caller's scope, each with a backtest on held-out history and the model
// version it used:
//
//   13-week cash forecast: expected collections per week from open invoices (each predicted to
//     be paid its due day plus its customer's amount-weighted mean lateness over the last year,
//     no earlier than tomorrow; invoices more than a year overdue are left out as doubtful), from
//     open promises (their amount on the promised day, in place of their invoices) and from the
//     future instalments of active payment plans (in place of their invoices). Backtest: the
//     same prediction made as of `weeks` weeks ago (invoices only) against the cash actually
//     received on those invoices per week.
//   Overdue prediction 30 days ahead (R-FCST-2): a logistic regression on what was known at a
//     snapshot day (days past due, open amount, partial payment, credit days, the customer's
//     lateness and late share over the year before, its recent trend, its other overdue
//     invoices), trained on month-end snapshots of the last year; the three most recent
//     snapshots are held out for the AUC, the log-loss and the calibration table. Every open
//     invoice then gets a probability of being unpaid and past due 30 days from today, with its
//     top reasons.
//   DSO forecast (R-FCST-1): a linear regression of days-to-collect on term length, customer
//     industry and invoice month (seasonality) over settled invoices; accuracy is the share of
//     held-out invoices (issued 90-180 days ago) predicted within +-10 days (the seed's model
//     reached 85%); the forecast per group is the amount-weighted mean prediction over the
//     group's invoices of the last 90 days.
//
// The two regressions are not fitted per request: the daily run's `models` job fits them from the
// whole ledger and stores versions (model_versions.h); a forecast applies the newest version
// trained on or before its day to the caller's scoped ledger and names it with its held-out
// metrics (FAILED_PRECONDITION before the first version exists). The cash forecast has no fitted
// parameters (each customer's mean lateness is read from the ledger per request); its
// model_version names the method.
#ifndef HUIKUAN_SERVER_OPS_FORECASTS_H_
#define HUIKUAN_SERVER_OPS_FORECASTS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "server/core/civil_date.h"
#include "server/core/money.h"
#include "server/ops/model_versions.h"
#include "server/ops/report_ledger.h"
#include "server/ops/scopes.h"
#include "server/reports/report_types.h"

namespace huikuan::ops {

struct CashWeek {
  core::EpochDay week_start = 0;
  core::Fen from_invoices = 0;
  core::Fen from_promises = 0;
  core::Fen from_plans = 0;
  core::Fen total = 0;
};
struct CashBacktestWeek {
  core::EpochDay week_start = 0;
  core::Fen predicted = 0;
  core::Fen actual = 0;
};
struct CashForecast {
  core::EpochDay as_of = 0;
  std::string model_version;
  std::vector<CashWeek> weeks;
  core::EpochDay backtest_as_of = 0;
  std::vector<CashBacktestWeek> backtest;
  // sum |predicted - actual| / sum actual over the backtest weeks (NaN when nothing came).
  double backtest_error_share = 0;
};
// INVALID_ARGUMENT "weeks: ..." outside 1..26. `cache` (here and below): the replica's ledger
// cache (ledger_cache.h); none: the history from SQL.
absl::StatusOr<CashForecast> BuildCashForecast(ReadScope& read, int32_t weeks,
                                               LedgerCache* cache = nullptr);

struct OverduePrediction {
  int64_t invoice_id = 0;
  int64_t customer_id = 0;
  std::string customer_name;
  core::Fen open = 0;
  core::EpochDay due_day = 0;
  double probability = 0;
  std::vector<std::string> reasons;  // the features that raise it most, strongest first
};
struct OverdueForecast {
  core::EpochDay as_of = 0;
  ModelInfo model;  // the stored version used, with its AUC, log-loss and calibration
  std::vector<OverduePrediction> predictions;  // probability descending, at most `limit`
};
// FAILED_PRECONDITION when no version is stored yet; INVALID_ARGUMENT "limit: ..." outside
// 1..10000.
absl::StatusOr<OverdueForecast> BuildOverdueForecast(ReadScope& read, int32_t limit,
                                                     LedgerCache* cache = nullptr);

// The same prediction for the worklist's priority (core::WorkItemPriority): the probability, in
// permille, of every open invoice due before read.today + 30, by invoice id, over the whole ledger
// (a job's view, not a caller's), from the newest stored version; an empty map when no version is
// stored yet, so collection never waits for a model.
absl::StatusOr<absl::flat_hash_map<int64_t, int32_t>> PredictOverduePermille(ReadScope& read);

struct DsoGroupForecast {
  std::string group;
  std::string label;
  double forecast_days = 0;
  int64_t invoices = 0;
};
struct DsoForecast {
  core::EpochDay as_of = 0;
  ModelInfo model;  // the stored version used, with its held-out accuracy
  std::vector<DsoGroupForecast> groups;
};
// FAILED_PRECONDITION when no version is stored yet.
absl::StatusOr<DsoForecast> BuildDsoForecast(ReadScope& read, reports::Grouping grouping,
                                             LedgerCache* cache = nullptr);

}  // namespace huikuan::ops

#endif  // HUIKUAN_SERVER_OPS_FORECASTS_H_
