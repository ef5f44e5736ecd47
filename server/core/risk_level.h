// A customer's warning level (issue 10): the highest of what the ledger says (R-WARN-1..3 through
// EvaluateCustomerWarning), what recent external signals say (risk_signal.h) and broken promises;
// each reason with the rule and the figures that set it. And what the level does to the credit
// recommendation (R-WARN-4: "the credit recommendation reflects the level").
//
//   RiskFacts f;
//   f.ledger = {.dso_days = 78, .industry_avg_dso_days = 45, ...};
//   f.signals.push_back(lawsuit);
//   absl::StatusOr<RiskEvaluation> e = EvaluateRisk(f, as_of, RiskConfig());
//   // e->level == kOrange: R-WARN-1 yellow, SIGNAL-LAWSUIT orange
//
// Thresholds are configuration (RiskConfig); defaults are the seed's where it gives them.
// Thread-safe: pure functions of their arguments, no global state, no I/O.
#ifndef HUIKUAN_SERVER_CORE_RISK_LEVEL_H_
#define HUIKUAN_SERVER_CORE_RISK_LEVEL_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/core/civil_date.h"
#include "server/core/risk_signal.h"
#include "server/core/scorecard.h"
#include "server/core/warnings.h"

namespace huikuan::core {

std::optional<WarningLevel> ParseWarningLevel(absl::string_view name);  // "green" .. "red"

struct RiskConfig {
  WarningConfig warning;  // R-WARN-1..3 thresholds
  SignalConfig signals;
  int32_t signal_window_days = 180;  // a signal counts while its day is within this many days
  int32_t broken_promise_window_days = 90;
  int32_t broken_promises_for_yellow = 1;  // this many broken promises in the window -> yellow
  // R-WARN-3 (salesperson): when the owner's overdue rate rose two months in a row, each of the
  // owner's customers with something more than 30 days overdue gets a reason at this level
  // (finance reconciles with them: the yellow response). kGreen turns the rule off. Customers
  // whose overdue is younger are left out: on the demo history the backtest found that warning
  // every customer with anything overdue nearly tripled the yellow false alarms (README, "Early
  // warning").
  WarningLevel salesperson_trend_level = WarningLevel::kYellow;
  // R-WARN-4, red: place the credit hold at once (the seed: 立即停止供货), or propose it to the
  // heads (a work item for the finance head) and leave supply to their decision.
  bool red_hold_automatic = true;
  // The best credit grade a level allows (indexed by WarningLevel): green A, yellow B, orange C,
  // red D (no credit).
  std::array<CreditGrade, 4> best_grade = {CreditGrade::kA, CreditGrade::kB, CreditGrade::kC,
                                           CreditGrade::kD};
};

struct RiskFacts {
  CustomerWarningInput ledger;      // as of the day, from the ledger
  int32_t broken_promises = 0;      // broken within broken_promise_window_days
  std::vector<RiskSignal> signals;  // the customer's external signals (any age; old ones skipped)
  // The owner's overdue rate (overdue / balance of all the owner's customers, basis points) two
  // months before, one month before and on the day (oldest first); empty: unknown, rule skipped.
  std::vector<BasisPoints> owner_overdue_rates_bp;
};

struct RiskReason {
  std::string rule;  // "R-WARN-1", "R-WARN-2", "R-WARN-3", "PROMISES", "SIGNAL-LAWSUIT", ...
  WarningLevel level = WarningLevel::kGreen;
  std::string text;
};

struct RiskEvaluation {
  WarningLevel level = WarningLevel::kGreen;
  std::vector<RiskReason> reasons;  // highest level first; empty when green
};

// Errors: those of EvaluateCustomerWarning and SalespersonOverdueTrend; INVALID_ARGUMENT for
// negative windows or counts.
absl::StatusOr<RiskEvaluation> EvaluateRisk(const RiskFacts& facts, EpochDay as_of,
                                            const RiskConfig& config = RiskConfig());

// R-WARN-4 on the recommendation: at a non-green level the grade is at best config.best_grade
// (limit, term and prepayment follow that grade's policy) and the limit never rises above the
// current one (`current_limit` > 0); the reason says so. Errors: those of RecommendCredit.
absl::StatusOr<CreditRecommendation> CapRecommendation(const CreditRecommendation& recommendation,
                                                       WarningLevel level, bool is_new_customer,
                                                       Fen monthly_purchases, Fen current_limit,
                                                       const RiskConfig& config = RiskConfig());

}  // namespace huikuan::core

#endif  // HUIKUAN_SERVER_CORE_RISK_LEVEL_H_
