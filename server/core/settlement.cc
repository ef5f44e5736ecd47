#include "server/core/settlement.h"

#include "server/core/enum_names.h"

namespace huikuan::core {

absl::string_view SettlementKindName(SettlementKind kind) {
  switch (kind) {
    case SettlementKind::kGoodsForDebt:
      return "goods_for_debt";
  }
  return "goods_for_debt";
}

std::optional<SettlementKind> ParseSettlementKind(absl::string_view name) {
  return ParseEnumName<SettlementKind, kSettlementKindCount>(name, SettlementKindName);
}

}  // namespace huikuan::core
