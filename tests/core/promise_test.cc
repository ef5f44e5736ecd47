// Promises to pay (issue 9, R-DUN-1's pause): validation, and kept / partially kept / broken
// judged from the cash applied by the promised date plus the tolerance.
#include "server/core/promise.h"

#include <vector>

#include "gtest/gtest.h"
#include "server/core/violations.h"

namespace huikuan::core {
namespace {

EpochDay D(const char* text) { return *ParseDate(text); }

PromiseTerms Terms() {
  return PromiseTerms{.amount = 100'000,
                      .made_day = D("2026-03-01"),
                      .promised_day = D("2026-03-10"),
                      .tolerance_days = 3};
}

TEST(PromiseTest, R_DUN_1_PromiseKeptWhenTheAmountArrivesByTheDeadline) {
  const std::vector<DatedAmount> cash = {{D("2026-03-05"), 40'000}, {D("2026-03-13"), 60'000}};
  absl::StatusOr<PromiseEvaluation> before = EvaluatePromise(Terms(), cash, D("2026-03-12"));
  ASSERT_TRUE(before.ok()) << before.status();
  EXPECT_EQ(before->status, PromiseStatus::kOpen);
  EXPECT_EQ(before->paid, 40'000);
  absl::StatusOr<PromiseEvaluation> kept = EvaluatePromise(Terms(), cash, D("2026-03-13"));
  EXPECT_EQ(kept->status, PromiseStatus::kKept);  // the last tolerance day still counts
  EXPECT_EQ(kept->paid, 100'000);
  EXPECT_EQ(kept->decided_day, D("2026-03-13"));
  // Decided as soon as the amount is complete, before the promised date.
  const std::vector<DatedAmount> early = {{D("2026-03-02"), 100'000}};
  EXPECT_EQ(EvaluatePromise(Terms(), early, D("2026-03-03"))->status, PromiseStatus::kKept);
}

TEST(PromiseTest, R_DUN_1_PromiseBrokenWhenNothingArrivesByTheDeadline) {
  // Cash before the promise was made or after its deadline does not count.
  const std::vector<DatedAmount> cash = {{D("2026-02-28"), 100'000}, {D("2026-03-14"), 100'000}};
  absl::StatusOr<PromiseEvaluation> on_deadline = EvaluatePromise(Terms(), cash, D("2026-03-13"));
  EXPECT_EQ(on_deadline->status, PromiseStatus::kOpen);
  absl::StatusOr<PromiseEvaluation> broken = EvaluatePromise(Terms(), cash, D("2026-03-14"));
  EXPECT_EQ(broken->status, PromiseStatus::kBroken);
  EXPECT_EQ(broken->paid, 0);
  EXPECT_EQ(broken->decided_day, D("2026-03-14"));
  // A later day replays the same verdict.
  EXPECT_EQ(EvaluatePromise(Terms(), cash, D("2026-06-01"))->status, PromiseStatus::kBroken);
}

TEST(PromiseTest, R_DUN_1_PromisePartiallyKept) {
  const std::vector<DatedAmount> cash = {{D("2026-03-09"), 99'999}};
  absl::StatusOr<PromiseEvaluation> partial = EvaluatePromise(Terms(), cash, D("2026-03-14"));
  EXPECT_EQ(partial->status, PromiseStatus::kPartiallyKept);
  EXPECT_EQ(partial->paid, 99'999);
  EXPECT_EQ(partial->decided_day, D("2026-03-14"));
  PromiseTerms strict = Terms();
  strict.tolerance_days = 0;
  EXPECT_EQ(PromiseDeadline(strict), D("2026-03-10"));
  EXPECT_EQ(EvaluatePromise(strict, cash, D("2026-03-11"))->status, PromiseStatus::kPartiallyKept);
}

TEST(PromiseTest, ValidatesNamingTheField) {
  const EpochDay today = D("2026-03-01");
  EXPECT_TRUE(ValidatePromise(Terms(), 100'000, today).ok());
  PromiseTerms too_much = Terms();
  too_much.amount = 100'001;
  EXPECT_EQ(GetFieldViolations(ValidatePromise(too_much, 100'000, today))[0].field, "amount_fen");
  PromiseTerms past = Terms();
  past.promised_day = today - 1;
  EXPECT_EQ(GetFieldViolations(ValidatePromise(past, 100'000, today))[0].field, "promised_date");
  PromiseTerms far = Terms();
  far.promised_day = today + kMaxPromiseHorizonDays + 1;
  EXPECT_EQ(GetFieldViolations(ValidatePromise(far, 100'000, today))[0].field, "promised_date");
  PromiseTerms lax = Terms();
  lax.tolerance_days = kMaxPromiseToleranceDays + 1;
  EXPECT_EQ(GetFieldViolations(ValidatePromise(lax, 100'000, today))[0].field, "tolerance_days");
  EXPECT_EQ(PromiseStatusName(PromiseStatus::kPartiallyKept), "partially_kept");
  EXPECT_EQ(ParsePromiseStatus("broken"), PromiseStatus::kBroken);
  EXPECT_FALSE(ParsePromiseStatus("lost").has_value());
}

}  // namespace
}  // namespace huikuan::core
