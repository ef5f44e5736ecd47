// Goods-for-debt settlements (R-PAY-1, seed 000's 以货抵债): the invoice's balance keeps
// open = amount - cash - write-offs - settled, and statements show the non-cash settlements
// apart from cash and write-offs.
#include "server/core/settlement.h"

#include <vector>

#include "gtest/gtest.h"
#include "server/core/invoice_state.h"
#include "server/core/statement.h"
#include "server/core/violations.h"

namespace huikuan::core {
namespace {

EpochDay D(const char* text) { return *ParseDate(text); }

TEST(SettlementTest, R_PAY_1_GoodsForDebtClearsTheInvoiceWithoutCash) {
  InvoiceBalance balance{InvoiceStatus::kOpen, 100'000, 0};
  ASSERT_TRUE(ApplyCash(balance, 30'000, "invoices/1").ok());
  ASSERT_TRUE(WriteOff(balance, 10'000, "invoices/1").ok());
  ASSERT_TRUE(SettleInKind(balance, 20'000, "invoices/1").ok());
  EXPECT_EQ(balance.open, 40'000);
  EXPECT_EQ(balance.settled, 20'000);
  EXPECT_EQ(balance.open, 100'000 - 30'000 - balance.written_off - balance.settled);
  absl::Status too_much = SettleInKind(balance, 40'001, "invoices/1");
  EXPECT_EQ(GetRuleViolation(too_much)->type, kExceedsOpen);
  ASSERT_TRUE(SettleInKind(balance, 40'000, "invoices/1").ok());
  EXPECT_EQ(balance.status, InvoiceStatus::kPaid);  // discharged, in kind
  EXPECT_EQ(GetRuleViolation(SettleInKind(balance, 1, "invoices/1"))->type, kInvoiceNotOpen);
  InvoiceBalance disputed{InvoiceStatus::kDisputed, 5'000, 0};
  EXPECT_EQ(GetRuleViolation(SettleInKind(disputed, 1, "invoices/2"))->type, kInvoiceNotOpen);
  EXPECT_EQ(SettleInKind(disputed, 0, "invoices/2").code(), absl::StatusCode::kFailedPrecondition);
  InvoiceBalance open{InvoiceStatus::kOpen, 5'000, 0};
  EXPECT_EQ(SettleInKind(open, 0, "invoices/3").code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(SettlementKindName(SettlementKind::kGoodsForDebt), "goods_for_debt");
  EXPECT_EQ(ParseSettlementKind("goods_for_debt"), SettlementKind::kGoodsForDebt);
}

TEST(SettlementTest, R_STMT_1_StatementShowsSettlementsInKind) {
  const std::vector<StatementInvoice> invoices = {
      {1, "SO-1", D("2024-02-10"), D("2024-03-11"), 200'000}};
  const std::vector<StatementSettlement> settlements = {
      {0, D("2024-03-05"), 50'000, false, false},
      {0, D("2024-03-20"), 120'000, false, true},
      {0, D("2024-03-25"), 10'000, true, false},
  };
  absl::StatusOr<Statement> s =
      BuildStatement(invoices, settlements, Period{D("2024-03-01"), D("2024-03-31")});
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->opening_balance, 200'000);
  EXPECT_EQ(s->received, 50'000);
  EXPECT_EQ(s->settled_in_kind, 120'000);
  EXPECT_EQ(s->written_off, 10'000);
  EXPECT_EQ(s->closing_balance, 20'000);
  EXPECT_EQ(s->opening_balance + s->invoiced - s->received - s->written_off - s->settled_in_kind,
            s->closing_balance);
  const std::vector<StatementSettlement> both = {{0, D("2024-03-05"), 1, true, true}};
  EXPECT_EQ(
      BuildStatement(invoices, both, Period{D("2024-03-01"), D("2024-03-31")}).status().code(),
      absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace huikuan::core
