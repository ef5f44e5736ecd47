#include "server/core/decision_state.h"

#include "gtest/gtest.h"
#include "server/core/violations.h"

namespace huikuan::core {
namespace {

TEST(DecisionStateTest, R_TERM_4_AWaiverOrWriteOffIsDecidedOnce) {
  DecisionStatus status = DecisionStatus::kRequested;
  ASSERT_TRUE(Decide(status, /*approve=*/true, "writeOffs/1").ok());
  EXPECT_EQ(status, DecisionStatus::kApproved);
  absl::Status again = Decide(status, /*approve=*/false, "writeOffs/1");
  EXPECT_EQ(GetRuleViolation(again)->type, "NOT_REQUESTED");
  EXPECT_EQ(again.message(), "writeOffs/1 is approved, not requested");
  EXPECT_EQ(status, DecisionStatus::kApproved);
  DecisionStatus rejected = DecisionStatus::kRequested;
  ASSERT_TRUE(Decide(rejected, /*approve=*/false, "lateFeeWaivers/2").ok());
  EXPECT_EQ(rejected, DecisionStatus::kRejected);
  EXPECT_EQ(ParseDecisionStatus("rejected"), DecisionStatus::kRejected);
}

}  // namespace
}  // namespace huikuan::core
