// Early warnings (R-WARN-1..3), the graded response (R-WARN-4) and the limitation-period warning
// (R-LAW-1).
//
//   CustomerWarningInput in;
//   in.dso_days = 65; in.industry_avg_dso_days = 45;
//   in.orders_this_period = 60; in.orders_prior_period = 100;   // down 40%
//   absl::StatusOr<WarningResult> w = EvaluateCustomerWarning(in);
//   // w->level == WarningLevel::kRed; w->reasons name R-WARN-1 and R-WARN-2
//   GradedResponse r = ResponseFor(w->level);   // stop supply, legal action, notify in 24 h
//
// Rules (a customer's level is the highest level any rule gives; no rule -> green):
//   R-WARN-1 yellow  DSO more than 20% over the industry average (dso > avg * 1.2), or DSO over the
//                    company threshold (dso > threshold) when one is set.
//   R-WARN-2 red     DSO over 60 days AND order volume down at least 30% against the prior period.
//   R-WARN-3 orange  overdue total over 80% of the credit limit; or more than 50% of the balance
//                    more than 30 days overdue. (The seed asks for a warning without a colour;
//                    orange, "moderate risk: visit and ask for a guarantee", is our choice.)
//   R-WARN-3 (salesperson) the salesperson's overdue rate rose two months in a row:
//                    SalespersonOverdueTrend.
// The seed says DSO "persistently" (持续) above the average: pass a DSO over the window that should
// count as persistent (e.g. a rolling three-month DSO from ComputeKpisByGroup), not a single day's.
// "Over / more than" is strict throughout; comparisons are made on exact integers (percentages
// scaled by 100) so boundary values behave exactly as documented.
//
// Thread-safe: pure functions of their arguments, no global state, no I/O.
#ifndef HUIKUAN_SERVER_CORE_WARNINGS_H_
#define HUIKUAN_SERVER_CORE_WARNINGS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "server/core/civil_date.h"
#include "server/core/department.h"
#include "server/core/money.h"

namespace huikuan::core {

// Ordered by severity; stable numeric values.
enum class WarningLevel : int8_t { kGreen = 0, kYellow = 1, kOrange = 2, kRed = 3 };
absl::string_view WarningLevelName(WarningLevel level);  // "green", "yellow", "orange", "red"

struct WarningConfig {
  int32_t dso_over_industry_pct = 20;        // R-WARN-1: more than 20% over the average
  std::optional<double> dso_threshold_days;  // R-WARN-1: company threshold (none by default)
  double red_dso_days = 60;                  // R-WARN-2: DSO over 60 days ...
  int32_t red_order_drop_pct = 30;           // ... and orders down at least 30%
  int32_t overdue_of_limit_pct = 80;         // R-WARN-3
  int32_t over30_share_of_balance_pct = 50;  // R-WARN-3
};

struct CustomerWarningInput {
  double dso_days = 0;                          // the customer's DSO (e.g. KpiRow::dso_days)
  std::optional<double> industry_avg_dso_days;  // unknown -> the industry rule is skipped
  Fen orders_this_period = 0;                   // order volume, current period
  Fen orders_prior_period = 0;                  // order volume, comparable prior period
  Fen overdue_total = 0;                        // all overdue receivables of the customer
  Fen credit_limit = 0;
  Fen balance = 0;                       // total open receivables
  Fen balance_over_30_days_overdue = 0;  // part of balance more than 30 days past due
};

struct WarningReason {
  std::string rule;  // "R-WARN-1", "R-WARN-2", "R-WARN-3"
  WarningLevel level = WarningLevel::kGreen;
  std::string text;  // e.g. "DSO 65.0 days is more than 20% over the industry average 45.0"
};

struct WarningResult {
  WarningLevel level = WarningLevel::kGreen;
  std::vector<WarningReason> reasons;  // empty when green
};

// Errors: INVALID_ARGUMENT for NaN/negative DSO, negative or oversized amounts,
// balance_over_30_days_overdue > balance, a negative config percentage.
absl::StatusOr<WarningResult> EvaluateCustomerWarning(
    const CustomerWarningInput& input, const WarningConfig& config = WarningConfig());

// Batch levels only (no strings), one per row, into `levels` (int8 codes). industry_avg_dso_days
// may hold NaN for "unknown". Same errors, naming the column and index.
struct WarningColumns {
  absl::Span<const double> dso_days;
  absl::Span<const double> industry_avg_dso_days;
  absl::Span<const Fen> orders_this_period;
  absl::Span<const Fen> orders_prior_period;
  absl::Span<const Fen> overdue_total;
  absl::Span<const Fen> credit_limit;
  absl::Span<const Fen> balance;
  absl::Span<const Fen> balance_over_30_days_overdue;
};
absl::Status EvaluateWarningsBatch(const WarningColumns& columns, const WarningConfig& config,
                                   absl::Span<int8_t> levels);

// R-WARN-3: true when the last two month-over-month changes are both increases, i.e. for rates
// ordered oldest first r[n-3] < r[n-2] < r[n-1]. Rates in basis points (overdue fen / balance fen
// x 10000, the caller's rounding). Fewer than 3 months -> false. Error: a negative rate.
absl::StatusOr<bool> SalespersonOverdueTrend(
    absl::Span<const BasisPoints> monthly_rates_oldest_first);

// R-WARN-4: who acts and how for a level.
struct GradedResponse {
  WarningLevel level = WarningLevel::kGreen;
  std::vector<Department> departments;  // who acts
  std::string action;
  bool credit_hold = false;         // stop supply (red)
  int32_t notify_within_hours = 0;  // owner notified within 24 h for any non-green level
};
GradedResponse ResponseFor(WarningLevel level);

// R-LAW-1: the 3-year limitation period (PRC Civil Code art. 188). The period starts on the first
// day overdue (due_day + 1) or, when given, on the day of the last interruption (art. 195: a demand
// for payment, an acknowledgment by the debtor, a suit), whichever is later. last_day =
// AddYears(start, years) - 1: the last day on which action is certainly in time (one day on the
// safe side of the art. 201 counting rule).
struct LimitationConfig {
  int32_t years = 3;
  int32_t warn_days_before = 180;  // start warning this long before the last day
};
enum class LimitationState : int8_t { kRunning = 0, kWarning = 1, kExpired = 2 };
absl::string_view LimitationStateName(LimitationState state);  // "running", "warning", "expired"
struct LimitationStatus {
  EpochDay start_day = 0;
  EpochDay last_day = 0;
  int32_t days_remaining = 0;  // last_day - as_of (negative once expired)
  LimitationState state = LimitationState::kRunning;
};
// Errors: dates out of range (including the computed last day), years < 1, warn_days_before < 0.
absl::StatusOr<LimitationStatus> EvaluateLimitation(
    EpochDay due_day, std::optional<EpochDay> last_interruption_day, EpochDay as_of,
    const LimitationConfig& config = LimitationConfig());

}  // namespace huikuan::core

#endif  // HUIKUAN_SERVER_CORE_WARNINGS_H_
