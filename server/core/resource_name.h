// Resource names in the AIP-122 form `collection/{id}` (e.g. `customers/42`).
//
//   absl::StatusOr<int64_t> id = ParseResourceId("customers", "customers/42");  // 42
//   std::string name = FormatResourceName("customers", 42);                     // "customers/42"
//
// Ids are positive 64-bit integers; anything else is INVALID_ARGUMENT naming what was expected.
#ifndef HUIKUAN_SERVER_CORE_RESOURCE_NAME_H_
#define HUIKUAN_SERVER_CORE_RESOURCE_NAME_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace huikuan::core {

absl::StatusOr<int64_t> ParseResourceId(absl::string_view collection, absl::string_view name);

std::string FormatResourceName(absl::string_view collection, int64_t id);

}  // namespace huikuan::core

#endif  // HUIKUAN_SERVER_CORE_RESOURCE_NAME_H_
