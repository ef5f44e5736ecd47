#include "server/core/text_fields.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "server/core/violations.h"

namespace huikuan::core {
namespace {

// The code points of valid UTF-8 text, one at a time.
class CodePoints {
 public:
  explicit CodePoints(absl::string_view text) : text_(text) {}
  bool Next(uint32_t& code_point) {
    if (i_ >= text_.size()) return false;
    const unsigned char c = static_cast<unsigned char>(text_[i_]);
    const size_t length = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    code_point = length == 1 ? c : c & (0x7F >> length);
    for (size_t k = 1; k < length && i_ + k < text_.size(); ++k) {
      code_point = (code_point << 6) | (static_cast<unsigned char>(text_[i_ + k]) & 0x3F);
    }
    i_ += length;
    return true;
  }

 private:
  absl::string_view text_;
  size_t i_ = 0;
};

// C0 and C1 control characters and DEL (Unicode general category Cc).
bool IsControl(uint32_t c) { return c < 0x20 || (c >= 0x7f && c <= 0x9f); }

// White space as a person sees it: ASCII space characters and Unicode's spaces, including the
// ideographic space a Chinese input method types (U+3000), the no-break and zero-width spaces
// and the byte order mark.
bool IsSpace(uint32_t c) {
  return c == ' ' || (c >= 0x09 && c <= 0x0d) || c == 0x85 || c == 0xa0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200b) || c == 0x2028 || c == 0x2029 || c == 0x202f || c == 0x205f ||
         c == 0x3000 || c == 0xfeff;
}

// Valid UTF-8 text made only of white space (or empty).
bool IsBlank(absl::string_view text) {
  CodePoints points(text);
  uint32_t c = 0;
  while (points.Next(c)) {
    if (!IsSpace(c)) return false;
  }
  return true;
}

// Whether valid UTF-8 text holds a control character other than those `allowed` (e.g. "\n\t").
bool HasControl(absl::string_view text, absl::string_view allowed = "") {
  CodePoints points(text);
  uint32_t c = 0;
  while (points.Next(c)) {
    if (IsControl(c) &&
        (c >= 0x80 || allowed.find(static_cast<char>(c)) == absl::string_view::npos)) {
      return true;
    }
  }
  return false;
}

}  // namespace

bool IsValidUtf8(absl::string_view text) { return ValidUtf8PrefixLength(text) == text.size(); }

size_t ValidUtf8PrefixLength(absl::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    size_t length = 0;
    uint32_t code_point = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      length = 2;
      code_point = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      length = 3;
      code_point = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      length = 4;
      code_point = c & 0x07;
    } else {
      return i;
    }
    if (text.size() - i < length) return i;
    for (size_t k = 1; k < length; ++k) {
      const unsigned char next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return i;
      code_point = (code_point << 6) | (next & 0x3F);
    }
    const uint32_t min_for_length[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code_point < min_for_length[length] || code_point > 0x10FFFF ||
        (code_point >= 0xD800 && code_point <= 0xDFFF)) {
      return i;
    }
    i += length;
  }
  return i;
}

size_t CountChars(absl::string_view text) {
  size_t count = 0;
  for (char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
  }
  return count;
}

std::string TruncateChars(absl::string_view text, size_t max_chars) {
  size_t chars = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80 && chars++ == max_chars) {
      return std::string(text.substr(0, i));
    }
  }
  return std::string(text);
}

bool IsValidKey(absl::string_view key) {
  if (key.empty() || key.size() > kMaxKeyBytes || !IsValidUtf8(key)) return false;
  return !HasControl(key) && !IsBlank(key);
}

absl::Status CheckKey(absl::string_view field, absl::string_view key) {
  if (IsValidKey(key)) return absl::OkStatus();
  return FieldViolation(field, absl::StrCat("must be 1-", kMaxKeyBytes,
                                            " bytes of UTF-8, not blank, without control "
                                            "characters"));
}

absl::Status CheckName(absl::string_view field, absl::string_view name, size_t max_chars) {
  if (!IsValidUtf8(name)) return FieldViolation(field, "must be valid UTF-8");
  if (HasControl(name)) return FieldViolation(field, "must not contain control characters");
  if (name.empty() || CountChars(name) > max_chars) {
    return FieldViolation(field, absl::StrCat("must be 1-", max_chars, " characters"));
  }
  if (IsBlank(name)) return FieldViolation(field, "must not be blank");
  return absl::OkStatus();
}

absl::Status CheckText(absl::string_view field, absl::string_view text, Presence presence,
                       size_t max_chars) {
  if (!IsValidUtf8(text)) return FieldViolation(field, "must be valid UTF-8");
  if (HasControl(text, "\n\r\t")) {
    return FieldViolation(field, "must not contain control characters other than line breaks");
  }
  if (presence == Presence::kRequired && IsBlank(text)) return FieldViolation(field, "is required");
  if (CountChars(text) > max_chars) {
    return FieldViolation(field, absl::StrCat("must be at most ", max_chars, " characters"));
  }
  return absl::OkStatus();
}

absl::Status CheckEmail(absl::string_view field, absl::string_view email) {
  if (email.empty()) return absl::OkStatus();
  const size_t at = email.find('@');
  const bool printable = std::all_of(email.begin(), email.end(), [](char c) {
    return c > ' ' && c < 0x7F && c != '<' && c != '>' && c != ',' && c != ';';
  });
  if (!printable || email.size() > 254 || at == 0 || at == absl::string_view::npos ||
      email.find('@', at + 1) != absl::string_view::npos ||
      email.substr(at + 1).find('.') == absl::string_view::npos || email.back() == '.') {
    return FieldViolation(field, "is not an email address (name@example.com)");
  }
  return absl::OkStatus();
}

absl::Status CheckPhone(absl::string_view field, absl::string_view phone) {
  if (phone.empty()) return absl::OkStatus();
  const bool allowed = std::all_of(phone.begin(), phone.end(), [](char c) {
    return (c >= '0' && c <= '9') || c == ' ' || c == '+' || c == '-' || c == '(' || c == ')';
  });
  const size_t digits =
      std::count_if(phone.begin(), phone.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (!allowed || phone.size() > 32 || digits < 5) {
    return FieldViolation(field, "is not a phone number (digits, spaces, + - ( ), 5-32 long)");
  }
  return absl::OkStatus();
}

}  // namespace huikuan::core
