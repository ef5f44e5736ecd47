#include "server/core/violations.h"

#include "gtest/gtest.h"

namespace huikuan::core {
namespace {

TEST(ViolationsTest, FieldViolationNamesTheField) {
  absl::Status status = FieldViolation("customer.display_name", "is required");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "customer.display_name: is required");
  std::vector<FieldViolationDetail> details = GetFieldViolations(status);
  ASSERT_EQ(details.size(), 1u);
  EXPECT_EQ(details[0].field, "customer.display_name");
  EXPECT_EQ(details[0].description, "is required");
  AddFieldViolation(status, "customer.owner", "must be a user: with ':' and 7:bytes");
  details = GetFieldViolations(status);
  ASSERT_EQ(details.size(), 2u);
  EXPECT_EQ(details[1].description, "must be a user: with ':' and 7:bytes");
}

TEST(ViolationsTest, CollectorReportsFirstAndCountAndKeepsAtMostMaxReported) {
  FieldViolations violations;
  EXPECT_TRUE(violations.empty());
  for (int i = 0; i < 150; ++i) violations.Add("rows[" + std::to_string(i + 1) + "].amount", "bad");
  absl::Status status = violations.ToStatus();
  EXPECT_EQ(status.message(), "rows[1].amount: bad (and 149 more)");
  EXPECT_EQ(GetFieldViolations(status).size(), size_t{FieldViolations::kMaxReported});
  FieldViolations merged;
  merged.AddAll(status, "csv");
  merged.AddAll(absl::InvalidArgumentError("no details"), "csv");
  EXPECT_EQ(merged.count(), FieldViolations::kMaxReported + 1);
}

// A validator that found nothing returns its collector's status: that must be OK, not an empty
// INVALID_ARGUMENT (which once stopped the demo load).
TEST(ViolationsTest, AnEmptyCollectorIsOk) {
  FieldViolations violations;
  EXPECT_TRUE(violations.ToStatus().ok());
}

TEST(ViolationsTest, RuleViolationCarriesTypeAndSubject) {
  absl::Status status = RuleViolation("CREDIT_LIMIT", "customers/6", "over the limit");
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  std::optional<RuleViolationDetail> rule = GetRuleViolation(status);
  ASSERT_TRUE(rule.has_value());
  EXPECT_EQ(rule->type, "CREDIT_LIMIT");
  EXPECT_EQ(rule->subject, "customers/6");
  EXPECT_EQ(rule->description, "over the limit");
  EXPECT_FALSE(GetRuleViolation(absl::FailedPreconditionError("plain")).has_value());
  absl::Status prefixed = WithMessagePrefix(status, "invoices[3]: ");
  EXPECT_EQ(prefixed.message(), "invoices[3]: over the limit");
  EXPECT_EQ(GetRuleViolation(prefixed)->type, "CREDIT_LIMIT");
}

TEST(ViolationsTest, NotFoundWording) {
  EXPECT_EQ(NotFoundError("invoices/42").message(), "invoices/42 not found");
  EXPECT_EQ(NotFoundError("invoices/42").code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace huikuan::core
