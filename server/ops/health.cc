#include "server/ops/health.h"

#include <utility>

#include "absl/container/flat_hash_map.h"
#include "server/core/column_checks.h"
#include "server/core/violations.h"
#include "server/ops/clock.h"
#include "server/ops/row_scope.h"
#include "server/store/health_store.h"

namespace huikuan::ops {
namespace {

// Every customer scored, in id order.
std::vector<CustomerHealth> ScoreEveryCustomer(ReadScope& read) {
  std::vector<store::HealthFacts> facts = store::LoadHealthFacts(
      read.db, read.today, StartOfCompanyDay(read.today - core::kHealthYearDays + 1));
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

}  // namespace

absl::StatusOr<CustomerHealth> GetCustomerHealth(ReadScope& read, int64_t customer_id,
                                                 absl::string_view name) {
  if (!GetVisibleCustomer(read.db, read.caller, customer_id, name).ok()) {
    return core::NotFoundError(name);
  }
  for (CustomerHealth& health : ScoreEveryCustomer(read)) {
    if (health.customer_id != customer_id) continue;
    health.advice = core::AdviseHealth(health.input);
    return std::move(health);
  }
  return core::NotFoundError(name);
}

std::vector<CustomerHealth> ListCustomerHealth(ReadScope& read, int64_t after_id, int limit,
                                               const std::optional<std::string>& industry,
                                               const std::optional<std::string>& tier) {
  const ListScope scope = ScopeList(read.caller, std::nullopt);
  if (scope.nothing) return {};
  std::vector<CustomerHealth> page;
  for (CustomerHealth& health : ScoreEveryCustomer(read)) {
    if (static_cast<int>(page.size()) >= limit) break;
    if (health.customer_id <= after_id) continue;
    if (scope.customer_id && health.customer_id != *scope.customer_id) continue;
    if (scope.owner_user_id && health.owner_user_id != *scope.owner_user_id) continue;
    if (industry && health.industry != *industry) continue;
    if (tier && health.tier != *tier) continue;
    health.advice = core::AdviseHealth(health.input);
    page.push_back(std::move(health));
  }
  return page;
}

CompanyHealth GetCompanyHealth(ReadScope& read) {
  CompanyHealth company;
  const ListScope scope = ScopeList(read.caller, std::nullopt);
  std::vector<core::HealthScore> scores;
  std::vector<core::Fen> weights;
  std::vector<int32_t> points;
  if (!scope.nothing) {
    for (const CustomerHealth& health : ScoreEveryCustomer(read)) {
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

}  // namespace huikuan::ops
