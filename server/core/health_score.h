// The credit-term health score (seed 000, 账期健康度评分: "企业可随时查看自己的账期健康度评分,
// 并与同行业平均水平对比,找到优化方向"; issue 14): 0-100 per customer, and for the company, from
// four components whose weights are fixed here:
//
//   DSO against the industry   35  full while the DSO is at most 20% over the benchmark (R-WARN-1's
//                                  yellow line), none at twice it, linear between (rounded half
//                                  up); the benchmark is the industry's DSO, at least 30 days. No
//                                  balance: full; a balance without sales in the year: none.
//   overdue share              30  30 x (1 - overdue / balance), rounded half up; no balance: full
//   punctuality and its trend  20  15 x the share of invoices due in the last 90 days paid in full
//                                  by their due date (the 90 days before when none fell due;
//                                  full when neither window has any), plus 5 for the trend: full
//                                  when that share did not fall against the 90 days before, none
//                                  when it fell by 20 points or more, linear between
//   disputes                   15  minus 5 per invoice dispute raised in the last 365 days
//
// DSO = balance x 365 / sales invoiced in the last 365 days. The company's score is the mean of
// its customers' scores (and of each component's points) weighted by balance + the year's sales.
// The percentile ranks a customer among the other customers of its industry and tier.
//
//   HealthScore s = ComputeHealthScore(input);   // s.score, s.components[k].points
//   std::vector<HealthAdvice> a = AdviseHealth(input);  // what would raise it, most points first
//
// Thread-safe: pure functions of their arguments, no global state, no I/O.
#ifndef HUIKUAN_SERVER_CORE_HEALTH_SCORE_H_
#define HUIKUAN_SERVER_CORE_HEALTH_SCORE_H_

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "server/core/money.h"

namespace huikuan::core {

enum class HealthComponentKind : int8_t {
  kDso = 0,
  kOverdue = 1,
  kPunctuality = 2,
  kDisputes = 3,
};
inline constexpr int kHealthComponentCount = 4;
absl::string_view HealthComponentName(HealthComponentKind kind);  // "dso", "overdue", ...

inline constexpr int32_t kHealthDsoPoints = 35;
inline constexpr int32_t kHealthOverduePoints = 30;
inline constexpr int32_t kHealthPunctualityLevelPoints = 15;
inline constexpr int32_t kHealthPunctualityTrendPoints = 5;
inline constexpr int32_t kHealthPunctualityPoints =
    kHealthPunctualityLevelPoints + kHealthPunctualityTrendPoints;
inline constexpr int32_t kHealthDisputePoints = 15;
inline constexpr int32_t kHealthPointsPerDispute = 5;
inline constexpr double kHealthMinBenchmarkDsoDays = 30;
inline constexpr int32_t kHealthWindowDays = 90;  // each punctuality window
inline constexpr int32_t kHealthYearDays = 365;   // sales and disputes

struct HealthInput {
  Fen balance = 0;                          // open receivables
  Fen overdue = 0;                          // the part of balance past due
  int64_t overdue_invoices = 0;             // invoices with something past due
  Fen sales_year = 0;                       // invoiced in the last 365 days
  std::optional<double> industry_dso_days;  // none: the industry has no sales
  int32_t recent_due = 0;                   // invoices due in the last 90 days
  int32_t recent_on_time = 0;               // of those, paid in full by the due date
  int32_t prior_due = 0;                    // due in the 90 days before
  int32_t prior_on_time = 0;
  int32_t disputes_year = 0;  // disputes raised in the last 365 days
};

// Whether there is anything to judge: a balance, sales in the year or invoices falling due.
bool HasHealthHistory(const HealthInput& input);

struct HealthComponent {
  HealthComponentKind kind = HealthComponentKind::kDso;
  int32_t points = 0;
  int32_t max_points = 0;
};

struct HealthScore {
  int32_t score = 0;  // the sum of the components' points, 0-100
  std::array<HealthComponent, kHealthComponentCount> components = {};
  std::optional<double> dso_days;            // none without sales in the year
  double benchmark_dso_days = 0;             // the industry's DSO, at least 30 days
  std::optional<int32_t> recent_on_time_bp;  // the punctuality shares used, basis points
  std::optional<int32_t> prior_on_time_bp;
};

HealthScore ComputeHealthScore(const HealthInput& input);

enum class HealthAdviceKind : int8_t {
  kPayOverdue = 0,  // pay the overdue invoices
  kLowerDso = 1,    // collect enough to bring the DSO within 20% of the benchmark
  kPayOnTime = 2,   // pay what falls due on time
  kNoDisputes = 3,  // each dispute raised counts for a year
};
absl::string_view HealthAdviceName(HealthAdviceKind kind);  // "pay_overdue", ...

struct HealthAdvice {
  HealthAdviceKind kind = HealthAdviceKind::kPayOverdue;
  int32_t points = 0;          // what the score would gain
  int64_t invoices = 0;        // kPayOverdue: how many; kNoDisputes: the disputes counted
  Fen amount = 0;              // kPayOverdue: the overdue total; kLowerDso: what to collect
  double target_dso_days = 0;  // kLowerDso
};

// What would raise the score, each computed by scoring the input as it would be (paying the
// overdue invoices; collecting down to a DSO 20% over the benchmark; every invoice of the last
// 90 days paid on time; no dispute in the year), most points first, only those that gain.
std::vector<HealthAdvice> AdviseHealth(const HealthInput& input);

// The mean of `scores` weighted by `weights` (same length), rounded half up, component by
// component; the score is the sum of the components. Zero total weight: the plain mean. Empty:
// every component at its maximum.
HealthScore CombineHealthScores(absl::Span<const HealthScore> scores,
                                absl::Span<const Fen> weights);

// For each score, its percentile among the other scores with the same peer key (industry and
// tier): 100 x (lower + half of equal) / others, rounded half up; none when it has no peer.
std::vector<std::optional<int32_t>> PeerPercentiles(absl::Span<const int64_t> peer_keys,
                                                    absl::Span<const int32_t> scores);

// Customers per band: [0,20), [20,40), [40,60), [60,80), [80,100].
inline constexpr int kHealthBands = 5;
std::array<int64_t, kHealthBands> HealthBandCounts(absl::Span<const int32_t> scores);

}  // namespace huikuan::core

#endif  // HUIKUAN_SERVER_CORE_HEALTH_SCORE_H_
