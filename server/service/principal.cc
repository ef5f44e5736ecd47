#include "server/service/principal.h"

#include "absl/strings/str_cat.h"

namespace huikuan::service {
namespace {

struct DepartmentEntry {
  v1::Department department;
  absl::string_view key;
};

constexpr DepartmentEntry kDepartments[] = {
    {v1::DEPARTMENT_SALES, "sales"},           {v1::DEPARTMENT_FINANCE, "finance"},
    {v1::DEPARTMENT_LEGAL, "legal"},           {v1::DEPARTMENT_INVESTMENT, "investment"},
    {v1::DEPARTMENT_MANAGEMENT, "management"}, {v1::DEPARTMENT_ADMIN, "admin"},
    {v1::DEPARTMENT_CUSTOMER, "customer"},
};

bool HasLevels(v1::Department department) {
  return department != v1::DEPARTMENT_ADMIN && department != v1::DEPARTMENT_CUSTOMER;
}

}  // namespace

absl::string_view DepartmentKey(v1::Department department) {
  for (const auto& entry : kDepartments) {
    if (entry.department == department) return entry.key;
  }
  return "unspecified";
}

absl::string_view LevelKey(v1::Level level) {
  switch (level) {
    case v1::LEVEL_STAFF:
      return "staff";
    case v1::LEVEL_HEAD:
      return "head";
    default:
      return "unspecified";
  }
}

v1::Department ParseDepartmentKey(absl::string_view key) {
  for (const auto& entry : kDepartments) {
    if (entry.key == key) return entry.department;
  }
  return v1::DEPARTMENT_UNSPECIFIED;
}

v1::Level ParseLevelKey(absl::string_view key) {
  if (key == "staff") return v1::LEVEL_STAFF;
  if (key == "head") return v1::LEVEL_HEAD;
  return v1::LEVEL_UNSPECIFIED;
}

std::string RoleName(v1::Department department, v1::Level level) {
  if (!HasLevels(department)) return std::string(DepartmentKey(department));
  return absl::StrCat(DepartmentKey(department), "_", LevelKey(level));
}

const std::vector<std::string>& AllRoleNames() {
  static const auto* const names = [] {
    auto* result = new std::vector<std::string>;
    for (const auto& entry : kDepartments) {
      if (HasLevels(entry.department)) {
        result->push_back(RoleName(entry.department, v1::LEVEL_STAFF));
        result->push_back(RoleName(entry.department, v1::LEVEL_HEAD));
      } else {
        result->push_back(std::string(entry.key));
      }
    }
    return result;
  }();
  return *names;
}

}  // namespace huikuan::service
