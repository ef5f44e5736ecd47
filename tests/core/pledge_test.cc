// Pledged and factored invoices (seed 000, 应收账款质押融资 / 保理; issue 14).
#include "server/core/pledge.h"

#include "gtest/gtest.h"
#include "server/core/violations.h"

namespace huikuan::core {
namespace {

TEST(PledgeTest, APledgedInvoiceRefusesWriteOffAndSettlementNamingTheFinancier) {
  EXPECT_TRUE(CheckNotPledged(std::nullopt, "invoices/7").ok());
  const absl::Status refused =
      CheckNotPledged(ActivePledge{"工商银行", PledgeKind::kFactoring}, "invoices/7");
  EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(GetRuleViolation(refused)->type, kInvoicePledged);
  EXPECT_EQ(GetRuleViolation(refused)->subject, "invoices/7");
  EXPECT_NE(refused.message().find("factored to 工商银行"), absl::string_view::npos);
}

TEST(PledgeTest, ValidatePledgeAndRelease) {
  const InvoiceBalance open{InvoiceStatus::kOpen, 100'000, 0};
  EXPECT_TRUE(ValidatePledge(open, 10, std::nullopt, 100'000, 12, 12, "invoices/1").ok());
  EXPECT_EQ(GetRuleViolation(ValidatePledge(open, 10, std::nullopt, 100'001, 12, 12, "i"))->type,
            kExceedsOpen);
  EXPECT_EQ(GetRuleViolation(
                ValidatePledge(open, 10, ActivePledge{"B", PledgeKind::kPledge}, 1, 12, 12, "i"))
                ->type,
            "ALREADY_PLEDGED");
  const InvoiceBalance disputed{InvoiceStatus::kDisputed, 100'000, 0};
  EXPECT_EQ(GetRuleViolation(ValidatePledge(disputed, 10, std::nullopt, 1, 12, 12, "i"))->type,
            kInvoiceNotOpen);
  EXPECT_EQ(GetFieldViolations(ValidatePledge(open, 10, std::nullopt, 1, 13, 12, "i"))[0].field,
            "pledged_date");
  EXPECT_EQ(GetFieldViolations(ValidatePledge(open, 10, std::nullopt, 1, 9, 12, "i"))[0].field,
            "pledged_date");
  EXPECT_TRUE(ValidateRelease(false, 10, 12, 12, "pledges/1").ok());
  EXPECT_EQ(GetRuleViolation(ValidateRelease(true, 10, 12, 12, "pledges/1"))->type, "NOT_PLEDGED");
  EXPECT_EQ(GetFieldViolations(ValidateRelease(false, 10, 9, 12, "p"))[0].field, "released_date");
}

}  // namespace
}  // namespace huikuan::core
