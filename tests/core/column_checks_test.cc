#include "server/core/column_checks.h"

#include <vector>

#include "gtest/gtest.h"

namespace huikuan::core {
namespace {

TEST(ColumnChecksTest, Lengths) {
  EXPECT_TRUE(CheckLength("due_days", 4, 4).ok());
  absl::Status s = CheckLength("due_days", 3, 4);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "due_days: length 3 != 4");
  EXPECT_TRUE(CheckOptionalLength("group_keys", 0, 4).ok());
  EXPECT_TRUE(CheckOptionalLength("group_keys", 4, 4).ok());
  EXPECT_EQ(CheckOptionalLength("group_keys", 2, 4).message(), "group_keys: length 2 != 4");
}

TEST(ColumnChecksTest, AmountsNameTheFirstBadIndex) {
  std::vector<int64_t> ok = {0, 1, kMaxAbsFen};
  EXPECT_TRUE(CheckAmounts("amounts", ok).ok());
  std::vector<int64_t> bad = {0, kMaxAbsFen + 1, -5};
  absl::Status s = CheckAmounts("amounts", bad);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("amounts[1]"), absl::string_view::npos) << s;
  std::vector<int64_t> negative = {3, -5};
  EXPECT_EQ(CheckAmounts("amounts", negative).message(), "amounts[1]: -5 is negative");
  EXPECT_TRUE(CheckAmounts("amounts", negative, /*allow_negative=*/true).ok());
  EXPECT_TRUE(CheckAmounts("amounts", {}).ok());
  std::vector<int32_t> counts = {1, 0, -1};
  EXPECT_EQ(CheckNonNegative("frequency", counts).message(), "frequency[2]: -1 is negative");
}

TEST(ColumnChecksTest, DivideRoundedNamesTheArgument) {
  absl::StatusOr<int64_t> q = DivideRounded(Int128{1} << 100, 1, Rounding::kHalfUp, "late_fee");
  EXPECT_EQ(q.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(q.status().message(), "late_fee: result overflows int64");
  EXPECT_EQ(DivideRounded(1, 0, Rounding::kHalfUp, "x").status().message(), "x: division by zero");
  EXPECT_EQ(*DivideRounded((Int128{1} << 100) + 1, Int128{1} << 40, Rounding::kCeiling),
            (int64_t{1} << 60) + 1);
}

}  // namespace
}  // namespace huikuan::core
