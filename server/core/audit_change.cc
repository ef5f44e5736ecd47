#include "server/core/audit_change.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"
#include "server/core/json.h"
#include "server/core/text_fields.h"

namespace huikuan::core {
namespace {

constexpr size_t kValueChars = 60;

std::string ValueText(const Json* value) {
  if (value == nullptr || value->is_null()) return "none";
  std::string text;
  switch (value->kind()) {
    case Json::Kind::kBool:
      return value->bool_value() ? "true" : "false";
    case Json::Kind::kInt:
      return absl::StrCat(value->int_value());
    case Json::Kind::kString:
      text = value->string_value();
      if (text.empty()) return "\"\"";
      break;
    default:
      text = value->Serialize();
      break;
  }
  text = absl::StrReplaceAll(text, {{"\r", " "}, {"\n", " "}, {"\t", " "}});
  const std::string cut = TruncateChars(text, kValueChars);
  return cut.size() < text.size() ? absl::StrCat(cut, "...") : cut;
}

bool SameValue(const Json* a, const Json* b) {
  const bool a_null = a == nullptr || a->is_null();
  const bool b_null = b == nullptr || b->is_null();
  if (a_null || b_null) return a_null == b_null;
  return a->Serialize() == b->Serialize();
}

absl::StatusOr<Json> ParseImage(absl::string_view text) {
  text = absl::StripAsciiWhitespace(text);
  if (text.empty()) return Json();
  return Json::Parse(text);
}

}  // namespace

std::string DescribeAuditChange(absl::string_view before_json, absl::string_view after_json) {
  absl::StatusOr<Json> before = ParseImage(before_json);
  absl::StatusOr<Json> after = ParseImage(after_json);
  if (!before.ok() || !after.ok()) return "";
  std::vector<std::string> changes;
  if (before->kind() != Json::Kind::kObject) {
    if (after->kind() != Json::Kind::kObject) return after->is_null() ? "no change" : "recorded";
    if (after->Find("name") != nullptr) {
      const Json* status = after->Find("status");
      return status == nullptr ? "created"
                               : absl::StrCat("created (status ", ValueText(status), ")");
    }
    for (const auto& [key, value] : after->members()) {
      changes.push_back(absl::StrCat(key, ": ", ValueText(&value)));
    }
  } else {
    for (const auto& [key, value] : after->members()) {
      if (key == "version") continue;
      const Json* old = before->Find(key);
      if (SameValue(old, &value)) continue;
      changes.push_back(absl::StrCat(key, ": ", ValueText(old), " -> ", ValueText(&value)));
    }
    for (const auto& [key, value] : before->members()) {
      if (key == "version" || after->Find(key) != nullptr || value.is_null()) continue;
      changes.push_back(absl::StrCat(key, ": ", ValueText(&value), " -> none"));
    }
  }
  return changes.empty() ? "no change" : absl::StrJoin(changes, "; ");
}

}  // namespace huikuan::core
