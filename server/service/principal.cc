#include "server/service/principal.h"

namespace huikuan::service {
namespace {

// The API's enums are the ops enums shifted by one (0 is UNSPECIFIED on the wire), in the same
// order.
constexpr v1::Department kDepartments[] = {
    v1::DEPARTMENT_SALES,      v1::DEPARTMENT_FINANCE,    v1::DEPARTMENT_LEGAL,
    v1::DEPARTMENT_INVESTMENT, v1::DEPARTMENT_MANAGEMENT, v1::DEPARTMENT_ADMIN,
    v1::DEPARTMENT_CUSTOMER,
};

}  // namespace

std::optional<ops::Department> FromProto(v1::Department department) {
  for (int i = 0; i < ops::kDepartmentCount; ++i) {
    if (kDepartments[i] == department) return static_cast<ops::Department>(i);
  }
  return std::nullopt;
}

v1::Department ToProto(ops::Department department) {
  return kDepartments[static_cast<int>(department)];
}

v1::Level ToProto(ops::Level level) {
  return level == ops::Level::kHead ? v1::LEVEL_HEAD : v1::LEVEL_STAFF;
}

absl::string_view DepartmentKey(v1::Department department) {
  std::optional<ops::Department> known = FromProto(department);
  return known ? ops::DepartmentKey(*known) : "unspecified";
}

absl::string_view LevelKey(v1::Level level) {
  switch (level) {
    case v1::LEVEL_STAFF:
      return ops::LevelKey(ops::Level::kStaff);
    case v1::LEVEL_HEAD:
      return ops::LevelKey(ops::Level::kHead);
    default:
      return "unspecified";
  }
}

v1::Department ParseDepartmentKey(absl::string_view key) {
  std::optional<ops::Department> department = ops::ParseDepartmentKey(key);
  return department ? ToProto(*department) : v1::DEPARTMENT_UNSPECIFIED;
}

v1::Level ParseLevelKey(absl::string_view key) {
  std::optional<ops::Level> level = ops::ParseLevelKey(key);
  return level ? ToProto(*level) : v1::LEVEL_UNSPECIFIED;
}

std::string RoleName(v1::Department department, v1::Level level) {
  std::optional<ops::Department> known = FromProto(department);
  if (!known) return "unspecified";
  return ops::RoleName(*known, level == v1::LEVEL_HEAD ? ops::Level::kHead : ops::Level::kStaff);
}

const std::vector<std::string>& AllRoleNames() { return ops::AllRoleNames(); }

}  // namespace huikuan::service
