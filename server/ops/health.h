// The credit-term health score (seed 000, 账期健康度评分; issue 14; core/health_score.h for the
// rule and its weights), computed on read from the live ledger: three set-based reads for every
// customer (store/health_store.h), the industries' DSO summed from them, each customer scored,
// and its percentile among the other customers of the same industry and tier. The peers and the
// industry figures are always the whole company's; what a caller gets back is scoped (sales
// staff: their own customers; the portal: its own company).
#ifndef HUIKUAN_SERVER_OPS_HEALTH_H_
#define HUIKUAN_SERVER_OPS_HEALTH_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/core/health_score.h"
#include "server/ops/scopes.h"

namespace huikuan::ops {

struct CustomerHealth {
  int64_t customer_id = 0;
  int64_t owner_user_id = 0;
  std::string display_name;
  std::string industry;
  std::string tier;
  bool scored = false;  // false: nothing to judge (no balance, sales or invoice falling due)
  core::HealthInput input;
  core::HealthScore score;
  std::optional<int32_t> percentile;  // none without a scored peer
  int64_t peers = 0;                  // other scored customers of the same industry and tier
  std::vector<core::HealthAdvice> advice;
};

// NOT_FOUND naming `name` when absent or outside the caller's scope.
absl::StatusOr<CustomerHealth> GetCustomerHealth(ReadScope& read, int64_t customer_id,
                                                 absl::string_view name);

// The caller's customers with id > after_id in id order, at most `limit`, optionally of one
// industry and tier.
std::vector<CustomerHealth> ListCustomerHealth(ReadScope& read, int64_t after_id, int limit,
                                               const std::optional<std::string>& industry,
                                               const std::optional<std::string>& tier);

struct CompanyHealth {
  core::HealthScore score;  // weighted by balance + the year's sales (core::CombineHealthScores)
  std::array<int64_t, core::kHealthBands> bands = {};
  int64_t customers_scored = 0;
  int64_t customers = 0;
};
// Over the caller's customers (the whole company for every role but sales staff).
CompanyHealth GetCompanyHealth(ReadScope& read);

}  // namespace huikuan::ops

#endif  // HUIKUAN_SERVER_OPS_HEALTH_H_
