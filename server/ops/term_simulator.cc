#include "server/ops/term_simulator.h"

#include <algorithm>
#include <cmath>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "server/core/models/payment_history.h"
#include "server/core/models/term_response.h"
#include "server/core/status_macros.h"
#include "server/core/tiering.h"
#include "server/core/violations.h"
#include "server/ops/kpi_report.h"
#include "server/ops/model_versions.h"
#include "server/ops/report_ledger.h"
#include "server/store/term_policy_store.h"

namespace huikuan::ops {
namespace {

constexpr int32_t kHistoryDays = 730;
constexpr int32_t kBaselineDays = 180;  // the last six months set the baseline
constexpr int kTiers = 4;

// Within-customer variation of credit days below this is noise (a bonus day here and there),
// not a change of terms to learn a response from.
constexpr double kMinTermSpreadDays = 2.0;

struct Columns {
  std::vector<double> x, y;
  std::vector<int64_t> customer;
  void Add(double credit_days, double outcome, int64_t customer_id) {
    x.push_back(credit_days);
    y.push_back(outcome);
    customer.push_back(customer_id);
  }
};

TermResponse Fit(const Columns& c, bool relative_log) {
  TermResponse r;
  r.rows = static_cast<int64_t>(c.x.size());
  absl::StatusOr<core::Slope> s = core::FitSlopeWithinGroups(c.x, c.y, c.customer);
  // No change of terms within customers: not fitted, no effect.
  if (!s.ok() || s->x_spread < kMinTermSpreadDays) return r;
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

// What the responses are fitted on and what the baselines are read from, per tier.
struct TierHistory {
  Columns lateness[kTiers], late[kTiers], bad[kTiers], volume[kTiers];
  // Baseline sums of the last six months per tier.
  // Sales in fen, exact; the amount-weighted day sums only feed the projection's means.
  core::Fen sales[kTiers] = {}, settled_sales[kTiers] = {};
  double credit_weighted[kTiers] = {}, late_weighted[kTiers] = {};
  int64_t invoices = 0;
};

absl::StatusOr<TierHistory> CollectHistory(const ReportLedger& ledger, core::EpochDay today) {
  TierHistory h;
  HK_ASSIGN_OR_RETURN(std::vector<core::EpochDay> settled,
                      core::SettleDays(ledger.amounts, ledger.settlement_invoice_index,
                                       ledger.settlement_days, ledger.settlement_amounts, today));
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
  // Customer-month sales and credit days for the volume response.
  struct CustomerMonth {
    double sales = 0, credit = 0;
    int64_t n = 0;
    int tier = 0;
  };
  absl::flat_hash_map<std::pair<int64_t, int32_t>, CustomerMonth> customer_months;
  for (size_t i = 0; i < ledger.invoice_ids.size(); ++i) {
    const core::EpochDay issued = ledger.invoice_days[i];
    if (issued < today - kHistoryDays) continue;
    const int t = tier_of(ledger.customer_ids[i]);
    if (t < 0) continue;
    ++h.invoices;
    const double credit = ledger.due_days[i] - issued;
    const core::Fen amount = ledger.amounts[i];
    const bool is_settled = settled[i] != core::kNotSettled;
    const int64_t customer = ledger.customer_ids[i];
    if (is_settled) h.lateness[t].Add(credit, settled[i] - ledger.due_days[i], customer);
    if (issued <= today - 60) {
      h.late[t].Add(
          credit,
          (is_settled ? settled[i] > ledger.due_days[i] : ledger.due_days[i] < today) ? 1.0 : 0.0,
          customer);
    }
    if (issued <= today - kBaselineDays) {
      h.bad[t].Add(credit,
                   written_off[i] || (!is_settled && today - ledger.due_days[i] > 90) ? 1.0 : 0.0,
                   customer);
    }
    CustomerMonth& cm = customer_months[{ledger.customer_ids[i], MonthOf(issued).first_day}];
    cm.sales += static_cast<double>(amount) / 100.0;  // for log(sales) only
    cm.credit += credit;
    cm.n += 1;
    cm.tier = t;
    if (issued > today - kBaselineDays) {
      h.sales[t] += amount;
      h.credit_weighted[t] += static_cast<double>(amount) * credit;
      if (is_settled) {
        h.late_weighted[t] += static_cast<double>(amount) * (settled[i] - ledger.due_days[i]);
        h.settled_sales[t] += amount;
      }
    }
  }
  for (const auto& [key, cm] : customer_months) {
    if (cm.sales <= 0) continue;
    h.volume[cm.tier].Add(cm.credit / static_cast<double>(cm.n), std::log(cm.sales), key.first);
  }
  return h;
}

// The four responses of each tier, as stored:
//   huikuan.term_response v1
//   <tier> <lateness|late_share|bad_debt|order_volume> <fitted 0|1> <rows> <per 10> <low> <high>
struct StoredResponses {
  TermResponse r[kTiers][4];
};
constexpr const char* kResponseNames[4] = {"lateness", "late_share", "bad_debt", "order_volume"};
constexpr absl::string_view kParamsHeader = "huikuan.term_response v1";

std::string SerializeResponses(const StoredResponses& s) {
  std::string out = absl::StrCat(kParamsHeader, "\n");
  for (int t = 0; t < kTiers; ++t) {
    for (int k = 0; k < 4; ++k) {
      const TermResponse& r = s.r[t][k];
      absl::StrAppend(&out, core::TierName(static_cast<core::Tier>(t)), " ", kResponseNames[k], " ",
                      r.fitted ? 1 : 0, " ", r.rows, " ", HexDouble(r.per_10_days), " ",
                      HexDouble(r.low95), " ", HexDouble(r.high95), "\n");
    }
  }
  return out;
}

absl::StatusOr<StoredResponses> ParseResponses(const std::string& text) {
  const std::vector<absl::string_view> lines = absl::StrSplit(text, '\n', absl::SkipEmpty());
  const absl::Status bad = absl::InternalError("stored term response: malformed parameters");
  if (lines.size() != 1 + kTiers * 4 || lines[0] != kParamsHeader) return bad;
  StoredResponses s;
  for (int t = 0; t < kTiers; ++t) {
    for (int k = 0; k < 4; ++k) {
      const std::vector<absl::string_view> f = absl::StrSplit(lines[1 + t * 4 + k], ' ');
      TermResponse& r = s.r[t][k];
      int fitted = 0;
      if (f.size() != 7 || f[0] != core::TierName(static_cast<core::Tier>(t)) ||
          f[1] != kResponseNames[k] || !absl::SimpleAtoi(f[2], &fitted) ||
          !absl::SimpleAtoi(f[3], &r.rows) || !ParseHexDouble(f[4], &r.per_10_days) ||
          !ParseHexDouble(f[5], &r.low95) || !ParseHexDouble(f[6], &r.high95)) {
        return bad;
      }
      r.fitted = fitted == 1;
    }
  }
  return s;
}

}  // namespace

absl::StatusOr<store::ModelVersionRecord> FitTermResponseModel(ReadScope& read) {
  const ReportLedger ledger = LoadReportLedger(read, ReportScope(), read.today);
  HK_ASSIGN_OR_RETURN(TierHistory h, CollectHistory(ledger, read.today));
  StoredResponses s;
  for (int t = 0; t < kTiers; ++t) {
    s.r[t][0] = Fit(h.lateness[t], false);
    s.r[t][1] = Fit(h.late[t], false);
    s.r[t][2] = Fit(h.bad[t], false);
    s.r[t][3] = Fit(h.volume[t], true);
  }
  if (h.invoices == 0) {
    return absl::FailedPreconditionError(
        "term response: no invoices of the last two years to fit the responses to");
  }
  store::ModelVersionRecord record;
  record.kind = kTermResponseModelKind;
  record.version = ModelVersionName("term-response-within-v2", read.today);
  record.trained_day = read.today;
  record.train_from_day = read.today - kHistoryDays;
  record.train_to_day = read.today;
  record.train_rows = h.invoices;
  record.test_rows = 0;  // no hold-out: each response carries its 95% interval instead
  record.parameters = SerializeResponses(s);
  return record;
}

absl::StatusOr<TermSimulation> SimulateTermPolicy(ReadScope& read,
                                                  const core::TermPolicyRules& draft,
                                                  int32_t months, LedgerCache* cache) {
  if (months < 1 || months > 36) {
    return core::FieldViolation("months", absl::StrCat(months, " outside 1..36"));
  }
  HK_ASSIGN_OR_RETURN(store::ModelVersionRecord stored, LatestModel(read, kTermResponseModelKind));
  HK_ASSIGN_OR_RETURN(StoredResponses responses, ParseResponses(stored.parameters));
  const ReportLedger ledger = LoadReportLedger(read, ScopeReport(read.caller), read.today, cache);
  HK_ASSIGN_OR_RETURN(TierHistory h, CollectHistory(ledger, read.today));
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
    tier.lateness_days = responses.r[t][0];
    tier.late_share = responses.r[t][1];
    tier.bad_debt_rate = responses.r[t][2];
    tier.order_volume = responses.r[t][3];
    const double d = tier.draft_base_days - tier.current_base_days;
    const double monthly = static_cast<double>(h.sales[t]) / (kBaselineDays / 30.0);
    tier.current_monthly_sales = static_cast<core::Fen>(std::llround(monthly));
    tier.draft_monthly_sales = static_cast<core::Fen>(
        std::llround(monthly * (1 + tier.order_volume.per_10_days * d / 10)));
    tier.draft_monthly_sales = std::max<core::Fen>(0, tier.draft_monthly_sales);
    const double credit = h.sales[t] > 0 ? h.credit_weighted[t] / static_cast<double>(h.sales[t])
                                         : tier.current_base_days;
    const double lateness_now =
        h.settled_sales[t] > 0 ? h.late_weighted[t] / static_cast<double>(h.settled_sales[t]) : 0;
    tier.current_dso_days = std::max(0.0, credit + lateness_now);
    tier.draft_dso_days =
        std::max(0.0, tier.current_dso_days + d + tier.lateness_days.per_10_days * d / 10);
    double late_now = 0, bad_now = 0;
    for (double y : h.late[t].y) late_now += y;
    for (double y : h.bad[t].y) bad_now += y;
    tier.current_overdue_share = h.late[t].y.empty() ? 0 : late_now / h.late[t].y.size();
    tier.current_bad_debt_rate = h.bad[t].y.empty() ? 0 : bad_now / h.bad[t].y.size();
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
  HK_ASSIGN_OR_RETURN(sim.model, InfoOf(stored));
  return sim;
}

}  // namespace huikuan::ops
