#include "server/core/health_score.h"

#include <algorithm>
#include <cmath>

#include "absl/container/flat_hash_map.h"
#include "server/core/column_checks.h"

namespace huikuan::core {
namespace {

// Half up, with a little slack so that 22.5 computed as 22.4999999 still rounds up.
int32_t RoundHalfUp(double x) { return static_cast<int32_t>(std::floor(x + 0.5 + 1e-9)); }

// a x b / c rounded half up, for non-negative a, b and positive c, without overflow.
int64_t MulDivHalfUp(int64_t a, int64_t b, int64_t c) {
  const Int128 product = static_cast<Int128>(a) * b;
  return static_cast<int64_t>((2 * product + c) / (2 * static_cast<Int128>(c)));
}

int32_t ShareBp(int32_t part, int32_t whole) {
  return static_cast<int32_t>(static_cast<int64_t>(part) * 10000 / whole);
}

}  // namespace

absl::string_view HealthComponentName(HealthComponentKind kind) {
  switch (kind) {
    case HealthComponentKind::kDso:
      return "dso";
    case HealthComponentKind::kOverdue:
      return "overdue";
    case HealthComponentKind::kPunctuality:
      return "punctuality";
    case HealthComponentKind::kDisputes:
      return "disputes";
  }
  return "dso";
}

absl::string_view HealthAdviceName(HealthAdviceKind kind) {
  switch (kind) {
    case HealthAdviceKind::kPayOverdue:
      return "pay_overdue";
    case HealthAdviceKind::kLowerDso:
      return "lower_dso";
    case HealthAdviceKind::kPayOnTime:
      return "pay_on_time";
    case HealthAdviceKind::kNoDisputes:
      return "no_disputes";
  }
  return "pay_overdue";
}

bool HasHealthHistory(const HealthInput& input) {
  return input.balance > 0 || input.sales_year > 0 || input.recent_due > 0 || input.prior_due > 0;
}

HealthScore ComputeHealthScore(const HealthInput& input) {
  HealthScore out;
  out.benchmark_dso_days =
      std::max(input.industry_dso_days.value_or(0.0), kHealthMinBenchmarkDsoDays);
  // DSO against the industry.
  int32_t dso_points = kHealthDsoPoints;
  if (input.sales_year > 0) {
    out.dso_days = static_cast<double>(input.balance) * kHealthYearDays /
                   static_cast<double>(input.sales_year);
  }
  if (input.balance > 0) {
    if (!out.dso_days) {
      dso_points = 0;
    } else {
      const double ratio = *out.dso_days / out.benchmark_dso_days;
      if (ratio >= 2.0) {
        dso_points = 0;
      } else if (ratio > 1.2) {
        dso_points = RoundHalfUp(kHealthDsoPoints * (2.0 - ratio) / 0.8);
      }
    }
  }
  // Overdue share.
  int32_t overdue_points = kHealthOverduePoints;
  if (input.balance > 0) {
    const Fen overdue = std::clamp<Fen>(input.overdue, 0, input.balance);
    overdue_points = static_cast<int32_t>(
        MulDivHalfUp(kHealthOverduePoints, input.balance - overdue, input.balance));
  }
  // Punctuality and its trend.
  if (input.recent_due > 0) out.recent_on_time_bp = ShareBp(input.recent_on_time, input.recent_due);
  if (input.prior_due > 0) out.prior_on_time_bp = ShareBp(input.prior_on_time, input.prior_due);
  int32_t level_points = kHealthPunctualityLevelPoints;
  if (input.recent_due > 0) {
    level_points = static_cast<int32_t>(
        MulDivHalfUp(kHealthPunctualityLevelPoints, input.recent_on_time, input.recent_due));
  } else if (input.prior_due > 0) {
    level_points = static_cast<int32_t>(
        MulDivHalfUp(kHealthPunctualityLevelPoints, input.prior_on_time, input.prior_due));
  }
  int32_t trend_points = kHealthPunctualityTrendPoints;
  if (out.recent_on_time_bp && out.prior_on_time_bp) {
    const int32_t change_bp = *out.recent_on_time_bp - *out.prior_on_time_bp;
    if (change_bp <= -2000) {
      trend_points = 0;
    } else if (change_bp < 0) {
      trend_points =
          static_cast<int32_t>(MulDivHalfUp(kHealthPunctualityTrendPoints, 2000 + change_bp, 2000));
    }
  }
  // Disputes.
  const int32_t dispute_points = std::max<int32_t>(
      0, kHealthDisputePoints - kHealthPointsPerDispute * std::max(0, input.disputes_year));

  out.components = {
      HealthComponent{HealthComponentKind::kDso, dso_points, kHealthDsoPoints},
      HealthComponent{HealthComponentKind::kOverdue, overdue_points, kHealthOverduePoints},
      HealthComponent{HealthComponentKind::kPunctuality, level_points + trend_points,
                      kHealthPunctualityPoints},
      HealthComponent{HealthComponentKind::kDisputes, dispute_points, kHealthDisputePoints},
  };
  for (const HealthComponent& c : out.components) out.score += c.points;
  return out;
}

std::vector<HealthAdvice> AdviseHealth(const HealthInput& input) {
  const HealthScore now = ComputeHealthScore(input);
  std::vector<HealthAdvice> advice;
  auto gain = [&](const HealthInput& then) { return ComputeHealthScore(then).score - now.score; };
  if (input.overdue > 0) {
    HealthInput paid = input;
    paid.balance = std::max<Fen>(0, input.balance - input.overdue);
    paid.overdue = 0;
    paid.overdue_invoices = 0;
    advice.push_back(
        {HealthAdviceKind::kPayOverdue, gain(paid), input.overdue_invoices, input.overdue, 0});
  }
  if (now.dso_days && input.balance > 0) {
    const double target_days = 1.2 * now.benchmark_dso_days;
    const Fen target_balance = static_cast<Fen>(
        std::floor(target_days * static_cast<double>(input.sales_year) / kHealthYearDays));
    if (target_balance < input.balance) {
      HealthInput collected = input;
      const Fen amount = input.balance - target_balance;
      collected.balance = target_balance;
      // The oldest is collected first: what is overdue goes first.
      collected.overdue = std::max<Fen>(0, input.overdue - amount);
      advice.push_back({HealthAdviceKind::kLowerDso, gain(collected), 0, amount, target_days});
    }
  }
  if (input.recent_due > input.recent_on_time) {
    HealthInput on_time = input;
    on_time.recent_on_time = input.recent_due;
    advice.push_back({HealthAdviceKind::kPayOnTime, gain(on_time),
                      input.recent_due - input.recent_on_time, 0, 0});
  }
  if (input.disputes_year > 0) {
    HealthInput calm = input;
    calm.disputes_year = 0;
    advice.push_back({HealthAdviceKind::kNoDisputes, gain(calm), input.disputes_year, 0, 0});
  }
  advice.erase(std::remove_if(advice.begin(), advice.end(),
                              [](const HealthAdvice& a) { return a.points <= 0; }),
               advice.end());
  std::stable_sort(advice.begin(), advice.end(), [](const HealthAdvice& a, const HealthAdvice& b) {
    return a.points > b.points;
  });
  return advice;
}

HealthScore CombineHealthScores(absl::Span<const HealthScore> scores,
                                absl::Span<const Fen> weights) {
  HealthScore out = ComputeHealthScore(HealthInput{});
  out.dso_days.reset();
  if (scores.empty()) return out;
  Int128 total_weight = 0;
  for (size_t i = 0; i < scores.size() && i < weights.size(); ++i) {
    total_weight += std::max<Fen>(0, weights[i]);
  }
  const bool equal = total_weight == 0;
  if (equal) total_weight = static_cast<Int128>(scores.size());
  out.score = 0;
  for (int k = 0; k < kHealthComponentCount; ++k) {
    Int128 sum = 0;
    for (size_t i = 0; i < scores.size(); ++i) {
      const Int128 w = equal ? 1 : std::max<Fen>(0, i < weights.size() ? weights[i] : 0);
      sum += w * scores[i].components[k].points;
    }
    out.components[k].points = static_cast<int32_t>((2 * sum + total_weight) / (2 * total_weight));
    out.score += out.components[k].points;
  }
  return out;
}

std::vector<std::optional<int32_t>> PeerPercentiles(absl::Span<const int64_t> peer_keys,
                                                    absl::Span<const int32_t> scores) {
  absl::flat_hash_map<int64_t, std::vector<int32_t>> by_key;
  for (size_t i = 0; i < scores.size(); ++i) by_key[peer_keys[i]].push_back(scores[i]);
  for (auto& [key, list] : by_key) std::sort(list.begin(), list.end());
  std::vector<std::optional<int32_t>> out(scores.size());
  for (size_t i = 0; i < scores.size(); ++i) {
    const std::vector<int32_t>& list = by_key[peer_keys[i]];
    const int64_t others = static_cast<int64_t>(list.size()) - 1;
    if (others <= 0) continue;
    const auto lower = std::lower_bound(list.begin(), list.end(), scores[i]);
    const auto upper = std::upper_bound(list.begin(), list.end(), scores[i]);
    const int64_t below = lower - list.begin();
    const int64_t equal_others = (upper - lower) - 1;
    out[i] = static_cast<int32_t>((200 * below + 100 * equal_others + others) / (2 * others));
  }
  return out;
}

std::array<int64_t, kHealthBands> HealthBandCounts(absl::Span<const int32_t> scores) {
  std::array<int64_t, kHealthBands> counts = {};
  for (int32_t s : scores) counts[std::clamp(s / 20, 0, kHealthBands - 1)]++;
  return counts;
}

}  // namespace huikuan::core
