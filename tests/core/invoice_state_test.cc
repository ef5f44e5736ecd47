#include "server/core/invoice_state.h"

#include "gtest/gtest.h"
#include "server/core/violations.h"

namespace huikuan::core {
namespace {

std::string RuleOf(const absl::Status& status) {
  std::optional<RuleViolationDetail> rule = GetRuleViolation(status);
  return rule ? rule->type : "";
}

TEST(InvoiceStateTest, NamesRoundTrip) {
  for (int i = 0; i < kInvoiceStatusCount; ++i) {
    const auto status = static_cast<InvoiceStatus>(i);
    EXPECT_EQ(ParseInvoiceStatus(InvoiceStatusName(status)), status);
  }
  EXPECT_EQ(InvoiceStatusName(InvoiceStatus::kWrittenOff), "written_off");
  EXPECT_FALSE(ParseInvoiceStatus("closed").has_value());
}

TEST(InvoiceStateTest, R_PAY_1_CashPaysDownAndSettles) {
  InvoiceBalance balance{.status = InvoiceStatus::kOpen, .open = 50'000};
  ASSERT_TRUE(ApplyCash(balance, 20'000, "invoices/7").ok());
  EXPECT_EQ(balance.open, 30'000);
  EXPECT_EQ(balance.status, InvoiceStatus::kOpen);
  ASSERT_TRUE(ApplyCash(balance, 30'000, "invoices/7").ok());
  EXPECT_EQ(balance.open, 0);
  EXPECT_EQ(balance.status, InvoiceStatus::kPaid);
}

TEST(InvoiceStateTest, R_PAY_1_CashRefusedOnClosedOrBeyondOpen) {
  InvoiceBalance paid{.status = InvoiceStatus::kPaid, .open = 0};
  absl::Status status = ApplyCash(paid, 1, "invoices/7");
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(RuleOf(status), "INVOICE_CLOSED");
  EXPECT_EQ(status.message(), "invoices/7 is paid");

  InvoiceBalance open{.status = InvoiceStatus::kOpen, .open = 100};
  status = ApplyCash(open, 101, "invoices/8");
  EXPECT_EQ(RuleOf(status), "EXCEEDS_OPEN");
  EXPECT_EQ(status.message(), "amount 1.01 yuan exceeds the open amount of invoices/8 (1.00 yuan)");
  EXPECT_EQ(open.open, 100) << "a refused transition changes nothing";
  EXPECT_EQ(ApplyCash(open, 0, "invoices/8").code(), absl::StatusCode::kInvalidArgument);
}

TEST(InvoiceStateTest, DisputedInvoiceMayStillBePaid) {
  InvoiceBalance balance{.status = InvoiceStatus::kDisputed, .open = 500};
  ASSERT_TRUE(ApplyCash(balance, 500, "invoices/1").ok());
  EXPECT_EQ(balance.status, InvoiceStatus::kPaid);
}

TEST(InvoiceStateTest, R_PAY_1_ReturnedCashReopensPaidInvoice) {
  InvoiceBalance balance{.status = InvoiceStatus::kPaid, .open = 0};
  ReturnCash(balance, 700);
  EXPECT_EQ(balance.open, 700);
  EXPECT_EQ(balance.status, InvoiceStatus::kOpen);
  InvoiceBalance disputed{.status = InvoiceStatus::kDisputed, .open = 10};
  ReturnCash(disputed, 5);
  EXPECT_EQ(disputed.status, InvoiceStatus::kDisputed);
}

TEST(InvoiceStateTest, WriteOffClosesWhenNothingIsLeft) {
  InvoiceBalance balance{.status = InvoiceStatus::kOpen, .open = 1'000};
  ASSERT_TRUE(WriteOff(balance, 400, "invoices/3").ok());
  EXPECT_EQ(balance.open, 600);
  EXPECT_EQ(balance.written_off, 400);
  EXPECT_EQ(balance.status, InvoiceStatus::kOpen);
  EXPECT_EQ(RuleOf(WriteOff(balance, 601, "invoices/3")), "EXCEEDS_OPEN");
  ASSERT_TRUE(WriteOff(balance, 600, "invoices/3").ok());
  EXPECT_EQ(balance.status, InvoiceStatus::kWrittenOff);
  EXPECT_EQ(balance.written_off, 1'000);
}

TEST(InvoiceStateTest, R_STMT_1_DisputeOnlyOpenAndResolveBackToLedgerRules) {
  InvoiceBalance balance{.status = InvoiceStatus::kOpen, .open = 300};
  ASSERT_TRUE(Dispute(balance, "invoices/4").ok());
  EXPECT_EQ(balance.status, InvoiceStatus::kDisputed);
  EXPECT_EQ(RuleOf(Dispute(balance, "invoices/4")), "INVOICE_NOT_OPEN");
  ASSERT_TRUE(ResolveDispute(balance, "invoices/4").ok());
  EXPECT_EQ(balance.status, InvoiceStatus::kOpen);
  EXPECT_EQ(RuleOf(ResolveDispute(balance, "invoices/4")), "INVOICE_NOT_DISPUTED");

  // Paid in full while disputed... then resolved: paid.
  InvoiceBalance settled{.status = InvoiceStatus::kDisputed, .open = 0};
  ASSERT_TRUE(ResolveDispute(settled, "invoices/5").ok());
  EXPECT_EQ(settled.status, InvoiceStatus::kPaid);

  InvoiceBalance nothing_open{.status = InvoiceStatus::kOpen, .open = 0};
  EXPECT_EQ(RuleOf(Dispute(nothing_open, "invoices/6")), "INVOICE_NOT_OPEN");
}

}  // namespace
}  // namespace huikuan::core
