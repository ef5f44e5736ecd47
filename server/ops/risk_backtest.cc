#include "server/ops/risk_backtest.h"

#include <algorithm>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "server/core/status_macros.h"
#include "server/ops/risk_facts.h"
#include "server/store/risk_store.h"

namespace huikuan::ops {

absl::StatusOr<BacktestResult> BacktestWarnings(store::ConnectionPool::Lease& db,
                                                const BacktestOptions& options) {
  if (options.step_days < 1 || options.from > options.to || options.default_days_overdue < 0) {
    return absl::InvalidArgumentError("options: need step_days >= 1, from <= to, days >= 0");
  }
  absl::flat_hash_map<int64_t, CustomerBacktest> by_id;
  for (const store::CustomerDefault& d :
       store::LoadDefaultDays(db, options.default_days_overdue, options.to)) {
    CustomerBacktest& c = by_id[d.customer_id];
    c.customer_id = d.customer_id;
    c.default_day = d.default_day;
  }
  BacktestResult result;
  for (core::EpochDay day = options.from; day <= options.to; day += options.step_days) {
    ++result.days_judged;
    absl::flat_hash_map<int64_t, std::vector<core::RiskSignal>> signals;
    std::vector<int64_t> also;
    for (store::RiskSignalRecord& s :
         store::ListSignalsBetween(db, day - options.config.signal_window_days, day)) {
      also.push_back(s.customer_id);
      signals[s.customer_id].push_back(std::move(s.signal));
    }
    HK_ASSIGN_OR_RETURN(std::vector<JudgedLedger> ledgers,
                        JudgeLedgers(db, day, std::nullopt,
                                     options.config.broken_promise_window_days, also, std::nullopt,
                                     /*with_owner_rates=*/true));
    for (const JudgedLedger& ledger : ledgers) {
      const int64_t id = ledger.facts.customer_id;
      CustomerBacktest& c = by_id[id];
      c.customer_id = id;
      if (c.default_day && day > *c.default_day) continue;
      core::RiskFacts facts;
      facts.ledger = WarningInputOf(ledger);
      facts.broken_promises = ledger.facts.broken_promises;
      facts.signals = signals[id];
      facts.owner_overdue_rates_bp = ledger.owner_overdue_rates_bp;
      HK_ASSIGN_OR_RETURN(core::RiskEvaluation e, core::EvaluateRisk(facts, day, options.config));
      const bool continuing = c.last_judged == day - options.step_days;
      c.last_judged = day;
      for (int level = 0; level <= 3; ++level) {
        const bool at = level == 0 ? ledger.facts.over30 > 0 : static_cast<int>(e.level) >= level;
        if (!at) {
          c.streak_start[level].reset();
          continue;
        }
        if (!c.first_at_least[level]) c.first_at_least[level] = day;
        if (!continuing || !c.streak_start[level]) c.streak_start[level] = day;
      }
    }
  }
  result.customers.reserve(by_id.size());
  for (auto& [id, c] : by_id) result.customers.push_back(std::move(c));
  std::sort(result.customers.begin(), result.customers.end(),
            [](const CustomerBacktest& a, const CustomerBacktest& b) {
              return a.customer_id < b.customer_id;
            });
  return result;
}

BacktestSummary SummarizeBacktest(const BacktestResult& result, const BacktestOptions& options) {
  BacktestSummary summary;
  for (int level = 0; level <= 3; ++level) {
    LevelQuality& q = summary.levels[level];
    std::vector<int32_t> leads;
    for (const CustomerBacktest& c : result.customers) {
      const std::optional<core::EpochDay> first = c.first_at_least[level];
      if (c.default_day) {
        if (*c.default_day < options.from + options.min_history_days) continue;
        ++q.defaults;
        const std::optional<core::EpochDay> streak = c.streak_start[level];
        // On at the last day judged before the default (a customer without a ledger that day is
        // green: its streak is broken).
        if (streak && *c.default_day - c.last_judged < options.step_days) {
          ++q.warned;
          leads.push_back(*c.default_day - *streak);
          if (*c.default_day - *streak >= 30) ++q.warned_30;
        }
      } else {
        ++q.not_defaulted;
        if (first && *first <= options.to - options.min_followup_days) ++q.false_alarms;
      }
    }
    if (!leads.empty()) {
      std::sort(leads.begin(), leads.end());
      const size_t n = leads.size();
      q.median_lead_days = n % 2 ? leads[n / 2] : (leads[n / 2 - 1] + leads[n / 2]) / 2.0;
      double sum = 0;
      for (int32_t l : leads) sum += l;
      q.mean_lead_days = sum / static_cast<double>(n);
    }
  }
  return summary;
}

}  // namespace huikuan::ops
