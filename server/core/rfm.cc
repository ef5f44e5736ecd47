#include "server/core/rfm.h"

#include <algorithm>
#include <limits>
#include <numeric>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "server/core/column_checks.h"
#include "server/core/status_macros.h"

namespace huikuan::core {

absl::string_view RfmSegmentName(RfmSegment segment) {
  switch (segment) {
    case RfmSegment::kOther:
      return "other";
    case RfmSegment::kLoyalHighValue:
      return "loyal_high_value";
    case RfmSegment::kLowValueChurnRisk:
      return "low_value_churn_risk";
  }
  return "unknown";
}

absl::string_view RfmSegmentAdvice(RfmSegment segment) {
  switch (segment) {
    case RfmSegment::kOther:
      return "standard terms";
    case RfmSegment::kLoyalHighValue:
      return "longer terms and more favourable conditions";
    case RfmSegment::kLowValueChurnRisk:
      return "shorten terms or require cash";
  }
  return "unknown";
}

RfmSegment ClassifyRfm(int32_t recency_days, int32_t frequency, Fen monetary, const RfmConfig& c) {
  if (recency_days <= c.loyal_max_recency_days && frequency >= c.loyal_min_frequency &&
      monetary >= c.loyal_min_monetary) {
    return RfmSegment::kLoyalHighValue;
  }
  if (recency_days > c.churn_min_recency_days_exclusive && frequency <= c.churn_max_frequency &&
      monetary <= c.churn_max_monetary) {
    return RfmSegment::kLowValueChurnRisk;
  }
  return RfmSegment::kOther;
}

absl::StatusOr<RfmTable> ComputeRfm(absl::Span<const int64_t> customer_keys,
                                    absl::Span<const EpochDay> order_days,
                                    absl::Span<const Fen> order_amounts, EpochDay as_of) {
  const size_t n = customer_keys.size();
  HK_RETURN_IF_ERROR(CheckLength("order_days", order_days.size(), n));
  HK_RETURN_IF_ERROR(CheckLength("order_amounts", order_amounts.size(), n));
  HK_RETURN_IF_ERROR(ValidateEpochDay(as_of, "as_of"));
  HK_RETURN_IF_ERROR(ValidateEpochDays(order_days, "order_days"));
  HK_RETURN_IF_ERROR(CheckAmounts("order_amounts", order_amounts));

  std::vector<int64_t> keys;
  std::vector<EpochDay> last_day;
  std::vector<int64_t> count;
  std::vector<Int128> sum;
  absl::flat_hash_map<int64_t, uint32_t> index;
  for (size_t i = 0; i < n; ++i) {
    const EpochDay day = order_days[i];
    if (day > as_of) {
      return absl::InvalidArgumentError(absl::StrCat("order_days[", i, "]: ", FormatDate(day),
                                                     " is after as_of ", FormatDate(as_of)));
    }
    auto [it, inserted] = index.try_emplace(customer_keys[i], static_cast<uint32_t>(keys.size()));
    if (inserted) {
      keys.push_back(customer_keys[i]);
      last_day.push_back(day);
      count.push_back(0);
      sum.push_back(0);
    }
    const uint32_t g = it->second;
    last_day[g] = std::max(last_day[g], day);
    count[g] += 1;
    sum[g] += order_amounts[i];
  }
  std::vector<uint32_t> order(keys.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return keys[a] < keys[b]; });
  RfmTable t;
  t.customer_keys.reserve(keys.size());
  t.recency_days.reserve(keys.size());
  t.frequency.reserve(keys.size());
  t.monetary.reserve(keys.size());
  for (uint32_t g : order) {
    if (sum[g] > std::numeric_limits<int64_t>::max()) {
      return absl::InvalidArgumentError(
          absl::StrCat("order_amounts: sum for customer ", keys[g], " overflows int64"));
    }
    if (count[g] > std::numeric_limits<int32_t>::max()) {
      return absl::InvalidArgumentError(
          absl::StrCat("customer_keys: customer ", keys[g], " has more than 2^31 orders"));
    }
    t.customer_keys.push_back(keys[g]);
    t.recency_days.push_back(as_of - last_day[g]);
    t.frequency.push_back(static_cast<int32_t>(count[g]));
    t.monetary.push_back(static_cast<Fen>(sum[g]));
  }
  return t;
}

absl::Status ClassifyRfmBatch(absl::Span<const int32_t> recency_days,
                              absl::Span<const int32_t> frequency, absl::Span<const Fen> monetary,
                              const RfmConfig& config, absl::Span<int8_t> segments) {
  const size_t n = recency_days.size();
  HK_RETURN_IF_ERROR(CheckLength("frequency", frequency.size(), n));
  HK_RETURN_IF_ERROR(CheckLength("monetary", monetary.size(), n));
  HK_RETURN_IF_ERROR(CheckLength("segments", segments.size(), n));
  HK_RETURN_IF_ERROR(CheckNonNegative("recency_days", recency_days));
  HK_RETURN_IF_ERROR(CheckNonNegative("frequency", frequency));
  HK_RETURN_IF_ERROR(CheckAmounts("monetary", monetary));
  for (size_t i = 0; i < n; ++i) {
    segments[i] =
        static_cast<int8_t>(ClassifyRfm(recency_days[i], frequency[i], monetary[i], config));
  }
  return absl::OkStatus();
}

absl::Status QuintileScores(absl::Span<const int64_t> values, bool descending,
                            absl::Span<int8_t> scores) {
  const size_t n = values.size();
  HK_RETURN_IF_ERROR(CheckLength("scores", scores.size(), n));
  if (n == 0) return absl::OkStatus();
  if (n > std::numeric_limits<uint32_t>::max()) {
    return absl::InvalidArgumentError(absl::StrCat("values: ", n, " rows, at most 2^32 - 1"));
  }
  // Sorting packed (key, row) pairs is contiguous and branch-friendly; descending order is the
  // ascending order of the bitwise complement (~v = -v - 1 preserves ties and never overflows).
  std::vector<std::pair<int64_t, uint32_t>> sorted(n);
  for (size_t i = 0; i < n; ++i) {
    sorted[i] = {descending ? ~values[i] : values[i], static_cast<uint32_t>(i)};
  }
  std::sort(sorted.begin(), sorted.end());
  // A run of equal values at 0-based sorted positions [i, j) has 1-based ranks i+1..j and average
  // rank (i+1+j)/2; score = ceil(5 * avg / n) = ceil(5 * (i+1+j) / (2n)), all in integers.
  const uint64_t denominator = 2 * static_cast<uint64_t>(n);
  size_t i = 0;
  while (i < n) {
    size_t j = i + 1;
    while (j < n && sorted[j].first == sorted[i].first) ++j;
    const uint64_t numerator = 5 * (static_cast<uint64_t>(i) + 1 + j);
    const int8_t score = static_cast<int8_t>((numerator + denominator - 1) / denominator);
    for (size_t k = i; k < j; ++k) scores[sorted[k].second] = score;
    i = j;
  }
  return absl::OkStatus();
}

absl::Status RfmScores(absl::Span<const int32_t> recency_days, absl::Span<const int32_t> frequency,
                       absl::Span<const Fen> monetary, absl::Span<int8_t> r_scores,
                       absl::Span<int8_t> f_scores, absl::Span<int8_t> m_scores) {
  const size_t n = recency_days.size();
  HK_RETURN_IF_ERROR(CheckLength("frequency", frequency.size(), n));
  HK_RETURN_IF_ERROR(CheckLength("monetary", monetary.size(), n));
  HK_RETURN_IF_ERROR(CheckLength("r_scores", r_scores.size(), n));
  HK_RETURN_IF_ERROR(CheckLength("f_scores", f_scores.size(), n));
  HK_RETURN_IF_ERROR(CheckLength("m_scores", m_scores.size(), n));
  HK_RETURN_IF_ERROR(CheckNonNegative("recency_days", recency_days));
  HK_RETURN_IF_ERROR(CheckNonNegative("frequency", frequency));
  HK_RETURN_IF_ERROR(CheckAmounts("monetary", monetary));
  std::vector<int64_t> widened(recency_days.begin(), recency_days.end());
  HK_RETURN_IF_ERROR(QuintileScores(widened, /*descending=*/true, r_scores));
  widened.assign(frequency.begin(), frequency.end());
  HK_RETURN_IF_ERROR(QuintileScores(widened, /*descending=*/false, f_scores));
  return QuintileScores(monetary, /*descending=*/false, m_scores);
}

}  // namespace huikuan::core
