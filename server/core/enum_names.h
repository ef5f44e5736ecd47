// Stable lower-case names of the core's enums and their inverse, written once: every enum of the
// core has a `FooName(Foo)` function, and storage, CSV and the API read names back through
// ParseEnumName instead of comparing strings at each use.
//
//   std::optional<Tier> tier = ParseEnumName<Tier, 4>("key_partner", TierName);  // kKeyPartner
//
// The enum's values must be 0..kCount-1 (every core enum is numbered so).
#ifndef HUIKUAN_SERVER_CORE_ENUM_NAMES_H_
#define HUIKUAN_SERVER_CORE_ENUM_NAMES_H_

#include <optional>

#include "absl/strings/string_view.h"

namespace huikuan::core {

template <typename Enum, int kCount>
std::optional<Enum> ParseEnumName(absl::string_view name, absl::string_view (*name_of)(Enum)) {
  for (int i = 0; i < kCount; ++i) {
    const Enum value = static_cast<Enum>(i);
    if (name_of(value) == name) return value;
  }
  return std::nullopt;
}

}  // namespace huikuan::core

#endif  // HUIKUAN_SERVER_CORE_ENUM_NAMES_H_
