// R-CREDIT-1 with the default chain: up to 1,000,000 yuan the finance head; up to
// 5,000,000 also the investment head; above that also a management head. Bounds are inclusive.
#include "server/core/approval_chain.h"

#include "gtest/gtest.h"

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

}  // namespace
}  // namespace huikuan::core
