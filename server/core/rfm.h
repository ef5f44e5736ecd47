// RFM analysis (R-RFM-1): recency, frequency and monetary value per customer, the seed's segments
// and quintile scores 1..5 over a batch.
//
//   absl::StatusOr<RfmTable> t = ComputeRfm(customer_ids, order_days, order_amounts, as_of);
//   // t->recency_days[i], t->frequency[i], t->monetary[i] for t->customer_keys[i] (ascending)
//   absl::Status s = RfmScores(t->recency_days, t->frequency, t->monetary, r, f, m);
//   RfmSegment seg = ClassifyRfm(20, 6, 150'000'000);   // kLoyalHighValue
//
// Segments (seed 000, 数据分析模型):
//   loyal high value      R <= 30 days AND F >= 5 AND M >= 1,000,000 yuan -> longer terms
//   low value churn risk  R > 90 days AND F <= 2 AND M <= 500,000 yuan   -> shorter terms or cash
//   other                 everything else
// R = as_of - last order day (days), F = number of orders, M = sum of order amounts (fen), over
// whatever window the caller passes in.
//
// Quintile scores (exact method, so analysts can reproduce it in pandas):
//   score = ceil(5 * rank / n), rank = the "average" rank of the value among the n customers
//   (ties share the mean of their 1-based positions, pandas rank(method="average")).
//   F and M are ranked ascending (more orders / more money -> higher score). R is ranked
//   descending (the most recent customer, smallest R, gets the highest rank -> score 5).
//   pandas: np.ceil(5 * s.rank(method="average") / len(s)) for F and M, and
//           np.ceil(5 * s.rank(method="average", ascending=False) / len(s)) for R.
//   Equal values always get equal scores; computed in exact integer arithmetic here.
//
// Thread-safe: pure functions of their arguments, no global state, no I/O. A batch of kParallelRows
// rows or more (parallel.h) is summed on the calling thread and one helper thread.
#ifndef HUIKUAN_SERVER_CORE_RFM_H_
#define HUIKUAN_SERVER_CORE_RFM_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "server/core/civil_date.h"
#include "server/core/money.h"
#include "server/core/tick_column.h"

namespace huikuan::core {

enum class RfmSegment : int8_t { kOther = 0, kLoyalHighValue = 1, kLowValueChurnRisk = 2 };
// "other", "loyal_high_value", "low_value_churn_risk".
absl::string_view RfmSegmentName(RfmSegment segment);
// One line of advice: "longer terms and more favourable conditions", "shorten terms or require
// cash", "standard terms".
absl::string_view RfmSegmentAdvice(RfmSegment segment);

struct RfmConfig {
  int32_t loyal_max_recency_days = 30;
  int32_t loyal_min_frequency = 5;
  Fen loyal_min_monetary = 100'000'000;           // 1,000,000 yuan
  int32_t churn_min_recency_days_exclusive = 90;  // R > 90
  int32_t churn_max_frequency = 2;
  Fen churn_max_monetary = 50'000'000;  // 500,000 yuan
};

RfmSegment ClassifyRfm(int32_t recency_days, int32_t frequency, Fen monetary,
                       const RfmConfig& config = RfmConfig());

// Per-customer R, F, M from order columns (one row per order). Customers appear in ascending key
// order; only customers with at least one order. Errors: length mismatch, negative or oversized
// amount, a date out of range, an order dated after as_of, overflow of a customer's sum.
struct RfmTable {
  std::vector<int64_t> customer_keys;
  std::vector<int32_t> recency_days;
  std::vector<int32_t> frequency;
  std::vector<Fen> monetary;
};
absl::StatusOr<RfmTable> ComputeRfm(absl::Span<const int64_t> customer_keys,
                                    absl::Span<const EpochDay> order_days,
                                    absl::Span<const Fen> order_amounts, EpochDay as_of);

// ComputeRfm over order dates given as timestamps (tick_column.h) in days, seconds, milli-, micro-
// or nanoseconds, read without converting them. nullopt when the input is not the plain valid case
// or its keys are too spread for a table (then convert the days and call ComputeRfm, which reports
// the error or handles the case); otherwise exactly ComputeRfm's table for the converted days.
std::optional<RfmTable> TryRfmTicks(absl::Span<const int64_t> customer_keys,
                                    const TickColumn& order_days,
                                    absl::Span<const Fen> order_amounts, EpochDay as_of);

// Segments for columns of R, F, M into `segments` (int8 codes of RfmSegment). Errors: length
// mismatch, negative values.
absl::Status ClassifyRfmBatch(absl::Span<const int32_t> recency_days,
                              absl::Span<const int32_t> frequency, absl::Span<const Fen> monetary,
                              const RfmConfig& config, absl::Span<int8_t> segments);

// Quintile scores 1..5 as documented above, O(n log n). Errors: length mismatch (inputs and
// outputs), negative values. Empty input is fine (nothing written).
absl::Status RfmScores(absl::Span<const int32_t> recency_days, absl::Span<const int32_t> frequency,
                       absl::Span<const Fen> monetary, absl::Span<int8_t> r_scores,
                       absl::Span<int8_t> f_scores, absl::Span<int8_t> m_scores);

// RfmScores and ClassifyRfmBatch for every customer of a table that ComputeRfm (or TryRfmTicks)
// made: its columns are valid by construction, so nothing is checked again.
struct RfmScoreColumns {
  std::vector<int8_t> r_scores, f_scores, m_scores;
  std::vector<int8_t> segments;  // RfmSegment codes
};
RfmScoreColumns ScoreRfmTable(const RfmTable& table, const RfmConfig& config = RfmConfig());

// The building block: ceil(5 * average_rank / n) for one column, ascending or descending.
absl::Status QuintileScores(absl::Span<const int64_t> values, bool descending,
                            absl::Span<int8_t> scores);

}  // namespace huikuan::core

#endif  // HUIKUAN_SERVER_CORE_RFM_H_
