// Resource-name fields of requests (`customers/{id}`): parse or fail naming the request field.
#ifndef HUIKUAN_SERVER_SERVICE_RESOURCE_FIELDS_H_
#define HUIKUAN_SERVER_SERVICE_RESOURCE_FIELDS_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace huikuan::service {

// The id in `name` ("customers/42" -> 42) or INVALID_ARGUMENT with a violation on `field`.
absl::StatusOr<int64_t> ParseIdField(absl::string_view collection, absl::string_view field,
                                     absl::string_view name);

}  // namespace huikuan::service

#endif  // HUIKUAN_SERVER_SERVICE_RESOURCE_FIELDS_H_
