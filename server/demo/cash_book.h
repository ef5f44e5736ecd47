// Customers' open invoices held in memory while ledger history is replayed in date order, with
// every payment applied by core::ApplyPayment (R-PAY-1) and each allocation by core::ApplyCash,
// exactly as ops::RecordPayment applies them to the rows it locks: reference, then exact amount,
// then oldest first; the rest stays unapplied. The loader persists what it returns in bulk
// instead of locking and updating row by row.
//
//   CashBook book;
//   book.Issue(7, {.id = 41, .number = "INV-7-SO-1", .invoice_day = d, .due_day = d + 30,
//                  .open = 50'000});
//   absl::StatusOr<core::CashApplication> applied = book.Pay(7, 80'000, "INV-7-SO-1");
//   // 50,000 to invoice 41 by reference, 30,000 unapplied; TakeChanged() -> {41: open 0}
//
// Not thread-safe; pure (no I/O).
#ifndef HUIKUAN_SERVER_DEMO_CASH_BOOK_H_
#define HUIKUAN_SERVER_DEMO_CASH_BOOK_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/core/cash_application.h"
#include "server/core/civil_date.h"
#include "server/core/invoice_state.h"
#include "server/core/money.h"

namespace huikuan::demo {

struct BookInvoice {
  int64_t id = 0;
  std::string number;
  core::EpochDay invoice_day = 0;
  core::EpochDay due_day = 0;
  core::Fen open = 0;
};

// An invoice balance changed by Pay: its open amount now and the status that goes with it
// (core::ApplyCash: paid when nothing is open).
struct ChangedBalance {
  int64_t invoice_id = 0;
  core::Fen open = 0;
  core::InvoiceStatus status = core::InvoiceStatus::kOpen;
};

class CashBook {
 public:
  // The invoice becomes a candidate for the customer's later payments (call in date order).
  void Issue(int64_t customer_id, BookInvoice invoice);

  // Applies a payment of the customer to its open invoices. The allocations' invoice_row indexes
  // are meaningless to the caller (the book compacts itself); use invoice_id. Errors as
  // core::ApplyPayment.
  absl::StatusOr<core::CashApplication> Pay(int64_t customer_id, core::Fen amount,
                                            absl::string_view reference);

  // The invoices Pay changed since the last call, each once with its latest balance, in the order
  // they first changed; clears the list.
  std::vector<ChangedBalance> TakeChanged();

  // The customer's open invoices (open > 0), oldest first.
  const std::vector<BookInvoice>& OpenInvoices(int64_t customer_id) const;

 private:
  absl::flat_hash_map<int64_t, std::vector<BookInvoice>> open_;
  std::vector<ChangedBalance> changed_;
  absl::flat_hash_map<int64_t, size_t> changed_index_;  // invoice id -> index in changed_
};

}  // namespace huikuan::demo

#endif  // HUIKUAN_SERVER_DEMO_CASH_BOOK_H_
