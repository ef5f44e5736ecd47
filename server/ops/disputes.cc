#include "server/ops/disputes.h"

#include "absl/strings/str_cat.h"
#include "server/core/invoice_state.h"
#include "server/core/resource_name.h"
#include "server/core/status_macros.h"
#include "server/core/violations.h"
#include "server/ops/arrangement_images.h"
#include "server/ops/audit_images.h"
#include "server/ops/row_scope.h"

namespace huikuan::ops {
namespace {

std::string InvoiceName(int64_t id) { return core::FormatResourceName("invoices", id); }

// The invoice, locked after its customer's row (the ledger's locking order), when visible.
absl::StatusOr<store::InvoiceRecord> LockVisibleInvoice(WriteScope& write, int64_t invoice_id,
                                                        absl::string_view name) {
  absl::StatusOr<store::InvoiceRecord> peek =
      store::GetInvoice(write.db, invoice_id, store::Lock::kNone);
  if (absl::IsNotFound(peek.status())) return core::NotFoundError(name);
  HK_RETURN_IF_ERROR(peek.status());
  HK_RETURN_IF_ERROR(LockVisibleCustomer(write.db, write.caller, peek->customer_id, name).status());
  return store::GetInvoice(write.db, invoice_id, store::Lock::kForUpdate);
}

}  // namespace

std::string DisputeName(int64_t id) { return core::FormatResourceName(kDisputes, id); }

absl::StatusOr<store::DisputeRecord> DisputeLockedInvoice(WriteScope& write,
                                                          store::InvoiceRecord& invoice,
                                                          absl::string_view invoice_name,
                                                          const DisputeDraft& draft) {
  const store::InvoiceRecord before = invoice;
  HK_RETURN_IF_ERROR(core::Dispute(invoice.balance, invoice_name));
  invoice.update_time = write.now;
  store::UpdateInvoiceBalance(write.db, invoice);
  std::vector<store::DisputeRecord> rows(1);
  store::DisputeRecord& dispute = rows[0];
  dispute.invoice_id = invoice.id;
  dispute.statement_id = draft.statement_id;
  dispute.source = draft.source;
  dispute.reason_code = draft.reason_code;
  dispute.reason = draft.reason;
  dispute.user_id = write.caller.user_id;
  dispute.raised_day = write.today;
  dispute.create_time = write.now;
  store::InsertDisputes(write.db, rows);
  dispute.customer_id = invoice.customer_id;
  dispute.invoice_number = invoice.invoice_number;
  dispute.invoice_open = invoice.balance.open;
  write.audit.Record(InvoiceName(invoice.id), InvoiceImage(before),
                     InvoiceImage(invoice).Set("dispute_reason", core::Json::String(draft.reason)));
  write.audit.Record(DisputeName(dispute.id), core::Json(), DisputeImage(dispute));
  return dispute;
}

absl::StatusOr<RaisedDispute> RaiseDispute(WriteScope& write, int64_t invoice_id,
                                           absl::string_view invoice_name,
                                           core::DisputeReason reason_code,
                                           const std::string& reason) {
  HK_ASSIGN_OR_RETURN(store::InvoiceRecord invoice,
                      LockVisibleInvoice(write, invoice_id, invoice_name));
  DisputeDraft draft;
  draft.source = core::DisputeSource::kStaff;
  draft.reason_code = reason_code;
  draft.reason = reason;
  HK_ASSIGN_OR_RETURN(store::DisputeRecord dispute,
                      DisputeLockedInvoice(write, invoice, invoice_name, draft));
  return RaisedDispute{std::move(dispute), std::move(invoice)};
}

absl::StatusOr<store::InvoiceRecord> ResolveDispute(WriteScope& write, int64_t invoice_id,
                                                    absl::string_view invoice_name,
                                                    const std::string& resolution) {
  HK_ASSIGN_OR_RETURN(store::InvoiceRecord invoice,
                      LockVisibleInvoice(write, invoice_id, invoice_name));
  const store::InvoiceRecord before = invoice;
  HK_RETURN_IF_ERROR(core::ResolveDispute(invoice.balance, invoice_name));
  invoice.update_time = write.now;
  store::UpdateInvoiceBalance(write.db, invoice);
  store::ResolveDisputes(write.db, invoice.id, resolution, write.caller.user_id, write.now,
                         write.today);
  write.audit.Record(invoice_name, InvoiceImage(before),
                     InvoiceImage(invoice).Set("resolution", core::Json::String(resolution)));
  return invoice;
}

std::vector<store::DisputeRecord> ListDisputes(ReadScope& read, std::optional<int64_t> customer_id,
                                               bool open_only, int64_t after_id, int limit) {
  const ListScope scope = ScopeList(read.caller, customer_id);
  if (scope.nothing) return {};
  store::DisputeFilter filter;
  filter.customer_id = scope.customer_id;
  filter.owner_user_id = scope.owner_user_id;
  filter.open_only = open_only;
  return store::ListDisputes(read.db, filter, after_id, limit);
}

void RecordHistoricalDisputes(WriteScope& write, const std::vector<HistoricalDispute>& disputes,
                              const std::string& reason, const std::string& resolution) {
  std::vector<store::DisputeRecord> rows;
  rows.reserve(disputes.size());
  for (const HistoricalDispute& past : disputes) {
    store::DisputeRecord dispute;
    dispute.invoice_id = past.invoice_id;
    dispute.source = core::DisputeSource::kImport;
    dispute.reason_code = core::DisputeReason::kOther;
    dispute.reason = reason;
    dispute.user_id = write.caller.user_id;
    dispute.raised_day = past.raised_day;
    dispute.create_time = write.now;
    dispute.resolution = resolution;
    dispute.resolved_by = write.caller.user_id;
    dispute.resolved_day = past.resolved_day;
    dispute.resolve_time = write.now;
    rows.push_back(std::move(dispute));
  }
  store::InsertDisputes(write.db, rows);
  for (const store::DisputeRecord& dispute : rows) {
    write.audit.Record(DisputeName(dispute.id), core::Json(), DisputeImage(dispute));
  }
}

}  // namespace huikuan::ops
