// R-LAW-1: the limitation period of an overdue invoice is three years from its due date (PRC Civil
// Code art. 188); a written demand, an acknowledgement, a promise, a partial payment or a suit
// interrupts it and it starts again from that day (art. 195); legal is warned 180, 90 and 30 days
// before it runs out.
#include "server/core/limitation.h"

#include <vector>

#include "gtest/gtest.h"

namespace huikuan::core {
namespace {

EpochDay D(const char* text) { return *ParseDate(text); }

TEST(LimitationTest, R_LAW_1_ThreeYearsFromTheDueDate) {
  absl::StatusOr<LimitationPeriod> period = ComputeLimitation(D("2024-02-29"), {}, D("2026-01-01"));
  ASSERT_TRUE(period.ok()) << period.status();
  EXPECT_EQ(period->start_day, D("2024-02-29"));
  EXPECT_EQ(FormatDate(period->expiry_day), "2027-02-28");  // a leap day clamps
  EXPECT_EQ(period->interruptions, 0);
  EXPECT_FALSE(period->last_interruption.has_value());
  EXPECT_FALSE(period->expired);
  EXPECT_FALSE(ComputeLimitation(D("2024-02-29"), {}, D("2027-02-28"))->expired);
  EXPECT_TRUE(ComputeLimitation(D("2024-02-29"), {}, D("2027-03-01"))->expired);
}

TEST(LimitationTest, R_LAW_1_InterruptionRestartsThePeriod) {
  const std::vector<Interruption> events = {
      {D("2025-06-10"), InterruptionKind::kPartialPayment},
      {D("2024-01-05"), InterruptionKind::kPromise},  // before the due date: nothing
      {D("2024-09-01"), InterruptionKind::kWrittenDemand},
      {D("2026-12-01"), InterruptionKind::kAcknowledgement},  // after as_of: not yet
  };
  absl::StatusOr<LimitationPeriod> period =
      ComputeLimitation(D("2024-03-01"), events, D("2026-01-01"));
  ASSERT_TRUE(period.ok()) << period.status();
  EXPECT_EQ(period->interruptions, 2);
  EXPECT_EQ(period->start_day, D("2025-06-10"));
  EXPECT_EQ(FormatDate(period->expiry_day), "2028-06-10");
  EXPECT_EQ(period->last_interruption->kind, InterruptionKind::kPartialPayment);
  // Replaying a later day sees the acknowledgement too.
  absl::StatusOr<LimitationPeriod> later =
      ComputeLimitation(D("2024-03-01"), events, D("2027-01-01"));
  EXPECT_EQ(FormatDate(later->expiry_day), "2029-12-01");
  EXPECT_EQ(later->last_interruption->kind, InterruptionKind::kAcknowledgement);
}

TEST(LimitationTest, R_LAW_1_NoRevivalAfterExpiry) {
  // The period ran out on 2027-03-01; a promise after it does not start a new one (art. 192).
  const std::vector<Interruption> events = {{D("2027-03-02"), InterruptionKind::kPromise}};
  absl::StatusOr<LimitationPeriod> period =
      ComputeLimitation(D("2024-03-01"), events, D("2027-06-01"));
  EXPECT_TRUE(period->expired);
  EXPECT_EQ(period->interruptions, 0);
  // On the last day it still counts.
  const std::vector<Interruption> last_day = {{D("2027-03-01"), InterruptionKind::kSuitFiled}};
  absl::StatusOr<LimitationPeriod> in_time =
      ComputeLimitation(D("2024-03-01"), last_day, D("2027-06-01"));
  EXPECT_FALSE(in_time->expired);
  EXPECT_EQ(FormatDate(in_time->expiry_day), "2030-03-01");
}

TEST(LimitationTest, R_LAW_1_RemindersAt180_90And30DaysBeforeExpiry) {
  const EpochDay expiry = D("2027-03-01");
  EXPECT_EQ(LimitationReminderThreshold(expiry, expiry - 181), std::nullopt);
  EXPECT_EQ(LimitationReminderThreshold(expiry, expiry - 180), 180);
  EXPECT_EQ(LimitationReminderThreshold(expiry, expiry - 91), 180);
  EXPECT_EQ(LimitationReminderThreshold(expiry, expiry - 90), 90);
  EXPECT_EQ(LimitationReminderThreshold(expiry, expiry - 31), 90);
  EXPECT_EQ(LimitationReminderThreshold(expiry, expiry - 30), 30);
  EXPECT_EQ(LimitationReminderThreshold(expiry, expiry), 30);
  EXPECT_EQ(LimitationReminderThreshold(expiry, expiry + 1), std::nullopt);
  EXPECT_EQ(InterruptionKindName(InterruptionKind::kSuitFiled), "suit_filed");
  EXPECT_EQ(ParseInterruptionKind("acknowledgement"), InterruptionKind::kAcknowledgement);
  EXPECT_FALSE(ParseInterruptionKind("phone_call").has_value());
}

}  // namespace
}  // namespace huikuan::core
