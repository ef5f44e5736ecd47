#include "server/service/resource_fields.h"

#include "server/core/resource_name.h"
#include "server/service/status_mapping.h"

namespace huikuan::service {

absl::StatusOr<int64_t> ParseIdField(absl::string_view collection, absl::string_view field,
                                     absl::string_view name) {
  absl::StatusOr<int64_t> id = core::ParseResourceId(collection, name);
  if (!id.ok()) return FieldViolation(field, id.status().message());
  return id;
}

}  // namespace huikuan::service
