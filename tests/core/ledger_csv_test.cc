#include "server/core/ledger_csv.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace huikuan::core {
namespace {

TEST(LedgerCsvTest, InvoicesRoundTripExactly) {
  std::vector<InvoiceCsvRow> rows(2);
  rows[0] = {"C-1", "INV-1", "SO, 1", *ParseDate("2024-03-01"), *ParseDate("2024-03-31"), 123456};
  rows[1] = {"C-2", "INV-2", "", *ParseDate("2024-03-02"), std::nullopt, 5};
  const std::string text = WriteInvoicesCsv(rows);
  EXPECT_EQ(text,
            "customer_external_id,invoice_number,order_number,invoice_date,due_date,amount\r\n"
            "C-1,INV-1,\"SO, 1\",2024-03-01,2024-03-31,1234.56\r\n"
            "C-2,INV-2,,2024-03-02,,0.05\r\n");
  auto parsed = ParseInvoicesCsv(text);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  ASSERT_EQ(parsed->size(), 2u);
  EXPECT_EQ((*parsed)[0].order_number, "SO, 1");
  EXPECT_EQ((*parsed)[0].amount, 123456);
  EXPECT_EQ((*parsed)[0].due_day, rows[0].due_day);
  EXPECT_EQ((*parsed)[1].due_day, std::nullopt);
  EXPECT_EQ((*parsed)[1].amount, 5);
}

TEST(LedgerCsvTest, PaymentsRoundTripExactly) {
  std::vector<PaymentCsvRow> rows = {{"C-1", "INV-1", *ParseDate("2024-04-01"), 100000000000}};
  auto parsed = ParsePaymentsCsv(WritePaymentsCsv(rows));
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  ASSERT_EQ(parsed->size(), 1u);
  EXPECT_EQ((*parsed)[0].amount, 100000000000);
  EXPECT_EQ((*parsed)[0].reference, "INV-1");
  EXPECT_EQ((*parsed)[0].received_day, rows[0].received_day);
}

TEST(LedgerCsvTest, ReportsEveryBadRowAtOnce) {
  auto parsed = ParseInvoicesCsv(
      "amount,invoice_date,customer_external_id,invoice_number,order_number,due_date\r\n"
      "10.00,2024-03-01,C-1,INV-1,,\r\n"
      "1.005,2024-03-01,C-1,INV-2,,\r\n"
      "1e3,2024-02-30,,INV-3,,2024-01-01\r\n"
      "-1,2024-03-01,C-1,INV-4,,2024-02-01\r\n");
  EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(parsed.status().message(),
            "rows[2].amount: not a yuan amount: \"1.005\"\n"
            "rows[3].customer_external_id: required\n"
            "rows[3].invoice_date: not a YYYY-MM-DD date: \"2024-02-30\"\n"
            "rows[3].amount: not a yuan amount: \"1e3\"\n"
            "rows[4].due_date: before invoice_date\n"
            "rows[4].amount: must be positive");
}

TEST(LedgerCsvTest, MissingColumnsAreNamed) {
  auto parsed = ParsePaymentsCsv("customer_external_id,amount\r\nC-1,1.00\r\n");
  EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(parsed.status().message(),
            "header: missing column reference\nheader: missing column received_date");
}

}  // namespace
}  // namespace huikuan::core
