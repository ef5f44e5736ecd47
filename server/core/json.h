// A small JSON document model for the formats huikuan owns below the API: stored layouts
// (store/json_layouts.h) and audit images (ops/audit_images.h). Integers only: money is int64 fen
// and nothing huikuan stores is fractional, so a number with a fraction or exponent is a parse
// error rather than a silent double.
//
//   Json invoice = Json::Object();
//   invoice.Set("name", Json::String("invoices/7")).Set("open_fen", Json::Int(12'300));
//   std::string text = invoice.Serialize();          // {"name":"invoices/7","open_fen":12300}
//   absl::StatusOr<Json> back = Json::Parse(text);
//   absl::StatusOr<int64_t> open = back->GetInt("open_fen");   // 12300
//
// Objects keep their keys in insertion order (Set replaces an existing key in place). Strings are
// UTF-8 and are written with only the escapes JSON requires. Not thread-safe for writes.
#ifndef HUIKUAN_SERVER_CORE_JSON_H_
#define HUIKUAN_SERVER_CORE_JSON_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace huikuan::core {

class Json {
 public:
  enum class Kind : int8_t { kNull, kBool, kInt, kString, kArray, kObject };

  Json() = default;  // null
  static Json Null() { return Json(); }
  static Json Bool(bool value);
  static Json Int(int64_t value);
  static Json String(absl::string_view value);
  static Json Array();
  static Json Object();

  Kind kind() const { return kind_; }
  bool is_null() const { return kind_ == Kind::kNull; }

  // Objects: sets `key` (replacing it where present); returns *this for chaining.
  Json& Set(absl::string_view key, Json value);
  // Arrays: appends.
  Json& Push(Json value);

  bool bool_value() const { return int_ != 0; }
  int64_t int_value() const { return int_; }
  const std::string& string_value() const { return string_; }
  const std::vector<Json>& items() const { return items_; }
  const std::vector<std::pair<std::string, Json>>& members() const { return members_; }

  // The member `key` of an object; null when absent or when this is not an object.
  const Json* Find(absl::string_view key) const;
  // Typed members: INVALID_ARGUMENT naming the key when absent or of another kind.
  absl::StatusOr<int64_t> GetInt(absl::string_view key) const;
  absl::StatusOr<bool> GetBool(absl::string_view key) const;
  absl::StatusOr<std::string> GetString(absl::string_view key) const;
  absl::StatusOr<const Json*> GetArray(absl::string_view key) const;
  absl::StatusOr<const Json*> GetObject(absl::string_view key) const;

  std::string Serialize() const;
  // Strict RFC 8259 (integers only, nesting at most 64 deep). INVALID_ARGUMENT with the byte
  // offset of the first error.
  static absl::StatusOr<Json> Parse(absl::string_view text);

 private:
  void AppendTo(std::string& out) const;

  Kind kind_ = Kind::kNull;
  int64_t int_ = 0;  // kInt, and kBool as 0/1
  std::string string_;
  std::vector<Json> items_;
  std::vector<std::pair<std::string, Json>> members_;
};

// `text` as a JSON string literal, quotes included.
std::string JsonQuote(absl::string_view text);

}  // namespace huikuan::core

#endif  // HUIKUAN_SERVER_CORE_JSON_H_
