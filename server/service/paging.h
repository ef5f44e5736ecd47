// AIP-158 pagination shared by every List RPC: page_size normalisation and opaque page tokens.
// A token carries the last id returned; it is base64url so clients treat it as opaque.
#ifndef HUIKUAN_SERVER_SERVICE_PAGING_H_
#define HUIKUAN_SERVER_SERVICE_PAGING_H_

#include <cstdint>
#include <string>

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

}  // namespace huikuan::service

#endif  // HUIKUAN_SERVER_SERVICE_PAGING_H_
