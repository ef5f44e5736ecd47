// R-CREDIT-1 with the default chain: up to 1,000,000 yuan the finance head; up to
// 5,000,000 also the investment head; above that also a management head. Bounds are inclusive.
#include "server/core/approval_chain.h"

#include "gtest/gtest.h"
#include "server/core/violations.h"

namespace huikuan::core {
namespace {

using Roles = std::vector<ApproverRole>;
constexpr ApproverRole kFinance = ApproverRole::kFinanceHead;
constexpr ApproverRole kInvestment = ApproverRole::kInvestmentHead;
constexpr ApproverRole kManagement = ApproverRole::kManagementHead;

Roles Required(Fen limit, const ApprovalChainConfig& config = ApprovalChainConfig()) {
  absl::StatusOr<Roles> roles = RequiredApprovers(limit, config);
  EXPECT_TRUE(roles.ok()) << roles.status();
  return roles.ok() ? *roles : Roles{};
}

TEST(ApprovalChainTest, R_CREDIT_1_DefaultBandsByAmount) {
  EXPECT_EQ(Required(0), (Roles{kFinance}));
  EXPECT_EQ(Required(100'000'000), (Roles{kFinance}));  // exactly 1,000,000 yuan
  EXPECT_EQ(Required(100'000'001), (Roles{kFinance, kInvestment}));
  EXPECT_EQ(Required(300'000'000), (Roles{kFinance, kInvestment}));
  EXPECT_EQ(Required(500'000'000), (Roles{kFinance, kInvestment}));  // exactly 5,000,000 yuan
  EXPECT_EQ(Required(500'000'001), (Roles{kFinance, kInvestment, kManagement}));
  EXPECT_EQ(Required(800'000'000), (Roles{kFinance, kInvestment, kManagement}));
}

TEST(ApprovalChainTest, ConfigurableBandsAreNormalized) {
  ApprovalChainConfig config;
  config.bands = {ApprovalBand{10'000, {kInvestment, kFinance, kInvestment}}};
  config.above = {kManagement};
  EXPECT_EQ(Required(10'000, config), (Roles{kFinance, kInvestment}));
  EXPECT_EQ(Required(10'001, config), (Roles{kManagement}));
}

TEST(ApprovalChainTest, RejectsBadInputAndConfig) {
  EXPECT_EQ(RequiredApprovers(-1).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(RequiredApprovers(kMaxAbsFen + 1).status().code(), absl::StatusCode::kInvalidArgument);
  ApprovalChainConfig descending;
  descending.bands = {ApprovalBand{10, {kFinance}}, ApprovalBand{10, {kInvestment}}};
  EXPECT_EQ(ValidateApprovalChainConfig(descending).code(), absl::StatusCode::kInvalidArgument);
  ApprovalChainConfig empty;
  empty.above.clear();
  EXPECT_EQ(RequiredApprovers(1, empty).status().code(), absl::StatusCode::kInvalidArgument);
  ApprovalChainConfig bad_enum;
  bad_enum.bands[0].approvers = {static_cast<ApproverRole>(7)};
  EXPECT_EQ(ValidateApprovalChainConfig(bad_enum).code(), absl::StatusCode::kInvalidArgument);
}

TEST(ApprovalChainTest, RoleNamesRoundTrip) {
  for (ApproverRole role : {kFinance, kInvestment, kManagement}) {
    EXPECT_EQ(ParseApproverRole(ApproverRoleName(role)), role);
  }
  EXPECT_EQ(ApproverRoleName(kManagement), "management_head");
  EXPECT_EQ(ParseApproverRole("sales_head"), std::nullopt);
}

CreditRecommendation Recommend(CreditGrade grade, Fen limit, int32_t term_days = 45) {
  CreditRecommendation recommendation;
  recommendation.grade = grade;
  recommendation.credit_limit = limit;
  recommendation.term_days = term_days;
  return recommendation;
}

TEST(ApprovalChainTest, R_CREDIT_1_RoutingWithinRecommendationKeepsTheAmountBand) {
  absl::StatusOr<CreditRouting> routing =
      RouteCreditApplication(80'000'000, 45, Recommend(CreditGrade::kA, 100'000'000));
  ASSERT_TRUE(routing.ok()) << routing.status();
  EXPECT_EQ(routing->approvers, (Roles{kFinance}));
  EXPECT_TRUE(routing->within_recommendation);
  ASSERT_EQ(routing->reasons.size(), 1u);
  EXPECT_EQ(routing->reasons[0], "limit 800000.00 yuan <= 1000000.00 yuan: finance_head");
}

TEST(ApprovalChainTest, R_CREDIT_1_BeyondRecommendationIsReportedButNotEscalatedByDefault) {
  absl::StatusOr<CreditRouting> routing =
      RouteCreditApplication(80'000'000, 60, Recommend(CreditGrade::kB, 30'000'000));
  ASSERT_TRUE(routing.ok()) << routing.status();
  EXPECT_EQ(routing->approvers, (Roles{kFinance}));
  EXPECT_FALSE(routing->within_recommendation);
  EXPECT_EQ(routing->reasons,
            (std::vector<std::string>{"limit 800000.00 yuan <= 1000000.00 yuan: finance_head",
                                      "limit above the recommended 300000.00 yuan",
                                      "term 60 days above the recommended 45 days"}));
}

TEST(ApprovalChainTest, EscalationGoesOneBandUpAndStopsAtAbove) {
  ApprovalChainConfig config;
  config.escalate_beyond_recommendation = true;
  auto route = [&](Fen limit, int32_t term, const CreditRecommendation& recommendation) {
    absl::StatusOr<CreditRouting> routing =
        RouteCreditApplication(limit, term, recommendation, config);
    EXPECT_TRUE(routing.ok()) << routing.status();
    return routing.ok() ? routing->approvers : Roles{};
  };
  // Term beyond the recommendation: 800,000 yuan goes to the 5,000,000 band's approvers.
  EXPECT_EQ(route(80'000'000, 60, Recommend(CreditGrade::kA, 100'000'000)),
            (Roles{kFinance, kInvestment}));
  // Within the recommendation: no escalation.
  EXPECT_EQ(route(80'000'000, 30, Recommend(CreditGrade::kA, 100'000'000)), (Roles{kFinance}));
  // Grade D asking for credit escalates even within the recommended figures.
  EXPECT_EQ(route(1'000, 0, Recommend(CreditGrade::kD, 1'000)), (Roles{kFinance, kInvestment}));
  // Grade D asking for nothing does not.
  EXPECT_EQ(route(0, 0, Recommend(CreditGrade::kD, 1'000)), (Roles{kFinance}));
  // Already above every band: stays there.
  EXPECT_EQ(route(900'000'000, 90, Recommend(CreditGrade::kB, 1)),
            (Roles{kFinance, kInvestment, kManagement}));
}

TEST(ApprovalChainTest, RoutingRejectsBadInput) {
  const CreditRecommendation recommendation = Recommend(CreditGrade::kA, 1);
  EXPECT_EQ(RouteCreditApplication(-1, 0, recommendation).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(RouteCreditApplication(1, -1, recommendation).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(ApprovalChainTest, ConfigTextRoundTripsAndDefaultsWhenEmpty) {
  const std::string default_text =
      "1000000.00=finance_head;5000000.00=finance_head+investment_head;"
      "above=finance_head+investment_head+management_head";
  EXPECT_EQ(FormatApprovalChainConfig(ApprovalChainConfig()), default_text);
  absl::StatusOr<ApprovalChainConfig> empty = ParseApprovalChainConfig("");
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(FormatApprovalChainConfig(*empty), default_text);

  absl::StatusOr<ApprovalChainConfig> custom = ParseApprovalChainConfig(
      "200000=finance_head;above=finance_head+management_head;escalate_beyond_recommendation");
  ASSERT_TRUE(custom.ok()) << custom.status();
  EXPECT_EQ(custom->bands.size(), 1u);
  EXPECT_EQ(custom->bands[0].up_to, 20'000'000);
  EXPECT_TRUE(custom->escalate_beyond_recommendation);
  EXPECT_EQ(Required(20'000'001, *custom), (Roles{kFinance, kManagement}));
  EXPECT_EQ(FormatApprovalChainConfig(*custom),
            "200000.00=finance_head;above=finance_head+management_head;"
            "escalate_beyond_recommendation");
}

TEST(ApprovalChainTest, ConfigTextErrorsQuoteTheBadPart) {
  auto error = [](absl::string_view text) {
    absl::StatusOr<ApprovalChainConfig> config = ParseApprovalChainConfig(text);
    EXPECT_EQ(config.status().code(), absl::StatusCode::kInvalidArgument) << text;
    return std::string(config.status().message());
  };
  EXPECT_NE(error("100=finance_head;above=cfo").find("\"cfo\" is not an approver role"),
            std::string::npos);
  EXPECT_NE(error("100=finance_head").find("missing \"above=<roles>\""), std::string::npos);
  EXPECT_NE(error("lots=finance_head;above=finance_head").find("\"lots=finance_head\""),
            std::string::npos);
  EXPECT_NE(error("100=finance_head;above=finance_head;200=finance_head").find("200="),
            std::string::npos);
  EXPECT_NE(error("500=finance_head;100=finance_head;above=finance_head").find("bands[1]"),
            std::string::npos);
}

TEST(ApprovalQuorumTest, R_CREDIT_1_EveryRequiredRoleApprovesOnce) {
  const std::vector<std::string> required = {"finance_head", "investment_head"};
  std::vector<ApproverDecision> decisions;
  absl::StatusOr<ApplicationStatus> after =
      RecordApproverDecision(ApplicationStatus::kSubmitted, required, decisions, "finance_head",
                             true, "creditApplications/1");
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_EQ(*after, ApplicationStatus::kSubmitted) << "still waiting for investment";
  decisions.push_back({"finance_head", true, 7});
  absl::StatusOr<ApplicationStatus> again =
      RecordApproverDecision(ApplicationStatus::kSubmitted, required, decisions, "finance_head",
                             true, "creditApplications/1");
  EXPECT_EQ(GetRuleViolation(again.status())->type, "ALREADY_DECIDED");
  EXPECT_EQ(again.status().message(),
            "finance_head has already decided on creditApplications/1 (approved by users/7)");
  absl::StatusOr<ApplicationStatus> outsider =
      RecordApproverDecision(ApplicationStatus::kSubmitted, required, decisions, "management_head",
                             true, "creditApplications/1");
  EXPECT_EQ(outsider.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(outsider.status().message(),
            "management_head is not a required approver of creditApplications/1 (required: "
            "finance_head, investment_head)");
  EXPECT_EQ(*RecordApproverDecision(ApplicationStatus::kSubmitted, required, decisions,
                                    "investment_head", true, "creditApplications/1"),
            ApplicationStatus::kApproved);
  EXPECT_EQ(*RecordApproverDecision(ApplicationStatus::kSubmitted, required, decisions,
                                    "investment_head", false, "creditApplications/1"),
            ApplicationStatus::kRejected);
}

TEST(ApprovalQuorumTest, R_CREDIT_1_ClosedApplicationsTakeNoDecisionAndWithdrawOnce) {
  absl::StatusOr<ApplicationStatus> late =
      RecordApproverDecision(ApplicationStatus::kRejected, {"finance_head"}, {}, "finance_head",
                             true, "creditApplications/2");
  EXPECT_EQ(GetRuleViolation(late.status())->type, "APPLICATION_CLOSED");
  EXPECT_EQ(late.status().message(),
            "creditApplications/2 is rejected: it takes no more decisions");
  ApplicationStatus status = ApplicationStatus::kSubmitted;
  ASSERT_TRUE(WithdrawApplication(status, "creditApplications/3").ok());
  EXPECT_EQ(status, ApplicationStatus::kWithdrawn);
  EXPECT_EQ(GetRuleViolation(WithdrawApplication(status, "creditApplications/3"))->type,
            "APPLICATION_CLOSED");
  EXPECT_EQ(ParseApplicationStatus("withdrawn"), ApplicationStatus::kWithdrawn);
}

}  // namespace
}  // namespace huikuan::core
