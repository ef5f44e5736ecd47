#include "server/ops/risk_facts.h"

#include <array>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "server/core/kpi.h"
#include "server/core/status_macros.h"

namespace huikuan::ops {
namespace {

constexpr std::array<int32_t, store::kSalesBuckets> kBucketDays = {30, 30, 30, 30, 30, 30,
                                                                   30, 30, 30, 30, 30, 30};

absl::StatusOr<std::optional<double>> Countback(
    core::Fen balance, const std::array<core::Fen, store::kSalesBuckets>& sales) {
  core::Fen total = 0;
  for (core::Fen s : sales) total += s;
  if (balance == 0 && total == 0) return std::optional<double>();
  HK_ASSIGN_OR_RETURN(double dso, core::DsoCountback(balance, sales, kBucketDays));
  return std::optional<double>(dso);
}

}  // namespace

absl::StatusOr<absl::flat_hash_map<int64_t, std::vector<core::BasisPoints>>> OwnerOverdueRates(
    store::ConnectionPool::Lease& db, core::EpochDay as_of, std::optional<int64_t> owner_user_id) {
  absl::flat_hash_map<int64_t, std::vector<core::BasisPoints>> rates;
  constexpr int kMonths = 3;
  for (int k = kMonths - 1; k >= 0; --k) {
    HK_ASSIGN_OR_RETURN(core::EpochDay day, core::AddMonths(as_of, -k));
    for (const store::OwnerOverdue& o : store::SumOverdueByOwner(db, day, owner_user_id)) {
      std::vector<core::BasisPoints>& r = rates[o.owner_user_id];
      // An owner without receivables in a month reads 0% that month.
      r.resize(kMonths - 1 - k, 0);
      r.push_back(o.balance > 0 ? o.overdue * core::kBasisPointsPerUnit / o.balance : 0);
    }
  }
  for (auto& [owner, r] : rates) r.resize(kMonths, 0);
  return rates;
}

absl::StatusOr<std::vector<JudgedLedger>> JudgeLedgers(
    store::ConnectionPool::Lease& db, core::EpochDay as_of, std::optional<int64_t> customer_id,
    int32_t broken_promise_window_days, const std::vector<int64_t>& also,
    std::optional<double> industry_dso_days, bool with_owner_rates) {
  std::vector<store::CustomerLedgerFacts> now =
      store::LoadLedgerFacts(db, as_of, customer_id, broken_promise_window_days, also);
  absl::flat_hash_map<int64_t, std::optional<double>> past_dso;
  for (const store::CustomerLedgerFacts& f :
       store::LoadLedgerFacts(db, as_of - kPastDsoDays, customer_id, broken_promise_window_days)) {
    HK_ASSIGN_OR_RETURN(past_dso[f.customer_id], Countback(f.balance, f.sales));
  }
  // The industry's DSO: the countback of its customers' summed balance and sales.
  struct Industry {
    core::Fen balance = 0;
    std::array<core::Fen, store::kSalesBuckets> sales = {};
  };
  absl::flat_hash_map<std::string, Industry> industries;
  if (!customer_id) {
    for (const store::CustomerLedgerFacts& f : now) {
      if (f.industry.empty()) continue;
      Industry& industry = industries[f.industry];
      industry.balance += f.balance;
      for (int k = 0; k < store::kSalesBuckets; ++k) industry.sales[k] += f.sales[k];
    }
  }
  absl::flat_hash_map<std::string, std::optional<double>> industry_dso;
  for (const auto& [name, industry] : industries) {
    HK_ASSIGN_OR_RETURN(industry_dso[name], Countback(industry.balance, industry.sales));
  }
  absl::flat_hash_map<int64_t, std::vector<core::BasisPoints>> owner_rates;
  if (with_owner_rates && !now.empty()) {
    std::optional<int64_t> owner;
    if (customer_id) owner = now.front().owner_user_id;
    HK_ASSIGN_OR_RETURN(owner_rates, OwnerOverdueRates(db, as_of, owner));
  }
  std::vector<JudgedLedger> out;
  out.reserve(now.size());
  for (store::CustomerLedgerFacts& f : now) {
    JudgedLedger j;
    HK_ASSIGN_OR_RETURN(j.dso_days, Countback(f.balance, f.sales));
    if (auto it = past_dso.find(f.customer_id); it != past_dso.end()) j.past_dso_days = it->second;
    if (customer_id) {
      j.industry_dso_days = industry_dso_days;
    } else if (auto it = industry_dso.find(f.industry); it != industry_dso.end()) {
      j.industry_dso_days = it->second;
    }
    j.orders_recent = f.sales[0] + f.sales[1] + f.sales[2];
    j.orders_prior = f.sales[3] + f.sales[4] + f.sales[5];
    if (auto it = owner_rates.find(f.owner_user_id); it != owner_rates.end()) {
      j.owner_overdue_rates_bp = it->second;
    }
    j.facts = std::move(f);
    out.push_back(std::move(j));
  }
  return out;
}

core::PaymentBehaviour BehaviourOf(const JudgedLedger& j) {
  core::PaymentBehaviour b;
  b.balance = j.facts.balance;
  b.overdue = j.facts.overdue;
  b.over_30_days_overdue = j.facts.over30;
  b.oldest_overdue_days = j.facts.oldest_overdue_days;
  b.dso_days = j.dso_days;
  b.past_dso_days = j.past_dso_days;
  b.industry_avg_dso_days = j.industry_dso_days;
  b.broken_promises = j.facts.broken_promises;
  b.open_disputes = j.facts.open_disputes;
  return b;
}

core::CustomerWarningInput WarningInputOf(const JudgedLedger& j) {
  core::CustomerWarningInput in;
  in.dso_days = j.dso_days.value_or(0);
  in.industry_avg_dso_days = j.industry_dso_days;
  in.orders_this_period = j.orders_recent;
  in.orders_prior_period = j.orders_prior;
  in.overdue_total = j.facts.overdue;
  in.credit_limit = j.facts.credit_limit;
  in.balance = j.facts.balance;
  in.balance_over_30_days_overdue = j.facts.over30;
  return in;
}

}  // namespace huikuan::ops
