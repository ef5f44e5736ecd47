#include "server/core/text_fields.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "server/core/violations.h"

namespace huikuan::core {
namespace {

bool IsControl(unsigned char c) { return c < 0x20 || c == 0x7f; }

bool IsBlank(absl::string_view text) {
  for (char c : text) {
    if (!absl::ascii_isspace(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

}  // namespace

bool IsValidUtf8(absl::string_view text) {
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
      return false;
    }
    if (text.size() - i < length) return false;
    for (size_t k = 1; k < length; ++k) {
      const unsigned char next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return false;
      code_point = (code_point << 6) | (next & 0x3F);
    }
    const uint32_t min_for_length[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code_point < min_for_length[length] || code_point > 0x10FFFF ||
        (code_point >= 0xD800 && code_point <= 0xDFFF)) {
      return false;
    }
    i += length;
  }
  return true;
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
  if (key.empty() || key.size() > kMaxKeyBytes) return false;
  for (char c : key) {
    if (IsControl(static_cast<unsigned char>(c))) return false;
  }
  return IsValidUtf8(key);
}

absl::Status CheckKey(absl::string_view field, absl::string_view key) {
  if (IsValidKey(key)) return absl::OkStatus();
  return FieldViolation(field, absl::StrCat("must be 1-", kMaxKeyBytes,
                                            " characters of UTF-8 without control characters"));
}

absl::Status CheckName(absl::string_view field, absl::string_view name, size_t max_chars) {
  if (!IsValidUtf8(name)) return FieldViolation(field, "must be valid UTF-8");
  for (char c : name) {
    if (IsControl(static_cast<unsigned char>(c))) {
      return FieldViolation(field, "must not contain control characters");
    }
  }
  if (name.empty() || CountChars(name) > max_chars) {
    return FieldViolation(field, absl::StrCat("must be 1-", max_chars, " characters"));
  }
  if (IsBlank(name)) return FieldViolation(field, "must not be blank");
  return absl::OkStatus();
}

absl::Status CheckText(absl::string_view field, absl::string_view text, Presence presence,
                       size_t max_chars) {
  if (!IsValidUtf8(text)) return FieldViolation(field, "must be valid UTF-8");
  for (char c : text) {
    if (c != '\n' && c != '\r' && c != '\t' && IsControl(static_cast<unsigned char>(c))) {
      return FieldViolation(field, "must not contain control characters other than line breaks");
    }
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
