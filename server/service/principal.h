// The authenticated caller of one RPC, as established by the auth interceptor: an ops::Caller.
// The API's Department/Level enums are converted here, at the edge.
#ifndef HUIKUAN_SERVER_SERVICE_PRINCIPAL_H_
#define HUIKUAN_SERVER_SERVICE_PRINCIPAL_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "huikuan/v1/role.pb.h"
#include "server/ops/caller.h"

namespace huikuan::service {

using Principal = ops::Caller;

// "sales_staff", "finance_head", ...; "admin" and "customer" have no level in their name.
std::string RoleName(v1::Department department, v1::Level level);

// Every role a user can have, in a stable order (the permission table's columns).
const std::vector<std::string>& AllRoleNames();

// Storage names of the API enums ("sales", "head"); Parse* return UNSPECIFIED for unknown text.
absl::string_view DepartmentKey(v1::Department department);
absl::string_view LevelKey(v1::Level level);
v1::Department ParseDepartmentKey(absl::string_view key);
v1::Level ParseLevelKey(absl::string_view key);

// API enum <-> ops enum.
std::optional<ops::Department> FromProto(v1::Department department);
v1::Department ToProto(ops::Department department);
v1::Level ToProto(ops::Level level);

}  // namespace huikuan::service

#endif  // HUIKUAN_SERVER_SERVICE_PRINCIPAL_H_
