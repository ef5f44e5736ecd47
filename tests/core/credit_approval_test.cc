#include "server/core/credit_approval.h"

#include "gtest/gtest.h"

namespace huikuan::core {
namespace {

CreditApplication App(Fen limit, int32_t term, CreditGrade grade, Fen monthly_purchases) {
  CreditApplication app;
  app.requested_limit = limit;
  app.requested_term_days = term;
  app.recommendation = *RecommendCredit(grade, false, monthly_purchases);
  return app;
}

TEST(CreditApprovalTest, R_CREDIT_1_AuthorityByAmount) {
  // Within the recommendation (grade A: 60 days, 3 months of 1,000,000 yuan purchases).
  absl::StatusOr<CreditRouting> r =
      RouteCreditApplication(App(50'000'000, 60, CreditGrade::kA, 100'000'000));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->authority, ApprovalAuthority::kDepartmentHead);
  EXPECT_TRUE(r->within_recommendation);
  EXPECT_EQ(r->reasons,
            std::vector<std::string>{"limit 500000.00 yuan <= 500000.00 yuan: department head"});
  EXPECT_EQ(RouteCreditApplication(App(50'000'001, 60, CreditGrade::kA, 100'000'000))->authority,
            ApprovalAuthority::kDeputyGeneralManager);
  EXPECT_EQ(RouteCreditApplication(App(500'000'000, 60, CreditGrade::kA, 300'000'000))->authority,
            ApprovalAuthority::kDeputyGeneralManager);
  EXPECT_EQ(RouteCreditApplication(App(500'000'001, 60, CreditGrade::kA, 300'000'000))->authority,
            ApprovalAuthority::kGeneralManagerOffice);
}

TEST(CreditApprovalTest, R_CREDIT_1_BeyondRecommendationEscalatesOneLevel) {
  // Header example: grade B recommends 45 days and 2 x 300,000 yuan.
  absl::StatusOr<CreditRouting> r =
      RouteCreditApplication(App(80'000'000, 60, CreditGrade::kB, 30'000'000));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->authority, ApprovalAuthority::kGeneralManagerOffice);
  EXPECT_FALSE(r->within_recommendation);
  EXPECT_EQ(r->reasons, (std::vector<std::string>{
                            "limit 800000.00 yuan <= 5000000.00 yuan: deputy general manager",
                            "limit above the recommended 600000.00 yuan",
                            "term 60 days above the recommended 45 days",
                            "escalated one level to general_manager_office"}));
  // Never past the GM office; escalation can be switched off.
  EXPECT_EQ(RouteCreditApplication(App(900'000'000, 90, CreditGrade::kB, 1))->authority,
            ApprovalAuthority::kGeneralManagerOffice);
  CreditApprovalConfig c;
  c.escalate_above_recommendation = false;
  EXPECT_EQ(RouteCreditApplication(App(80'000'000, 60, CreditGrade::kB, 30'000'000), c)->authority,
            ApprovalAuthority::kDeputyGeneralManager);
}

TEST(CreditApprovalTest, R_CREDIT_1_GradeDAskingForCredit) {
  absl::StatusOr<CreditRouting> r = RouteCreditApplication(App(1'000, 0, CreditGrade::kD, 1'000));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->authority, ApprovalAuthority::kDeputyGeneralManager);
  EXPECT_EQ(r->reasons[1], "limit above the recommended 0.00 yuan");
  EXPECT_EQ(r->reasons[2], "grade D (high risk) asking for credit");
  // Grade D on prepayment (no limit asked) stays with the department head.
  EXPECT_EQ(RouteCreditApplication(App(0, 0, CreditGrade::kD, 1'000))->authority,
            ApprovalAuthority::kDepartmentHead);
}

TEST(CreditApprovalTest, RejectsBadInput) {
  EXPECT_EQ(RouteCreditApplication(App(-1, 0, CreditGrade::kA, 1)).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(RouteCreditApplication(App(1, -1, CreditGrade::kA, 1)).status().code(),
            absl::StatusCode::kInvalidArgument);
  CreditApprovalConfig c;
  c.deputy_gm_max = c.department_head_max - 1;
  EXPECT_EQ(RouteCreditApplication(App(1, 0, CreditGrade::kA, 1), c).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace huikuan::core
