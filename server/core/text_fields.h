// The one set of rules for text a request carries, so that every field of a kind is checked the
// same way everywhere (RPCs, imports, jobs):
//
//   keys   order, invoice and external numbers: 1-64 bytes, no control characters;
//   names  display names: valid UTF-8, not blank, no control characters, at most N characters;
//   text   reasons, comments, notes: valid UTF-8, no control characters but line breaks and tabs,
//          at most N characters; "required" text must not be blank;
//   email, phone  a customer's contact details (optional: empty is none).
//
// Each returns OK or INVALID_ARGUMENT naming `field` (violations.h). Characters are Unicode code
// points. Thread-safe: pure functions.
#ifndef HUIKUAN_SERVER_CORE_TEXT_FIELDS_H_
#define HUIKUAN_SERVER_CORE_TEXT_FIELDS_H_

#include <cstddef>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace huikuan::core {

inline constexpr size_t kMaxKeyBytes = 64;
inline constexpr size_t kMaxTextChars = 2000;

enum class Presence { kOptional, kRequired };

bool IsValidKey(absl::string_view key);
absl::Status CheckKey(absl::string_view field, absl::string_view key);
absl::Status CheckName(absl::string_view field, absl::string_view name, size_t max_chars);
absl::Status CheckText(absl::string_view field, absl::string_view text, Presence presence,
                       size_t max_chars = kMaxTextChars);

// An email address for customer mail: empty (none), or local@domain with 1-254 printable ASCII
// characters, no spaces or angle brackets, a dot in the domain.
absl::Status CheckEmail(absl::string_view field, absl::string_view email);
// A phone number: empty, or 5-32 of digits, spaces, "+", "-", "(", ")".
absl::Status CheckPhone(absl::string_view field, absl::string_view phone);

// Whether `text` is well-formed UTF-8 (no overlong forms, no surrogates, at most U+10FFFF).
bool IsValidUtf8(absl::string_view text);
// The length of the longest well-formed UTF-8 prefix of `text`: the offset of the first bad byte
// (text.size() when all of it is well-formed).
size_t ValidUtf8PrefixLength(absl::string_view text);
// The number of code points of valid UTF-8 text.
size_t CountChars(absl::string_view text);
// The first `max_chars` code points of valid UTF-8 text (a VARCHAR(n) column holds n of them),
// never a character cut in two: MariaDB refuses a split character (error 1366).
std::string TruncateChars(absl::string_view text, size_t max_chars);

}  // namespace huikuan::core

#endif  // HUIKUAN_SERVER_CORE_TEXT_FIELDS_H_
