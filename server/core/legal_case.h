// Legal cases (R-DUN-1's last steps, R-DUN-2 "external agency or court"; legal's duties in
// DESIGN.md: lawyer letters, litigation, limitation periods). A case goes forward one stage at a
// time, lawyer letter -> filed -> judgment -> enforcement, and may be closed from any open stage
// (paid, settled out of court, withdrawn, enforced). Opening a case puts the customer IN_LITIGATION
// (no new invoices, order_credit.h); closing the customer's last open case leaves it ON_HOLD, not
// active: supply resumes only when a head releases the hold (ReleaseCreditHold), because a court
// case ending says nothing about the customer's creditworthiness.
//
//   LegalStage stage = LegalStage::kLawyerLetter;
//   HK_RETURN_IF_ERROR(AdvanceLegalStage(stage, LegalStage::kFiled, "legalCases/3"));
//
// Thread-safe: pure functions of their arguments, no global state, no I/O.
#ifndef HUIKUAN_SERVER_CORE_LEGAL_CASE_H_
#define HUIKUAN_SERVER_CORE_LEGAL_CASE_H_

#include <cstdint>
#include <optional>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "server/core/limitation.h"
#include "server/core/order_credit.h"

namespace huikuan::core {

// Stable numeric values, in the order a case goes through them.
enum class LegalStage : int8_t {
  kLawyerLetter = 0,  // 律师函: a lawyer's formal demand
  kFiled = 1,         // suit filed (or arbitration applied for)
  kJudgment = 2,      // judgment or award obtained
  kEnforcement = 3,   // enforcement applied for
  kClosed = 4,
};
inline constexpr int kLegalStageCount = 5;
// "lawyer_letter", "filed", "judgment", "enforcement", "closed".
absl::string_view LegalStageName(LegalStage stage);
std::optional<LegalStage> ParseLegalStage(absl::string_view name);

inline constexpr absl::string_view kLegalStageOrder = "LEGAL_STAGE_ORDER";
inline constexpr absl::string_view kLegalCaseClosed = "LEGAL_CASE_CLOSED";

// A case opens at the lawyer letter or, when legal goes to court directly, at filing;
// INVALID_ARGUMENT on "stage" otherwise.
absl::Status CheckOpeningStage(LegalStage stage);

// The next stage of an open case: exactly the following stage, or closed from any open stage.
// FAILED_PRECONDITION LEGAL_CASE_CLOSED for a closed case, LEGAL_STAGE_ORDER for going back,
// staying, or skipping a stage.
absl::Status AdvanceLegalStage(LegalStage& stage, LegalStage to, absl::string_view case_name);

// The limitation interruption (art. 195) a stage's event is: a lawyer letter is a written demand,
// a filing is a suit; the later stages interrupt nothing of the invoice's own period.
std::optional<InterruptionKind> StageInterruption(LegalStage stage);

// The customer's credit status when a case opens: in litigation, whatever it was.
CreditStatus CreditStatusOnOpen(CreditStatus current);
// The customer's credit status when one of its cases closes: in litigation -> on hold when no
// other case of the customer is still open, unchanged otherwise.
CreditStatus CreditStatusOnClose(CreditStatus current, bool other_open_cases);

}  // namespace huikuan::core

#endif  // HUIKUAN_SERVER_CORE_LEGAL_CASE_H_
