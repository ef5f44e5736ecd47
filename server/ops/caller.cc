#include "server/ops/caller.h"

#include "absl/strings/str_cat.h"
#include "server/core/department.h"
#include "server/core/enum_names.h"

namespace huikuan::ops {

absl::string_view DepartmentKey(Department department) {
  switch (department) {
    case Department::kAdmin:
      return "admin";
    case Department::kCustomer:
      return "customer";
    default:
      // The five departments of the collection model, numbered as the core's.
      return core::DepartmentName(static_cast<core::Department>(department));
  }
}

absl::string_view LevelKey(Level level) { return level == Level::kHead ? "head" : "staff"; }

std::optional<Department> ParseDepartmentKey(absl::string_view key) {
  return core::ParseEnumName<Department, kDepartmentCount>(key, DepartmentKey);
}

std::optional<Level> ParseLevelKey(absl::string_view key) {
  return core::ParseEnumName<Level, 2>(key, LevelKey);
}

bool HasLevels(Department department) {
  return department != Department::kAdmin && department != Department::kCustomer;
}

std::string RoleName(Department department, Level level) {
  if (!HasLevels(department)) return std::string(DepartmentKey(department));
  return absl::StrCat(DepartmentKey(department), "_", LevelKey(level));
}

const std::vector<std::string>& AllRoleNames() {
  static const auto* const names = [] {
    auto* result = new std::vector<std::string>;
    for (int i = 0; i < kDepartmentCount; ++i) {
      const auto department = static_cast<Department>(i);
      if (HasLevels(department)) {
        result->push_back(RoleName(department, Level::kStaff));
        result->push_back(RoleName(department, Level::kHead));
      } else {
        result->push_back(std::string(DepartmentKey(department)));
      }
    }
    return result;
  }();
  return *names;
}

Caller Caller::System(absl::string_view job) {
  Caller caller;
  caller.username = absl::StrCat("system:job/", job);
  caller.system_actor = caller.username;
  return caller;
}

std::string Caller::role() const {
  if (is_system()) return system_actor;
  return RoleName(department, level);
}

}  // namespace huikuan::ops
