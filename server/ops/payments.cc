#include "server/ops/payments.h"

#include "absl/strings/str_cat.h"
#include "server/core/cash_application.h"
#include "server/core/invoice_state.h"
#include "server/core/payment_reference.h"
#include "server/core/payment_state.h"
#include "server/core/resource_name.h"
#include "server/core/status_macros.h"
#include "server/core/violations.h"
#include "server/ops/audit_images.h"
#include "server/ops/paying.h"
#include "server/ops/row_scope.h"

namespace huikuan::ops {
namespace {

std::string InvoiceName(int64_t id) { return core::FormatResourceName("invoices", id); }
std::string PaymentName(int64_t id) { return core::FormatResourceName("payments", id); }

PaymentView ViewOf(store::ConnectionPool::Lease& db, store::PaymentRecord payment,
                   store::Read read) {
  std::vector<store::AllocationRecord> allocations = store::ListAllocations(db, payment.id, read);
  return PaymentView{std::move(payment), std::move(allocations)};
}

void AuditInvoice(WriteScope& write, const store::InvoiceRecord& before,
                  const store::InvoiceRecord& after) {
  write.audit.Record(InvoiceName(after.id), InvoiceImage(before), InvoiceImage(after));
}

// The payment's customer never changes: read the payment unlocked, lock its customer (the
// ledger's locking order: customer row first), then the payment row.
absl::StatusOr<store::PaymentRecord> LockVisiblePayment(WriteScope& write, int64_t id,
                                                        absl::string_view name) {
  absl::StatusOr<store::PaymentRecord> peek = store::GetPayment(write.db, id, store::Lock::kNone);
  if (absl::IsNotFound(peek.status())) return core::NotFoundError(name);
  HK_RETURN_IF_ERROR(peek.status());
  HK_RETURN_IF_ERROR(LockVisibleCustomer(write.db, write.caller, peek->customer_id, name).status());
  return store::GetPayment(write.db, id, store::Lock::kForUpdate);
}

}  // namespace

absl::StatusOr<RecordedPayment> RecordPayment(WriteScope& write, const PaymentDraft& draft,
                                              absl::string_view customer_name) {
  // The customer's row, then its open invoices and their accepted offers, locked in one round
  // trip.
  std::optional<store::CustomerOpenInvoices> locked =
      store::LockCustomerAndOpenInvoices(write.db, draft.customer_id);
  if (!locked.has_value() ||
      !CanSeeCustomer(write.caller, locked->customer.id, locked->customer.owner_user_id)) {
    return core::NotFoundError(customer_name);
  }
  std::vector<store::InvoiceRecord> open = std::move(locked->open);
  std::vector<core::OpenInvoice> candidates;
  candidates.reserve(open.size());
  for (const auto& invoice : open) {
    candidates.push_back(core::OpenInvoice{invoice.id, invoice.invoice_number, invoice.invoice_day,
                                           invoice.due_day, invoice.balance.open});
  }
  // Issue 14: a statement's payment reference first, accepted discount offers (paying.h).
  HK_ASSIGN_OR_RETURN(
      PaymentMatchPlan plan,
      PlanPaymentMatch(write, draft.customer_id, draft.statement_id, draft.reference,
                       draft.received_day,
                       locked->open_invoices_have_accepted_offers ? AcceptedOffers::kSome
                                                                  : AcceptedOffers::kNone,
                       candidates));
  HK_ASSIGN_OR_RETURN(
      core::CashApplication application,
      core::ApplyPayment(draft.amount, draft.reference, plan.first_invoices, candidates));

  store::PaymentRecord payment;
  payment.customer_id = draft.customer_id;
  payment.amount = draft.amount;
  payment.reference = draft.reference;
  if (draft.statement_id && core::FindPaymentReference(draft.reference) != draft.statement_id) {
    const std::string given = core::FormatPaymentReference(*draft.statement_id);
    payment.reference = draft.reference.empty() ? given : absl::StrCat(given, " ", draft.reference);
  }
  payment.received_day = draft.received_day;
  payment.balance = {core::PaymentStatus::kReceived, application.unapplied};
  payment.create_time = write.now;
  payment.update_time = write.now;
  payment = store::InsertPayment(write.db, payment);

  RecordedPayment recorded;
  std::vector<store::AllocationRecord> allocations;
  allocations.reserve(application.allocations.size());
  for (const core::Allocation& allocation : application.allocations) {
    store::InvoiceRecord& invoice = open.at(allocation.invoice_row);
    store::InvoiceRecord before = invoice;
    HK_RETURN_IF_ERROR(
        core::ApplyCash(invoice.balance, allocation.amount, InvoiceName(invoice.id)));
    if (allocation.discount > 0) {
      HK_RETURN_IF_ERROR(
          BookDiscount(write, plan, payment.id, draft.received_day, invoice, allocation.discount));
    }
    invoice.update_time = write.now;
    store::UpdateInvoiceBalance(write.db, invoice);
    store::AllocationRecord record;
    record.payment_id = payment.id;
    record.invoice_id = invoice.id;
    record.amount = allocation.amount;
    record.rule = core::AllocationRuleFor(allocation.rule);
    record = store::InsertAllocation(write.db, record, write.now);
    record.invoice_number = invoice.invoice_number;
    allocations.push_back(std::move(record));
    AuditInvoice(write, before, invoice);
    recorded.changed_invoices.emplace_back(std::move(before), invoice);
  }
  // The new payment's allocations are exactly the ones inserted above, in id order: no read back.
  recorded.payment = PaymentView{std::move(payment), std::move(allocations)};
  write.audit.Record(PaymentName(recorded.payment.payment.id), core::Json(),
                     PaymentImage(recorded.payment.payment, recorded.payment.allocations));
  return recorded;
}

absl::StatusOr<PaymentView> GetPayment(ReadScope& read, int64_t id, absl::string_view name) {
  absl::StatusOr<store::PaymentRecord> payment = store::GetPayment(read.db, id, store::Lock::kNone);
  if (absl::IsNotFound(payment.status())) return core::NotFoundError(name);
  HK_RETURN_IF_ERROR(payment.status());
  HK_RETURN_IF_ERROR(GetVisibleCustomer(read.db, read.caller, payment->customer_id, name).status());
  return ViewOf(read.db, *std::move(payment), store::Read::kSnapshot);
}

absl::StatusOr<AllocatedPayment> AllocatePayment(WriteScope& write, int64_t payment_id,
                                                 absl::string_view payment_name, int64_t invoice_id,
                                                 absl::string_view invoice_name, core::Fen amount) {
  HK_ASSIGN_OR_RETURN(store::PaymentRecord payment,
                      LockVisiblePayment(write, payment_id, payment_name));
  absl::StatusOr<store::InvoiceRecord> invoice =
      store::GetInvoice(write.db, invoice_id, store::Lock::kForUpdate);
  if (absl::IsNotFound(invoice.status())) return core::NotFoundError(invoice_name);
  HK_RETURN_IF_ERROR(invoice.status());
  if (invoice->customer_id != payment.customer_id) {
    return core::RuleViolation(
        "OTHER_CUSTOMER", invoice_name,
        absl::StrCat(invoice_name, " is not an invoice of ",
                     core::FormatResourceName("customers", payment.customer_id)));
  }
  const PaymentView payment_before = ViewOf(write.db, payment, store::Read::kLocking);
  const store::InvoiceRecord invoice_before = *invoice;
  HK_RETURN_IF_ERROR(core::TakeUnapplied(payment.balance, amount, payment_name));
  HK_RETURN_IF_ERROR(core::ApplyCash(invoice->balance, amount, invoice_name));
  invoice->update_time = write.now;
  store::UpdateInvoiceBalance(write.db, *invoice);
  payment.update_time = write.now;
  store::UpdatePayment(write.db, payment);
  store::AllocationRecord record;
  record.payment_id = payment.id;
  record.invoice_id = invoice->id;
  record.amount = amount;
  record.rule = core::AllocationRule::kManual;
  store::InsertAllocation(write.db, record, write.now);
  AllocatedPayment allocated{*invoice, ViewOf(write.db, payment, store::Read::kLocking)};
  AuditInvoice(write, invoice_before, allocated.invoice);
  write.audit.Record(PaymentName(payment.id),
                     PaymentImage(payment_before.payment, payment_before.allocations),
                     PaymentImage(allocated.payment.payment, allocated.payment.allocations));
  return allocated;
}

absl::StatusOr<PaymentView> ReversePayment(WriteScope& write, int64_t id, absl::string_view name,
                                           const std::string& reason) {
  HK_ASSIGN_OR_RETURN(store::PaymentRecord payment, LockVisiblePayment(write, id, name));
  const PaymentView before = ViewOf(write.db, payment, store::Read::kLocking);
  HK_RETURN_IF_ERROR(core::ReversePayment(payment.balance, name));
  for (const store::AllocationRecord& allocation : before.allocations) {
    if (allocation.reversed) continue;
    HK_ASSIGN_OR_RETURN(
        store::InvoiceRecord invoice,
        store::GetInvoice(write.db, allocation.invoice_id, store::Lock::kForUpdate));
    const store::InvoiceRecord invoice_before = invoice;
    core::ReturnCash(invoice.balance, allocation.amount);
    invoice.update_time = write.now;
    store::UpdateInvoiceBalance(write.db, invoice);
    AuditInvoice(write, invoice_before, invoice);
  }
  store::MarkAllocationsReversed(write.db, id, write.now);
  HK_RETURN_IF_ERROR(ReturnDiscounts(write, id));
  payment.reversal_reason = reason;
  payment.update_time = write.now;
  store::UpdatePayment(write.db, payment);
  PaymentView after = ViewOf(write.db, std::move(payment), store::Read::kLocking);
  write.audit.Record(PaymentName(id), PaymentImage(before.payment, before.allocations),
                     PaymentImage(after.payment, after.allocations));
  return after;
}

}  // namespace huikuan::ops
