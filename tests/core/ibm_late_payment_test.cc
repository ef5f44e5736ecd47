#include "server/core/ibm_late_payment.h"

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "server/core/csv.h"

namespace huikuan::core {
namespace {

constexpr char kHeader[] =
    "countryCode,customerID,PaperlessDate,invoiceNumber,InvoiceDate,DueDate,InvoiceAmount,"
    "Disputed,SettledDate,PaperlessBill,DaysToSettle,DaysLate\r\n";

TEST(IbmLatePaymentTest, ParsesUsDates) {
  EXPECT_EQ(*ParseUsDate("1/2/2013"), *ParseDate("2013-01-02"));
  EXPECT_EQ(*ParseUsDate("12/31/2013"), *ParseDate("2013-12-31"));
  EXPECT_EQ(*ParseUsDate("02/09/2012"), *ParseDate("2012-02-09"));
  EXPECT_FALSE(ParseUsDate("2/30/2013").ok());
  EXPECT_FALSE(ParseUsDate("2013-01-02").ok());
  EXPECT_FALSE(ParseUsDate("1/2/13").ok());
  EXPECT_FALSE(ParseUsDate("").ok());
}

TEST(IbmLatePaymentTest, MapsARow) {
  auto rows = ParseIbmLatePaymentCsv(
      std::string(kHeader) +
      "406,8976-AMJEO,3/3/2012,7900770,1/26/2013,2/25/2013,61.74,Yes,3/3/2013,Electronic,36,6\r\n");
  ASSERT_TRUE(rows.ok()) << rows.status();
  ASSERT_EQ(rows->size(), 1u);
  const IbmInvoiceRow& row = (*rows)[0];
  EXPECT_EQ(row.customer_external_id, "8976-AMJEO");
  EXPECT_EQ(row.invoice_number, "7900770");
  EXPECT_EQ(row.invoice_day, *ParseDate("2013-01-26"));
  EXPECT_EQ(row.due_day, *ParseDate("2013-02-25"));
  EXPECT_EQ(row.settled_day, *ParseDate("2013-03-03"));
  EXPECT_EQ(row.amount, 6174);
  EXPECT_TRUE(row.disputed);
}

TEST(IbmLatePaymentTest, ReportsEveryBadRowAtOnce) {
  auto rows = ParseIbmLatePaymentCsv(
      std::string(kHeader) +
      "391,0379-NEVHP,4/6/2013,611365,1/2/2013,2/1/2013,55.94,No,1/15/2013,Paper,13,0\r\n"
      "391,0379-NEVHP,4/6/2013,611366,1/2/2013,2/1/2013,12.345,No,1/15/2013,Paper,13,0\r\n"
      "391,,4/6/2013,611367,13/2/2013,2/1/2013,1.00,Maybe,1/15/2013,Paper,13,0\r\n"
      "391,0379-NEVHP,4/6/2013,611365,1/2/2013,2/1/2013,1.00,No,1/1/2013,Paper,13,0\r\n"
      "391,short\r\n");
  EXPECT_EQ(rows.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(rows.status().message(),
            "rows[2].InvoiceAmount: not a yuan amount: \"12.345\"\n"
            "rows[3].customerID: required\n"
            "rows[3].InvoiceDate: not a calendar date: \"13/2/2013\"\n"
            "rows[3].Disputed: not Yes or No: \"Maybe\"\n"
            "rows[4].invoiceNumber: repeats rows[1]\n"
            "rows[4].SettledDate: before InvoiceDate\n"
            "rows[5]: 2 fields, header has 12");
}

TEST(IbmLatePaymentTest, MissingColumnIsNamed) {
  auto rows = ParseIbmLatePaymentCsv("customerID,invoiceNumber\r\nx,1\r\n");
  EXPECT_EQ(rows.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(rows.status().message().substr(0, 36), "header: missing column InvoiceDate\nh");
}

// Sums "123.4" / "55.94" / "7" as exact decimal text, independently of ParseYuan.
int64_t SumDecimalText(const std::vector<std::string>& amounts) {
  int64_t total = 0;
  for (const std::string& text : amounts) {
    std::vector<std::string> parts = absl::StrSplit(text, '.');
    int64_t fen = std::stoll(parts[0]) * 100;
    if (parts.size() == 2) {
      std::string cents = parts[1];
      while (cents.size() < 2) cents.push_back('0');
      fen += std::stoll(cents);
    }
    total += fen;
  }
  return total;
}

TEST(IbmLatePaymentTest, ParsesTheRealFileExactly) {
  std::string path;
  if (const char* dir = std::getenv("HUIKUAN_DATA_DIR")) {
    path = std::string(dir) + "/ibm-late-payment-histories.csv";
  } else if (const char* source = std::getenv("HUIKUAN_SOURCE_DIR")) {
    path = std::string(source) + "/../shared/data/ibm-late-payment-histories.csv";
  }
  std::ifstream in(path, std::ios::binary);
  if (path.empty() || !in) {
    GTEST_SKIP() << "IBM data not found at '" << path << "' (set HUIKUAN_DATA_DIR)";
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string text = buffer.str();

  auto rows = ParseIbmLatePaymentCsv(text);
  ASSERT_TRUE(rows.ok()) << rows.status();
  EXPECT_EQ(rows->size(), 2466u);

  std::vector<std::string> amount_texts;
  const CsvTable table = *ParseCsv(text);
  for (size_t r = 1; r < table.rows.size(); ++r) amount_texts.push_back(table.rows[r][6]);
  int64_t parsed_total = 0;
  std::set<std::string> customers;
  for (const IbmInvoiceRow& row : *rows) {
    parsed_total += row.amount;
    customers.insert(row.customer_external_id);
  }
  EXPECT_EQ(parsed_total, SumDecimalText(amount_texts));
  EXPECT_EQ(customers.size(), 100u);
}

}  // namespace
}  // namespace huikuan::core
