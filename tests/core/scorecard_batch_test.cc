// ScoreBatch's fast history points (a corrected double quotient instead of an integer division)
// against the R-SCORE-1 formula in plain int64 arithmetic: round half-up of 35 * on_time / paid.
#include <algorithm>
#include <cstdint>
#include <optional>
#include <random>
#include <vector>

#include "gtest/gtest.h"
#include "server/core/scorecard.h"

namespace huikuan::core {
namespace {

TEST(ScorecardBatchTest, R_SCORE_1_HistoryPointsMatchIntegerFormula) {
  std::vector<int32_t> paid, on_time;
  for (int32_t p = 1; p <= 400; ++p) {
    for (int32_t t = 0; t <= p; ++t) {
      paid.push_back(p);
      on_time.push_back(t);
    }
  }
  std::mt19937_64 rng(9);
  for (int k = 0; k < 20'000; ++k) {
    const int32_t p = static_cast<int32_t>(rng() % 2'147'483'647) + 1;
    paid.push_back(p);
    on_time.push_back(static_cast<int32_t>(rng() % (static_cast<uint64_t>(p) + 1)));
  }
  paid.push_back(2'147'483'647);
  on_time.push_back(2'147'483'647);
  paid.push_back(2'147'483'647);
  on_time.push_back(1'073'741'824);
  const size_t n = paid.size();
  std::vector<int8_t> sizes(n, 0), tax(n, 4);  // micro (5 points), grade D (0 points)
  std::vector<Fen> bank(n, 0);                 // no bank line (0 points)
  std::vector<int32_t> totals(n);
  std::vector<int8_t> risks(n), grades(n);
  ASSERT_TRUE(ScoreBatch(ScoreColumns{sizes, tax, bank, paid, on_time}, ScorecardConfig(),
                         absl::MakeSpan(totals), absl::MakeSpan(risks), absl::MakeSpan(grades))
                  .ok());
  for (size_t i = 0; i < n; ++i) {
    const int64_t want = (2 * 35 * int64_t{on_time[i]} + paid[i]) / (2 * int64_t{paid[i]});
    ASSERT_EQ(totals[i], 5 + want) << paid[i] << " " << on_time[i];
    ASSERT_EQ(risks[i], static_cast<int8_t>(RiskForTotal(totals[i], ScorecardConfig())));
    ASSERT_EQ(grades[i], static_cast<int8_t>(GradeForTotal(totals[i], ScorecardConfig())));
  }
}

// The batch loop against ScoreCustomer, row by row, for bank-threshold tables of every length
// the batch handles in its own way (up to 4, up to 8, more), lines on and around the thresholds.
TEST(ScorecardBatchTest, R_SCORE_1_BatchMatchesScoreCustomerForAnyThresholdCount) {
  std::mt19937_64 rng(21);
  for (size_t k : {size_t{1}, size_t{4}, size_t{6}, size_t{8}, size_t{11}}) {
    ScorecardConfig c;
    c.bank_thresholds.clear();
    c.bank_points.clear();
    for (size_t j = 0; j < k; ++j) {
      c.bank_thresholds.push_back(static_cast<Fen>((k - j) * 1'000'000));
      c.bank_points.push_back(static_cast<int32_t>(20 - j));
    }
    const size_t n = 3000;
    std::vector<int8_t> sizes(n), tax(n);
    std::vector<Fen> bank(n);
    std::vector<int32_t> paid(n), on_time(n);
    for (size_t i = 0; i < n; ++i) {
      sizes[i] = static_cast<int8_t>(rng() % 4);
      tax[i] = static_cast<int8_t>(rng() % 5);
      const Fen near = static_cast<Fen>((rng() % (k + 2)) * 1'000'000);
      bank[i] = std::max<Fen>(0, near + static_cast<Fen>(rng() % 3) - 1);
      paid[i] = static_cast<int32_t>(rng() % 50);
      on_time[i] = paid[i] == 0 ? 0 : static_cast<int32_t>(rng() % (paid[i] + 1));
    }
    std::vector<int32_t> totals(n);
    std::vector<int8_t> risks(n), grades(n);
    ASSERT_TRUE(ScoreBatch(ScoreColumns{sizes, tax, bank, paid, on_time}, c, absl::MakeSpan(totals),
                           absl::MakeSpan(risks), absl::MakeSpan(grades))
                    .ok());
    for (size_t i = 0; i < n; ++i) {
      absl::StatusOr<Scorecard> one = ScoreCustomer(
          ScoreInput{static_cast<EnterpriseSize>(sizes[i]), static_cast<TaxCreditGrade>(tax[i]),
                     bank[i], paid[i], on_time[i], std::nullopt},
          c);
      ASSERT_TRUE(one.ok()) << one.status();
      ASSERT_EQ(totals[i], one->total) << k << " " << bank[i];
      ASSERT_EQ(risks[i], static_cast<int8_t>(one->risk));
      ASSERT_EQ(grades[i], static_cast<int8_t>(one->grade));
    }
  }
}

}  // namespace
}  // namespace huikuan::core
