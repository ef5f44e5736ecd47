// The invoices a promise, a payment plan or a legal case is about, named by a request: the
// customer's row locked first (the ledger's locking order, ledger_store.h), then the invoices,
// each checked to be the customer's and still owed. Shared so that every arrangement reports a
// bad list the same way.
#ifndef HUIKUAN_SERVER_OPS_INVOICE_SELECTION_H_
#define HUIKUAN_SERVER_OPS_INVOICE_SELECTION_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/core/money.h"
#include "server/ops/scopes.h"
#include "server/store/ledger_store.h"

namespace huikuan::ops {

enum class Owed {
  kOpenOnly,        // status open (a disputed invoice is resolved first)
  kOpenOrDisputed,  // still owed whatever the dispute (a legal claim)
};

struct SelectedInvoices {
  store::LedgerCustomer customer;
  std::vector<store::InvoiceRecord> invoices;  // in the request's order, locked
  core::Fen open_total = 0;
};

// NOT_FOUND naming `customer_name` when the customer is absent or outside the caller's scope;
// INVALID_ARGUMENT on `field` for an empty list, on "<field>[k]" for an invoice named twice or not
// the customer's; FAILED_PRECONDITION INVOICE_NOT_OPEN for one not owed (`owed`).
absl::StatusOr<SelectedInvoices> LockCustomerInvoices(WriteScope& write, int64_t customer_id,
                                                      absl::string_view customer_name,
                                                      const std::vector<int64_t>& invoice_ids,
                                                      absl::string_view field, Owed owed);

}  // namespace huikuan::ops

#endif  // HUIKUAN_SERVER_OPS_INVOICE_SELECTION_H_
