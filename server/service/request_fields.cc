#include "server/service/request_fields.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "server/core/resource_name.h"
#include "server/service/status_mapping.h"

namespace huikuan::service {

absl::StatusOr<int64_t> ParseIdField(absl::string_view collection, absl::string_view field,
                                     absl::string_view name) {
  absl::StatusOr<int64_t> id = core::ParseResourceId(collection, name);
  if (!id.ok()) return FieldViolation(field, id.status().message());
  return id;
}

absl::StatusOr<std::optional<int64_t>> ParseOptionalIdField(absl::string_view collection,
                                                            absl::string_view field,
                                                            absl::string_view name) {
  if (name.empty()) return std::nullopt;
  absl::StatusOr<int64_t> id = ParseIdField(collection, field, name);
  if (!id.ok()) return id.status();
  return *id;
}

absl::StatusOr<core::EpochDay> ParseDateField(absl::string_view field, absl::string_view text) {
  absl::StatusOr<core::EpochDay> day = core::ParseDate(text);
  if (!day.ok()) return FieldViolation(field, "must be a date \"YYYY-MM-DD\" in 1900-2199");
  return day;
}

absl::StatusOr<std::optional<core::EpochDay>> ParseOptionalDateField(absl::string_view field,
                                                                     absl::string_view text) {
  if (text.empty()) return std::nullopt;
  absl::StatusOr<core::EpochDay> day = ParseDateField(field, text);
  if (!day.ok()) return day.status();
  return *day;
}

absl::Status CheckAmountField(absl::string_view field, core::Fen amount, Zero zero) {
  const bool too_small = zero == Zero::kAllowed ? amount < 0 : amount <= 0;
  if (too_small || amount > core::kMaxAbsFen) {
    return FieldViolation(field, absl::StrCat("must be ", zero == Zero::kAllowed ? ">= 0" : "> 0",
                                              " and at most ", core::kMaxAbsFen, " fen"));
  }
  return absl::OkStatus();
}

std::string FormatEtag(int64_t version) { return absl::StrCat("\"", version, "\""); }

absl::StatusOr<int64_t> ParseEtagField(absl::string_view field, absl::string_view etag) {
  int64_t version = 0;
  if (etag.size() < 3 || etag.front() != '"' || etag.back() != '"' ||
      !absl::SimpleAtoi(etag.substr(1, etag.size() - 2), &version)) {
    return FieldViolation(field, "is required: the etag of the resource as read");
  }
  return version;
}

}  // namespace huikuan::service
