// Issue 10: the scorecard sees the ledger (R-SCORE-1's payment history), external signals set
// levels, the level combines R-WARN-1..3 with signals and broken promises, and the level caps the
// credit recommendation (R-WARN-4, R-SCORE-2).
#include <optional>
#include <string>

#include "gtest/gtest.h"
#include "server/core/assessment.h"
#include "server/core/payment_behaviour.h"
#include "server/core/risk_level.h"
#include "server/core/risk_signal.h"
#include "server/core/scorecard.h"
#include "server/core/violations.h"

namespace huikuan::core {
namespace {

constexpr Fen kYuan = 100;

// E集团 before (seed 000): large, tax grade A, a 60,000,000 yuan bank line, three years on time.
AssessmentFacts EGroupHistory() {
  AssessmentFacts facts;
  facts.first_invoice_day = 19000;
  facts.paid_invoices = 36;
  facts.paid_on_time = 36;
  facts.invoiced = 96'000'000 * kYuan;  // 8,000,000 yuan a month
  facts.all_invoiced = 960'000'000 * kYuan;
  return facts;
}

CustomerProfile EGroupProfile(Fen bank_line) {
  CustomerProfile p;
  p.size = EnterpriseSize::kLarge;
  p.position = IndustryPosition::kRegionalLeader;
  p.tax_grade = TaxCreditGrade::kA;
  p.bank_credit_line = bank_line;
  return p;
}

// The new-user trial: DSO 45 -> 78, 16,000,000 yuan overdue, the bank line cut by 30%.
// Before issue 10 the score went 100 -> 97 (grade A) and the limit doubled; now the payment
// history loses what the ledger shows and the customer is at most grade C with a lower limit.
TEST(RiskScoreTest, EGroupDeterioratingFallsToAtMostGradeCWithALowerLimit) {
  const EpochDay today = 20500;
  TieringConfig tiering;
  absl::StatusOr<CustomerAssessment> before =
      AssessCustomer(EGroupProfile(60'000'000 * kYuan), EGroupHistory(), today, tiering);
  ASSERT_TRUE(before.ok()) << before.status();
  EXPECT_EQ(before->score, 100);
  EXPECT_EQ(before->grade, CreditGrade::kA);
  const Fen limit_before = before->recommendation.credit_limit;
  EXPECT_EQ(limit_before, 24'000'000 * kYuan);  // 3 months of 8,000,000 yuan

  AssessmentFacts now = EGroupHistory();
  PaymentBehaviour b;
  b.balance = 24'000'000 * kYuan;
  b.overdue = 16'000'000 * kYuan;
  b.over_30_days_overdue = 16'000'000 * kYuan;
  b.oldest_overdue_days = 33;
  b.dso_days = 78;
  b.past_dso_days = 45;
  b.industry_avg_dso_days = 45;
  now.behaviour = b;
  now.current_limit = limit_before;
  absl::StatusOr<CustomerAssessment> after =
      AssessCustomer(EGroupProfile(42'000'000 * kYuan), now, today, tiering);
  ASSERT_TRUE(after.ok()) << after.status();
  // 20 size + 25 tax + 15 bank (42M < 50M) + payment history 35 - 8 - 5 - 8 - 5 = 9.
  EXPECT_EQ(after->score, 69);
  EXPECT_GE(after->grade, CreditGrade::kC);
  EXPECT_LT(after->recommendation.credit_limit, limit_before);
  ASSERT_EQ(after->deductions.size(), 4u);
  EXPECT_EQ(after->deductions[0].name, "oldest_overdue");
  EXPECT_EQ(after->deductions[2].name, "dso_over_past");
  EXPECT_NE(after->components[3].reason.find("DSO 78.0 days against 45.0"), std::string::npos)
      << after->components[3].reason;

  // A yellow level alone caps a clean customer at grade B and holds its limit.
  AssessmentFacts clean = EGroupHistory();
  clean.warning_level = WarningLevel::kYellow;
  clean.current_limit = 20'000'000 * kYuan;
  absl::StatusOr<CustomerAssessment> capped =
      AssessCustomer(EGroupProfile(60'000'000 * kYuan), clean, today, tiering);
  ASSERT_TRUE(capped.ok()) << capped.status();
  EXPECT_EQ(capped->recommendation.grade, CreditGrade::kB);
  EXPECT_EQ(capped->recommendation.credit_limit, 16'000'000 * kYuan);  // 2 months
  EXPECT_EQ(capped->recommendation.term_days, 45);
}

TEST(RiskScoreTest, CleanLedgerTakesNothingAndBadBehaviourIsRejected) {
  PaymentBehaviour clean;
  clean.balance = 1'000'000;
  clean.dso_days = 40;
  clean.past_dso_days = 40;
  EXPECT_TRUE(PaymentDeductions(clean, PaymentBehaviourConfig()).empty());

  ScoreInput in;
  in.paid_invoices = 10;
  in.paid_on_time = 10;
  PaymentBehaviour bad;
  bad.balance = 10;
  bad.overdue = 20;
  in.behaviour = bad;
  absl::StatusOr<Scorecard> s = ScoreCustomer(in);
  EXPECT_EQ(s.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(RiskScoreTest, PaymentHistoryNeverBelowZeroAndCapsApply) {
  PaymentBehaviour b;
  b.balance = 100;
  b.overdue = 100;
  b.over_30_days_overdue = 100;
  b.oldest_overdue_days = 200;  // -18
  b.broken_promises = 7;        // -10 (cap)
  b.open_disputes = 9;          // -6 (cap)
  ScoreInput in;
  in.paid_invoices = 10;
  in.paid_on_time = 5;  // 18 points before deductions
  in.behaviour = b;
  absl::StatusOr<Scorecard> s = ScoreCustomer(in);
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->components[3].points, 0);
  int32_t taken = 0;
  for (const PaymentDeduction& d : s->deductions) taken += d.points;
  EXPECT_EQ(taken, 18 + 5 + 10 + 6);
}

TEST(RiskSignalTest, EachKindSetsItsLevel) {
  RiskSignal s;
  s.source = "court";
  s.reference = "(2024)沪0151民初123号";
  s.kind = SignalKind::kLawsuit;
  EXPECT_EQ(JudgeSignal(s).level, WarningLevel::kOrange);
  s.kind = SignalKind::kEnforcement;
  EXPECT_EQ(JudgeSignal(s).level, WarningLevel::kRed);
  s.kind = SignalKind::kDishonestDebtor;
  EXPECT_EQ(JudgeSignal(s).level, WarningLevel::kRed);
  s.kind = SignalKind::kBusinessAnomaly;
  EXPECT_EQ(JudgeSignal(s).level, WarningLevel::kYellow);

  s.kind = SignalKind::kBankLine;
  s.previous_amount = 6'000'000'000;
  s.amount = 4'200'000'000;  // exactly 30% cut: orange
  EXPECT_EQ(JudgeSignal(s).level, WarningLevel::kOrange);
  s.amount = 4'200'000'001;  // just under 30%: yellow
  EXPECT_EQ(JudgeSignal(s).level, WarningLevel::kYellow);
  s.amount = 7'000'000'000;  // raised: no warning
  EXPECT_EQ(JudgeSignal(s).level, WarningLevel::kGreen);

  s.kind = SignalKind::kTaxGrade;
  s.value = "C";
  EXPECT_EQ(JudgeSignal(s).level, WarningLevel::kOrange);
  s.value = "A";
  EXPECT_EQ(JudgeSignal(s).level, WarningLevel::kGreen);

  s.kind = SignalKind::kCreditReportGrade;
  s.previous_value = "AA";
  s.value = "A";
  EXPECT_EQ(JudgeSignal(s).level, WarningLevel::kYellow);
  s.value = "AAA";
  EXPECT_EQ(JudgeSignal(s).level, WarningLevel::kGreen);
}

TEST(RiskSignalTest, ValidationNamesTheField) {
  RiskSignal s;
  s.kind = SignalKind::kBankLine;
  s.source = "bank";
  s.day = 101;
  absl::Status status = ValidateSignal(s, 100, "signal");
  ASSERT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  std::vector<std::string> fields;
  for (const FieldViolationDetail& v : GetFieldViolations(status)) fields.push_back(v.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"signal.reference", "signal.signal_date",
                                              "signal.amount_fen"}));
}

// Issue 13: the signal's text follows the shared rules (text_fields.h) like every other text.
TEST(RiskSignalTest, TextFieldsFollowTheSharedRules) {
  RiskSignal s;
  s.kind = SignalKind::kCreditReportGrade;
  s.source = "   ";
  s.reference = std::string("ref\0", 4);
  s.value = "\u3000";
  s.previous_value = "A\a";
  s.evidence = "line one\nline two\x1b[31m";
  s.day = 100;
  absl::Status status = ValidateSignal(s, 100, "signal");
  std::vector<std::string> fields;
  for (const FieldViolationDetail& v : GetFieldViolations(status)) fields.push_back(v.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"signal.source", "signal.reference", "signal.value",
                                              "signal.previous_value", "signal.evidence"}));
  s.source = "court";
  s.reference = "(2025)沪01民初7号 \U0001F4B0";
  s.value = "B+";
  s.previous_value = "";
  s.evidence = "line one\nline two\tend";
  EXPECT_TRUE(ValidateSignal(s, 100, "signal").ok()) << ValidateSignal(s, 100, "signal");
}

TEST(RiskLevelTest, HighestOfLedgerSignalsAndPromisesWithRecentSignalsOnly) {
  RiskFacts f;
  f.ledger.dso_days = 78;
  f.ledger.industry_avg_dso_days = 45;
  f.ledger.orders_this_period = 100;
  f.ledger.orders_prior_period = 100;
  absl::StatusOr<RiskEvaluation> e = EvaluateRisk(f, 1000);
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_EQ(e->level, WarningLevel::kYellow);  // R-WARN-1
  ASSERT_EQ(e->reasons.size(), 1u);
  EXPECT_EQ(e->reasons[0].rule, "R-WARN-1");

  RiskSignal old_suit;
  old_suit.kind = SignalKind::kLawsuit;
  old_suit.source = "court";
  old_suit.reference = "1";
  old_suit.day = 1000 - 181;  // outside the 180-day window
  f.signals.push_back(old_suit);
  EXPECT_EQ(EvaluateRisk(f, 1000)->level, WarningLevel::kYellow);
  f.signals[0].day = 1000 - 180;
  EXPECT_EQ(EvaluateRisk(f, 1000)->level, WarningLevel::kOrange);

  f.ledger.orders_this_period = 70;  // down 30% with DSO over 60: R-WARN-2
  e = EvaluateRisk(f, 1000);
  EXPECT_EQ(e->level, WarningLevel::kRed);
  EXPECT_EQ(e->reasons[0].rule, "R-WARN-2");

  RiskFacts promises;
  promises.broken_promises = 1;
  EXPECT_EQ(EvaluateRisk(promises, 1000)->level, WarningLevel::kYellow);
  EXPECT_EQ(EvaluateRisk(RiskFacts(), 1000)->level, WarningLevel::kGreen);
}

// R-WARN-3 (seed 002, 建议五): the salesperson's overdue rate rising two months in a row is a
// reason on that salesperson's customers that have something more than 30 days overdue; one rise,
// a flat month, a customer with nothing overdue or with only younger overdue give nothing.
TEST(RiskLevelTest, SalespersonOverdueRateRisingTwiceWarnsTheirLongOverdueCustomers) {
  RiskFacts f;
  f.ledger.balance = 1'000'000;
  f.ledger.overdue_total = 100'000;  // 10%: no customer rule fires
  f.ledger.balance_over_30_days_overdue = 40'000;  // 4%: nor does the over-30 share
  f.ledger.credit_limit = 1'000'000;
  f.owner_overdue_rates_bp = {800, 1'050, 1'234};
  absl::StatusOr<RiskEvaluation> e = EvaluateRisk(f, 1000);
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_EQ(e->level, WarningLevel::kYellow);
  ASSERT_EQ(e->reasons.size(), 1u);
  EXPECT_EQ(e->reasons[0].rule, "R-WARN-3");
  EXPECT_NE(e->reasons[0].text.find("8.00% -> 10.50% -> 12.34%"), std::string::npos)
      << e->reasons[0].text;
  EXPECT_NE(e->reasons[0].text.find("400.00 of it more than 30 days"), std::string::npos)
      << e->reasons[0].text;

  f.owner_overdue_rates_bp = {800, 1'050, 1'050};  // the second month flat
  EXPECT_EQ(EvaluateRisk(f, 1000)->level, WarningLevel::kGreen);
  f.owner_overdue_rates_bp = {1'100, 1'050, 1'234};  // fell, then rose
  EXPECT_EQ(EvaluateRisk(f, 1000)->level, WarningLevel::kGreen);
  f.owner_overdue_rates_bp = {1'050, 1'234};  // two months known only
  EXPECT_EQ(EvaluateRisk(f, 1000)->level, WarningLevel::kGreen);

  f.owner_overdue_rates_bp = {800, 1'050, 1'234};
  f.ledger.balance_over_30_days_overdue = 0;  // overdue, but none of it for more than 30 days
  EXPECT_EQ(EvaluateRisk(f, 1000)->level, WarningLevel::kGreen);
  f.ledger.overdue_total = 0;  // nothing of this customer's overdue
  EXPECT_EQ(EvaluateRisk(f, 1000)->level, WarningLevel::kGreen);

  f.ledger.overdue_total = 100'000;
  f.ledger.balance_over_30_days_overdue = 40'000;
  RiskConfig off;
  off.salesperson_trend_level = WarningLevel::kGreen;
  EXPECT_EQ(EvaluateRisk(f, 1000, off)->level, WarningLevel::kGreen);

  f.owner_overdue_rates_bp = {800, -1, 1'234};
  EXPECT_EQ(EvaluateRisk(f, 1000).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(RiskLevelTest, RedLeavesNoCredit) {
  CreditRecommendation a;
  a.grade = CreditGrade::kA;
  a.credit_limit = 30'000;
  a.term_days = 60;
  absl::StatusOr<CreditRecommendation> red =
      CapRecommendation(a, WarningLevel::kRed, false, 10'000, 30'000);
  ASSERT_TRUE(red.ok()) << red.status();
  EXPECT_EQ(red->grade, CreditGrade::kD);
  EXPECT_EQ(red->credit_limit, 0);
  EXPECT_EQ(red->term_days, 0);
  EXPECT_EQ(red->prepayment_bp, 10'000);
}

}  // namespace
}  // namespace huikuan::core
