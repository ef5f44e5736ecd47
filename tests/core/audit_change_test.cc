// The evidence file's words for an audit event (issue 14, seed 002 FAQ 证据链): what each event of
// a work item or an outbox message did, from its before- and after-images.
#include "server/core/audit_change.h"

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace huikuan::core {
namespace {

TEST(AuditChangeTest, ACreationNamesItsStatus) {
  EXPECT_EQ(DescribeAuditChange("", R"({"name":"outboxMessages/9","status":"awaiting_dispatch"})"),
            "created (status awaiting_dispatch)");
  EXPECT_EQ(DescribeAuditChange("null", R"({"name":"workItems/5","kind":"dunning"})"), "created");
}

TEST(AuditChangeTest, AChangeListsTheFieldsItChangedButNotTheVersion) {
  EXPECT_EQ(
      DescribeAuditChange(
          R"({"name":"workItems/5","status":"open","assignee":null,"note":"","version":1})",
          R"({"name":"workItems/5","status":"done","assignee":"users/7","note":"sent","version":2})"),
      "status: open -> done; assignee: none -> users/7; note: \"\" -> sent");
  EXPECT_EQ(DescribeAuditChange(R"({"status":"sending","attempts":1})",
                                R"({"status":"sent","attempts":1})"),
            "status: sending -> sent");
  EXPECT_EQ(
      DescribeAuditChange(R"({"status":"open","version":1})", R"({"status":"open","version":2})"),
      "no change");
}

TEST(AuditChangeTest, AnEventWithoutABeforeImageListsWhatItSet) {
  EXPECT_EQ(DescribeAuditChange("", R"({"escalated":true})"), "escalated: true");
}

TEST(AuditChangeTest, LongValuesAreCutAndLinesJoined) {
  const std::string long_error(100, 'x');
  const std::string described = DescribeAuditChange(
      R"({"last_error":""})", absl::StrCat(R"({"last_error":"550 refused\n)", long_error, R"("})"));
  EXPECT_EQ(described.substr(0, 30), "last_error: \"\" -> 550 refused ");
  EXPECT_EQ(described.size(), std::string("last_error: \"\" -> ").size() + 60 + 3);
  EXPECT_EQ(described.substr(described.size() - 3), "...");
}

TEST(AuditChangeTest, AnImageThatIsNotJsonGivesNothing) {
  EXPECT_EQ(DescribeAuditChange("{", R"({"status":"open"})"), "");
}

}  // namespace
}  // namespace huikuan::core
