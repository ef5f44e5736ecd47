// Model quality of the early warnings (issue 10): the warning levels the daily run would have set
// on past days, replayed read-only over the ledger (the same figures and rules as EvaluateRisks:
// JudgeLedgers as of each day, the signals dated within the window, core::EvaluateRisk), set
// against when each customer defaulted.
//
// Default: the first day a customer has an invoice more than `default_days_overdue` (90) days past
// due and not paid in full, i.e. due_date + 91 for an invoice still open now, written off, or paid
// in full only after that day. Goods-for-debt settlements count as payment.
//
//   BacktestOptions options;
//   options.from = today - 540; options.to = today; options.step_days = 7;
//   HK_ASSIGN_OR_RETURN(BacktestResult r, BacktestWarnings(db, options));
//   BacktestSummary s = SummarizeBacktest(r, options);
#ifndef HUIKUAN_SERVER_OPS_RISK_BACKTEST_H_
#define HUIKUAN_SERVER_OPS_RISK_BACKTEST_H_

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "absl/status/statusor.h"
#include "server/core/civil_date.h"
#include "server/core/risk_level.h"
#include "server/store/connection_pool.h"

namespace huikuan::ops {

struct BacktestOptions {
  core::EpochDay from = 0;  // the first day judged
  core::EpochDay to = 0;    // the last day judged (and the day the ledger is read up to)
  int32_t step_days = 7;
  int32_t default_days_overdue = 90;
  // A default is scored only when at least this many judged days precede it, and an alarm only
  // when at least this many days followed it (time to default).
  int32_t min_history_days = 180;
  int32_t min_followup_days = 90;
  core::RiskConfig config;
};

struct CustomerBacktest {
  int64_t customer_id = 0;
  std::optional<core::EpochDay> default_day;
  // The first judged day on which the level was at least yellow, orange, red (index 1..3), up to
  // the default day when there is one. Index 0: the naive baseline, the first day with any amount
  // more than 30 days overdue.
  std::array<std::optional<core::EpochDay>, 4> first_at_least;
  // The first day of the unbroken run of judged days at that level or higher that reached the
  // last judged day (up to the default day): the warning that was on when it defaulted.
  std::array<std::optional<core::EpochDay>, 4> streak_start;
  core::EpochDay last_judged = 0;
};

struct BacktestResult {
  int32_t days_judged = 0;
  std::vector<CustomerBacktest> customers;  // every customer judged on some day, by id
};

absl::StatusOr<BacktestResult> BacktestWarnings(store::ConnectionPool::Lease& db,
                                                const BacktestOptions& options);

// Per level (baseline, yellow, orange, red: index 0..3): defaults warned before they happened and
// the lead, and customers raised that never defaulted (false alarms).
struct LevelQuality {
  int32_t defaults = 0;         // defaults scored (the same for every level)
  int32_t warned = 0;           // of them, at this level or higher on the last day judged before it
  int32_t warned_30 = 0;        // ... and without a break since at least 30 days before it
  double median_lead_days = 0;  // over the warned ones: default day - streak_start
  double mean_lead_days = 0;
  int32_t not_defaulted = 0;  // customers that never defaulted, judged long enough before `to`
  int32_t false_alarms = 0;   // of them, raised to this level or higher (min_followup_days before)
};
struct BacktestSummary {
  std::array<LevelQuality, 4> levels;
};
BacktestSummary SummarizeBacktest(const BacktestResult& result, const BacktestOptions& options);

}  // namespace huikuan::ops

#endif  // HUIKUAN_SERVER_OPS_RISK_BACKTEST_H_
