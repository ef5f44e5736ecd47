// The invoice's states and every transition of its balance, in one place (issue 8): cash applied
// and taken back, a bad-debt write-off, a non-cash settlement (goods for debt, issue 9), a dispute
// and its resolution. The ledger invariant they keep: an invoice is "paid" or "written_off"
// exactly when nothing is open, and open = amount - cash applied - written off - settled.
//
//   InvoiceBalance balance{.status = InvoiceStatus::kOpen, .open = 50'000};
//   HK_RETURN_IF_ERROR(ApplyCash(balance, 50'000, "invoices/7"));   // balance.status == kPaid
//
// Refusals are FAILED_PRECONDITION carrying a rule type (violations.h) a client can branch on:
// INVOICE_CLOSED, EXCEEDS_OPEN, INVOICE_NOT_OPEN, INVOICE_NOT_DISPUTED. A non-positive amount is
// INVALID_ARGUMENT "amount_fen: ...".
//
// Thread-safe: pure functions of their arguments, no global state, no I/O.
#ifndef HUIKUAN_SERVER_CORE_INVOICE_STATE_H_
#define HUIKUAN_SERVER_CORE_INVOICE_STATE_H_

#include <cstdint>
#include <optional>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "server/core/money.h"

namespace huikuan::core {

// Stable numeric values.
enum class InvoiceStatus : int8_t {
  kOpen = 0,        // something is owed; cash application and dunning take it
  kPaid = 1,        // nothing open, settled by cash
  kDisputed = 2,    // the customer contests it: paused, not auto-applied
  kWrittenOff = 3,  // nothing open, the rest written off as bad debt
};
inline constexpr int kInvoiceStatusCount = 4;
absl::string_view InvoiceStatusName(InvoiceStatus status);  // "open", "paid", ...
std::optional<InvoiceStatus> ParseInvoiceStatus(absl::string_view name);

// Rule types of the refusals below.
inline constexpr absl::string_view kInvoiceClosed = "INVOICE_CLOSED";
inline constexpr absl::string_view kExceedsOpen = "EXCEEDS_OPEN";
inline constexpr absl::string_view kInvoiceNotOpen = "INVOICE_NOT_OPEN";
inline constexpr absl::string_view kInvoiceNotDisputed = "INVOICE_NOT_DISPUTED";

struct InvoiceBalance {
  InvoiceStatus status = InvoiceStatus::kOpen;
  Fen open = 0;
  Fen written_off = 0;
  Fen settled = 0;     // cleared without cash (goods for debt, 以货抵债)
  Fen discounted = 0;  // early-payment discounts honoured (core/early_discount.h)
};

// Cash applied to the invoice (automatically or by hand): open -= amount; "paid" when nothing is
// left. Accepted while open or disputed (a disputed invoice may still be paid).
absl::Status ApplyCash(InvoiceBalance& balance, Fen amount, absl::string_view invoice_name);

// Applied cash taken back (its payment was reversed): open += amount; a paid invoice is open
// again. Never refused: the cash was applied before.
void ReturnCash(InvoiceBalance& balance, Fen amount);

// An approved bad-debt write-off: open -= amount, written_off += amount; "written_off" when
// nothing is left.
absl::Status WriteOff(InvoiceBalance& balance, Fen amount, absl::string_view invoice_name);

// An approved non-cash settlement (goods taken in payment, 以货抵债): open -= amount,
// settled += amount; "paid" when nothing is left (the debt is discharged, in kind). Only an open
// invoice (a disputed one is resolved first): INVOICE_NOT_OPEN otherwise.
absl::Status SettleInKind(InvoiceBalance& balance, Fen amount, absl::string_view invoice_name);

// A dispute raised on the invoice: only an open invoice with something open can be disputed (a
// paid one has nothing to withhold, a disputed one is already paused).
absl::Status Dispute(InvoiceBalance& balance, absl::string_view invoice_name);

// A dispute resolved: back into the ledger's rules, open when something is owed, else paid.
absl::Status ResolveDispute(InvoiceBalance& balance, absl::string_view invoice_name);

}  // namespace huikuan::core

#endif  // HUIKUAN_SERVER_CORE_INVOICE_STATE_H_
