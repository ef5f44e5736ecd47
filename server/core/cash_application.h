// Cash application (R-PAY-1): a customer's payment is matched to its open invoices by reference,
// then by exact amount, then oldest first; what is left stays as unapplied cash.
//
//   OpenInvoice a{.invoice_id = 1, .number = "INV-001", .invoice_day = d1, .due_day = d1 + 30,
//                 .open_amount = 50'000};
//   ...
//   absl::StatusOr<CashApplication> r = ApplyPayment(80'000, "INV-002", invoices);
//   // r->allocations: {INV-002 by reference, ...}, r->unapplied
//
// Rules, in order, each on what the previous one left:
//   1. reference: the payment reference is split on ',', ';', whitespace and '/'; each token that
//      equals an open invoice's number (exactly, case-sensitive) in token order gets
//      min(remaining, open) — a customer paying "INV-1, INV-2" pays those two.
//   2. exact amount: if the remainder equals one open invoice's open amount exactly, it goes there
//      (the oldest such invoice when several match).
//   3. oldest first: the rest goes to the remaining invoices by invoice_day, then due_day, then
//      input order, each fully before the next.
//   4. unapplied: anything left (an overpayment) is kept as unapplied cash, never dropped.
// With a statement's payment reference (core/payment_reference.h, issue 14), the statement's
// invoices (`first_invoices`, in the statement's order) are paid before rule 1, each fully before
// the next, under the rule "reference"; then rules 1-4 take what is left.
// An invoice with an honourable early-payment discount (OpenInvoice::discount > 0, R-DISC-2) is
// owed `open - discount` by every rule; when one allocation brings exactly that, the allocation
// carries the discount and the invoice is settled in full; a smaller allocation carries none.
// Invoices with open amount 0 are ignored. Pure; the caller persists the allocations.
//
// Thread-safe: pure functions of their arguments, no global state, no I/O.
#ifndef HUIKUAN_SERVER_CORE_CASH_APPLICATION_H_
#define HUIKUAN_SERVER_CORE_CASH_APPLICATION_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "server/core/civil_date.h"
#include "server/core/money.h"

namespace huikuan::core {

struct OpenInvoice {
  int64_t invoice_id = 0;
  std::string number;  // the invoice number a customer writes on the transfer
  EpochDay invoice_day = 0;
  EpochDay due_day = 0;
  Fen open_amount = 0;
  // An accepted, unexpired early-payment discount on open_amount (0: none); < open_amount.
  Fen discount = 0;
};

enum class MatchRule : int8_t { kReference = 0, kExactAmount = 1, kOldestFirst = 2 };
absl::string_view MatchRuleName(MatchRule rule);  // "reference", "exact_amount", "oldest_first"

struct Allocation {
  size_t invoice_row = 0;  // index into the invoices argument
  int64_t invoice_id = 0;
  Fen amount = 0;  // > 0
  MatchRule rule = MatchRule::kOldestFirst;
  Fen discount = 0;  // the invoice's discount, granted because this allocation paid the rest
};

struct CashApplication {
  std::vector<Allocation> allocations;  // in the order they were made
  Fen applied = 0;
  Fen unapplied = 0;   // payment - applied
  Fen discounted = 0;  // sum of the allocations' discounts (not cash: no part of applied)
};

// Errors (INVALID_ARGUMENT naming the argument): payment <= 0 or > kMaxAbsFen; an invoice with a
// negative or oversized open amount, a date out of range; duplicate invoice_id.
absl::StatusOr<CashApplication> ApplyPayment(Fen payment, absl::string_view reference,
                                             absl::Span<const OpenInvoice> invoices);
// The same with a statement's invoices paid first; ids in `first_invoices` that are not among
// `invoices` (paid meanwhile, disputed) are skipped. Also INVALID_ARGUMENT for a discount that
// is negative or not below the open amount.
absl::StatusOr<CashApplication> ApplyPayment(Fen payment, absl::string_view reference,
                                             absl::Span<const int64_t> first_invoices,
                                             absl::Span<const OpenInvoice> invoices);

}  // namespace huikuan::core

#endif  // HUIKUAN_SERVER_CORE_CASH_APPLICATION_H_
