#include "server/core/resource_name.h"

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace huikuan::core {

absl::StatusOr<int64_t> ParseResourceId(absl::string_view collection, absl::string_view name) {
  absl::string_view rest = name;
  int64_t id = 0;
  if (!absl::ConsumePrefix(&rest, collection) || !absl::ConsumePrefix(&rest, "/") ||
      !absl::SimpleAtoi(rest, &id) || id <= 0 || rest.front() == '+') {
    return absl::InvalidArgumentError(
        absl::StrCat("expected a name of the form ", collection, "/{id}, got \"", name, "\""));
  }
  return id;
}

std::string FormatResourceName(absl::string_view collection, int64_t id) {
  return absl::StrCat(collection, "/", id);
}

}  // namespace huikuan::core
