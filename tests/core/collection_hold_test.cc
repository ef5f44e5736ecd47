// R-DUN-1: a disputed invoice or an active payment plan pauses the ladder; an open promise pauses
// it until its deadline (issue 9); a broken promise resumes it at the next step the day after the
// deadline and a defaulted plan at the escalated step on the day it defaults.
#include "server/core/collection_hold.h"

#include <vector>

#include "gtest/gtest.h"

namespace huikuan::core {
namespace {

EpochDay D(const char* text) { return *ParseDate(text); }

TEST(CollectionHoldTest, R_DUN_1_DisputePausesUntilResolved) {
  EXPECT_FALSE(DisputeHold(D("2026-03-05"), std::nullopt, D("2026-03-04")).paused);
  EXPECT_EQ(DisputeHold(D("2026-03-05"), std::nullopt, D("2026-03-05")).paused,
            PauseReason::kDispute);
  EXPECT_EQ(DisputeHold(D("2026-03-05"), D("2026-03-09"), D("2026-03-08")).paused,
            PauseReason::kDispute);
  EXPECT_FALSE(DisputeHold(D("2026-03-05"), D("2026-03-09"), D("2026-03-09")).paused);
}

TEST(CollectionHoldTest, R_DUN_1_PromisePausesThenABrokenOneResumesAtTheNextStep) {
  const PromiseTerms terms{100, D("2026-03-01"), D("2026-03-10"), 3};
  const std::vector<DatedAmount> none;
  for (EpochDay day = D("2026-03-01"); day <= D("2026-03-13"); ++day) {
    const ArrangementHold hold = PromiseHold(terms, *EvaluatePromise(terms, none, day), day);
    EXPECT_EQ(hold.paused, PauseReason::kPromise) << FormatDate(day);
    EXPECT_EQ(hold.paused_until, D("2026-03-13"));
  }
  const EpochDay resume = D("2026-03-14");
  const ArrangementHold broken = PromiseHold(terms, *EvaluatePromise(terms, none, resume), resume);
  EXPECT_FALSE(broken.paused);
  EXPECT_EQ(broken.resumes, ResumeMode::kNextStep);
  const EpochDay later = resume + 1;
  EXPECT_FALSE(PromiseHold(terms, *EvaluatePromise(terms, none, later), later).resumes);
  // Kept: the pause ends, nothing to escalate.
  const std::vector<DatedAmount> paid = {{D("2026-03-04"), 100}};
  const ArrangementHold kept =
      PromiseHold(terms, *EvaluatePromise(terms, paid, D("2026-03-05")), D("2026-03-05"));
  EXPECT_FALSE(kept.paused);
  EXPECT_FALSE(kept.resumes);
}

TEST(CollectionHoldTest, R_DUN_1_PlanPausesThenADefaultResumesEscalated) {
  PlanProgress active;
  EXPECT_EQ(PlanHold(D("2026-03-01"), active, D("2026-03-01")).paused, PauseReason::kPaymentPlan);
  EXPECT_FALSE(PlanHold(D("2026-03-01"), active, D("2026-02-28")).paused);
  PlanProgress defaulted;
  defaulted.status = PlanStatus::kDefaulted;
  defaulted.end_day = D("2026-05-05");
  EXPECT_EQ(PlanHold(D("2026-03-01"), defaulted, D("2026-05-05")).resumes, ResumeMode::kEscalated);
  EXPECT_FALSE(PlanHold(D("2026-03-01"), defaulted, D("2026-05-06")).resumes);
  EXPECT_FALSE(PlanHold(D("2026-03-01"), defaulted, D("2026-05-05")).paused);
}

TEST(CollectionHoldTest, R_DUN_1_CombinedTheStrongestReasonWins) {
  ArrangementHold dispute{PauseReason::kDispute, std::nullopt, std::nullopt};
  ArrangementHold promise{PauseReason::kPromise, D("2026-03-13"), std::nullopt};
  ArrangementHold broken{std::nullopt, std::nullopt, ResumeMode::kNextStep};
  ArrangementHold defaulted{std::nullopt, std::nullopt, ResumeMode::kEscalated};
  InvoiceHold both = CombineHolds({promise, dispute});
  EXPECT_EQ(both.paused, PauseReason::kDispute);
  EXPECT_FALSE(both.paused_until.has_value());
  // A failed arrangement does not resume an invoice another one still pauses.
  EXPECT_FALSE(CombineHolds({broken, promise}).resumes);
  EXPECT_EQ(CombineHolds({broken, defaulted}).resumes, ResumeMode::kEscalated);
  EXPECT_EQ(CombineHolds({defaulted, broken}).resumes, ResumeMode::kEscalated);
  EXPECT_FALSE(CombineHolds({}).paused);
  EXPECT_EQ(PauseReasonName(PauseReason::kPaymentPlan), "payment_plan");
  EXPECT_EQ(ResumeModeName(ResumeMode::kEscalated), "escalated");
}

}  // namespace
}  // namespace huikuan::core
