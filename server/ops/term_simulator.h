// The term-policy simulator (issue 11): what a draft policy would do before it is published.
// PublishTermPolicy stays the only way to change terms; this only reads.
//
// From the ledger's history, per tier, four responses to term length are fitted by least squares
// with 95% intervals (core/models/term_response.h) by the daily run's `models` job over the whole
// ledger and stored as a version (model_versions.h, kind term_response); a simulation uses the
// newest stored version (FAILED_PRECONDITION before the first) and names it:
//   lateness      days paid after due ~ credit days, settled invoices of the last two years
//   late share    paid late (or open past due) ~ credit days, invoices issued 60-730 days ago
//   bad debt      written off or open > 90 days past due ~ credit days, issued 180-730 days ago
//   order volume  log monthly credit sales of a customer ~ its mean credit days that month
// Every response is fitted within customers (core::FitSlopeWithinGroups: each customer's rows
// less its own means), so that large customers on long terms ordering more does not pass for a
// response to terms; what is learnt is how the same customers changed when their terms changed
// (a policy version, R-TERM-1 bonuses). A tier whose customers' credit days did not change by at
// least kMinTermSpreadDays (root mean square within customers) cannot be fitted: its responses
// are reported as not fitted (zero effect) instead of a slope read from noise. Then, per tier, the
// last six months (the caller's scope) (monthly sales, mean credit days and lateness, observed
// bad-debt and late shares) are projected under the policy in force and under the draft (base term
// days changed by d: sales x (1 + volume response x d / 10), days to collect + d + lateness
// response x d / 10, rates + their response x d / 10), and month by month the sales and the cash
// collected under both (core::SimulateCash): the cash effect of the change.
#ifndef HUIKUAN_SERVER_OPS_TERM_SIMULATOR_H_
#define HUIKUAN_SERVER_OPS_TERM_SIMULATOR_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "server/core/civil_date.h"
#include "server/core/money.h"
#include "server/core/terms.h"
#include "server/ops/model_versions.h"
#include "server/ops/report_ledger.h"
#include "server/ops/scopes.h"

namespace huikuan::ops {

// A response per 10 more days of credit, with its 95% interval.
struct TermResponse {
  bool fitted = false;
  int64_t rows = 0;
  double per_10_days = 0;
  double low95 = 0;
  double high95 = 0;
};

struct TierSimulation {
  std::string tier;
  int32_t current_base_days = 0;
  int32_t draft_base_days = 0;
  TermResponse lateness_days;  // days late per 10 more days
  TermResponse late_share;     // change of the share paid late, per 10 more days
  TermResponse bad_debt_rate;  // change of the bad-debt share, per 10 more days
  TermResponse order_volume;   // relative change of monthly sales (0.12 = +12%) per 10 more days
  core::Fen current_monthly_sales = 0;
  core::Fen draft_monthly_sales = 0;
  double current_dso_days = 0;
  double draft_dso_days = 0;
  double current_overdue_share = 0;
  double draft_overdue_share = 0;
  double current_bad_debt_rate = 0;
  double draft_bad_debt_rate = 0;
};

struct SimulationMonth {
  core::EpochDay month_start = 0;
  core::Fen current_sales = 0;
  core::Fen draft_sales = 0;
  core::Fen current_collections = 0;
  core::Fen draft_collections = 0;
  core::Fen cash_effect = 0;  // draft - current collections
};

struct TermSimulation {
  int64_t policy_in_force = 0;  // version; 0: the core's defaults
  ModelInfo model;              // the stored term-response version used
  std::vector<TierSimulation> tiers;
  std::vector<SimulationMonth> months;
  double current_dso_days = 0;  // sales-weighted over the tiers
  double draft_dso_days = 0;
};

// INVALID_ARGUMENT "months: ..." outside 1..36 (the draft is validated by the caller). `cache`:
// the replica's ledger cache (ledger_cache.h); none: the history from SQL.
absl::StatusOr<TermSimulation> SimulateTermPolicy(ReadScope& read,
                                                  const core::TermPolicyRules& draft,
                                                  int32_t months, LedgerCache* cache = nullptr);

}  // namespace huikuan::ops

#endif  // HUIKUAN_SERVER_OPS_TERM_SIMULATOR_H_
