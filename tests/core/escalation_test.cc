#include "server/core/escalation.h"

#include "gtest/gtest.h"

namespace huikuan::core {
namespace {

TEST(EscalationTest, R_DUN_2_InternalStagesAdvanceOneAtATime) {
  EscalationEconomics e{.amount = 1'000, .success_bp = 10'000, .cost = 0, .relationship_value = 0};
  absl::StatusOr<EscalationDecision> d = NextEscalation(EscalationStage::kFriendlyReminder, e);
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_EQ(d->next, EscalationStage::kFormalNotice);
  EXPECT_EQ(d->department, Department::kFinance);
  EXPECT_EQ(d->reason, "friendly_reminder failed: escalate to formal_notice");
  EXPECT_EQ(NextEscalation(EscalationStage::kFormalNotice, e)->next,
            EscalationStage::kSeniorManagement);
  EXPECT_EQ(NextEscalation(EscalationStage::kFormalNotice, e)->department, Department::kManagement);
  EXPECT_EQ(NextEscalation(EscalationStage::kSeniorManagement, e)->next,
            EscalationStage::kPreLegalWarning);
  EXPECT_EQ(NextEscalation(EscalationStage::kSeniorManagement, e)->department, Department::kLegal);
  EXPECT_EQ(NextEscalation(EscalationStage::kExternal, e)->next, EscalationStage::kExternal);
}

TEST(EscalationTest, R_DUN_2_ExternalOnlyWhenWorthIt) {
  // 100,000 yuan at 60%: 60,000 expected, minus 15,000 cost = 45,000 > 20,000 relationship.
  EscalationEconomics e{.amount = 10'000'000,
                        .success_bp = 6'000,
                        .cost = 1'500'000,
                        .relationship_value = 2'000'000};
  absl::StatusOr<EscalationDecision> d = NextEscalation(EscalationStage::kPreLegalWarning, e);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->next, EscalationStage::kExternal);
  EXPECT_EQ(d->department, Department::kLegal);
  EXPECT_EQ(d->expected_net_recovery, 4'500'000);
  EXPECT_EQ(d->reason,
            "expected net recovery 45000.00 yuan (100000.00 yuan x 60.00% - cost 15000.00 yuan) "
            "vs relationship value 20000.00 yuan: go external (agency or court)");
  // Equal to the relationship value: not worth it.
  e.relationship_value = 4'500'000;
  d = NextEscalation(EscalationStage::kPreLegalWarning, e);
  EXPECT_EQ(d->next, EscalationStage::kPreLegalWarning);
  // Costs more than it recovers, even with nothing to lose.
  e = {.amount = 1'000'000, .success_bp = 5'005, .cost = 500'500, .relationship_value = 0};
  d = NextEscalation(EscalationStage::kPreLegalWarning, e);
  EXPECT_EQ(d->expected_net_recovery, 0);
  EXPECT_EQ(d->next, EscalationStage::kPreLegalWarning);
  EXPECT_NE(d->reason.find("x 50.05%"), std::string::npos) << d->reason;
}

TEST(EscalationTest, RejectsBadInput) {
  EscalationEconomics e{.amount = -1};
  EXPECT_EQ(NextEscalation(EscalationStage::kPreLegalWarning, e).status().code(),
            absl::StatusCode::kInvalidArgument);
  e = {.amount = 1, .success_bp = 10'001};
  EXPECT_EQ(NextEscalation(EscalationStage::kPreLegalWarning, e).status().code(),
            absl::StatusCode::kInvalidArgument);
  e = {.amount = 1, .cost = kMaxAbsFen + 1};
  EXPECT_EQ(NextEscalation(EscalationStage::kPreLegalWarning, e).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(NextEscalation(static_cast<EscalationStage>(5), {}).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace huikuan::core
