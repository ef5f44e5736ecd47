// A statement's payment reference (seed 002, 建议四: paying made easy): a short code the customer
// types into the bank transfer's memo so that cash application can clear exactly that statement's
// invoices without a call.
//
//   FormatPaymentReference(42)            // "HK-0000042-7"
//   ParsePaymentReference("hk 0000042 7") // 42: case, spaces and '-' are ignored
//   ParsePaymentReference("HK-0000043-7") // INVALID_ARGUMENT: the check digit does not match
//
// Layout: "HK-", the statement id in at least 7 decimal digits, "-", one Damm check digit over the
// id's digits. The reference is a function of the statement id, so it is unique across the
// company and never changes. The Damm digit (a quasigroup of order 10) catches every single
// mistyped digit and every swap of two adjacent digits, which a Luhn digit does not ("09"/"90").
//
// Thread-safe: pure functions of their arguments, no global state, no I/O.
#ifndef HUIKUAN_SERVER_CORE_PAYMENT_REFERENCE_H_
#define HUIKUAN_SERVER_CORE_PAYMENT_REFERENCE_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace huikuan::core {

inline constexpr absl::string_view kPaymentReferencePrefix = "HK";
inline constexpr int kPaymentReferenceMinDigits = 7;

// The Damm check digit of a string of decimal digits (0 for the empty string). Characters other
// than '0'..'9' are a programming error: the caller passes digits only.
int DammCheckDigit(absl::string_view digits);

// "HK-" + id (zero-padded to 7 digits) + "-" + check digit. `statement_id` > 0.
std::string FormatPaymentReference(int64_t statement_id);

// The statement id of a reference. Ignores case, spaces and '-'. INVALID_ARGUMENT on `field`:
// "is not a payment reference (HK-nnnnnnn-c)" when the shape is wrong, "check digit does not
// match: a digit is mistyped" when only the check digit disagrees.
absl::StatusOr<int64_t> ParsePaymentReference(absl::string_view text, absl::string_view field);

// The first whitespace-, comma-, semicolon- or slash-separated token of a free-text memo that is
// a well-formed payment reference with a correct check digit; nullopt when there is none (a
// token that looks like one but whose digit is wrong is ignored: the memo is the customer's own
// text, and its cash falls back to the other rules).
std::optional<int64_t> FindPaymentReference(absl::string_view memo);

}  // namespace huikuan::core

#endif  // HUIKUAN_SERVER_CORE_PAYMENT_REFERENCE_H_
