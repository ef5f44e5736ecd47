#include "server/core/outbox.h"

#include "gtest/gtest.h"
#include "server/core/violations.h"

namespace huikuan::core {
namespace {

TEST(OutboxTest, EmailIsSentByTheServerSmsAndLettersWaitForPeople) {
  EXPECT_EQ(InitialOutboxStatus(Channel::kEmail), OutboxStatus::kPending);
  EXPECT_EQ(InitialOutboxStatus(Channel::kSms), OutboxStatus::kAwaitingDispatch);
  EXPECT_EQ(InitialOutboxStatus(Channel::kLetter), OutboxStatus::kAwaitingDispatch);
  EXPECT_EQ(OutboxChannelFor(Channel::kEmail), Channel::kEmail);
  EXPECT_EQ(OutboxChannelFor(Channel::kNotice), Channel::kLetter);
  EXPECT_EQ(OutboxChannelFor(Channel::kPhone), std::nullopt);
  EXPECT_EQ(OutboxChannelFor(Channel::kVisit), std::nullopt);
  EXPECT_EQ(OutboxChannelFor(Channel::kCourt), std::nullopt);
}

TEST(OutboxTest, TemporaryFailuresBackOffThenFail) {
  const absl::Duration expected[] = {absl::Minutes(1), absl::Minutes(5), absl::Minutes(30),
                                     absl::Hours(2), absl::Hours(6)};
  for (int attempt = 1; attempt < kMaxDeliveryAttempts; ++attempt) {
    absl::StatusOr<DeliveryStep> step =
        AfterDeliveryAttempt(OutboxStatus::kSending, attempt, DeliveryResult::kTemporaryError);
    ASSERT_TRUE(step.ok()) << step.status();
    EXPECT_EQ(step->status, OutboxStatus::kPending) << attempt;
    EXPECT_EQ(step->retry_after, expected[attempt - 1]) << attempt;
  }
  absl::StatusOr<DeliveryStep> last = AfterDeliveryAttempt(
      OutboxStatus::kSending, kMaxDeliveryAttempts, DeliveryResult::kTemporaryError);
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(last->status, OutboxStatus::kFailed);
}

TEST(OutboxTest, APermanentRefusalFailsAtOnceAndDeliveryIsSent) {
  EXPECT_EQ(
      AfterDeliveryAttempt(OutboxStatus::kSending, 1, DeliveryResult::kPermanentError)->status,
      OutboxStatus::kFailed);
  EXPECT_EQ(AfterDeliveryAttempt(OutboxStatus::kSending, 3, DeliveryResult::kDelivered)->status,
            OutboxStatus::kSent);
}

TEST(OutboxTest, OnlyAMessageBeingSentTakesAnAttempt) {
  absl::Status status =
      AfterDeliveryAttempt(OutboxStatus::kSent, 1, DeliveryResult::kDelivered).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(GetRuleViolation(status)->type, kOutboxState);
}

TEST(OutboxTest, DispatchOnlyFromAwaitingDispatch) {
  OutboxStatus status = OutboxStatus::kAwaitingDispatch;
  EXPECT_TRUE(MarkDispatched(status, "outboxMessages/3").ok());
  EXPECT_EQ(status, OutboxStatus::kDispatched);
  absl::Status again = MarkDispatched(status, "outboxMessages/3");
  EXPECT_EQ(again.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(again.message(), "outboxMessages/3 is dispatched, not awaiting dispatch");
  OutboxStatus email = OutboxStatus::kPending;
  EXPECT_FALSE(MarkDispatched(email, "outboxMessages/4").ok());
  EXPECT_EQ(email, OutboxStatus::kPending);
}

TEST(OutboxTest, StatusNamesRoundTrip) {
  for (int i = 0; i < kOutboxStatusCount; ++i) {
    const auto status = static_cast<OutboxStatus>(i);
    EXPECT_EQ(ParseOutboxStatus(OutboxStatusName(status)), status);
  }
  EXPECT_EQ(ParseOutboxStatus("delivered"), std::nullopt);
}

}  // namespace
}  // namespace huikuan::core
