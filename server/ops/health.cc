#include "server/ops/health.h"

#include <algorithm>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "server/core/column_checks.h"
#include "server/core/violations.h"
#include "server/ops/clock.h"
#include "server/ops/row_scope.h"
#include "server/store/health_store.h"

namespace huikuan::ops {
namespace {

// Every customer scored, in id order: the live figures with the newest snapshot's punctuality
// (computed now when there is none).
std::vector<CustomerHealth> ScoreEveryCustomer(ReadScope& read) {
  std::vector<store::HealthFacts> facts = store::LoadHealthFacts(
      read.db, read.today, StartOfCompanyDay(read.today - core::kHealthYearDays + 1));
  core::EpochDay punctuality_as_of = read.today;
  std::vector<store::Punctuality> punctuality;
  if (std::optional<store::PunctualitySnapshot> snapshot = store::LoadNewestHealthSnapshot(
          read.db, read.today - kHealthSnapshotMaxAgeDays, read.today)) {
    punctuality_as_of = snapshot->day;
    punctuality = std::move(snapshot->rows);
  } else {
    punctuality = store::ComputePunctuality(read.db, read.today);
  }
  {
    absl::flat_hash_map<int64_t, const store::Punctuality*> by_customer;
    for (const store::Punctuality& p : punctuality) by_customer[p.customer_id] = &p;
    for (store::HealthFacts& f : facts) {
      auto it = by_customer.find(f.customer_id);
      if (it == by_customer.end()) continue;
      f.input.recent_due = it->second->recent_due;
      f.input.recent_on_time = it->second->recent_on_time;
      f.input.prior_due = it->second->prior_due;
      f.input.prior_on_time = it->second->prior_on_time;
    }
  }
  // The industries' DSO: their customers' summed balances over summed sales.
  struct Sums {
    core::Int128 balance = 0;
    core::Int128 sales = 0;
  };
  absl::flat_hash_map<std::string, Sums> industries;
  for (const store::HealthFacts& f : facts) {
    Sums& sums = industries[f.industry];
    sums.balance += f.input.balance;
    sums.sales += f.input.sales_year;
  }
  absl::flat_hash_map<std::pair<std::string, std::string>, int64_t> peer_keys;
  std::vector<CustomerHealth> out;
  out.reserve(facts.size());
  std::vector<int64_t> keys;
  std::vector<int32_t> scores;
  std::vector<size_t> scored_index;
  for (store::HealthFacts& f : facts) {
    CustomerHealth health;
    health.customer_id = f.customer_id;
    health.owner_user_id = f.owner_user_id;
    health.display_name = std::move(f.display_name);
    health.industry = std::move(f.industry);
    health.tier = std::move(f.tier);
    health.input = f.input;
    health.punctuality_as_of = punctuality_as_of;
    const Sums& sums = industries[health.industry];
    if (sums.sales > 0) {
      health.input.industry_dso_days = static_cast<double>(sums.balance) * core::kHealthYearDays /
                                       static_cast<double>(sums.sales);
    }
    health.scored = core::HasHealthHistory(health.input);
    health.score = core::ComputeHealthScore(health.input);
    if (health.scored) {
      auto [it, added] =
          peer_keys.try_emplace({health.industry, health.tier}, int64_t(peer_keys.size()));
      keys.push_back(it->second);
      scores.push_back(health.score.score);
      scored_index.push_back(out.size());
    }
    out.push_back(std::move(health));
  }
  const std::vector<std::optional<int32_t>> percentiles = core::PeerPercentiles(keys, scores);
  absl::flat_hash_map<int64_t, int64_t> group_sizes;
  for (int64_t key : keys) ++group_sizes[key];
  for (size_t k = 0; k < scored_index.size(); ++k) {
    CustomerHealth& health = out[scored_index[k]];
    health.percentile = percentiles[k];
    health.peers = group_sizes[keys[k]] - 1;
  }
  return out;
}

std::shared_ptr<const std::vector<CustomerHealth>> Scores(ReadScope& read, HealthCache* cache) {
  if (cache != nullptr) return cache->Scores(read);
  return std::make_shared<const std::vector<CustomerHealth>>(ScoreEveryCustomer(read));
}

}  // namespace

std::shared_ptr<const std::vector<CustomerHealth>> HealthCache::Scores(ReadScope& read) {
  const store::HealthLedgerMark mark = store::LoadHealthLedgerMark(read.db);
  const bool quiet = mark.now - std::max(mark.invoices_changed, mark.customers_changed) >= quiet_;
  {
    absl::MutexLock lock(&mutex_);
    if (quiet && scores_ != nullptr && day_ == read.today && snapshot_ == mark.newest_snapshot &&
        invoices_changed_ == mark.invoices_changed &&
        customers_changed_ == mark.customers_changed) {
      return scores_;
    }
  }
  auto scores = std::make_shared<const std::vector<CustomerHealth>>(ScoreEveryCustomer(read));
  if (quiet) {
    absl::MutexLock lock(&mutex_);
    day_ = read.today;
    snapshot_ = mark.newest_snapshot;
    invoices_changed_ = mark.invoices_changed;
    customers_changed_ = mark.customers_changed;
    scores_ = scores;
  }
  return scores;
}

absl::StatusOr<CustomerHealth> GetCustomerHealth(ReadScope& read, int64_t customer_id,
                                                 absl::string_view name, HealthCache* cache) {
  if (!GetVisibleCustomer(read.db, read.caller, customer_id, name).ok()) {
    return core::NotFoundError(name);
  }
  const auto scores = Scores(read, cache);
  auto it =
      std::lower_bound(scores->begin(), scores->end(), customer_id,
                       [](const CustomerHealth& h, int64_t id) { return h.customer_id < id; });
  if (it == scores->end() || it->customer_id != customer_id) return core::NotFoundError(name);
  CustomerHealth health = *it;
  health.advice = core::AdviseHealth(health.input);
  return health;
}

std::vector<CustomerHealth> ListCustomerHealth(ReadScope& read, int64_t after_id, int limit,
                                               const std::optional<std::string>& industry,
                                               const std::optional<std::string>& tier,
                                               HealthCache* cache) {
  const ListScope scope = ScopeList(read.caller, std::nullopt);
  if (scope.nothing) return {};
  std::vector<CustomerHealth> page;
  const auto scores = Scores(read, cache);
  for (const CustomerHealth& health : *scores) {
    if (static_cast<int>(page.size()) >= limit) break;
    if (health.customer_id <= after_id) continue;
    if (scope.customer_id && health.customer_id != *scope.customer_id) continue;
    if (scope.owner_user_id && health.owner_user_id != *scope.owner_user_id) continue;
    if (industry && health.industry != *industry) continue;
    if (tier && health.tier != *tier) continue;
    page.push_back(health);
    page.back().advice = core::AdviseHealth(health.input);
  }
  return page;
}

CompanyHealth GetCompanyHealth(ReadScope& read, HealthCache* cache) {
  CompanyHealth company;
  const ListScope scope = ScopeList(read.caller, std::nullopt);
  std::vector<core::HealthScore> scores;
  std::vector<core::Fen> weights;
  std::vector<int32_t> points;
  if (!scope.nothing) {
    // Held for the loop: a range-for over *Scores(...) would destroy the pointer first.
    const auto all = Scores(read, cache);
    company.punctuality_as_of = all->empty() ? read.today : all->front().punctuality_as_of;
    for (const CustomerHealth& health : *all) {
      if (scope.customer_id && health.customer_id != *scope.customer_id) continue;
      if (scope.owner_user_id && health.owner_user_id != *scope.owner_user_id) continue;
      ++company.customers;
      if (!health.scored) continue;
      scores.push_back(health.score);
      weights.push_back(health.input.balance + health.input.sales_year);
      points.push_back(health.score.score);
    }
  }
  company.customers_scored = static_cast<int64_t>(scores.size());
  company.score = core::CombineHealthScores(scores, weights);
  company.bands = core::HealthBandCounts(points);
  return company;
}

HealthSnapshotRun WriteHealthSnapshot(WriteScope& write, core::EpochDay as_of) {
  HealthSnapshotRun run;
  const std::vector<store::Punctuality> rows = store::ComputePunctuality(write.db, as_of);
  run.customers = static_cast<int64_t>(rows.size());
  run.written = store::InsertHealthSnapshot(write.db, as_of, rows, write.now);
  return run;
}

}  // namespace huikuan::ops
