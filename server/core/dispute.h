// Invoice disputes (issue 9, R-DUN-1 "a disputed invoice pauses the ladder"): why a customer
// contests an invoice, where the dispute came from, and how old it is. The invoice's own state
// change (open -> disputed -> open/paid) is core::Dispute / core::ResolveDispute
// (invoice_state.h).
//
//   std::optional<DisputeReason> r = ParseDisputeReason("not_received");
//   int32_t age = DisputeAgeDays(raised, std::nullopt, today);   // days open so far
//
// Thread-safe: pure functions of their arguments, no global state, no I/O.
#ifndef HUIKUAN_SERVER_CORE_DISPUTE_H_
#define HUIKUAN_SERVER_CORE_DISPUTE_H_

#include <cstdint>
#include <optional>

#include "absl/strings/string_view.h"
#include "server/core/civil_date.h"

namespace huikuan::core {

// The reason codes of issue 9. Stable numeric values.
enum class DisputeReason : int8_t {
  kPrice = 0,        // price differs from the contract or the order
  kQuantity = 1,     // quantity delivered differs from the invoice
  kQuality = 2,      // goods defective or not as agreed
  kNotReceived = 3,  // goods or invoice not received
  kDuplicate = 4,    // billed twice
  kOther = 5,
};
inline constexpr int kDisputeReasonCount = 6;
// "price", "quantity", "quality", "not_received", "duplicate", "other".
absl::string_view DisputeReasonName(DisputeReason reason);
std::optional<DisputeReason> ParseDisputeReason(absl::string_view name);

// Who raised it. Stable numeric values.
enum class DisputeSource : int8_t {
  kStaff = 0,      // sales or finance on the customer's word (ArrangementService)
  kStatement = 1,  // the customer on a monthly statement (StatementService)
  kImport = 2,     // a historical file (the IBM import's Disputed=Yes rows)
};
inline constexpr int kDisputeSourceCount = 3;
absl::string_view DisputeSourceName(DisputeSource source);  // "staff", "statement", "import"
std::optional<DisputeSource> ParseDisputeSource(absl::string_view name);

// The dispute's age in days: from the day it was raised to the day it was resolved, or to
// `as_of` while it is open. 0 on the day it is raised; never negative.
int32_t DisputeAgeDays(EpochDay raised_day, std::optional<EpochDay> resolved_day, EpochDay as_of);

}  // namespace huikuan::core

#endif  // HUIKUAN_SERVER_CORE_DISPUTE_H_
