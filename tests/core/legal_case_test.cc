// Legal cases (R-DUN-2's last stage; legal's duties): the stage machine, the limitation events of
// its stages and the customer's credit status on opening and closing.
#include "server/core/legal_case.h"

#include "gtest/gtest.h"
#include "server/core/violations.h"

namespace huikuan::core {
namespace {

TEST(LegalCaseTest, R_DUN_2_StagesGoForwardOneAtATimeOrClose) {
  LegalStage stage = LegalStage::kLawyerLetter;
  EXPECT_TRUE(AdvanceLegalStage(stage, LegalStage::kFiled, "legalCases/1").ok());
  EXPECT_TRUE(AdvanceLegalStage(stage, LegalStage::kJudgment, "legalCases/1").ok());
  EXPECT_TRUE(AdvanceLegalStage(stage, LegalStage::kEnforcement, "legalCases/1").ok());
  EXPECT_TRUE(AdvanceLegalStage(stage, LegalStage::kClosed, "legalCases/1").ok());
  EXPECT_EQ(stage, LegalStage::kClosed);
  absl::Status closed = AdvanceLegalStage(stage, LegalStage::kFiled, "legalCases/1");
  EXPECT_EQ(GetRuleViolation(closed)->type, kLegalCaseClosed);

  LegalStage letter = LegalStage::kLawyerLetter;
  absl::Status skip = AdvanceLegalStage(letter, LegalStage::kJudgment, "legalCases/2");
  EXPECT_EQ(skip.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(GetRuleViolation(skip)->type, kLegalStageOrder);
  EXPECT_EQ(letter, LegalStage::kLawyerLetter);
  EXPECT_FALSE(AdvanceLegalStage(letter, LegalStage::kLawyerLetter, "legalCases/2").ok());
  LegalStage judgment = LegalStage::kJudgment;
  EXPECT_FALSE(AdvanceLegalStage(judgment, LegalStage::kFiled, "legalCases/3").ok());
  EXPECT_TRUE(AdvanceLegalStage(letter, LegalStage::kClosed, "legalCases/2").ok());

  EXPECT_TRUE(CheckOpeningStage(LegalStage::kLawyerLetter).ok());
  EXPECT_TRUE(CheckOpeningStage(LegalStage::kFiled).ok());
  EXPECT_EQ(GetFieldViolations(CheckOpeningStage(LegalStage::kJudgment))[0].field, "stage");
  EXPECT_EQ(LegalStageName(LegalStage::kLawyerLetter), "lawyer_letter");
  EXPECT_EQ(ParseLegalStage("enforcement"), LegalStage::kEnforcement);
}

TEST(LegalCaseTest, R_LAW_1_LetterAndFilingInterruptTheLimitationPeriod) {
  EXPECT_EQ(StageInterruption(LegalStage::kLawyerLetter), InterruptionKind::kWrittenDemand);
  EXPECT_EQ(StageInterruption(LegalStage::kFiled), InterruptionKind::kSuitFiled);
  EXPECT_EQ(StageInterruption(LegalStage::kJudgment), std::nullopt);
  EXPECT_EQ(StageInterruption(LegalStage::kClosed), std::nullopt);
}

TEST(LegalCaseTest, R_WARN_4_OpeningPutsTheCustomerInLitigationClosingLeavesItOnHold) {
  EXPECT_EQ(CreditStatusOnOpen(CreditStatus::kActive), CreditStatus::kInLitigation);
  EXPECT_EQ(CreditStatusOnOpen(CreditStatus::kOnHold), CreditStatus::kInLitigation);
  EXPECT_EQ(CreditStatusOnOpen(CreditStatus::kInLitigation), CreditStatus::kInLitigation);
  EXPECT_EQ(CreditStatusOnClose(CreditStatus::kInLitigation, false), CreditStatus::kOnHold);
  EXPECT_EQ(CreditStatusOnClose(CreditStatus::kInLitigation, true), CreditStatus::kInLitigation);
  // Released by hand meanwhile: closing does not put a hold back.
  EXPECT_EQ(CreditStatusOnClose(CreditStatus::kActive, false), CreditStatus::kActive);
}

}  // namespace
}  // namespace huikuan::core
