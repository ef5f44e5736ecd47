// AIP-158 pagination shared by every List RPC: page_size normalisation and opaque page tokens.
// A token carries the last id returned; it is base64url so clients treat it as opaque.
#ifndef HUIKUAN_SERVER_SERVICE_PAGING_H_
#define HUIKUAN_SERVER_SERVICE_PAGING_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace huikuan::service {

inline constexpr int kDefaultPageSize = 100;
inline constexpr int kMaxPageSize = 1000;

// 0 -> kDefaultPageSize; above kMaxPageSize -> kMaxPageSize; negative -> INVALID_ARGUMENT.
absl::StatusOr<int> NormalizePageSize(int32_t page_size);

std::string EncodePageToken(int64_t last_id);
// "" -> 0 (first page); anything not made by EncodePageToken -> INVALID_ARGUMENT on page_token.
absl::StatusOr<int64_t> DecodePageToken(absl::string_view token);

// A List request's page: its size and the id after which it starts.
struct Page {
  int size = kDefaultPageSize;
  int64_t after_id = 0;
  // How many rows to fetch: one more than the page, to know whether another page follows.
  int fetch() const { return size + 1; }
};
absl::StatusOr<Page> ParsePage(int32_t page_size, absl::string_view page_token);

// Trims `rows` (fetched with page.fetch()) to the page; returns the next page's token, or "" when
// this is the last page. `id_of(row)` is the id the rows are ordered by.
template <typename Row, typename IdOf>
std::string TakePage(std::vector<Row>& rows, const Page& page, IdOf id_of) {
  if (static_cast<int>(rows.size()) <= page.size) return "";
  rows.resize(page.size);
  return EncodePageToken(id_of(rows.back()));
}

}  // namespace huikuan::service

#endif  // HUIKUAN_SERVER_SERVICE_PAGING_H_
