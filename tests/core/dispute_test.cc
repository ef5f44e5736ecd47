// Invoice disputes (issue 9): reason codes and the dispute's age.
#include "server/core/dispute.h"

#include "gtest/gtest.h"

namespace huikuan::core {
namespace {

TEST(DisputeTest, R_DUN_1_ReasonCodesAndAge) {
  for (int i = 0; i < kDisputeReasonCount; ++i) {
    const auto reason = static_cast<DisputeReason>(i);
    EXPECT_EQ(ParseDisputeReason(DisputeReasonName(reason)), reason);
  }
  EXPECT_EQ(DisputeReasonName(DisputeReason::kNotReceived), "not_received");
  EXPECT_FALSE(ParseDisputeReason("too_expensive").has_value());
  EXPECT_EQ(ParseDisputeSource("statement"), DisputeSource::kStatement);
  EXPECT_EQ(DisputeAgeDays(100, std::nullopt, 100), 0);
  EXPECT_EQ(DisputeAgeDays(100, std::nullopt, 130), 30);
  EXPECT_EQ(DisputeAgeDays(100, 112, 130), 12);  // resolved: its age stops
  EXPECT_EQ(DisputeAgeDays(100, std::nullopt, 90), 0);
}

}  // namespace
}  // namespace huikuan::core
