// Model quality of the early warnings (issue 10) over the demo history: the levels the daily
// `risk` run would have set every `step` days over the last `days` days, replayed read-only
// (ops::BacktestWarnings), against each customer's default (an invoice more than 90 days past due
// and not paid in full; see ops/risk_backtest.h). For each level: how many defaults it warned of,
// how long before, and how many customers it raised that never defaulted (false alarms), next to
// a naive baseline measured in the same run (any amount more than 30 days overdue).
// Usage: risk_backtest [customers=2000] [days=540] [step=7]
// Prints the table twice: with R-WARN-3's salesperson rule, and without it (what it adds).
#include "server/ops/risk_backtest.h"

#include <cstdio>
#include <cstdlib>
#include <string>

#include "absl/time/clock.h"
#include "bench/bench_support.h"
#include "server/core/civil_date.h"
#include "server/demo_data.h"
#include "server/ops/clock.h"
#include "server/store/transaction.h"
#include "tests/support/test_database.h"

namespace huikuan {
namespace {

using bench::Must;

// Judges the history with `options` and prints the quality table under `title`.
void JudgeAndPrint(testing::TestDatabase& db, const ops::BacktestOptions& options,
                   const char* title) {
  std::printf("\n== %s ==\n", title);
  absl::Time start = absl::Now();
  const ops::BacktestResult result =
      Must(store::RunInTransaction<ops::BacktestResult>(
               db.pool(),
               [&](store::ConnectionPool::Lease& lease) -> absl::StatusOr<ops::BacktestResult> {
                 return ops::BacktestWarnings(lease, options);
               }),
           "backtest");
  const double seconds = absl::ToDoubleSeconds(absl::Now() - start);
  const ops::BacktestSummary s = ops::SummarizeBacktest(result, options);
  std::printf(
      "judged %d days (%s .. %s, every %d days) in %.1f s (%.2f s a day), %zu customers\n"
      "default: an invoice more than %d days past due and not paid in full; scored when it falls "
      "on or after %s;\nfalse alarm: raised on or before %s and never defaulted up to %s\n\n",
      result.days_judged, core::FormatDate(options.from).c_str(),
      core::FormatDate(options.to).c_str(), options.step_days, seconds,
      seconds / result.days_judged, result.customers.size(), options.default_days_overdue,
      core::FormatDate(options.from + options.min_history_days).c_str(),
      core::FormatDate(options.to - options.min_followup_days).c_str(),
      core::FormatDate(options.to).c_str());
  std::printf("%-22s %8s %8s %7s %8s %11s %9s %10s %8s %7s %12s\n", "warning", "defaults", "warned",
              "recall", ">=30d", "median lead", "mean lead", "no default", "alarms", "false%",
              "vs baseline");
  const char* names[] = {"baseline: >30d overdue", "yellow or higher", "orange or higher", "red"};
  const double base_false =
      s.levels[0].not_defaulted ? 100.0 * s.levels[0].false_alarms / s.levels[0].not_defaulted : 0;
  for (int level = 0; level <= 3; ++level) {
    const ops::LevelQuality& q = s.levels[level];
    const double recall = q.defaults ? 100.0 * q.warned / q.defaults : 0;
    const double false_pct = q.not_defaulted ? 100.0 * q.false_alarms / q.not_defaulted : 0;
    char ratio[32] = "-";
    if (base_false > 0) std::snprintf(ratio, sizeof ratio, "%.2fx", false_pct / base_false);
    std::printf("%-22s %8d %8d %6.1f%% %8d %9.1f d %7.1f d %10d %8d %6.1f%% %11s\n", names[level],
                q.defaults, q.warned, recall, q.warned_30, q.median_lead_days, q.mean_lead_days,
                q.not_defaulted, q.false_alarms, false_pct, ratio);
  }
  std::printf(
      "(warned: at the level on the last judged day before the default; lead: from the first day "
      "of "
      "that unbroken warning to the default; vs baseline: false-alarm rate / the baseline's)\n");
}

int Main(int argc, char** argv) {
  const int customers = argc > 1 ? std::atoi(argv[1]) : 2000;
  const int days = argc > 2 ? std::atoi(argv[2]) : 540;
  const int step = argc > 3 ? std::atoi(argv[3]) : 7;
  auto db = Must(testing::TestDatabase::Create("risk_backtest"), "test database");
  absl::Time start = absl::Now();
  DemoDataOptions demo;
  demo.customers = customers;
  DemoDataSummary loaded = Must(LoadDemoDataIfEmpty(db->pool(), demo), "demo data");
  std::printf("demo: %d customers, %lld invoices loaded in %.1f s\n", loaded.customers,
              static_cast<long long>(loaded.invoices), absl::ToDoubleSeconds(absl::Now() - start));

  ops::BacktestOptions options;
  options.to = ops::SystemClock().Today();
  options.from = options.to - days;
  options.step_days = step;
  // R-WARN-3's salesperson rule as configured, then off, to see what it adds.
  JudgeAndPrint(*db, options, "R-WARN-3's salesperson rule on (the default)");
  options.config.salesperson_trend_level = core::WarningLevel::kGreen;
  JudgeAndPrint(*db, options, "R-WARN-3's salesperson rule off");
  return 0;
}

}  // namespace
}  // namespace huikuan

int main(int argc, char** argv) { return huikuan::Main(argc, argv); }
