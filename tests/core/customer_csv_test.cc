#include "server/core/customer_csv.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace huikuan::core {
namespace {

constexpr char kHeader[] =
    "external_id,display_name,owner_username,industry,enterprise_size,industry_position,"
    "founding_date,tax_credit_grade,bank_credit_line,third_party_rating\r\n";

TEST(CustomerCsvTest, RoundTripsExactly) {
  CustomerCsvRow row;
  row.external_id = "ERP-7";
  row.display_name = "华东机械, 有限公司";
  row.owner_username = "sales01";
  row.industry = "machinery";
  row.enterprise_size = "large";
  row.industry_position = "regional_leader";
  row.founding_day = *ParseDate("2009-06-30");
  row.tax_credit_grade = "A";
  row.bank_credit_line = 500000001;  // 5,000,000.01 yuan
  row.third_party_rating = "AA-";
  const std::string text = WriteCustomersCsv({row, CustomerCsvRow{"ERP-8", "B", "sales02"}});
  EXPECT_EQ(text, std::string(kHeader) +
                      "ERP-7,\"华东机械, 有限公司\",sales01,machinery,large,regional_leader,"
                      "2009-06-30,A,5000000.01,AA-\r\n"
                      "ERP-8,B,sales02,,small,sme,,M,0.00,\r\n");
  auto parsed = ParseCustomersCsv(text);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  ASSERT_EQ(parsed->size(), 2u);
  EXPECT_EQ(WriteCustomersCsv(*parsed), text);
  EXPECT_EQ((*parsed)[0].bank_credit_line, 500000001);
  EXPECT_EQ((*parsed)[1].founding_day, std::nullopt);
}

TEST(CustomerCsvTest, EmptyProfileColumnsTakeTheDefaults) {
  auto parsed = ParseCustomersCsv(std::string(kHeader) + "C-1,One,sales01,,,,,,,\r\n");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ((*parsed)[0].enterprise_size, "small");
  EXPECT_EQ((*parsed)[0].industry_position, "sme");
  EXPECT_EQ((*parsed)[0].tax_credit_grade, "M");
  EXPECT_EQ((*parsed)[0].bank_credit_line, 0);
}

TEST(CustomerCsvTest, ReportsEveryBadRowAtOnce) {
  auto parsed = ParseCustomersCsv(std::string(kHeader) +
                                  "C-1,One,sales01,,huge,,,,,\r\n"
                                  "C-2,Two,sales01,,,,2024-02-30,Z,-1.00,\r\n"
                                  ",,,,,,,,12.345,\r\n");
  ASSERT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(parsed.status().message(),
            "rows[1].enterprise_size: must be one of micro|small|medium|large: \"huge\"\n"
            "rows[2].founding_date: not a YYYY-MM-DD date: \"2024-02-30\"\n"
            "rows[2].tax_credit_grade: must be one of A|B|M|C|D: \"Z\"\n"
            "rows[2].bank_credit_line: must be >= 0\n"
            "rows[3].external_id: required: 1-64 characters without control characters\n"
            "rows[3].display_name: must be 1-200 characters\n"
            "rows[3].owner_username: required\n"
            "rows[3].bank_credit_line: not a yuan amount: \"12.345\"");
}

TEST(CustomerCsvTest, MissingHeaderColumnIsNamed) {
  auto parsed = ParseCustomersCsv("external_id,display_name\r\nC-1,One\r\n");
  ASSERT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(parsed.status().message().find("header: missing column owner_username"),
            std::string::npos);
}

TEST(CustomerCsvTest, ExternalKeys) {
  EXPECT_TRUE(IsValidKey("0379-NEVHP"));
  EXPECT_FALSE(IsValidKey(""));
  EXPECT_FALSE(IsValidKey(std::string(65, 'x')));
  EXPECT_FALSE(IsValidKey("a\tb"));
}

}  // namespace
}  // namespace huikuan::core
