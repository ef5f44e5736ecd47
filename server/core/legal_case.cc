#include "server/core/legal_case.h"

#include "absl/strings/str_cat.h"
#include "server/core/enum_names.h"
#include "server/core/violations.h"

namespace huikuan::core {

absl::string_view LegalStageName(LegalStage stage) {
  switch (stage) {
    case LegalStage::kLawyerLetter:
      return "lawyer_letter";
    case LegalStage::kFiled:
      return "filed";
    case LegalStage::kJudgment:
      return "judgment";
    case LegalStage::kEnforcement:
      return "enforcement";
    case LegalStage::kClosed:
      return "closed";
  }
  return "lawyer_letter";
}

std::optional<LegalStage> ParseLegalStage(absl::string_view name) {
  return ParseEnumName<LegalStage, kLegalStageCount>(name, LegalStageName);
}

absl::Status CheckOpeningStage(LegalStage stage) {
  if (stage != LegalStage::kLawyerLetter && stage != LegalStage::kFiled) {
    return FieldViolation("stage", "a case opens at LAWYER_LETTER or FILED");
  }
  return absl::OkStatus();
}

absl::Status AdvanceLegalStage(LegalStage& stage, LegalStage to, absl::string_view case_name) {
  if (stage == LegalStage::kClosed) {
    return RuleViolation(kLegalCaseClosed, case_name, absl::StrCat(case_name, " is closed"));
  }
  const bool next = static_cast<int>(to) == static_cast<int>(stage) + 1;
  if (!next && to != LegalStage::kClosed) {
    return RuleViolation(
        kLegalStageOrder, case_name,
        absl::StrCat(case_name, " is at ", LegalStageName(stage), ": it can go on to ",
                     LegalStageName(static_cast<LegalStage>(static_cast<int>(stage) + 1)),
                     " or be closed, not to ", LegalStageName(to)));
  }
  stage = to;
  return absl::OkStatus();
}

std::optional<InterruptionKind> StageInterruption(LegalStage stage) {
  switch (stage) {
    case LegalStage::kLawyerLetter:
      return InterruptionKind::kWrittenDemand;
    case LegalStage::kFiled:
      return InterruptionKind::kSuitFiled;
    default:
      return std::nullopt;
  }
}

CreditStatus CreditStatusOnOpen(CreditStatus current) { return CreditStatus::kInLitigation; }

CreditStatus CreditStatusOnClose(CreditStatus current, bool other_open_cases) {
  if (current == CreditStatus::kInLitigation && !other_open_cases) return CreditStatus::kOnHold;
  return current;
}

}  // namespace huikuan::core
