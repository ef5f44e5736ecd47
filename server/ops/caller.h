// Who is acting: a person authenticated by a token (the auth interceptor builds it) or the system
// itself (a job of the daily run). Every operation takes one; row scoping (scope.h) and the audit
// trail read it. No transport types: the gRPC edge converts its enums.
#ifndef HUIKUAN_SERVER_OPS_CALLER_H_
#define HUIKUAN_SERVER_OPS_CALLER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace huikuan::ops {

// Where a user belongs (DESIGN.md, Roles). Stable numeric values; the first five are
// core::Department's.
enum class Department : int8_t {
  kSales = 0,
  kFinance = 1,
  kLegal = 2,
  kInvestment = 3,
  kManagement = 4,
  kAdmin = 5,
  kCustomer = 6,  // a customer's own portal user
};
inline constexpr int kDepartmentCount = 7;
enum class Level : int8_t { kStaff = 0, kHead = 1 };

// Storage names: "sales", ..., "admin", "customer"; "staff", "head".
absl::string_view DepartmentKey(Department department);
absl::string_view LevelKey(Level level);
std::optional<Department> ParseDepartmentKey(absl::string_view key);
std::optional<Level> ParseLevelKey(absl::string_view key);
// Admin and customer users have no level.
bool HasLevels(Department department);

// "sales_staff", "finance_head", ...; "admin" and "customer" have no level in their name.
std::string RoleName(Department department, Level level);
// Every role a user can have, in a stable order (the permission table's columns).
const std::vector<std::string>& AllRoleNames();

struct Caller {
  int64_t user_id = 0;
  std::string username;
  Department department = Department::kAdmin;
  Level level = Level::kStaff;
  // Set for customer-portal users: the only customer they may see.
  std::optional<int64_t> customer_id;
  int64_t token_id = 0;
  absl::Time token_expire_time;
  // Set for the system acting on its own ("system:job/dunning"): sees every row, audited under
  // this name with no user.
  std::string system_actor;

  // A system caller for a job: sees every row, audited as "system:job/<job>".
  static Caller System(absl::string_view job);

  bool is_system() const { return !system_actor.empty(); }
  std::string role() const;
  bool is_admin() const { return !is_system() && department == Department::kAdmin; }
  bool is_customer() const { return !is_system() && department == Department::kCustomer; }
  // Sales staff act only on customers they own (DESIGN.md, Roles).
  bool scoped_to_owned_customers() const {
    return !is_system() && department == Department::kSales && level == Level::kStaff;
  }
};

}  // namespace huikuan::ops

#endif  // HUIKUAN_SERVER_OPS_CALLER_H_
