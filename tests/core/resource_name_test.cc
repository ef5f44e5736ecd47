#include "server/core/resource_name.h"

#include "gtest/gtest.h"

namespace huikuan::core {
namespace {

TEST(ResourceNameTest, ParsesAndFormatsRoundTrip) {
  auto id = ParseResourceId("customers", "customers/42");
  ASSERT_TRUE(id.ok());
  EXPECT_EQ(*id, 42);
  EXPECT_EQ(FormatResourceName("customers", 42), "customers/42");
}

TEST(ResourceNameTest, RejectsMalformedNames) {
  for (const char* bad :
       {"", "customers", "customers/", "customers/0", "customers/-3", "customers/+3",
        "customers/4x", "invoices/4", "customers/99999999999999999999"}) {
    EXPECT_EQ(ParseResourceId("customers", bad).status().code(), absl::StatusCode::kInvalidArgument)
        << bad;
  }
}

}  // namespace
}  // namespace huikuan::core
