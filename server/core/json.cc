#include "server/core/json.h"

#include <limits>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace huikuan::core {
namespace {

constexpr int kMaxDepth = 64;

absl::string_view KindName(Json::Kind kind) {
  switch (kind) {
    case Json::Kind::kNull:
      return "null";
    case Json::Kind::kBool:
      return "a boolean";
    case Json::Kind::kInt:
      return "an integer";
    case Json::Kind::kString:
      return "a string";
    case Json::Kind::kArray:
      return "an array";
    case Json::Kind::kObject:
      return "an object";
  }
  return "unknown";
}

void AppendUtf8(std::string& out, uint32_t code_point) {
  if (code_point < 0x80) {
    out += static_cast<char>(code_point);
  } else if (code_point < 0x800) {
    out += static_cast<char>(0xC0 | (code_point >> 6));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else if (code_point < 0x10000) {
    out += static_cast<char>(0xE0 | (code_point >> 12));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code_point >> 18));
    out += static_cast<char>(0x80 | ((code_point >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  }
}

class Parser {
 public:
  explicit Parser(absl::string_view text) : text_(text) {}

  absl::StatusOr<Json> ParseDocument() {
    absl::StatusOr<Json> value = ParseValue(0);
    if (!value.ok()) return value;
    SkipSpace();
    if (at_ != text_.size()) return Error("unexpected text after the value");
    return value;
  }

 private:
  absl::Status Error(absl::string_view what) const {
    return absl::InvalidArgumentError(absl::StrCat("JSON at byte ", at_, ": ", what));
  }

  void SkipSpace() {
    while (at_ < text_.size() &&
           (text_[at_] == ' ' || text_[at_] == '\t' || text_[at_] == '\n' || text_[at_] == '\r')) {
      ++at_;
    }
  }

  bool Consume(absl::string_view literal) {
    if (text_.substr(at_, literal.size()) != literal) return false;
    at_ += literal.size();
    return true;
  }

  absl::StatusOr<Json> ParseValue(int depth) {
    if (depth > kMaxDepth) return Error("nested too deep");
    SkipSpace();
    if (at_ >= text_.size()) return Error("unexpected end");
    const char c = text_[at_];
    if (c == '{') return ParseObject(depth);
    if (c == '[') return ParseArray(depth);
    if (c == '"') {
      absl::StatusOr<std::string> text = ParseString();
      if (!text.ok()) return text.status();
      return Json::String(*text);
    }
    if (Consume("true")) return Json::Bool(true);
    if (Consume("false")) return Json::Bool(false);
    if (Consume("null")) return Json::Null();
    if (c == '-' || absl::ascii_isdigit(static_cast<unsigned char>(c))) return ParseInteger();
    return Error("unexpected character");
  }

  absl::StatusOr<Json> ParseInteger() {
    const bool negative = text_[at_] == '-';
    if (negative) ++at_;
    const size_t digits_start = at_;
    while (at_ < text_.size() && absl::ascii_isdigit(static_cast<unsigned char>(text_[at_]))) ++at_;
    const size_t digits = at_ - digits_start;
    if (digits == 0) return Error("a number needs digits");
    if (digits > 1 && text_[digits_start] == '0') return Error("a number has a leading zero");
    if (at_ < text_.size() && (text_[at_] == '.' || text_[at_] == 'e' || text_[at_] == 'E')) {
      return Error("only integers are accepted");
    }
    // Accumulate negatively: the range of int64 is one larger below zero.
    int64_t value = 0;
    for (size_t i = digits_start; i < at_; ++i) {
      const int digit = text_[i] - '0';
      if (value < (std::numeric_limits<int64_t>::min() + digit) / 10) {
        return Error("integer out of the 64-bit range");
      }
      value = value * 10 - digit;
    }
    if (!negative) {
      if (value == std::numeric_limits<int64_t>::min()) {
        return Error("integer out of the 64-bit range");
      }
      value = -value;
    }
    return Json::Int(value);
  }

  absl::StatusOr<uint32_t> ParseHex4() {
    if (text_.size() - at_ < 4) return Error("short \\u escape");
    uint32_t value = 0;
    for (int i = 0; i < 4; ++i) {
      const char c = text_[at_++];
      value <<= 4;
      if (c >= '0' && c <= '9') {
        value |= static_cast<uint32_t>(c - '0');
      } else if (c >= 'a' && c <= 'f') {
        value |= static_cast<uint32_t>(c - 'a' + 10);
      } else if (c >= 'A' && c <= 'F') {
        value |= static_cast<uint32_t>(c - 'A' + 10);
      } else {
        return Error("bad \\u escape");
      }
    }
    return value;
  }

  absl::StatusOr<std::string> ParseString() {
    ++at_;  // the opening quote
    std::string out;
    while (true) {
      if (at_ >= text_.size()) return Error("unterminated string");
      const char c = text_[at_++];
      if (c == '"') return out;
      if (static_cast<unsigned char>(c) < 0x20) return Error("control character in a string");
      if (c != '\\') {
        out += c;
        continue;
      }
      if (at_ >= text_.size()) return Error("unterminated escape");
      const char escape = text_[at_++];
      switch (escape) {
        case '"':
        case '\\':
        case '/':
          out += escape;
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          absl::StatusOr<uint32_t> unit = ParseHex4();
          if (!unit.ok()) return unit.status();
          uint32_t code_point = *unit;
          if (code_point >= 0xD800 && code_point <= 0xDBFF) {
            if (!Consume("\\u")) return Error("unpaired surrogate");
            absl::StatusOr<uint32_t> low = ParseHex4();
            if (!low.ok()) return low.status();
            if (*low < 0xDC00 || *low > 0xDFFF) return Error("unpaired surrogate");
            code_point = 0x10000 + ((code_point - 0xD800) << 10) + (*low - 0xDC00);
          } else if (code_point >= 0xDC00 && code_point <= 0xDFFF) {
            return Error("unpaired surrogate");
          }
          AppendUtf8(out, code_point);
          break;
        }
        default:
          return Error("unknown escape");
      }
    }
  }

  absl::StatusOr<Json> ParseArray(int depth) {
    ++at_;
    Json array = Json::Array();
    SkipSpace();
    if (Consume("]")) return array;
    while (true) {
      absl::StatusOr<Json> item = ParseValue(depth + 1);
      if (!item.ok()) return item;
      array.Push(*std::move(item));
      SkipSpace();
      if (Consume("]")) return array;
      if (!Consume(",")) return Error("expected ',' or ']'");
    }
  }

  absl::StatusOr<Json> ParseObject(int depth) {
    ++at_;
    Json object = Json::Object();
    SkipSpace();
    if (Consume("}")) return object;
    while (true) {
      SkipSpace();
      if (at_ >= text_.size() || text_[at_] != '"') return Error("expected a member name");
      absl::StatusOr<std::string> key = ParseString();
      if (!key.ok()) return key.status();
      SkipSpace();
      if (!Consume(":")) return Error("expected ':'");
      if (object.Find(*key) != nullptr) return Error("duplicate member name");
      absl::StatusOr<Json> value = ParseValue(depth + 1);
      if (!value.ok()) return value;
      object.Set(*key, *std::move(value));
      SkipSpace();
      if (Consume("}")) return object;
      if (!Consume(",")) return Error("expected ',' or '}'");
    }
  }

  absl::string_view text_;
  size_t at_ = 0;
};

}  // namespace

Json Json::Bool(bool value) {
  Json json;
  json.kind_ = Kind::kBool;
  json.int_ = value ? 1 : 0;
  return json;
}

Json Json::Int(int64_t value) {
  Json json;
  json.kind_ = Kind::kInt;
  json.int_ = value;
  return json;
}

Json Json::String(absl::string_view value) {
  Json json;
  json.kind_ = Kind::kString;
  json.string_ = std::string(value);
  return json;
}

Json Json::Array() {
  Json json;
  json.kind_ = Kind::kArray;
  return json;
}

Json Json::Object() {
  Json json;
  json.kind_ = Kind::kObject;
  return json;
}

Json& Json::Set(absl::string_view key, Json value) {
  for (auto& [name, member] : members_) {
    if (name == key) {
      member = std::move(value);
      return *this;
    }
  }
  members_.emplace_back(std::string(key), std::move(value));
  return *this;
}

Json& Json::Push(Json value) {
  items_.push_back(std::move(value));
  return *this;
}

const Json* Json::Find(absl::string_view key) const {
  if (kind_ != Kind::kObject) return nullptr;
  for (const auto& [name, member] : members_) {
    if (name == key) return &member;
  }
  return nullptr;
}

namespace {

absl::StatusOr<const Json*> Member(const Json& object, absl::string_view key, Json::Kind kind) {
  const Json* member = object.Find(key);
  if (member == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat("JSON member \"", key, "\" is missing"));
  }
  if (member->kind() != kind) {
    return absl::InvalidArgumentError(absl::StrCat(
        "JSON member \"", key, "\" is ", KindName(member->kind()), ", not ", KindName(kind)));
  }
  return member;
}

}  // namespace

absl::StatusOr<int64_t> Json::GetInt(absl::string_view key) const {
  absl::StatusOr<const Json*> member = Member(*this, key, Kind::kInt);
  if (!member.ok()) return member.status();
  return (*member)->int_value();
}

absl::StatusOr<bool> Json::GetBool(absl::string_view key) const {
  absl::StatusOr<const Json*> member = Member(*this, key, Kind::kBool);
  if (!member.ok()) return member.status();
  return (*member)->bool_value();
}

absl::StatusOr<std::string> Json::GetString(absl::string_view key) const {
  absl::StatusOr<const Json*> member = Member(*this, key, Kind::kString);
  if (!member.ok()) return member.status();
  return (*member)->string_value();
}

absl::StatusOr<const Json*> Json::GetArray(absl::string_view key) const {
  return Member(*this, key, Kind::kArray);
}

absl::StatusOr<const Json*> Json::GetObject(absl::string_view key) const {
  return Member(*this, key, Kind::kObject);
}

std::string JsonQuote(absl::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  out += '"';
  for (char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          absl::StrAppend(&out, "\\u", absl::Hex(static_cast<unsigned char>(c), absl::kZeroPad4));
        } else {
          out += c;
        }
    }
  }
  out += '"';
  return out;
}

void Json::AppendTo(std::string& out) const {
  switch (kind_) {
    case Kind::kNull:
      out += "null";
      return;
    case Kind::kBool:
      out += int_ != 0 ? "true" : "false";
      return;
    case Kind::kInt:
      absl::StrAppend(&out, int_);
      return;
    case Kind::kString:
      out += JsonQuote(string_);
      return;
    case Kind::kArray:
      out += '[';
      for (size_t i = 0; i < items_.size(); ++i) {
        if (i > 0) out += ',';
        items_[i].AppendTo(out);
      }
      out += ']';
      return;
    case Kind::kObject:
      out += '{';
      for (size_t i = 0; i < members_.size(); ++i) {
        if (i > 0) out += ',';
        out += JsonQuote(members_[i].first);
        out += ':';
        members_[i].second.AppendTo(out);
      }
      out += '}';
      return;
  }
}

std::string Json::Serialize() const {
  std::string out;
  AppendTo(out);
  return out;
}

absl::StatusOr<Json> Json::Parse(absl::string_view text) { return Parser(text).ParseDocument(); }

}  // namespace huikuan::core
