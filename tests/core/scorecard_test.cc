#include "server/core/scorecard.h"

#include <vector>

#include "gtest/gtest.h"

namespace huikuan::core {
namespace {

// Builds an input whose default-config total is `total` from fixed parts: large (20) + tax A (25)
// + bank line >= 1M yuan (10) + history on 35 paid invoices (history points == on-time count).
ScoreInput InputWithTotal(int total) {
  ScoreInput in;
  in.size = EnterpriseSize::kLarge;
  in.tax_grade = TaxCreditGrade::kA;
  in.bank_credit_line = 100'000'000;
  in.paid_invoices = 35;
  in.paid_on_time = total - 55;
  return in;
}

TEST(ScorecardTest, R_SCORE_1_ComponentsAndReasons) {
  ScoreInput in{.size = EnterpriseSize::kMedium,
                .tax_grade = TaxCreditGrade::kA,
                .bank_credit_line = 2'000'000'000,
                .paid_invoices = 20,
                .paid_on_time = 19};
  absl::StatusOr<Scorecard> s = ScoreCustomer(in);
  ASSERT_TRUE(s.ok()) << s.status();
  ASSERT_EQ(s->components.size(), 4u);
  EXPECT_EQ(s->components[0].name, "enterprise_size");
  EXPECT_EQ(s->components[0].points, 15);
  EXPECT_EQ(s->components[0].max_points, 20);
  EXPECT_EQ(s->components[0].reason, "enterprise size medium: 15 of 20 points");
  EXPECT_EQ(s->components[1].name, "tax_credit_grade");
  EXPECT_EQ(s->components[1].max_points, 25);
  EXPECT_EQ(s->components[1].reason, "tax credit grade A: 25 of 25 points");
  EXPECT_EQ(s->components[2].name, "bank_credit_line");
  EXPECT_EQ(s->components[2].max_points, 20);
  EXPECT_EQ(s->components[2].reason,
            "bank credit line 20000000.00 yuan >= 10000000.00 yuan: 15 of 20 points");
  EXPECT_EQ(s->components[3].name, "payment_history");
  EXPECT_EQ(s->components[3].max_points, 35);
  EXPECT_EQ(s->components[3].reason, "19 of 20 invoices paid on time (95.00%): 33 of 35 points");
  EXPECT_EQ(s->total, 88);
  EXPECT_EQ(s->risk, RiskLevel::kMedium);
  EXPECT_EQ(s->grade, CreditGrade::kB);
  EXPECT_EQ(s->summary, "88 points: medium risk (70-89), grade B");
}

TEST(ScorecardTest, R_SCORE_1_MaximaAre20_25_20_35) {
  ScoreInput best{.size = EnterpriseSize::kLarge,
                  .tax_grade = TaxCreditGrade::kA,
                  .bank_credit_line = 5'000'000'000,
                  .paid_invoices = 10,
                  .paid_on_time = 10};
  absl::StatusOr<Scorecard> s = ScoreCustomer(best);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->components[0].points, 20);
  EXPECT_EQ(s->components[1].points, 25);
  EXPECT_EQ(s->components[2].points, 20);
  EXPECT_EQ(s->components[3].points, 35);
  EXPECT_EQ(s->total, 100);
  ScoreInput worst{.size = EnterpriseSize::kMicro,
                   .tax_grade = TaxCreditGrade::kD,
                   .bank_credit_line = 0,
                   .paid_invoices = 10,
                   .paid_on_time = 0};
  s = ScoreCustomer(worst);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->total, 5);
  EXPECT_EQ(s->components[2].reason, "no bank credit line: 0 of 20 points");
}

TEST(ScorecardTest, R_SCORE_1_CutOffs_69_70_89_90) {
  struct Case {
    int total;
    RiskLevel risk;
    CreditGrade grade;
  };
  for (const Case& c :
       {Case{69, RiskLevel::kHigh, CreditGrade::kD}, Case{70, RiskLevel::kMedium, CreditGrade::kC},
        Case{79, RiskLevel::kMedium, CreditGrade::kC},
        Case{80, RiskLevel::kMedium, CreditGrade::kB},
        Case{89, RiskLevel::kMedium, CreditGrade::kB},
        Case{90, RiskLevel::kLow, CreditGrade::kA}}) {
    absl::StatusOr<Scorecard> s = ScoreCustomer(InputWithTotal(c.total));
    ASSERT_TRUE(s.ok()) << s.status();
    EXPECT_EQ(s->total, c.total);
    EXPECT_EQ(s->risk, c.risk) << c.total;
    EXPECT_EQ(s->grade, c.grade) << c.total;
  }
  EXPECT_EQ(RiskForTotal(69), RiskLevel::kHigh);
  EXPECT_EQ(RiskForTotal(70), RiskLevel::kMedium);
  EXPECT_EQ(RiskForTotal(89), RiskLevel::kMedium);
  EXPECT_EQ(RiskForTotal(90), RiskLevel::kLow);
  EXPECT_EQ(ScoreCustomer(InputWithTotal(69))->summary, "69 points: high risk (<70), grade D");
  EXPECT_EQ(ScoreCustomer(InputWithTotal(90))->summary, "90 points: low risk (>=90), grade A");
}

TEST(ScorecardTest, R_SCORE_1_HistoryRoundsHalfUpAndNewCustomer) {
  ScoreInput in = InputWithTotal(90);
  in.paid_invoices = 2;
  in.paid_on_time = 1;  // 17.5 -> 18
  EXPECT_EQ(ScoreCustomer(in)->components[3].points, 18);
  in.paid_invoices = 0;
  in.paid_on_time = 0;
  absl::StatusOr<Scorecard> s = ScoreCustomer(in);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->components[3].points, 0);
  EXPECT_EQ(s->components[3].reason, "no payment history (new customer): 0 of 35 points");
  EXPECT_EQ(s->risk, RiskLevel::kHigh);  // 55 points: new customers start on prepayment
}

TEST(ScorecardTest, R_SCORE_1_ConfigurableWeightsAndCutOffs) {
  ScorecardConfig c;
  c.size_max = 10;
  c.size_points = {0, 5, 8, 10};
  c.history_max = 45;
  c.low_risk_min = 85;
  ScoreInput in = InputWithTotal(90);  // large 10, A 25, bank 10, history 45 * 35/35
  absl::StatusOr<Scorecard> s = ScoreCustomer(in, c);
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->total, 90);
  EXPECT_EQ(s->components[3].max_points, 45);
  EXPECT_EQ(RiskForTotal(85, c), RiskLevel::kLow);
  c.history_max = 40;  // maxima no longer sum to 100
  EXPECT_EQ(ScoreCustomer(in, c).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(ScorecardTest, RejectsBadInputAndConfig) {
  ScoreInput in = InputWithTotal(90);
  in.paid_on_time = 36;
  EXPECT_EQ(ScoreCustomer(in).status().code(), absl::StatusCode::kInvalidArgument);
  in = InputWithTotal(90);
  in.bank_credit_line = -1;
  EXPECT_EQ(ScoreCustomer(in).status().code(), absl::StatusCode::kInvalidArgument);
  in = InputWithTotal(90);
  in.tax_grade = static_cast<TaxCreditGrade>(9);
  EXPECT_EQ(ScoreCustomer(in).status().code(), absl::StatusCode::kInvalidArgument);
  ScorecardConfig c;
  c.tax_points[0] = 26;
  EXPECT_EQ(ValidateScorecardConfig(c).code(), absl::StatusCode::kInvalidArgument);
  c = ScorecardConfig();
  c.bank_thresholds = {1, 100};
  c.bank_points = {5, 10};
  EXPECT_EQ(ValidateScorecardConfig(c).code(), absl::StatusCode::kInvalidArgument);
  c = ScorecardConfig();
  c.bank_points = {20};
  EXPECT_EQ(ValidateScorecardConfig(c).message(), "bank_points: length 1 != 4");
  c = ScorecardConfig();
  c.medium_risk_min = 95;
  EXPECT_EQ(ValidateScorecardConfig(c).code(), absl::StatusCode::kInvalidArgument);
}

TEST(ScorecardTest, R_SCORE_1_BatchMatchesScalar) {
  std::vector<int8_t> sizes, taxes;
  std::vector<Fen> banks;
  std::vector<int32_t> paid, on_time;
  for (int s = 0; s < 4; ++s) {
    for (int t = 0; t < 5; ++t) {
      for (Fen b : {Fen{0}, Fen{1}, Fen{99'999'999}, Fen{100'000'000}, Fen{5'000'000'000}}) {
        for (auto [p, o] : {std::pair{0, 0}, std::pair{3, 1}, std::pair{35, 35}}) {
          sizes.push_back(static_cast<int8_t>(s));
          taxes.push_back(static_cast<int8_t>(t));
          banks.push_back(b);
          paid.push_back(p);
          on_time.push_back(o);
        }
      }
    }
  }
  const size_t n = sizes.size();
  std::vector<int32_t> totals(n);
  std::vector<int8_t> risks(n), grades(n);
  ASSERT_TRUE(ScoreBatch({sizes, taxes, banks, paid, on_time}, ScorecardConfig(),
                         absl::MakeSpan(totals), absl::MakeSpan(risks), absl::MakeSpan(grades))
                  .ok());
  for (size_t i = 0; i < n; ++i) {
    absl::StatusOr<Scorecard> s =
        ScoreCustomer({static_cast<EnterpriseSize>(sizes[i]), static_cast<TaxCreditGrade>(taxes[i]),
                       banks[i], paid[i], on_time[i]});
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(totals[i], s->total) << i;
    EXPECT_EQ(risks[i], static_cast<int8_t>(s->risk)) << i;
    EXPECT_EQ(grades[i], static_cast<int8_t>(s->grade)) << i;
  }
}

TEST(ScorecardTest, BatchRejectsBadColumns) {
  std::vector<int8_t> sizes = {1, 2}, taxes = {0, 9};
  std::vector<Fen> banks = {0, 0};
  std::vector<int32_t> paid = {0, 0}, on_time = {0, 0};
  std::vector<int32_t> totals(2);
  std::vector<int8_t> risks(2), grades(2);
  absl::Status s =
      ScoreBatch({sizes, taxes, banks, paid, on_time}, ScorecardConfig(), absl::MakeSpan(totals),
                 absl::MakeSpan(risks), absl::MakeSpan(grades));
  EXPECT_EQ(s.message(), "tax_grades[1]: 9 is not a TaxCreditGrade");
  std::vector<int32_t> paid1 = {0};
  s = ScoreBatch({sizes, taxes, banks, paid1, on_time}, ScorecardConfig(), absl::MakeSpan(totals),
                 absl::MakeSpan(risks), absl::MakeSpan(grades));
  EXPECT_EQ(s.message(), "paid_invoices: length 1 != 2");
  EXPECT_TRUE(ScoreBatch({}, ScorecardConfig(), {}, {}, {}).ok());
}

TEST(ScorecardTest, R_SCORE_2_GradeToLimitAndTerm) {
  absl::StatusOr<CreditRecommendation> a = RecommendCredit(CreditGrade::kA, false, 5'000'000);
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->term_days, 60);
  EXPECT_EQ(a->prepayment_bp, 0);
  EXPECT_EQ(a->credit_limit, 15'000'000);
  EXPECT_EQ(a->reason,
            "grade A: 60-day term, no prepayment, limit 3 x monthly purchases = 150000.00 yuan");
  absl::StatusOr<CreditRecommendation> c = RecommendCredit(CreditGrade::kC, false, 5'000'000);
  EXPECT_EQ(c->term_days, 30);
  EXPECT_EQ(c->prepayment_bp, 3'000);
  EXPECT_EQ(c->credit_limit, 5'000'000);
  absl::StatusOr<CreditRecommendation> d = RecommendCredit(CreditGrade::kD, false, 5'000'000);
  EXPECT_EQ(d->term_days, 0);
  EXPECT_EQ(d->prepayment_bp, 10'000);
  EXPECT_EQ(d->credit_limit, 0);
  // Lower grades never get longer terms, lower prepayment or higher limits.
  for (int g = 1; g < 4; ++g) {
    auto hi = RecommendCredit(static_cast<CreditGrade>(g - 1), false, 1'000);
    auto lo = RecommendCredit(static_cast<CreditGrade>(g), false, 1'000);
    EXPECT_LE(lo->term_days, hi->term_days);
    EXPECT_GE(lo->prepayment_bp, hi->prepayment_bp);
    EXPECT_LE(lo->credit_limit, hi->credit_limit);
  }
}

TEST(ScorecardTest, R_SCORE_2_NewCustomerCappedToPrepayment) {
  absl::StatusOr<CreditRecommendation> r = RecommendCredit(CreditGrade::kA, true, 5'000'000);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->grade, CreditGrade::kC);
  EXPECT_EQ(r->term_days, 30);
  EXPECT_EQ(r->prepayment_bp, 3'000);
  EXPECT_EQ(r->reason,
            "grade C (new customer: capped from A): 30-day term, 30.00% prepayment, limit 1 x "
            "monthly purchases = 50000.00 yuan");
  // A new customer already worse than the cap keeps its grade.
  EXPECT_EQ(RecommendCredit(CreditGrade::kD, true, 5'000'000)->grade, CreditGrade::kD);
}

TEST(ScorecardTest, R_SCORE_2_RejectsBadInput) {
  EXPECT_EQ(RecommendCredit(CreditGrade::kA, false, -1).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(RecommendCredit(static_cast<CreditGrade>(7), false, 1).status().code(),
            absl::StatusCode::kInvalidArgument);
  CreditPolicyConfig c;
  c.by_grade[1].prepayment_bp = 10'001;
  EXPECT_EQ(RecommendCredit(CreditGrade::kA, false, 1, c).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace huikuan::core
