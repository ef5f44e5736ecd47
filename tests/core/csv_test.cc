#include "server/core/csv.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace huikuan::core {
namespace {

using Rows = std::vector<std::vector<std::string>>;

TEST(CsvTest, ParsesPlainRecordsWithCrlfAndLf) {
  auto table = ParseCsv("a,b,c\r\n1,2,3\n4,,6");
  ASSERT_TRUE(table.ok()) << table.status();
  EXPECT_EQ(table->rows, (Rows{{"a", "b", "c"}, {"1", "2", "3"}, {"4", "", "6"}}));
}

TEST(CsvTest, TrailingNewlineAddsNoRecord) {
  auto table = ParseCsv("a,b\r\n");
  ASSERT_TRUE(table.ok());
  EXPECT_EQ(table->rows, (Rows{{"a", "b"}}));
  EXPECT_TRUE(ParseCsv("")->rows.empty());
}

TEST(CsvTest, BareCrEndsARecord) {
  auto table = ParseCsv("a,b\rc,d\r");
  ASSERT_TRUE(table.ok());
  EXPECT_EQ(table->rows, (Rows{{"a", "b"}, {"c", "d"}}));
}

TEST(CsvTest, QuotedFieldsHoldCommasQuotesAndNewlines) {
  auto table = ParseCsv("\"x,1\",\"say \"\"hi\"\"\",\"two\r\nlines\"\r\n\"\",z\r\n");
  ASSERT_TRUE(table.ok()) << table.status();
  EXPECT_EQ(table->rows, (Rows{{"x,1", "say \"hi\"", "two\r\nlines"}, {"", "z"}}));
}

TEST(CsvTest, KeepsSpacesAndEmptyFieldsAsWritten) {
  auto table = ParseCsv(" a , b ,\r\n");
  ASSERT_TRUE(table.ok());
  EXPECT_EQ(table->rows, (Rows{{" a ", " b ", ""}}));
}

TEST(CsvTest, UnterminatedQuoteIsAnError) {
  auto table = ParseCsv("a,b\r\n1,\"open\r\n");
  EXPECT_EQ(table.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(table.status().message(), "csv line 2, column 2: unterminated quoted field");
}

TEST(CsvTest, QuoteInsideUnquotedFieldIsAnError) {
  auto table = ParseCsv("a,b\nx,ab\"c\n");
  EXPECT_EQ(table.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(table.status().message(), "csv line 2, column 2: quote inside an unquoted field");
}

TEST(CsvTest, TextAfterClosingQuoteIsAnError) {
  auto table = ParseCsv("\"a\"b,c\n");
  EXPECT_EQ(table.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(table.status().message(), "csv line 1, column 1: text after a closing quote");
}

TEST(CsvTest, WriterQuotesOnlyWhereNeeded) {
  EXPECT_EQ(WriteCsv({{"a", "b"}, {"x,1", "say \"hi\""}, {"line\nbreak", "7.50"}}),
            "a,b\r\n\"x,1\",\"say \"\"hi\"\"\"\r\n\"line\nbreak\",7.50\r\n");
}

TEST(CsvTest, RoundTripsAwkwardFields) {
  const Rows rows = {{"id", "name", "note"},
                     {"1", "Acme, Inc.", "\"quoted\""},
                     {"2", "", "multi\r\nline"},
                     {"3", "中文客户", ",,"}};
  auto table = ParseCsv(WriteCsv(rows));
  ASSERT_TRUE(table.ok()) << table.status();
  EXPECT_EQ(table->rows, rows);
}

}  // namespace
}  // namespace huikuan::core
