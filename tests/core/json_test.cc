#include "server/core/json.h"

#include <limits>

#include "gtest/gtest.h"

namespace huikuan::core {
namespace {

TEST(JsonTest, BuildsAndSerializesInInsertionOrder) {
  Json steps = Json::Array();
  steps.Push(
      Json::Object().Set("step", Json::String("tier_base")).Set("days_after", Json::Int(45)));
  Json doc = Json::Object();
  doc.Set("v", Json::Int(1)).Set("tier", Json::String("key_partner")).Set("steps", steps);
  doc.Set("v", Json::Int(2));  // replaces in place
  EXPECT_EQ(doc.Serialize(),
            R"({"v":2,"tier":"key_partner","steps":[{"step":"tier_base","days_after":45}]})");
  EXPECT_EQ(Json::Object().Set("ok", Json::Bool(false)).Set("n", Json::Null()).Serialize(),
            R"({"ok":false,"n":null})");
}

TEST(JsonTest, EscapesAndRoundTripsText) {
  const std::string text = "引号\"反斜杠\\ 换行\n 控制\x01 emoji \xF0\x9F\x98\x80";
  const std::string json = Json::String(text).Serialize();
  EXPECT_EQ(json, "\"引号\\\"反斜杠\\\\ 换行\\n 控制\\u0001 emoji \xF0\x9F\x98\x80\"");
  absl::StatusOr<Json> back = Json::Parse(json);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->string_value(), text);
  // \u escapes, including a surrogate pair, decode to UTF-8.
  EXPECT_EQ(Json::Parse(R"("\u00e9\ud83d\ude00\/")")->string_value(), "\xC3\xA9\xF0\x9F\x98\x80/");
}

TEST(JsonTest, ParsesDocumentsAndTypedMembers) {
  absl::StatusOr<Json> doc =
      Json::Parse(R"( {"a": -9223372036854775808, "b": true, "s": "x", "l": [1, 2], "o": {}} )");
  ASSERT_TRUE(doc.ok()) << doc.status();
  EXPECT_EQ(*doc->GetInt("a"), std::numeric_limits<int64_t>::min());
  EXPECT_EQ(*doc->GetBool("b"), true);
  EXPECT_EQ(*doc->GetString("s"), "x");
  EXPECT_EQ((*doc->GetArray("l"))->items().size(), 2u);
  EXPECT_TRUE(doc->GetObject("o").ok());
  EXPECT_EQ(doc->GetInt("s").status().message(), "JSON member \"s\" is a string, not an integer");
  EXPECT_EQ(doc->GetInt("missing").status().message(), "JSON member \"missing\" is missing");
}

TEST(JsonTest, RefusesWhatIsNotStrictIntegerJson) {
  for (const char* bad :
       {"", "{", "[1,]", "{\"a\":1,}", "01", "1.5", "1e3", "-", "\"\x01\"", "{\"a\":1,\"a\":2}",
        "\"\\ud800\"", "9223372036854775808", "nul", "{} x", "\"\\q\""}) {
    EXPECT_EQ(Json::Parse(bad).status().code(), absl::StatusCode::kInvalidArgument) << bad;
  }
  std::string deep(100, '[');
  deep += std::string(100, ']');
  EXPECT_FALSE(Json::Parse(deep).ok());
}

}  // namespace
}  // namespace huikuan::core
