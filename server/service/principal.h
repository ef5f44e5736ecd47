// The authenticated caller of one RPC, as established by the auth interceptor.
#ifndef HUIKUAN_SERVER_SERVICE_PRINCIPAL_H_
#define HUIKUAN_SERVER_SERVICE_PRINCIPAL_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "huikuan/v1/role.pb.h"

namespace huikuan::service {

// "sales_staff", "finance_head", ...; "admin" and "customer" have no level in their name.
std::string RoleName(v1::Department department, v1::Level level);

// Every role a user can have, in a stable order (the permission table's columns).
const std::vector<std::string>& AllRoleNames();

// Storage names of the enums ("sales", "head"); Parse* return UNSPECIFIED for unknown text.
absl::string_view DepartmentKey(v1::Department department);
absl::string_view LevelKey(v1::Level level);
v1::Department ParseDepartmentKey(absl::string_view key);
v1::Level ParseLevelKey(absl::string_view key);

struct Principal {
  int64_t user_id = 0;
  std::string username;
  v1::Department department = v1::DEPARTMENT_UNSPECIFIED;
  v1::Level level = v1::LEVEL_UNSPECIFIED;
  // Set for customer-portal users: the only customer they may see.
  std::optional<int64_t> customer_id;
  int64_t token_id = 0;
  absl::Time token_expire_time;

  std::string role() const { return RoleName(department, level); }
  bool is_admin() const { return department == v1::DEPARTMENT_ADMIN; }
  // Sales staff act only on customers they own (DESIGN.md, Roles).
  bool scoped_to_owned_customers() const {
    return department == v1::DEPARTMENT_SALES && level == v1::LEVEL_STAFF;
  }
};

}  // namespace huikuan::service

#endif  // HUIKUAN_SERVER_SERVICE_PRINCIPAL_H_
