#include "server/core/payment_reference.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "server/core/violations.h"

namespace huikuan::core {
namespace {

// Damm's totally anti-symmetric quasigroup of order 10 (H. M. Damm, 2004).
constexpr int kDamm[10][10] = {{0, 3, 1, 7, 5, 9, 8, 6, 4, 2}, {7, 0, 9, 2, 1, 5, 4, 8, 6, 3},
                               {4, 2, 0, 6, 8, 7, 1, 3, 5, 9}, {1, 7, 5, 0, 9, 8, 3, 4, 2, 6},
                               {6, 1, 2, 3, 0, 4, 5, 9, 7, 8}, {3, 6, 7, 4, 2, 0, 9, 5, 8, 1},
                               {5, 8, 6, 9, 7, 2, 0, 1, 3, 4}, {8, 9, 4, 5, 3, 6, 2, 0, 1, 7},
                               {9, 4, 3, 8, 6, 1, 7, 2, 0, 5}, {2, 5, 8, 1, 4, 3, 6, 7, 9, 0}};

// Ids have at most 18 digits (int64); the prefix, at least 7 id digits and the check digit.
constexpr size_t kMaxIdDigits = 18;

enum class Shape { kBad, kBadDigit, kOk };

Shape Classify(absl::string_view text, int64_t& id) {
  std::string compact;
  for (char c : text) {
    if (c == '-' || c == ' ') continue;
    compact.push_back(absl::ascii_toupper(static_cast<unsigned char>(c)));
  }
  if (!absl::StartsWith(compact, kPaymentReferencePrefix)) return Shape::kBad;
  const absl::string_view digits =
      absl::string_view(compact).substr(kPaymentReferencePrefix.size());
  if (digits.size() < kPaymentReferenceMinDigits + 1 || digits.size() > kMaxIdDigits + 1) {
    return Shape::kBad;
  }
  for (char c : digits) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return Shape::kBad;
  }
  const absl::string_view body = digits.substr(0, digits.size() - 1);
  if (!absl::SimpleAtoi(body, &id) || id <= 0) return Shape::kBad;
  if (DammCheckDigit(body) != digits.back() - '0') return Shape::kBadDigit;
  return Shape::kOk;
}

}  // namespace

int DammCheckDigit(absl::string_view digits) {
  int interim = 0;
  for (char c : digits) interim = kDamm[interim][c - '0'];
  return interim;
}

std::string FormatPaymentReference(int64_t statement_id) {
  const std::string body = absl::StrFormat("%0*d", kPaymentReferenceMinDigits, statement_id);
  return absl::StrCat(kPaymentReferencePrefix, "-", body, "-", DammCheckDigit(body));
}

absl::StatusOr<int64_t> ParsePaymentReference(absl::string_view text, absl::string_view field) {
  int64_t id = 0;
  switch (Classify(text, id)) {
    case Shape::kBad:
      return FieldViolation(field, "is not a payment reference (HK-nnnnnnn-c)");
    case Shape::kBadDigit:
      return FieldViolation(field, "check digit does not match: a digit is mistyped");
    case Shape::kOk:
      break;
  }
  return id;
}

std::optional<int64_t> FindPaymentReference(absl::string_view memo) {
  for (absl::string_view token :
       absl::StrSplit(memo, absl::ByAnyChar(",; \t\r\n/"), absl::SkipEmpty())) {
    int64_t id = 0;
    if (Classify(token, id) == Shape::kOk) return id;
  }
  return std::nullopt;
}

}  // namespace huikuan::core
