// The ledger figures issue 10's warnings and scorecard judge, as of a day: each customer's
// rolling countback DSO (30-day buckets over a year), its DSO half a year earlier, its industry's
// DSO (the industry's summed AR and sales, computed from the ledger), orders over the last 90 days
// against the 90 before, overdue and over-30 amounts, broken promises and disputes.
#ifndef HUIKUAN_SERVER_OPS_RISK_FACTS_H_
#define HUIKUAN_SERVER_OPS_RISK_FACTS_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "server/core/civil_date.h"
#include "server/core/money.h"
#include "server/core/payment_behaviour.h"
#include "server/core/warnings.h"
#include "server/store/risk_store.h"

namespace huikuan::ops {

inline constexpr int32_t kPastDsoDays = 182;  // "近半年": the DSO half a year before

struct JudgedLedger {
  store::CustomerLedgerFacts facts;
  std::optional<double> dso_days;  // none without sales or balance
  std::optional<double> past_dso_days;
  std::optional<double> industry_dso_days;
  core::Fen orders_recent = 0;  // buckets 0-2: the last 90 days
  core::Fen orders_prior = 0;   // buckets 3-5: the 90 days before
  // R-WARN-3 (salesperson): the owner's overdue rate two months before, a month before and on the
  // day, oldest first (empty unless asked for).
  std::vector<core::BasisPoints> owner_overdue_rates_bp;
};

// The owners' overdue rates (overdue x 10000 / balance, floor; 0 without a balance) as of
// AddMonths(as_of, -2), AddMonths(as_of, -1) and as_of, oldest first: every owner, or the one
// given.
absl::StatusOr<absl::flat_hash_map<int64_t, std::vector<core::BasisPoints>>> OwnerOverdueRates(
    store::ConnectionPool::Lease& db, core::EpochDay as_of, std::optional<int64_t> owner_user_id);

// Every customer with a ledger in the window (plus `also`), or one customer. For one customer the
// industry's DSO is `industry_dso_days` (the last run's figure: computing it reads the whole
// ledger); for all of them it is computed here. `with_owner_rates` fills owner_overdue_rates_bp.
absl::StatusOr<std::vector<JudgedLedger>> JudgeLedgers(
    store::ConnectionPool::Lease& db, core::EpochDay as_of, std::optional<int64_t> customer_id,
    int32_t broken_promise_window_days, const std::vector<int64_t>& also = {},
    std::optional<double> industry_dso_days = std::nullopt, bool with_owner_rates = false);

core::PaymentBehaviour BehaviourOf(const JudgedLedger& ledger);
core::CustomerWarningInput WarningInputOf(const JudgedLedger& ledger);

}  // namespace huikuan::ops

#endif  // HUIKUAN_SERVER_OPS_RISK_FACTS_H_
