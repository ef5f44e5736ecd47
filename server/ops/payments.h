// Payments and cash application (R-PAY-1): recording a payment applies it at once to the
// customer's open invoices by core::ApplyPayment (reference, exact amount, oldest first) and keeps
// the rest unapplied; unapplied cash can be allocated by hand; a payment can be reversed, which
// takes its cash back off every invoice it paid. Every change is audited under the names of the
// payment and of each invoice it touched.
#ifndef HUIKUAN_SERVER_OPS_PAYMENTS_H_
#define HUIKUAN_SERVER_OPS_PAYMENTS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/core/civil_date.h"
#include "server/core/money.h"
#include "server/ops/scopes.h"
#include "server/store/ledger_store.h"

namespace huikuan::ops {

// Well-formed fields (the caller checked them): amount in (0, kMaxAbsFen], reference up to 200
// characters.
struct PaymentDraft {
  int64_t customer_id = 0;
  core::Fen amount = 0;
  std::string reference;
  core::EpochDay received_day = 0;
  // A statement's payment reference given as such (paying.h), parsed; it is kept at the start of
  // `reference` when the memo does not already carry it.
  std::optional<int64_t> statement_id;
};

struct PaymentView {
  store::PaymentRecord payment;
  std::vector<store::AllocationRecord> allocations;  // with invoice numbers, reversed ones too
};

struct RecordedPayment {
  PaymentView payment;
  // (before, after) of every invoice the payment was applied to, in allocation order.
  std::vector<std::pair<store::InvoiceRecord, store::InvoiceRecord>> changed_invoices;
};

// NOT_FOUND naming `customer_name` when the customer is absent or outside the caller's scope.
absl::StatusOr<RecordedPayment> RecordPayment(WriteScope& write, const PaymentDraft& draft,
                                              absl::string_view customer_name);

// NOT_FOUND naming `name` when absent or outside the caller's scope.
absl::StatusOr<PaymentView> GetPayment(ReadScope& read, int64_t id, absl::string_view name);

struct AllocatedPayment {
  store::InvoiceRecord invoice;
  PaymentView payment;
};
// Unapplied cash of a payment allocated by hand to an invoice of the same customer.
// FAILED_PRECONDITION: OTHER_CUSTOMER, PAYMENT_REVERSED, INVOICE_CLOSED, EXCEEDS_UNAPPLIED,
// EXCEEDS_OPEN.
absl::StatusOr<AllocatedPayment> AllocatePayment(WriteScope& write, int64_t payment_id,
                                                 absl::string_view payment_name, int64_t invoice_id,
                                                 absl::string_view invoice_name, core::Fen amount);

// Reverses a payment: its live allocations are taken back off their invoices and marked reversed.
// FAILED_PRECONDITION PAYMENT_REVERSED when it already is.
absl::StatusOr<PaymentView> ReversePayment(WriteScope& write, int64_t id, absl::string_view name,
                                           const std::string& reason);

}  // namespace huikuan::ops

#endif  // HUIKUAN_SERVER_OPS_PAYMENTS_H_
