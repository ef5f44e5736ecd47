// A customer's credit status and the check every new order passes (R-WARN-4, R-SCORE-2): no new
// invoice while the customer is on credit hold or in litigation, and the credit part of the order
// (prepaid parts are excepted) must fit under the credit limit together with what is already open
// on credit.
//
//   CreditPosition position{.status = CreditStatus::kActive, .limit = 1'000'000,
//                           .exposure = 900'000};
//   absl::Status s = CheckOrderCredit(position, 200'000, "customers/6", "SO-7");
//   // FAILED_PRECONDITION, rule CREDIT_LIMIT: ... 9000.00 yuan + ... 2000.00 yuan > 10000.00 yuan
//
// Thread-safe: pure functions of their arguments, no global state, no I/O.
#ifndef HUIKUAN_SERVER_CORE_ORDER_CREDIT_H_
#define HUIKUAN_SERVER_CORE_ORDER_CREDIT_H_

#include <cstdint>
#include <optional>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "server/core/money.h"

namespace huikuan::core {

// Stable numeric values.
enum class CreditStatus : int8_t {
  kActive = 0,
  kOnHold = 1,        // supply stopped (R-WARN-4 red): no new invoices until released
  kInLitigation = 2,  // legal action under way: no new invoices
};
inline constexpr int kCreditStatusCount = 3;
absl::string_view CreditStatusName(CreditStatus status);  // "active", "on_hold", "in_litigation"
std::optional<CreditStatus> ParseCreditStatus(absl::string_view name);

inline constexpr absl::string_view kCreditHold = "CREDIT_HOLD";
inline constexpr absl::string_view kInLitigation = "IN_LITIGATION";
inline constexpr absl::string_view kCreditLimit = "CREDIT_LIMIT";
inline constexpr absl::string_view kHoldState = "HOLD_STATE";

struct CreditPosition {
  CreditStatus status = CreditStatus::kActive;
  Fen limit = 0;     // 0: no credit at all
  Fen exposure = 0;  // open credit parts of the customer's open and disputed invoices
};

// OK when the customer may be supplied at all, or FAILED_PRECONDITION with rule CREDIT_HOLD or
// IN_LITIGATION about `customer_name`.
absl::Status CheckNoHold(CreditStatus status, absl::string_view customer_name);

// OK, or FAILED_PRECONDITION with rule CREDIT_HOLD, IN_LITIGATION or CREDIT_LIMIT about
// `customer_name`; the limit message names `order_number` and every figure.
absl::Status CheckOrderCredit(const CreditPosition& position, Fen credit_amount,
                              absl::string_view customer_name, absl::string_view order_number);

// Placing a hold (`to` is kOnHold or kInLitigation) on an active customer, or releasing one.
// FAILED_PRECONDITION with rule HOLD_STATE when the customer is already held / not held.
absl::Status PlaceHold(CreditStatus& status, CreditStatus to, absl::string_view customer_name);
absl::Status ReleaseHold(CreditStatus& status, absl::string_view customer_name);

}  // namespace huikuan::core

#endif  // HUIKUAN_SERVER_CORE_ORDER_CREDIT_H_
