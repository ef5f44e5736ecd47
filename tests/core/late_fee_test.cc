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

TEST(LateFeeTest, R_TERM_4_DailyAccrualChargesEachDayOnWhatWasOpen) {
  // Due 2024-03-01, 1,000,000 fen open; 400,000 received on 03-04; accrued through 03-02 already.
  LateFeeSchedule schedule;
  schedule.due_day = *ParseDate("2024-03-01");
  schedule.open_now = 600'000;
  schedule.last_accrued_day = *ParseDate("2024-03-02");
  schedule.receipts_after_due = {{*ParseDate("2024-03-04"), 400'000}};
  absl::StatusOr<std::vector<DailyLateFee>> fees =
      AccrueDailyLateFees(schedule, *ParseDate("2024-03-05"));
  ASSERT_TRUE(fees.ok()) << fees.status();
  ASSERT_EQ(fees->size(), 3u);  // 03-03, 03-04, 03-05
  EXPECT_EQ((*fees)[0].day, *ParseDate("2024-03-03"));
  EXPECT_EQ((*fees)[0].base, 1'000'000);  // the payment came the day after
  EXPECT_EQ((*fees)[0].fee, 500);
  EXPECT_EQ((*fees)[1].base, 600'000);  // open at the end of 03-04
  EXPECT_EQ((*fees)[1].fee, 300);
  EXPECT_EQ((*fees)[2].base, 600'000);
}

TEST(LateFeeTest, R_TERM_4_DailyFeesOnOneAmountTotalTheRoundedOnceFee) {
  LateFeeSchedule schedule;
  schedule.due_day = *ParseDate("2024-01-31");
  schedule.open_now = 1'001;
  absl::StatusOr<std::vector<DailyLateFee>> fees =
      AccrueDailyLateFees(schedule, *ParseDate("2024-02-03"));
  ASSERT_TRUE(fees.ok());
  Fen total = 0;
  for (const DailyLateFee& fee : *fees) total += fee.fee;
  EXPECT_EQ(total, *LateFee(1'001, 3));  // 1.5015 -> 2, not 1 + 1 + 1
}

TEST(LateFeeTest, R_TERM_4_NothingAfterFullPaymentOrBeforeDue) {
  LateFeeSchedule paid;
  paid.due_day = *ParseDate("2024-01-31");
  paid.open_now = 0;
  paid.receipts_after_due = {{*ParseDate("2024-02-02"), 5'000}};
  absl::StatusOr<std::vector<DailyLateFee>> fees =
      AccrueDailyLateFees(paid, *ParseDate("2024-02-10"));
  ASSERT_TRUE(fees.ok());
  ASSERT_EQ(fees->size(), 1u);  // 02-01 only: paid in full on 02-02
  EXPECT_EQ((*fees)[0].base, 5'000);
  EXPECT_TRUE(AccrueDailyLateFees(paid, *ParseDate("2024-01-31"))->empty());
  LateFeeSchedule bad = paid;
  bad.open_now = -1;
  EXPECT_EQ(AccrueDailyLateFees(bad, *ParseDate("2024-02-10")).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace huikuan::core
