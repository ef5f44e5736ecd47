// Whether the collection ladder of an invoice is paused on a day, and whether it resumes that day
// at a later step than its own (R-DUN-1 "a disputed invoice or an active payment plan pauses
// them"; issue 9's promises). One invoice may have several arrangements at once; each gives an
// ArrangementHold and CombineHolds decides for the invoice:
//   - an open dispute pauses it (raised on or before the day, not resolved by it);
//   - an active payment plan pauses it from the day it was approved until it ends; a plan that
//     defaulted resumes collection at the escalated step on the day it defaulted;
//   - an open promise pauses it from the day it was made to its deadline (promised date +
//     tolerance); a promise broken or partially kept resumes the ladder at its next step the day
//     after the deadline; a kept promise just ends the pause.
// The dunning job (another issue) skips paused invoices and asks for the resumes of the day.
//
//   ArrangementHold h = PromiseHold(terms, evaluation, as_of);
//   InvoiceHold invoice = CombineHolds({dispute, h});
//
// Thread-safe: pure functions of their arguments, no global state, no I/O.
#ifndef HUIKUAN_SERVER_CORE_COLLECTION_HOLD_H_
#define HUIKUAN_SERVER_CORE_COLLECTION_HOLD_H_

#include <cstdint>
#include <optional>

#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "server/core/civil_date.h"
#include "server/core/payment_plan.h"
#include "server/core/promise.h"

namespace huikuan::core {

// Why an invoice is paused, in order of precedence (a dispute wins). Stable numeric values.
enum class PauseReason : int8_t { kDispute = 0, kPaymentPlan = 1, kPromise = 2 };
absl::string_view PauseReasonName(PauseReason reason);  // "dispute", "payment_plan", "promise"

// How collection resumes on the day an arrangement failed. Stable numeric values.
enum class ResumeMode : int8_t {
  kNextStep = 0,   // a broken promise: the ladder's next step, at once
  kEscalated = 1,  // a defaulted plan: the latest step the days overdue reach, at once
};
absl::string_view ResumeModeName(ResumeMode mode);  // "next_step", "escalated"

struct ArrangementHold {
  std::optional<PauseReason> paused;
  // The last paused day when known (a promise's deadline); empty: until something changes.
  std::optional<EpochDay> paused_until;
  std::optional<ResumeMode> resumes;  // set only on the day collection resumes
};

// A dispute raised on `raised_day`, resolved on `resolved_day` (empty: still open).
ArrangementHold DisputeHold(EpochDay raised_day, std::optional<EpochDay> resolved_day,
                            EpochDay as_of);
// A promise and its evaluation as of `as_of` (EvaluatePromise).
ArrangementHold PromiseHold(const PromiseTerms& terms, const PromiseEvaluation& evaluation,
                            EpochDay as_of);
// A plan approved on `start_day` and its progress as of `as_of` (EvaluatePlan).
ArrangementHold PlanHold(EpochDay start_day, const PlanProgress& progress, EpochDay as_of);

struct InvoiceHold {
  std::optional<PauseReason> paused;  // the strongest reason
  std::optional<EpochDay> paused_until;
  // Set when nothing pauses the invoice and an arrangement failed today; kEscalated wins.
  std::optional<ResumeMode> resumes;
};
InvoiceHold CombineHolds(absl::Span<const ArrangementHold> holds);

}  // namespace huikuan::core

#endif  // HUIKUAN_SERVER_CORE_COLLECTION_HOLD_H_
