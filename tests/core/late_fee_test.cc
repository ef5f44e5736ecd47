#include "server/core/late_fee.h"

#include <limits>
#include <vector>

#include "gtest/gtest.h"

namespace huikuan::core {
namespace {

TEST(LateFeeTest, R_TERM_4_FivePerTenThousandPerDay) {
  // Seed 000: "逾期将按日万分之五收取滞纳金": 1,000,000 fen overdue 10 days -> 5,000 fen.
  absl::StatusOr<Fen> fee = LateFee(1'000'000, 10);
  ASSERT_TRUE(fee.ok()) << fee.status();
  EXPECT_EQ(*fee, 5'000);
  EXPECT_EQ(*LateFee(1'000'000, 1), 500);
  EXPECT_EQ(*LateFee(1'000'000, 0), 0);
  EXPECT_EQ(*LateFee(0, 100), 0);
}

TEST(LateFeeTest, R_TERM_4_RoundsOnceFromExactProduct) {
  // 1,001 fen x 5 bp x 1 day = 0.5005 fen -> 1 (half-up); per-day rounding would give 1 too, but
  // over 3 days: exact 1.5015 -> 2, while rounding each day (0.5005 -> 1) would sum to 3.
  EXPECT_EQ(*LateFee(1'001, 3), 2);
  // Exactly half: 1,000 fen x 5 bp x 1 day = 0.5 fen.
  EXPECT_EQ(*LateFee(1'000, 1), 1);
  LateFeeConfig even;
  even.rounding = Rounding::kHalfEven;
  EXPECT_EQ(*LateFee(1'000, 1, even), 0);
  EXPECT_EQ(*LateFee(3'000, 1, even), 2);  // 1.5 -> 2
  LateFeeConfig down;
  down.rounding = Rounding::kDown;
  EXPECT_EQ(*LateFee(1'999, 1, down), 0);  // 0.9995 -> 0
}

TEST(LateFeeTest, R_TERM_4_TermCountsFromInvoiceDate) {
  const EpochDay invoice = *ParseDate("2024-01-01");
  // 60-day term from 2024-01-01 -> due 2024-03-01; on 2024-03-11 ten days overdue.
  EXPECT_EQ(*DaysOverdue(invoice, 60, *ParseDate("2024-03-11")), 10);
  EXPECT_EQ(*DaysOverdue(invoice, 60, *ParseDate("2024-03-01")), 0);
  EXPECT_EQ(*DaysOverdue(invoice, 60, *ParseDate("2024-02-01")), 0);
  EXPECT_EQ(DaysOverdue(invoice, -1, invoice).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(DaysOverdue(kMaxEpochDay + 1, 0, invoice).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(LateFeeTest, GraceDays) {
  LateFeeConfig config;
  config.grace_days = 3;
  EXPECT_EQ(*LateFee(1'000'000, 3, config), 0);
  EXPECT_EQ(*LateFee(1'000'000, 13, config), 5'000);
}

TEST(LateFeeTest, HugeGraceDaysDoNotWrap) {
  LateFeeConfig config;
  config.grace_days = std::numeric_limits<int32_t>::max();
  std::vector<Fen> amounts = {1'000'000};
  std::vector<EpochDay> due = {kMinEpochDay};
  std::vector<Fen> fees(1);
  absl::StatusOr<Fen> total =
      LateFeesBatch(amounts, due, kMaxEpochDay, config, absl::MakeSpan(fees));
  ASSERT_TRUE(total.ok()) << total.status();
  EXPECT_EQ(*total, 0);
  EXPECT_EQ(*LateFee(1'000'000, std::numeric_limits<int32_t>::max(), config), 0);
}

TEST(LateFeeTest, RejectsBadInput) {
  EXPECT_EQ(LateFee(-1, 1).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(LateFee(kMaxAbsFen + 1, 1).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(LateFee(1, -1).status().code(), absl::StatusCode::kInvalidArgument);
  LateFeeConfig bad;
  bad.rate_bp_per_day = -5;
  EXPECT_EQ(LateFee(1, 1, bad).status().code(), absl::StatusCode::kInvalidArgument);
  bad = LateFeeConfig();
  bad.grace_days = -1;
  EXPECT_EQ(LateFee(1, 1, bad).status().code(), absl::StatusCode::kInvalidArgument);
  // The largest inputs do not overflow the 128-bit product.
  EXPECT_EQ(*LateFee(kMaxAbsFen, 100'000), 5'000'000'000'000'000'000);
  LateFeeConfig full;
  full.rate_bp_per_day = 10'000;
  EXPECT_EQ(LateFee(kMaxAbsFen, 100, full).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(LateFeeTest, R_TERM_4_Batch) {
  const EpochDay as_of = *ParseDate("2024-03-11");
  std::vector<Fen> amounts = {1'000'000, 1'000'000, 2'000'000, 1'001};
  std::vector<EpochDay> due = {as_of - 10, as_of, as_of + 5, as_of - 3};
  std::vector<Fen> fees(4);
  absl::StatusOr<Fen> total =
      LateFeesBatch(amounts, due, as_of, LateFeeConfig(), absl::MakeSpan(fees));
  ASSERT_TRUE(total.ok()) << total.status();
  EXPECT_EQ(fees, (std::vector<Fen>{5'000, 0, 0, 2}));
  EXPECT_EQ(*total, 5'002);

  std::vector<Fen> short_fees(3);
  EXPECT_EQ(LateFeesBatch(amounts, due, as_of, LateFeeConfig(), absl::MakeSpan(short_fees))
                .status()
                .message(),
            "fees: length 3 != 4");
  std::vector<EpochDay> due3 = {as_of, as_of, as_of};
  EXPECT_EQ(
      LateFeesBatch(amounts, due3, as_of, LateFeeConfig(), absl::MakeSpan(fees)).status().message(),
      "due_days: length 3 != 4");
  std::vector<Fen> negative = {1, 2, -3, 4};
  EXPECT_EQ(
      LateFeesBatch(negative, due, as_of, LateFeeConfig(), absl::MakeSpan(fees)).status().code(),
      absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(*LateFeesBatch({}, {}, as_of, LateFeeConfig(), {}), 0);
}

}  // namespace
}  // namespace huikuan::core
