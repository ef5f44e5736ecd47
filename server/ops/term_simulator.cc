#include "server/ops/term_simulator.h"

#include <algorithm>
#include <cmath>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "server/core/models/payment_history.h"
#include "server/core/models/term_response.h"
#include "server/core/status_macros.h"
#include "server/core/tiering.h"
#include "server/core/violations.h"
#include "server/ops/kpi_report.h"
#include "server/ops/report_ledger.h"
#include "server/store/term_policy_store.h"

namespace huikuan::ops {
namespace {

constexpr int32_t kHistoryDays = 730;
constexpr int32_t kBaselineDays = 180;  // the last six months set the baseline
constexpr int kTiers = 4;

struct Columns {
  std::vector<double> x, y;
};

TermResponse Fit(const Columns& c, bool relative_log) {
  TermResponse r;
  r.rows = static_cast<int64_t>(c.x.size());
  absl::StatusOr<core::Slope> s = core::FitSlope(c.x, c.y);
  if (!s.ok()) return r;  // no variation: not fitted, no effect
  r.fitted = true;
  if (relative_log) {
    r.per_10_days = std::expm1(10 * s->slope);
    r.low95 = std::expm1(10 * s->Low95());
    r.high95 = std::expm1(10 * s->High95());
  } else {
    r.per_10_days = 10 * s->slope;
    r.low95 = 10 * s->Low95();
    r.high95 = 10 * s->High95();
  }
  return r;
}

double Clamp01(double v) { return std::min(1.0, std::max(0.0, v)); }

// The policy in force today: the latest version effective on or before it.
std::pair<int64_t, core::TermPolicyRules> PolicyInForce(ReadScope& read) {
  std::pair<int64_t, core::TermPolicyRules> in_force{0, core::TermPolicyRules()};
  for (int64_t after = 0;;) {
    std::vector<store::TermPolicyRecord> page = store::ListTermPolicies(read.db, after, 500);
    for (store::TermPolicyRecord& p : page) {
      if (p.effective_day <= read.today) in_force = {p.version, std::move(p.rules)};
    }
    if (page.size() < 500) break;
    after = page.back().version;
  }
  return in_force;
}

}  // namespace

absl::StatusOr<TermSimulation> SimulateTermPolicy(ReadScope& read,
                                                  const core::TermPolicyRules& draft,
                                                  int32_t months) {
  if (months < 1 || months > 36) {
    return core::FieldViolation("months", absl::StrCat(months, " outside 1..36"));
  }
  const ReportLedger ledger = LoadReportLedger(read, ScopeReport(read.caller), read.today);
  HK_ASSIGN_OR_RETURN(
      std::vector<core::EpochDay> settled,
      core::SettleDays(ledger.amounts, ledger.settlement_invoice_index, ledger.settlement_days,
                       ledger.settlement_amounts, read.today));
  std::vector<uint8_t> written_off(ledger.invoice_ids.size(), 0);
  for (size_t s = 0; s < ledger.settlement_days.size(); ++s) {
    if (ledger.settlement_is_write_off[s]) written_off[ledger.settlement_invoice_index[s]] = 1;
  }
  auto tier_of = [&](int64_t customer) -> int {
    auto it = ledger.customers.find(customer);
    if (it == ledger.customers.end()) return -1;
    for (int t = 0; t < kTiers; ++t) {
      if (core::TierName(static_cast<core::Tier>(t)) == it->second.tier) return t;
    }
    return -1;
  };

  Columns lateness[kTiers], late[kTiers], bad[kTiers];
  // Baseline sums of the last six months per tier.
  double sales[kTiers] = {}, credit_weighted[kTiers] = {}, late_weighted[kTiers] = {},
         settled_weight[kTiers] = {};
  // Customer-month sales and credit days for the volume response.
  struct CustomerMonth {
    double sales = 0, credit = 0;
    int64_t n = 0;
    int tier = 0;
  };
  absl::flat_hash_map<std::pair<int64_t, int32_t>, CustomerMonth> customer_months;
  for (size_t i = 0; i < ledger.invoice_ids.size(); ++i) {
    const core::EpochDay issued = ledger.invoice_days[i];
    if (issued < read.today - kHistoryDays) continue;
    const int t = tier_of(ledger.customer_ids[i]);
    if (t < 0) continue;
    const double credit = ledger.due_days[i] - issued;
    const double amount = static_cast<double>(ledger.amounts[i]);
    const bool is_settled = settled[i] != core::kNotSettled;
    if (is_settled) {
      lateness[t].x.push_back(credit);
      lateness[t].y.push_back(settled[i] - ledger.due_days[i]);
    }
    if (issued <= read.today - 60) {
      late[t].x.push_back(credit);
      late[t].y.push_back(
          (is_settled ? settled[i] > ledger.due_days[i] : ledger.due_days[i] < read.today) ? 1.0
                                                                                           : 0.0);
    }
    if (issued <= read.today - kBaselineDays) {
      bad[t].x.push_back(credit);
      bad[t].y.push_back(
          written_off[i] || (!is_settled && read.today - ledger.due_days[i] > 90) ? 1.0 : 0.0);
    }
    CustomerMonth& cm = customer_months[{ledger.customer_ids[i], MonthOf(issued).first_day}];
    cm.sales += amount / 100.0;
    cm.credit += credit;
    cm.n += 1;
    cm.tier = t;
    if (issued > read.today - kBaselineDays) {
      sales[t] += amount;
      credit_weighted[t] += amount * credit;
      if (is_settled) {
        late_weighted[t] += amount * (settled[i] - ledger.due_days[i]);
        settled_weight[t] += amount;
      }
    }
  }
  Columns volume[kTiers];
  for (const auto& [key, cm] : customer_months) {
    if (cm.sales <= 0) continue;
    volume[cm.tier].x.push_back(cm.credit / static_cast<double>(cm.n));
    volume[cm.tier].y.push_back(std::log(cm.sales));
  }

  TermSimulation sim;
  const auto [version, in_force] = PolicyInForce(read);
  sim.policy_in_force = version;
  const core::EpochDay first_month = MonthOf(read.today).last_day + 1;
  sim.months.resize(months);
  for (int32_t m = 0; m < months; ++m) {
    sim.months[m].month_start =
        m == 0 ? first_month : MonthOf(sim.months[m - 1].month_start + 31).first_day;
  }
  double weight = 0, dso_now = 0, dso_draft = 0;
  for (int t = 0; t < kTiers; ++t) {
    TierSimulation tier;
    tier.tier = std::string(core::TierName(static_cast<core::Tier>(t)));
    tier.current_base_days = in_force.matrix[t].base_term_days;
    tier.draft_base_days = draft.matrix[t].base_term_days;
    tier.lateness_days = Fit(lateness[t], false);
    tier.late_share = Fit(late[t], false);
    tier.bad_debt_rate = Fit(bad[t], false);
    tier.order_volume = Fit(volume[t], true);
    const double d = tier.draft_base_days - tier.current_base_days;
    const double monthly = sales[t] / (kBaselineDays / 30.0);
    tier.current_monthly_sales = static_cast<core::Fen>(std::llround(monthly));
    tier.draft_monthly_sales = static_cast<core::Fen>(
        std::llround(monthly * (1 + tier.order_volume.per_10_days * d / 10)));
    tier.draft_monthly_sales = std::max<core::Fen>(0, tier.draft_monthly_sales);
    const double credit = sales[t] > 0 ? credit_weighted[t] / sales[t] : tier.current_base_days;
    const double lateness_now = settled_weight[t] > 0 ? late_weighted[t] / settled_weight[t] : 0;
    tier.current_dso_days = std::max(0.0, credit + lateness_now);
    tier.draft_dso_days =
        std::max(0.0, tier.current_dso_days + d + tier.lateness_days.per_10_days * d / 10);
    double late_now = 0, bad_now = 0;
    for (double y : late[t].y) late_now += y;
    for (double y : bad[t].y) bad_now += y;
    tier.current_overdue_share = late[t].y.empty() ? 0 : late_now / late[t].y.size();
    tier.current_bad_debt_rate = bad[t].y.empty() ? 0 : bad_now / bad[t].y.size();
    tier.draft_overdue_share =
        Clamp01(tier.current_overdue_share + tier.late_share.per_10_days * d / 10);
    tier.draft_bad_debt_rate =
        Clamp01(tier.current_bad_debt_rate + tier.bad_debt_rate.per_10_days * d / 10);
    const core::CashRegime before{tier.current_monthly_sales, tier.current_bad_debt_rate,
                                  tier.current_dso_days};
    const core::CashRegime after{tier.draft_monthly_sales, tier.draft_bad_debt_rate,
                                 tier.draft_dso_days};
    HK_ASSIGN_OR_RETURN(std::vector<core::MonthCash> now,
                        core::SimulateCash(before, before, months));
    HK_ASSIGN_OR_RETURN(std::vector<core::MonthCash> then,
                        core::SimulateCash(before, after, months));
    for (int32_t m = 0; m < months; ++m) {
      sim.months[m].current_sales += now[m].sales;
      sim.months[m].draft_sales += then[m].sales;
      sim.months[m].current_collections += now[m].collections;
      sim.months[m].draft_collections += then[m].collections;
    }
    weight += monthly;
    dso_now += monthly * tier.current_dso_days;
    dso_draft += monthly * tier.draft_dso_days;
    sim.tiers.push_back(std::move(tier));
  }
  for (SimulationMonth& month : sim.months) {
    month.cash_effect = month.draft_collections - month.current_collections;
  }
  sim.current_dso_days = weight > 0 ? dso_now / weight : 0;
  sim.draft_dso_days = weight > 0 ? dso_draft / weight : 0;
  sim.model_version = absl::StrCat("term-response-ols-v1 fitted ", core::FormatDate(read.today),
                                   " on ", ledger.invoice_ids.size(), " invoices");
  return sim;
}

}  // namespace huikuan::ops
