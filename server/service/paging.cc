#include "server/service/paging.h"

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "server/service/status_mapping.h"

namespace huikuan::service {

absl::StatusOr<int> NormalizePageSize(int32_t page_size) {
  if (page_size < 0) return FieldViolation("page_size", "must not be negative");
  if (page_size == 0) return kDefaultPageSize;
  return page_size > kMaxPageSize ? kMaxPageSize : page_size;
}

std::string EncodePageToken(int64_t last_id) {
  return absl::WebSafeBase64Escape(absl::StrCat("after:", last_id));
}

absl::StatusOr<int64_t> DecodePageToken(absl::string_view token) {
  if (token.empty()) return 0;
  std::string decoded;
  int64_t id = 0;
  absl::string_view rest;
  if (absl::WebSafeBase64Unescape(token, &decoded)) {
    rest = decoded;
    if (absl::ConsumePrefix(&rest, "after:") && absl::SimpleAtoi(rest, &id) && id > 0) return id;
  }
  return FieldViolation("page_token", "is not a token returned by this RPC");
}

absl::StatusOr<Page> ParsePage(int32_t page_size, absl::string_view page_token) {
  Page page;
  absl::StatusOr<int> size = NormalizePageSize(page_size);
  if (!size.ok()) return size.status();
  absl::StatusOr<int64_t> after_id = DecodePageToken(page_token);
  if (!after_id.ok()) return after_id.status();
  page.size = *size;
  page.after_id = *after_id;
  return page;
}

}  // namespace huikuan::service
