#include "server/core/aging.h"

#include <cstdint>
#include <random>
#include <vector>

#include "gtest/gtest.h"

namespace huikuan::core {
namespace {

constexpr EpochDay kAsOf = 19783;  // 2024-03-01

TEST(AgingTest, R_AGING_1_DefaultBucketsAndLabels) {
  AgingConfig config;
  EXPECT_EQ(NumBuckets(config), 5);
  EXPECT_EQ(BucketLabels(config),
            (std::vector<std::string>{"current", "1-30", "31-60", "61-90", ">90"}));
}

TEST(AgingTest, R_AGING_1_BoundariesExact) {
  AgingConfig config;
  const std::vector<std::pair<int32_t, int>> cases = {{-30, 0}, {-1, 0}, {0, 0},   {1, 1},
                                                      {30, 1},  {31, 2}, {60, 2},  {61, 3},
                                                      {90, 3},  {91, 4}, {5000, 4}};
  for (auto [days, bucket] : cases) {
    absl::StatusOr<int> b = AgingBucket(days, config);
    ASSERT_TRUE(b.ok()) << b.status();
    EXPECT_EQ(*b, bucket) << days << " days past due";
  }
}

TEST(AgingTest, R_AGING_1_AssignBucketsFromDueDays) {
  // Due on as_of -> current; due yesterday -> 1-30; due 91 days ago -> >90.
  std::vector<EpochDay> due = {kAsOf,      kAsOf - 1,  kAsOf - 30, kAsOf - 31, kAsOf - 60,
                               kAsOf - 61, kAsOf - 90, kAsOf - 91, kAsOf + 10};
  std::vector<int8_t> buckets(due.size());
  ASSERT_TRUE(AssignBuckets(due, kAsOf, AgingConfig(), absl::MakeSpan(buckets)).ok());
  EXPECT_EQ(buckets, (std::vector<int8_t>{0, 1, 1, 2, 2, 3, 3, 4, 0}));
}

TEST(AgingTest, R_AGING_1_CompanyTotalsPerBucket) {
  std::vector<Fen> open = {100, 200, 300, 0, 400, 500};
  std::vector<EpochDay> due = {kAsOf, kAsOf - 1, kAsOf - 45, kAsOf - 45, kAsOf - 61, kAsOf - 91};
  absl::StatusOr<AgingTable> t = AgeByGroup({}, open, due, kAsOf);
  ASSERT_TRUE(t.ok()) << t.status();
  ASSERT_EQ(t->group_keys, std::vector<int64_t>{0});
  EXPECT_EQ(t->amounts, (std::vector<Fen>{100, 200, 300, 400, 500}));
  // The settled invoice (open 0) is counted nowhere.
  EXPECT_EQ(t->counts, (std::vector<int64_t>{1, 1, 1, 1, 1}));
  EXPECT_EQ(t->totals, std::vector<Fen>{1500});
}

TEST(AgingTest, R_AGING_1_GroupedKeysSortedAscending) {
  std::vector<int64_t> keys = {7, 3, 7, -2, 3};
  std::vector<Fen> open = {10, 20, 30, 40, 50};
  std::vector<EpochDay> due = {kAsOf - 100, kAsOf, kAsOf - 5, kAsOf - 31, kAsOf - 31};
  absl::StatusOr<AgingTable> t = AgeByGroup(keys, open, due, kAsOf);
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->group_keys, (std::vector<int64_t>{-2, 3, 7}));
  EXPECT_EQ(t->amount(0, 2), 40);
  EXPECT_EQ(t->amount(1, 0), 20);
  EXPECT_EQ(t->amount(1, 2), 50);
  EXPECT_EQ(t->amount(2, 1), 30);
  EXPECT_EQ(t->amount(2, 4), 10);
  EXPECT_EQ(t->count(2, 4), 1);
  EXPECT_EQ(t->totals, (std::vector<Fen>{40, 70, 40}));
}

TEST(AgingTest, R_AGING_1_ConfigurableBounds) {
  AgingConfig config{.upper_bounds = {0, 15, 45}};
  EXPECT_EQ(BucketLabels(config), (std::vector<std::string>{"current", "1-15", "16-45", ">45"}));
  EXPECT_EQ(*AgingBucket(15, config), 1);
  EXPECT_EQ(*AgingBucket(16, config), 2);
  EXPECT_EQ(*AgingBucket(46, config), 3);
  AgingConfig not_due_first{.upper_bounds = {7, 30}};
  EXPECT_EQ(BucketLabels(not_due_first)[0], "<=7");
}

TEST(AgingTest, RejectsBadConfig) {
  for (const std::vector<int32_t>& bounds :
       std::vector<std::vector<int32_t>>{{}, {-1, 30}, {0, 30, 30}, {0, 60, 30}}) {
    AgingConfig config{.upper_bounds = bounds};
    EXPECT_EQ(AgingBucket(1, config).status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(AgeByGroup({}, {}, {}, kAsOf, config).status().code(),
              absl::StatusCode::kInvalidArgument);
  }
}

TEST(AgingTest, RejectsBadColumns) {
  std::vector<Fen> open = {1, 2, 3, 4};
  std::vector<EpochDay> due3 = {kAsOf, kAsOf, kAsOf};
  absl::Status s = AgeByGroup({}, open, due3, kAsOf).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "due_days: length 3 != 4");

  std::vector<EpochDay> due = {kAsOf, kAsOf, kAsOf, kAsOf};
  std::vector<int64_t> keys2 = {1, 2};
  s = AgeByGroup(keys2, open, due, kAsOf).status();
  EXPECT_EQ(s.message(), "group_keys: length 2 != 4");

  std::vector<Fen> negative = {1, -2, 3, 4};
  s = AgeByGroup({}, negative, due, kAsOf).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("open_amounts[1]"), absl::string_view::npos) << s;

  std::vector<Fen> huge = {1, 2, kMaxAbsFen + 1, 4};
  s = AgeByGroup({}, huge, due, kAsOf).status();
  EXPECT_NE(s.message().find("open_amounts[2]"), absl::string_view::npos) << s;

  std::vector<EpochDay> bad_day = {kAsOf, kAsOf, kAsOf, kMaxEpochDay + 1};
  s = AgeByGroup({}, open, bad_day, kAsOf).status();
  EXPECT_NE(s.message().find("due_days[3]"), absl::string_view::npos) << s;

  s = AgeByGroup({}, open, due, kMinEpochDay - 1).status();
  EXPECT_NE(s.message().find("as_of"), absl::string_view::npos) << s;

  std::vector<int8_t> out(3);
  EXPECT_EQ(AssignBuckets(due, kAsOf, AgingConfig(), absl::MakeSpan(out)).message(),
            "buckets: length 3 != 4");
}

TEST(AgingTest, EmptyInput) {
  absl::StatusOr<AgingTable> company = AgeByGroup({}, {}, {}, kAsOf);
  ASSERT_TRUE(company.ok());
  EXPECT_EQ(company->group_keys, std::vector<int64_t>{0});
  EXPECT_EQ(company->amounts, std::vector<Fen>(5, 0));
  EXPECT_EQ(company->totals, std::vector<Fen>{0});
}

TEST(AgingTest, OverflowOfGroupSumIsAnError) {
  // 100 invoices of the maximum amount overflow int64 (1e19 > 9.2e18) in one bucket.
  std::vector<Fen> open(100, kMaxAbsFen);
  std::vector<EpochDay> due(100, kAsOf);
  absl::Status s = AgeByGroup({}, open, due, kAsOf).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("overflows"), absl::string_view::npos) << s;
  // 50 per bucket fits (5e18 each), but the group total of 1e19 still overflows.
  std::vector<EpochDay> split(100, kAsOf);
  for (int i = 0; i < 50; ++i) split[i] = kAsOf - 100;
  s = AgeByGroup({}, open, split, kAsOf).status();
  EXPECT_NE(s.message().find("total"), absl::string_view::npos) << s;
}

TEST(AgingTest, MatchesNaiveComputationOnRandomData) {
  std::mt19937_64 rng(42);
  const int n = 20000;
  std::vector<int64_t> keys(n);
  std::vector<Fen> open(n);
  std::vector<EpochDay> due(n);
  for (int i = 0; i < n; ++i) {
    keys[i] = static_cast<int64_t>(rng() % 50);
    open[i] = static_cast<Fen>(rng() % 10'000'000);
    due[i] = kAsOf - 200 + static_cast<EpochDay>(rng() % 300);
  }
  absl::StatusOr<AgingTable> t = AgeByGroup(keys, open, due, kAsOf);
  ASSERT_TRUE(t.ok());
  ASSERT_EQ(t->group_keys.size(), 50u);
  std::vector<Fen> expected(50 * 5, 0);
  for (int i = 0; i < n; ++i) {
    const int dpd = kAsOf - due[i];
    const int b = dpd <= 0 ? 0 : dpd <= 30 ? 1 : dpd <= 60 ? 2 : dpd <= 90 ? 3 : 4;
    expected[keys[i] * 5 + b] += open[i];
  }
  EXPECT_EQ(t->amounts, expected);
}

}  // namespace
}  // namespace huikuan::core
