#include "server/core/text_fields.h"

#include "gtest/gtest.h"
#include "server/core/violations.h"

namespace huikuan::core {
namespace {

std::string Problem(const absl::Status& status) {
  std::vector<FieldViolationDetail> details = GetFieldViolations(status);
  return details.empty() ? "" : details.front().field + ": " + details.front().description;
}

TEST(TextFieldsTest, NamesAreNotBlankAndHoldNoControlCharacters) {
  EXPECT_TRUE(CheckName("customer.display_name", "苏州华恒机械 Co.", 200).ok());
  EXPECT_EQ(Problem(CheckName("customer.display_name", "", 200)),
            "customer.display_name: must be 1-200 characters");
  EXPECT_EQ(Problem(CheckName("customer.display_name", "   ", 200)),
            "customer.display_name: must not be blank");
  EXPECT_EQ(Problem(CheckName("n", std::string("a\0b", 3), 200)),
            "n: must not contain control characters");
  EXPECT_EQ(Problem(CheckName("n", "bell\x07", 200)), "n: must not contain control characters");
  EXPECT_EQ(Problem(CheckName("n", "\xff", 200)), "n: must be valid UTF-8");
  // Characters, not bytes: 200 Chinese characters are 600 bytes and fit.
  std::string long_name;
  for (int i = 0; i < 200; ++i) long_name += "汇";
  EXPECT_TRUE(CheckName("n", long_name, 200).ok());
  EXPECT_FALSE(CheckName("n", long_name + "款", 200).ok());
}

TEST(TextFieldsTest, FreeTextTakesLineBreaksButNoOtherControls) {
  EXPECT_TRUE(CheckText("reason", "第一行\n第二行\ttab", Presence::kRequired).ok());
  EXPECT_TRUE(CheckText("comment", "", Presence::kOptional).ok());
  EXPECT_EQ(Problem(CheckText("reason", " \n", Presence::kRequired)), "reason: is required");
  EXPECT_FALSE(CheckText("reason", "x\x1b[31m", Presence::kOptional).ok());
  EXPECT_EQ(Problem(CheckText("note", "abcd", Presence::kOptional, 3)),
            "note: must be at most 3 characters");
  // 4-byte characters (emoji) and right-to-left marks are text like any other.
  EXPECT_TRUE(CheckText("note", "\xF0\x9F\x98\x80 \xE2\x80\x8F", Presence::kOptional).ok());
}

TEST(TextFieldsTest, KeysAndUtf8) {
  EXPECT_TRUE(IsValidKey("SO-2024-0001"));
  EXPECT_FALSE(IsValidKey(""));
  EXPECT_FALSE(IsValidKey(std::string(65, 'x')));
  EXPECT_FALSE(IsValidKey("a\tb"));
  EXPECT_FALSE(IsValidUtf8("\xC0\x80"));          // overlong NUL
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // a surrogate
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_TRUE(IsValidUtf8("汇款 \xF0\x9F\x98\x80"));
  EXPECT_EQ(CountChars("汇款ab"), 4u);
  EXPECT_EQ(CheckKey("order_number", "").code(), absl::StatusCode::kInvalidArgument);
}

// Issue 13, probed as a new user would: a name of full-width (ideographic) spaces typed by a
// Chinese input method, or of no-break and zero-width spaces, is as blank as one of ASCII
// spaces; C1 control characters (U+0080-U+009F) are control characters like C0 ones.
TEST(TextFieldsTest, UnicodeSpacesAreBlankAndC1ControlsAreControls) {
  EXPECT_EQ(Problem(CheckName("user.display_name", "\u3000\u3000", 200)),
            "user.display_name: must not be blank");
  EXPECT_EQ(Problem(CheckName("n", " \u00a0\u200b\ufeff ", 200)), "n: must not be blank");
  EXPECT_TRUE(CheckName("n", "王\u3000五", 200).ok());
  EXPECT_EQ(Problem(CheckName("n", "a\u0085b", 200)), "n: must not contain control characters");
  EXPECT_EQ(Problem(CheckName("n", "a\u009bb", 200)), "n: must not contain control characters");
  EXPECT_EQ(Problem(CheckText("note", "\u3000\n", Presence::kRequired)), "note: is required");
  EXPECT_FALSE(CheckText("note", "a\u0085b", Presence::kOptional).ok());
  EXPECT_FALSE(IsValidKey("   "));
  EXPECT_FALSE(IsValidKey("\u3000"));
  EXPECT_FALSE(IsValidKey("INV\u009f1"));
  EXPECT_TRUE(IsValidKey("INV 2026/01"));
}

TEST(TextFieldsTest, ValidUtf8PrefixLengthIsTheOffsetOfTheFirstBadByte) {
  EXPECT_EQ(ValidUtf8PrefixLength(""), 0u);
  EXPECT_EQ(ValidUtf8PrefixLength("汇款"), 6u);
  EXPECT_EQ(ValidUtf8PrefixLength("ab\xff"), 2u);
  EXPECT_EQ(ValidUtf8PrefixLength("汇\xe6\xac"), 3u);  // a character cut short
}

// Work item titles and job summaries are cut to their columns' characters; a character cut in two
// is refused by MariaDB (error 1366), which once stopped the demo load.
TEST(TextFieldsTest, TruncateCharsCutsWholeCharacters) {
  EXPECT_EQ(TruncateChars("启动法律程序", 3), "启动法");
  EXPECT_EQ(TruncateChars("ab启动", 3), "ab启");
  EXPECT_EQ(TruncateChars("short", 10), "short");
  EXPECT_EQ(TruncateChars("", 0), "");
  const std::string cut = TruncateChars("红色预警 宁波E集团: 启动法律程序", 12);
  EXPECT_TRUE(IsValidUtf8(cut));
  EXPECT_EQ(CountChars(cut), 12u);
}

}  // namespace
}  // namespace huikuan::core
