// Staged collection escalation (R-DUN-2, seed 002 建议七): sales reminder -> finance formal notice
// -> senior management -> pre-legal warning -> external (collection agency or court), one stage at
// a time, and the step outside the company only when amount, chance of success, cost and the
// relationship justify it. No harassment: the core never proposes more than the next stage, and
// every contact is recorded as evidence by the caller.
//
//   EscalationEconomics e{.amount = 10'000'000, .success_bp = 6'000, .cost = 1'500'000,
//                         .relationship_value = 2'000'000};
//   absl::StatusOr<EscalationDecision> d = NextEscalation(EscalationStage::kPreLegalWarning, e);
//   // 10,000,000 x 60% - 1,500,000 = 4,500,000 fen expected net > 2,000,000: d->next == kExternal
//
// The rule for going external is ours (the seed names the four factors, not a formula):
//   expected_net_recovery = round_half_up(amount * success_bp / 10000) - cost
//   go external  <=>  expected_net_recovery > 0 and expected_net_recovery > relationship_value
// where relationship_value is the margin of future business that an external step would likely
// forfeit (0 for a customer already lost).
//
// Thread-safe: pure functions of their arguments, no global state, no I/O.
#ifndef HUIKUAN_SERVER_CORE_ESCALATION_H_
#define HUIKUAN_SERVER_CORE_ESCALATION_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/core/department.h"
#include "server/core/money.h"

namespace huikuan::core {

// Stable numeric values, in escalation order.
enum class EscalationStage : int8_t {
  kFriendlyReminder = 0,  // sales / customer service
  kFormalNotice = 1,      // finance: formal collection letter or call
  kSeniorManagement = 2,  // finance or sales director steps in
  kPreLegalWarning = 3,   // last internal notice in the name of legal (律师函前警告)
  kExternal = 4,          // collection agency or court
};
// "friendly_reminder", "formal_notice", "senior_management", "pre_legal_warning", "external".
absl::string_view EscalationStageName(EscalationStage stage);
// Who acts at a stage: sales, finance, management, legal, legal.
Department DepartmentForStage(EscalationStage stage);

struct EscalationEconomics {
  Fen amount = 0;              // overdue amount at stake, >= 0
  BasisPoints success_bp = 0;  // estimated chance of recovery by the external route, 0..10000
  Fen cost = 0;                // expected cost of that route (fees, court costs), >= 0
  Fen relationship_value = 0;  // future margin an external step would forfeit, >= 0
};

struct EscalationDecision {
  EscalationStage next = EscalationStage::kFriendlyReminder;
  Department department = Department::kSales;
  Fen expected_net_recovery = 0;  // computed for every call, meaningful before going external
  std::string reason;
};

// The next stage after `current` (which has failed). Internal stages advance one step; from the
// pre-legal warning the next is external only when the economics justify it, otherwise the decision
// stays at the pre-legal warning with the reason (negotiate a payment plan or a goods-for-debt
// settlement instead). From external it stays external.
// Errors: INVALID_ARGUMENT for negative or oversized amounts, success_bp outside 0..10000, a stage
// out of range.
absl::StatusOr<EscalationDecision> NextEscalation(EscalationStage current,
                                                  const EscalationEconomics& economics);

}  // namespace huikuan::core

#endif  // HUIKUAN_SERVER_CORE_ESCALATION_H_
