#include "server/core/escalation.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "server/core/status_macros.h"

namespace huikuan::core {

absl::string_view EscalationStageName(EscalationStage stage) {
  switch (stage) {
    case EscalationStage::kFriendlyReminder:
      return "friendly_reminder";
    case EscalationStage::kFormalNotice:
      return "formal_notice";
    case EscalationStage::kSeniorManagement:
      return "senior_management";
    case EscalationStage::kPreLegalWarning:
      return "pre_legal_warning";
    case EscalationStage::kExternal:
      return "external";
  }
  return "unknown";
}

Department DepartmentForStage(EscalationStage stage) {
  switch (stage) {
    case EscalationStage::kFriendlyReminder:
      return Department::kSales;
    case EscalationStage::kFormalNotice:
      return Department::kFinance;
    case EscalationStage::kSeniorManagement:
      return Department::kManagement;
    case EscalationStage::kPreLegalWarning:
    case EscalationStage::kExternal:
      return Department::kLegal;
  }
  return Department::kManagement;
}

absl::StatusOr<EscalationDecision> NextEscalation(EscalationStage current,
                                                  const EscalationEconomics& e) {
  const int stage = static_cast<int>(current);
  if (stage < 0 || stage > 4) {
    return absl::InvalidArgumentError(
        absl::StrCat("current: ", stage, " is not an EscalationStage"));
  }
  HK_RETURN_IF_ERROR(ValidateAmount(e.amount, "amount"));
  HK_RETURN_IF_ERROR(ValidateAmount(e.cost, "cost"));
  HK_RETURN_IF_ERROR(ValidateAmount(e.relationship_value, "relationship_value"));
  if (e.success_bp < 0 || e.success_bp > kBasisPointsPerUnit) {
    return absl::InvalidArgumentError(
        absl::StrCat("success_bp: ", e.success_bp, " is outside 0..10000"));
  }
  EscalationDecision d;
  HK_ASSIGN_OR_RETURN(const Fen expected, ApplyBasisPoints(e.amount, e.success_bp));
  d.expected_net_recovery = expected - e.cost;  // both within +-1e17: no overflow

  if (current == EscalationStage::kExternal) {
    d.next = EscalationStage::kExternal;
    d.reason = "already external: follow the agency or court proceedings";
  } else if (current != EscalationStage::kPreLegalWarning) {
    d.next = static_cast<EscalationStage>(stage + 1);
    d.reason = absl::StrCat(EscalationStageName(current), " failed: escalate to ",
                            EscalationStageName(d.next));
  } else {
    const std::string economics = absl::StrCat(
        "expected net recovery ", FormatYuan(d.expected_net_recovery), " yuan (",
        FormatYuan(e.amount), " yuan x ", absl::StrFormat("%.2f%%", e.success_bp / 100.0),
        " - cost ", FormatYuan(e.cost), " yuan) vs relationship value ",
        FormatYuan(e.relationship_value), " yuan");
    if (d.expected_net_recovery > 0 && d.expected_net_recovery > e.relationship_value) {
      d.next = EscalationStage::kExternal;
      d.reason = absl::StrCat(economics, ": go external (agency or court)");
    } else {
      d.next = EscalationStage::kPreLegalWarning;
      d.reason = absl::StrCat(economics,
                              ": do not go external; negotiate a payment plan or a goods-for-debt "
                              "settlement");
    }
  }
  d.department = DepartmentForStage(d.next);
  return d;
}

}  // namespace huikuan::core
