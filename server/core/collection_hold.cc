#include "server/core/collection_hold.h"

namespace huikuan::core {

absl::string_view PauseReasonName(PauseReason reason) {
  switch (reason) {
    case PauseReason::kDispute:
      return "dispute";
    case PauseReason::kPaymentPlan:
      return "payment_plan";
    case PauseReason::kPromise:
      return "promise";
  }
  return "dispute";
}

absl::string_view ResumeModeName(ResumeMode mode) {
  return mode == ResumeMode::kNextStep ? "next_step" : "escalated";
}

ArrangementHold DisputeHold(EpochDay raised_day, std::optional<EpochDay> resolved_day,
                            EpochDay as_of) {
  ArrangementHold hold;
  if (raised_day <= as_of && (!resolved_day || *resolved_day > as_of)) {
    hold.paused = PauseReason::kDispute;
  }
  return hold;
}

ArrangementHold PromiseHold(const PromiseTerms& terms, const PromiseEvaluation& evaluation,
                            EpochDay as_of) {
  ArrangementHold hold;
  if (as_of < terms.made_day) return hold;
  if (evaluation.status == PromiseStatus::kOpen) {
    hold.paused = PauseReason::kPromise;
    hold.paused_until = PromiseDeadline(terms);
  } else if ((evaluation.status == PromiseStatus::kBroken ||
              evaluation.status == PromiseStatus::kPartiallyKept) &&
             evaluation.decided_day == as_of) {
    hold.resumes = ResumeMode::kNextStep;
  }
  return hold;
}

ArrangementHold PlanHold(EpochDay start_day, const PlanProgress& progress, EpochDay as_of) {
  ArrangementHold hold;
  if (as_of < start_day) return hold;
  if (progress.status == PlanStatus::kActive) {
    hold.paused = PauseReason::kPaymentPlan;
  } else if (progress.status == PlanStatus::kDefaulted && progress.end_day == as_of) {
    hold.resumes = ResumeMode::kEscalated;
  }
  return hold;
}

InvoiceHold CombineHolds(absl::Span<const ArrangementHold> holds) {
  InvoiceHold invoice;
  for (const ArrangementHold& hold : holds) {
    if (hold.paused && (!invoice.paused || *hold.paused < *invoice.paused)) {
      invoice.paused = hold.paused;
      invoice.paused_until = hold.paused_until;
    }
    if (hold.resumes && (!invoice.resumes || *hold.resumes == ResumeMode::kEscalated)) {
      invoice.resumes = hold.resumes;
    }
  }
  if (invoice.paused) invoice.resumes.reset();
  return invoice;
}

}  // namespace huikuan::core
