// Request fields the API sends as text or wide integers, parsed once and the same way in every
// handler: resource names (`customers/{id}`), dates ("YYYY-MM-DD"), amounts in fen, etags. Each
// fails with INVALID_ARGUMENT naming the request field.
#ifndef HUIKUAN_SERVER_SERVICE_REQUEST_FIELDS_H_
#define HUIKUAN_SERVER_SERVICE_REQUEST_FIELDS_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/core/civil_date.h"
#include "server/core/money.h"

namespace huikuan::service {

// The id in `name` ("customers/42" -> 42) or INVALID_ARGUMENT with a violation on `field`.
absl::StatusOr<int64_t> ParseIdField(absl::string_view collection, absl::string_view field,
                                     absl::string_view name);
// As ParseIdField; an empty name is no filter.
absl::StatusOr<std::optional<int64_t>> ParseOptionalIdField(absl::string_view collection,
                                                            absl::string_view field,
                                                            absl::string_view name);

// A date "YYYY-MM-DD" in 1900-2199.
absl::StatusOr<core::EpochDay> ParseDateField(absl::string_view field, absl::string_view text);
// As ParseDateField; an empty text is no date.
absl::StatusOr<std::optional<core::EpochDay>> ParseOptionalDateField(absl::string_view field,
                                                                     absl::string_view text);

// An amount > 0 (or >= 0 when zero is allowed) and at most core::kMaxAbsFen.
enum class Zero { kRefused, kAllowed };
absl::Status CheckAmountField(absl::string_view field, core::Fen amount,
                              Zero zero = Zero::kRefused);

// The etag of a version, as resources carry it: "\"7\"".
std::string FormatEtag(int64_t version);
// The version an etag names; INVALID_ARGUMENT on `field` unless it is one FormatEtag made.
absl::StatusOr<int64_t> ParseEtagField(absl::string_view field, absl::string_view etag);

}  // namespace huikuan::service

#endif  // HUIKUAN_SERVER_SERVICE_REQUEST_FIELDS_H_
