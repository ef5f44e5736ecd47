// Non-cash settlements (R-PAY-1 "goods-for-debt settlements are recorded"; seed 000's F/G case,
// 以货抵债): a debtor that cannot pay hands over goods (or other assets) that the company accepts
// at an agreed value, which clears that much of an invoice. Requested by finance and approved by a
// management head, like a write-off (decision_state.h); approval moves the amount from the
// invoice's open amount to its settled amount (invoice_state.h: SettleInKind).
//
// Thread-safe: pure functions of their arguments, no global state, no I/O.
#ifndef HUIKUAN_SERVER_CORE_SETTLEMENT_H_
#define HUIKUAN_SERVER_CORE_SETTLEMENT_H_

#include <cstdint>
#include <optional>

#include "absl/strings/string_view.h"

namespace huikuan::core {

// Stable numeric values; more kinds (an asset transfer, a set-off) would follow.
enum class SettlementKind : int8_t {
  kGoodsForDebt = 0,  // 以货抵债: goods accepted at an agreed value
};
inline constexpr int kSettlementKindCount = 1;
absl::string_view SettlementKindName(SettlementKind kind);  // "goods_for_debt"
std::optional<SettlementKind> ParseSettlementKind(absl::string_view name);

}  // namespace huikuan::core

#endif  // HUIKUAN_SERVER_CORE_SETTLEMENT_H_
