#include "server/ops/settlements.h"

#include "server/core/invoice_state.h"
#include "server/core/resource_name.h"
#include "server/core/status_macros.h"
#include "server/core/violations.h"
#include "server/ops/arrangement_images.h"
#include "server/ops/audit_images.h"
#include "server/ops/pledges.h"
#include "server/ops/row_scope.h"

namespace huikuan::ops {
namespace {

std::string InvoiceName(int64_t id) { return core::FormatResourceName("invoices", id); }

}  // namespace

std::string SettlementName(int64_t id) { return core::FormatResourceName("settlements", id); }

absl::StatusOr<store::SettlementRecord> RequestSettlement(WriteScope& write,
                                                          const SettlementDraft& draft,
                                                          absl::string_view invoice_name) {
  absl::StatusOr<store::InvoiceRecord> peek =
      store::GetInvoice(write.db, draft.invoice_id, store::Lock::kNone);
  if (absl::IsNotFound(peek.status())) return core::NotFoundError(invoice_name);
  HK_RETURN_IF_ERROR(peek.status());
  HK_ASSIGN_OR_RETURN(store::LedgerCustomer customer,
                      LockVisibleCustomer(write.db, write.caller, peek->customer_id, invoice_name));
  HK_ASSIGN_OR_RETURN(store::InvoiceRecord invoice,
                      store::GetInvoice(write.db, draft.invoice_id, store::Lock::kForUpdate));
  HK_RETURN_IF_ERROR(CheckInvoiceNotPledged(write.db, invoice.id, invoice_name));
  // The amount must fit what is open now (checked again when approved).
  core::InvoiceBalance trial = invoice.balance;
  HK_RETURN_IF_ERROR(core::SettleInKind(trial, draft.amount, invoice_name));
  store::SettlementRecord settlement;
  settlement.invoice_id = invoice.id;
  settlement.customer_id = invoice.customer_id;
  settlement.owner_user_id = customer.owner_user_id;
  settlement.amount = draft.amount;
  settlement.goods_description = draft.goods_description;
  settlement.valuation_basis = draft.valuation_basis;
  settlement.reason = draft.reason;
  settlement.requested_by = write.caller.user_id;
  settlement.create_time = settlement.update_time = write.now;
  store::InsertSettlement(write.db, settlement);
  write.audit.Record(SettlementName(settlement.id), core::Json(), SettlementImage(settlement));
  return settlement;
}

absl::StatusOr<DecidedSettlement> DecideSettlement(WriteScope& write, int64_t id,
                                                   absl::string_view name, bool approve,
                                                   const std::string& comment) {
  absl::StatusOr<store::SettlementRecord> peek =
      store::GetSettlement(write.db, id, store::Lock::kNone);
  if (absl::IsNotFound(peek.status())) return core::NotFoundError(name);
  HK_RETURN_IF_ERROR(peek.status());
  HK_RETURN_IF_ERROR(LockVisibleCustomer(write.db, write.caller, peek->customer_id, name).status());
  HK_ASSIGN_OR_RETURN(store::SettlementRecord settlement,
                      store::GetSettlement(write.db, id, store::Lock::kForUpdate));
  const store::SettlementRecord before = settlement;
  HK_ASSIGN_OR_RETURN(store::InvoiceRecord invoice,
                      store::GetInvoice(write.db, settlement.invoice_id, store::Lock::kForUpdate));
  HK_RETURN_IF_ERROR(core::Decide(settlement.status, approve, name));
  settlement.decided_by = write.caller.user_id;
  settlement.decision_comment = comment;
  settlement.decided_day = write.today;
  settlement.update_time = write.now;
  if (approve) {
    const store::InvoiceRecord invoice_before = invoice;
    HK_RETURN_IF_ERROR(CheckInvoiceNotPledged(write.db, invoice.id, InvoiceName(invoice.id)));
    HK_RETURN_IF_ERROR(
        core::SettleInKind(invoice.balance, settlement.amount, InvoiceName(invoice.id)));
    invoice.update_time = write.now;
    store::UpdateInvoiceBalance(write.db, invoice);
    write.audit.Record(InvoiceName(invoice.id), InvoiceImage(invoice_before),
                       InvoiceImage(invoice).Set("settlement", core::Json::String(name)));
  }
  store::UpdateSettlementDecision(write.db, settlement);
  write.audit.Record(name, SettlementImage(before), SettlementImage(settlement));
  return DecidedSettlement{std::move(settlement), std::move(invoice)};
}

absl::StatusOr<store::SettlementRecord> GetSettlement(ReadScope& read, int64_t id,
                                                      absl::string_view name) {
  absl::StatusOr<store::SettlementRecord> settlement =
      store::GetSettlement(read.db, id, store::Lock::kNone);
  if (absl::IsNotFound(settlement.status()) ||
      (settlement.ok() &&
       !CanSeeCustomer(read.caller, settlement->customer_id, settlement->owner_user_id))) {
    return core::NotFoundError(name);
  }
  return settlement;
}

std::vector<store::SettlementRecord> ListSettlements(ReadScope& read,
                                                     std::optional<int64_t> customer_id,
                                                     std::optional<core::DecisionStatus> status,
                                                     int64_t after_id, int limit) {
  const ListScope scope = ScopeList(read.caller, customer_id);
  if (scope.nothing) return {};
  store::SettlementFilter filter;
  filter.customer_id = scope.customer_id;
  filter.owner_user_id = scope.owner_user_id;
  filter.status = status;
  return store::ListSettlements(read.db, filter, after_id, limit);
}

}  // namespace huikuan::ops
