#include "server/core/rfm.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "gtest/gtest.h"

namespace huikuan::core {
namespace {

constexpr Fen kYuan = 100;

TEST(RfmTest, R_RFM_1_LoyalHighValueBoundaries) {
  // R <= 30 days, F >= 5, M >= 1,000,000 yuan.
  EXPECT_EQ(ClassifyRfm(30, 5, 1'000'000 * kYuan), RfmSegment::kLoyalHighValue);
  EXPECT_EQ(ClassifyRfm(31, 5, 1'000'000 * kYuan), RfmSegment::kOther);
  EXPECT_EQ(ClassifyRfm(30, 4, 1'000'000 * kYuan), RfmSegment::kOther);
  EXPECT_EQ(ClassifyRfm(30, 5, 1'000'000 * kYuan - 1), RfmSegment::kOther);
  EXPECT_EQ(ClassifyRfm(0, 100, 9'000'000 * kYuan), RfmSegment::kLoyalHighValue);
}

TEST(RfmTest, R_RFM_1_LowValueChurnRiskBoundaries) {
  // R > 90 days, F <= 2, M <= 500,000 yuan.
  EXPECT_EQ(ClassifyRfm(91, 2, 500'000 * kYuan), RfmSegment::kLowValueChurnRisk);
  EXPECT_EQ(ClassifyRfm(90, 2, 500'000 * kYuan), RfmSegment::kOther);
  EXPECT_EQ(ClassifyRfm(91, 3, 500'000 * kYuan), RfmSegment::kOther);
  EXPECT_EQ(ClassifyRfm(91, 2, 500'000 * kYuan + 1), RfmSegment::kOther);
  EXPECT_EQ(ClassifyRfm(400, 0, 0), RfmSegment::kLowValueChurnRisk);
  EXPECT_EQ(RfmSegmentName(RfmSegment::kLowValueChurnRisk), "low_value_churn_risk");
  EXPECT_EQ(RfmSegmentAdvice(RfmSegment::kLowValueChurnRisk), "shorten terms or require cash");
}

TEST(RfmTest, R_RFM_1_ComputeFromOrders) {
  const EpochDay as_of = *ParseDate("2024-06-30");
  std::vector<int64_t> keys = {9, 4, 9, 9, 4};
  std::vector<EpochDay> days = {as_of - 40, as_of - 100, as_of - 10, as_of - 70, as_of - 95};
  std::vector<Fen> amounts = {100, 200, 300, 400, 500};
  absl::StatusOr<RfmTable> t = ComputeRfm(keys, days, amounts, as_of);
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->customer_keys, (std::vector<int64_t>{4, 9}));
  EXPECT_EQ(t->recency_days, (std::vector<int32_t>{95, 10}));
  EXPECT_EQ(t->frequency, (std::vector<int32_t>{2, 3}));
  EXPECT_EQ(t->monetary, (std::vector<Fen>{700, 800}));

  std::vector<int8_t> segments(2);
  ASSERT_TRUE(ClassifyRfmBatch(t->recency_days, t->frequency, t->monetary, RfmConfig(),
                               absl::MakeSpan(segments))
                  .ok());
  EXPECT_EQ(segments, (std::vector<int8_t>{2, 0}));
}

TEST(RfmTest, ComputeRejectsBadInput) {
  const EpochDay as_of = *ParseDate("2024-06-30");
  std::vector<int64_t> keys = {1, 2};
  std::vector<EpochDay> days = {as_of, as_of + 1};
  std::vector<Fen> amounts = {1, 2};
  absl::Status s = ComputeRfm(keys, days, amounts, as_of).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("order_days[1]"), absl::string_view::npos) << s;
  std::vector<Fen> one = {1};
  EXPECT_EQ(ComputeRfm(keys, days, one, as_of).status().message(), "order_amounts: length 1 != 2");
  std::vector<EpochDay> ok_days = {as_of, as_of};
  std::vector<Fen> negative = {1, -2};
  EXPECT_EQ(ComputeRfm(keys, ok_days, negative, as_of).status().code(),
            absl::StatusCode::kInvalidArgument);
  std::vector<int64_t> same = {1, 1};
  std::vector<Fen> huge = {kMaxAbsFen, kMaxAbsFen};
  EXPECT_TRUE(ComputeRfm(same, ok_days, huge, as_of).ok());  // 2e17 fits
  std::vector<int64_t> many_keys(100, 1);
  std::vector<EpochDay> many_days(100, as_of);
  std::vector<Fen> many_huge(100, kMaxAbsFen);
  EXPECT_EQ(ComputeRfm(many_keys, many_days, many_huge, as_of).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(ComputeRfm({}, {}, {}, as_of)->customer_keys.empty());
}

TEST(RfmTest, R_RFM_1_QuintilesOfDistinctValues) {
  // n = 10 distinct values: ranks 1..10 -> ceil(rank / 2) = 1,1,2,2,3,3,4,4,5,5.
  std::vector<int64_t> v = {50, 10, 40, 20, 30, 90, 60, 80, 70, 100};
  std::vector<int8_t> s(v.size());
  ASSERT_TRUE(QuintileScores(v, false, absl::MakeSpan(s)).ok());
  EXPECT_EQ(s, (std::vector<int8_t>{3, 1, 2, 1, 2, 5, 3, 4, 4, 5}));
  ASSERT_TRUE(QuintileScores(v, true, absl::MakeSpan(s)).ok());
  EXPECT_EQ(s, (std::vector<int8_t>{3, 5, 4, 5, 4, 1, 3, 2, 2, 1}));
}

TEST(RfmTest, R_RFM_1_QuintileTiesShareTheAverageRank) {
  // Sorted: 1, 2, 2, 2, 3 -> ranks 1, 3, 3, 3, 5 -> ceil(5 * r / 5) = 1, 3, 3, 3, 5.
  std::vector<int64_t> v = {2, 1, 2, 3, 2};
  std::vector<int8_t> s(v.size());
  ASSERT_TRUE(QuintileScores(v, false, absl::MakeSpan(s)).ok());
  EXPECT_EQ(s, (std::vector<int8_t>{3, 1, 3, 5, 3}));
  // Half ranks: {7, 7} in n = 4 with 1, 9 -> ranks 1, 2.5, 2.5, 4 -> ceil(1.25)=2,
  // ceil(3.125)=4, 5.
  std::vector<int64_t> w = {7, 1, 9, 7};
  std::vector<int8_t> t(w.size());
  ASSERT_TRUE(QuintileScores(w, false, absl::MakeSpan(t)).ok());
  EXPECT_EQ(t, (std::vector<int8_t>{4, 2, 5, 4}));
  // All equal: every rank is (n+1)/2 -> ceil(5 (n+1) / 2n) = 3 for any n >= 2.
  std::vector<int64_t> all(8, 5);
  std::vector<int8_t> a(8);
  ASSERT_TRUE(QuintileScores(all, false, absl::MakeSpan(a)).ok());
  EXPECT_EQ(a, std::vector<int8_t>(8, 3));
  std::vector<int64_t> single = {42};
  std::vector<int8_t> one(1);
  ASSERT_TRUE(QuintileScores(single, false, absl::MakeSpan(one)).ok());
  EXPECT_EQ(one[0], 5);
}

TEST(RfmTest, R_RFM_1_QuintilesMatchFloatingPointFormula) {
  // The pandas transcription: ceil(5 * rank(method="average") / n) in doubles.
  std::mt19937_64 rng(3);
  for (int n : {1, 2, 3, 7, 10, 99, 1000}) {
    std::vector<int64_t> v(n);
    for (auto& x : v) x = static_cast<int64_t>(rng() % 50);
    std::vector<int8_t> s(n);
    ASSERT_TRUE(QuintileScores(v, false, absl::MakeSpan(s)).ok());
    for (int i = 0; i < n; ++i) {
      double less = 0, equal = 0;
      for (int j = 0; j < n; ++j) {
        less += v[j] < v[i];
        equal += v[j] == v[i];
      }
      const double avg_rank = less + (equal + 1) / 2.0;
      EXPECT_EQ(s[i], static_cast<int8_t>(std::ceil(5 * avg_rank / n))) << n << " " << i;
    }
  }
}

TEST(RfmTest, R_RFM_1_ScoresDirection) {
  std::vector<int32_t> recency = {5, 200, 50, 10, 100};
  std::vector<int32_t> frequency = {10, 1, 3, 8, 2};
  std::vector<Fen> monetary = {500, 1, 30, 400, 2};
  std::vector<int8_t> r(5), f(5), m(5);
  ASSERT_TRUE(RfmScores(recency, frequency, monetary, absl::MakeSpan(r), absl::MakeSpan(f),
                        absl::MakeSpan(m))
                  .ok());
  EXPECT_EQ(r, (std::vector<int8_t>{5, 1, 3, 4, 2}));  // most recent -> 5
  EXPECT_EQ(f, (std::vector<int8_t>{5, 1, 3, 4, 2}));
  EXPECT_EQ(m, (std::vector<int8_t>{5, 1, 3, 4, 2}));
}

TEST(RfmTest, ScoresRejectBadInput) {
  std::vector<int32_t> recency = {5, -1};
  std::vector<int32_t> frequency = {1, 2};
  std::vector<Fen> monetary = {1, 2};
  std::vector<int8_t> r(2), f(2), m(2), short_out(1);
  EXPECT_EQ(RfmScores(recency, frequency, monetary, absl::MakeSpan(r), absl::MakeSpan(f),
                      absl::MakeSpan(m))
                .message(),
            "recency_days[1]: -1 is negative");
  recency[1] = 3;
  EXPECT_EQ(RfmScores(recency, frequency, monetary, absl::MakeSpan(short_out), absl::MakeSpan(f),
                      absl::MakeSpan(m))
                .message(),
            "r_scores: length 1 != 2");
  std::vector<Fen> short_m = {1};
  EXPECT_EQ(RfmScores(recency, frequency, short_m, absl::MakeSpan(r), absl::MakeSpan(f),
                      absl::MakeSpan(m))
                .message(),
            "monetary: length 1 != 2");
  EXPECT_TRUE(RfmScores({}, {}, {}, {}, {}, {}).ok());
  std::vector<int8_t> seg(2);
  std::vector<int32_t> neg_f = {1, -2};
  EXPECT_EQ(ClassifyRfmBatch(recency, neg_f, monetary, RfmConfig(), absl::MakeSpan(seg)).message(),
            "frequency[1]: -2 is negative");
}

TEST(RfmTest, R_RFM_1_ScoreRfmTableEqualsScoresAndSegments) {
  std::mt19937_64 rng(4);
  const EpochDay as_of = *ParseDate("2024-06-30");
  const size_t n = 30'000;
  std::vector<int64_t> keys(n);
  std::vector<EpochDay> days(n);
  std::vector<Fen> amounts(n);
  for (size_t i = 0; i < n; ++i) {
    keys[i] = static_cast<int64_t>(rng() % 4000);
    days[i] = as_of - static_cast<EpochDay>(rng() % 200);
    amounts[i] = static_cast<Fen>(rng() % 60'000'000);
  }
  absl::StatusOr<RfmTable> t = ComputeRfm(keys, days, amounts, as_of);
  ASSERT_TRUE(t.ok()) << t.status();
  const size_t g = t->customer_keys.size();
  std::vector<int8_t> r(g), f(g), m(g), segments(g);
  ASSERT_TRUE(RfmScores(t->recency_days, t->frequency, t->monetary, absl::MakeSpan(r),
                        absl::MakeSpan(f), absl::MakeSpan(m))
                  .ok());
  ASSERT_TRUE(ClassifyRfmBatch(t->recency_days, t->frequency, t->monetary, RfmConfig(),
                               absl::MakeSpan(segments))
                  .ok());
  const RfmScoreColumns s = ScoreRfmTable(*t);
  EXPECT_EQ(s.r_scores, r);
  EXPECT_EQ(s.f_scores, f);
  EXPECT_EQ(s.m_scores, m);
  EXPECT_EQ(s.segments, segments);
  // Every segment occurs, so the comparison covers all three.
  for (int code = 0; code < 3; ++code) {
    EXPECT_NE(std::count(segments.begin(), segments.end(), code), 0) << code;
  }
}

}  // namespace
}  // namespace huikuan::core
