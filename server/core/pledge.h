// Receivables financing (seed 000, 增值服务: 应收账款质押融资; 前瞻: 保理): finance pledges an open
// invoice to a bank or factors it to a named financier. While the pledge is active the invoice
// belongs, as security or outright, to the financier: it may not be written off or settled with
// goods (R-PAY-1's non-cash settlement) until finance releases it with the financier's release
// reference. Cash may still be applied: the customer paying is what repays the financing.
//
//   CheckNotPledged(ActivePledge{"工商银行", PledgeKind::kPledge}, "invoices/7")
//     -> FAILED_PRECONDITION INVOICE_PLEDGED "invoices/7 is pledged to 工商银行 ..."
//
// Thread-safe: pure functions of their arguments, no global state, no I/O.
#ifndef HUIKUAN_SERVER_CORE_PLEDGE_H_
#define HUIKUAN_SERVER_CORE_PLEDGE_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "server/core/civil_date.h"
#include "server/core/invoice_state.h"
#include "server/core/money.h"

namespace huikuan::core {

// Stable numeric values.
enum class PledgeKind : int8_t {
  kPledge = 0,     // 应收账款质押: the invoice secures a loan; it stays the company's
  kFactoring = 1,  // 保理: the invoice is sold to the financier
};
inline constexpr int kPledgeKindCount = 2;
absl::string_view PledgeKindName(PledgeKind kind);  // "pledge", "factoring"
std::optional<PledgeKind> ParsePledgeKind(absl::string_view name);

// The rule type a client may branch on.
inline constexpr absl::string_view kInvoicePledged = "INVOICE_PLEDGED";

struct ActivePledge {
  std::string financier;
  PledgeKind kind = PledgeKind::kPledge;
};

// OK without an active pledge; else FAILED_PRECONDITION INVOICE_PLEDGED naming the financier.
// Write-offs and goods-for-debt settlements check it when requested and again when approved.
absl::Status CheckNotPledged(const std::optional<ActivePledge>& pledge,
                             absl::string_view invoice_name);

// A new pledge of `amount` on an invoice: the invoice must be open (not paid, written off or
// disputed: a financier takes no disputed receivable), hold no active pledge (ALREADY_PLEDGED),
// and the amount must be positive and at most its open amount (EXCEEDS_OPEN); the pledge date
// is not after today nor before the invoice date (INVALID_ARGUMENT "pledged_date").
absl::Status ValidatePledge(const InvoiceBalance& balance, EpochDay invoice_day,
                            const std::optional<ActivePledge>& active, Fen amount,
                            EpochDay pledged_day, EpochDay today, absl::string_view invoice_name);

// A release dated `released_day`: not before the pledge date nor after today
// (INVALID_ARGUMENT "released_date"); a pledge already released is NOT_PLEDGED.
absl::Status ValidateRelease(bool already_released, EpochDay pledged_day, EpochDay released_day,
                             EpochDay today, absl::string_view pledge_name);

}  // namespace huikuan::core

#endif  // HUIKUAN_SERVER_CORE_PLEDGE_H_
