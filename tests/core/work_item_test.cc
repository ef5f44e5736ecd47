#include "server/core/work_item.h"

#include "gtest/gtest.h"
#include "server/core/violations.h"

namespace huikuan::core {
namespace {

TEST(WorkItemTest, PriorityIsYuanTimesDaysFromDuePlusEightTimesRisk) {
  // 1,200,000 yuan, 15 days overdue, grade C: 1.2M x 23 x 3.
  EXPECT_EQ(WorkItemPriority(1'200'000'00, 15, CreditGrade::kC, std::nullopt),
            1'200'000LL * 23 * 3);
  // Seven days before due the amount counts once; grade A weighs 1.
  EXPECT_EQ(WorkItemPriority(5'000'00, -7, CreditGrade::kA, std::nullopt), 5'000);
  // Earlier than that still once, never zero or negative.
  EXPECT_EQ(WorkItemPriority(5'000'00, -30, CreditGrade::kA, std::nullopt), 5'000);
  // Fen do not reorder lists.
  EXPECT_EQ(WorkItemPriority(5'000'99, 0, CreditGrade::kD, std::nullopt), 5'000 * 8 * 4);
  // The same amount and days: grade D first.
  EXPECT_GT(WorkItemPriority(1'000'00, 3, CreditGrade::kD, std::nullopt),
            WorkItemPriority(1'000'00, 3, CreditGrade::kB, std::nullopt));
}

TEST(WorkItemTest, TheOverdueProbabilityWeighsOneToThreeTimes) {
  const int64_t base = 1'000LL * 11 * 2;  // 1,000 yuan, 3 days overdue, grade B
  EXPECT_EQ(WorkItemPriority(1'000'00, 3, CreditGrade::kB, 0), base);
  EXPECT_EQ(WorkItemPriority(1'000'00, 3, CreditGrade::kB, 500), base * 2);
  EXPECT_EQ(WorkItemPriority(1'000'00, 3, CreditGrade::kB, 1000), base * 3);
  EXPECT_EQ(WorkItemPriority(1'000'00, 3, CreditGrade::kB, 250), base * 3 / 2);
  // Out-of-range probabilities are clamped, never negative or above three times.
  EXPECT_EQ(WorkItemPriority(1'000'00, 3, CreditGrade::kB, -40), base);
  EXPECT_EQ(WorkItemPriority(1'000'00, 3, CreditGrade::kB, 4000), base * 3);
  // A reminder likely to go unpaid outranks a larger one the model expects to be paid.
  EXPECT_GT(WorkItemPriority(1'000'00, -7, CreditGrade::kA, 900),
            WorkItemPriority(2'000'00, -7, CreditGrade::kA, 50));
  EXPECT_EQ(WorkItemPriority(kMaxAbsFen, 100'000, CreditGrade::kD, 1000),
            std::numeric_limits<int64_t>::max());
}

TEST(WorkItemTest, PrioritySaturatesInsteadOfOverflowing) {
  EXPECT_EQ(WorkItemPriority(kMaxAbsFen, 100'000, CreditGrade::kD, std::nullopt),
            std::numeric_limits<int64_t>::max());
  EXPECT_EQ(WorkItemPriority(-5, 3, CreditGrade::kD, std::nullopt), 0);
}

TEST(WorkItemTest, EscalatedFromTheDayAfterItsDueDayOrSnooze) {
  EXPECT_FALSE(IsEscalated(100, std::nullopt, 100));
  EXPECT_TRUE(IsEscalated(100, std::nullopt, 101));
  EXPECT_FALSE(IsEscalated(100, 105, 105));
  EXPECT_TRUE(IsEscalated(100, 105, 106));
  // A snooze before the due day does not bring the deadline forward.
  EXPECT_FALSE(IsEscalated(100, 98, 100));
}

TEST(WorkItemTest, OnlyAnOpenItemIsCompleted) {
  WorkItemStatus status = WorkItemStatus::kOpen;
  EXPECT_TRUE(CompleteWorkItem(status, "workItems/1").ok());
  EXPECT_EQ(status, WorkItemStatus::kDone);
  absl::Status again = CompleteWorkItem(status, "workItems/1");
  EXPECT_EQ(again.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(GetRuleViolation(again)->type, kWorkItemClosed);
  EXPECT_EQ(again.message(), "workItems/1 is done");
  EXPECT_FALSE(CheckOpen(WorkItemStatus::kCancelled, "workItems/2").ok());
}

TEST(WorkItemTest, PeopleRecordOutcomesButNotSentAndExplainDisputes) {
  EXPECT_TRUE(CheckPersonOutcome(ContactOutcome::kReached, "").ok());
  EXPECT_TRUE(CheckPersonOutcome(ContactOutcome::kPromisedToPay, "pays on the 20th").ok());
  absl::Status sent = CheckPersonOutcome(ContactOutcome::kSent, "");
  EXPECT_EQ(sent.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(GetFieldViolations(sent)[0].field, "outcome");
  absl::Status disputed = CheckPersonOutcome(ContactOutcome::kDisputed, "  ");
  EXPECT_EQ(disputed.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(GetFieldViolations(disputed)[0].field, "note");
  EXPECT_FALSE(CheckPersonOutcome(ContactOutcome::kWrongContact, "").ok());
  EXPECT_TRUE(CheckPersonOutcome(ContactOutcome::kDisputed, "quantity short by 20 units").ok());
}

TEST(WorkItemTest, NamesRoundTrip) {
  for (int i = 0; i < kWorkItemKindCount; ++i) {
    const auto kind = static_cast<WorkItemKind>(i);
    EXPECT_EQ(ParseWorkItemKind(WorkItemKindName(kind)), kind);
  }
  for (int i = 0; i < kWorkItemStatusCount; ++i) {
    const auto status = static_cast<WorkItemStatus>(i);
    EXPECT_EQ(ParseWorkItemStatus(WorkItemStatusName(status)), status);
  }
  for (int i = 0; i < kContactOutcomeCount; ++i) {
    const auto outcome = static_cast<ContactOutcome>(i);
    EXPECT_EQ(ParseContactOutcome(ContactOutcomeName(outcome)), outcome);
  }
  EXPECT_EQ(ParseContactOutcome("maybe"), std::nullopt);
}

}  // namespace
}  // namespace huikuan::core
