#include "server/ops/row_names.h"

#include "absl/strings/str_cat.h"

namespace huikuan::ops {

std::string RowNames::Field(size_t index, absl::string_view field) const {
  return absl::StrCat(Row(index), ".", Rename(field));
}

std::string RepeatedField::Row(size_t index) const {
  return absl::StrCat(collection_, "[", index, "]");
}

std::string FileRows::Row(size_t index) const {
  return absl::StrCat("rows[", first_row_ + index, "]");
}

std::string FileRows::Rename(absl::string_view field) const {
  for (const auto& [name, column] : columns_) {
    if (name == field) return column;
  }
  return std::string(field);
}

}  // namespace huikuan::ops
