#include "server/core/statement.h"

#include <vector>

#include "gtest/gtest.h"
#include "server/core/violations.h"

namespace huikuan::core {
namespace {

EpochDay D(const char* text) { return *ParseDate(text); }

class StatementFixture : public ::testing::Test {
 protected:
  std::vector<StatementInvoice> invoices = {
      {1, "SO-1001", D("2024-01-20"), D("2024-02-19"), 100'000},  // old, half paid in Feb
      {2, "SO-1002", D("2024-02-10"), D("2024-03-11"), 200'000},  // paid in full in March
      {3, "SO-1003", D("2024-03-05"), D("2024-04-04"), 300'000},  // March invoice, open
      {4, "SO-1004", D("2024-01-05"), D("2024-02-04"), 50'000},   // settled in January
      {5, "SO-1005", D("2024-04-02"), D("2024-05-02"), 999},      // after the period
  };
  std::vector<StatementSettlement> settlements = {
      {0, D("2024-02-25"), 50'000, false},
      {1, D("2024-03-08"), 200'000, false},
      {3, D("2024-01-30"), 50'000, false},
      {0, D("2024-03-20"), 10'000, true},
  };
  Period march{D("2024-03-01"), D("2024-03-31")};
};

TEST_F(StatementFixture, R_STMT_1_BalancesAndLines) {
  absl::StatusOr<Statement> s = BuildStatement(invoices, settlements, march);
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->opening_balance, 250'000);  // 50,000 left on SO-1001 + 200,000 on SO-1002
  EXPECT_EQ(s->invoiced, 300'000);
  EXPECT_EQ(s->received, 200'000);
  EXPECT_EQ(s->written_off, 10'000);
  EXPECT_EQ(s->closing_balance, 340'000);
  EXPECT_EQ(s->opening_balance + s->invoiced - s->received - s->written_off, s->closing_balance);
  EXPECT_EQ(s->overdue_at_end, 40'000);  // SO-1001, due in February
  ASSERT_EQ(s->lines.size(), 2u);        // SO-1001 (open) and SO-1003 (invoiced in March)
  EXPECT_EQ(s->lines[0].order_number, "SO-1001");
  EXPECT_EQ(s->lines[0].open_at_end, 40'000);
  EXPECT_TRUE(s->lines[0].overdue_at_end);
  EXPECT_EQ(s->lines[1].order_number, "SO-1003");
  EXPECT_EQ(FormatDate(s->lines[1].due_day), "2024-04-04");
  EXPECT_EQ(s->lines[1].open_at_end, 300'000);
  EXPECT_FALSE(s->lines[1].overdue_at_end);
}

TEST_F(StatementFixture, RejectsBadInput) {
  std::vector<StatementSettlement> bad = settlements;
  bad[0].invoice_row = 9;
  EXPECT_EQ(BuildStatement(invoices, bad, march).status().message(),
            "settlements[0].invoice_row: 9 is not a row of invoices");
  bad = settlements;
  bad.push_back({2, D("2024-03-01"), 1, false});  // before SO-1003's date
  EXPECT_EQ(BuildStatement(invoices, bad, march).status().code(),
            absl::StatusCode::kInvalidArgument);
  bad = settlements;
  bad.push_back({0, D("2024-03-21"), 40'001, false});  // more than is left
  EXPECT_EQ(BuildStatement(invoices, bad, march).status().code(),
            absl::StatusCode::kInvalidArgument);
  std::vector<StatementInvoice> dup = invoices;
  dup[1].invoice_id = 1;
  EXPECT_EQ(BuildStatement(dup, settlements, march).status().message(),
            "invoices[1].invoice_id: 1 appears twice");
  EXPECT_EQ(BuildStatement(invoices, settlements, Period{march.last_day, march.first_day})
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(BuildStatement({}, {}, march)->lines.empty());
}

TEST(StatementTest, R_STMT_1_DueReminderCarriesTheDueDate) {
  EXPECT_EQ(*DueReminderText(123456, D("2024-03-01")),
            "贵司应付账款1234.56元将于2024年3月1日到期,请及时安排付款");
  EXPECT_EQ(DueReminderText(-1, D("2024-03-01")).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(DueReminderText(1, kMaxEpochDay + 1).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(StatementStateTest, R_STMT_1_ConfirmOnceDisputeUntilConfirmed) {
  StatementStatus status = StatementStatus::kIssued;
  ASSERT_TRUE(DisputeStatement(status, "statements/1").ok());
  EXPECT_EQ(status, StatementStatus::kDisputed);
  ASSERT_TRUE(DisputeStatement(status, "statements/1").ok()) << "more lines may be disputed";
  EXPECT_EQ(GetRuleViolation(ConfirmStatement(status, "statements/1"))->type, "STATEMENT_DECIDED");
  StatementStatus issued = StatementStatus::kIssued;
  ASSERT_TRUE(ConfirmStatement(issued, "statements/2").ok());
  absl::Status late = DisputeStatement(issued, "statements/2");
  EXPECT_EQ(late.message(), "statements/2 is confirmed: it can no longer be disputed");
  EXPECT_EQ(ParseStatementStatus("confirmed"), StatementStatus::kConfirmed);
}

}  // namespace
}  // namespace huikuan::core
