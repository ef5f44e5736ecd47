#include "server/ops/collections.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "server/core/decision_state.h"
#include "server/core/invoice_state.h"
#include "server/core/late_fee.h"
#include "server/core/resource_name.h"
#include "server/core/status_macros.h"
#include "server/core/violations.h"
#include "server/ops/audit_images.h"
#include "server/ops/pledges.h"
#include "server/ops/row_scope.h"

namespace huikuan::ops {
namespace {

constexpr absl::string_view kExceedsOutstandingFee = "EXCEEDS_OUTSTANDING_FEE";

absl::string_view CollectionOf(store::DecisionTable table) {
  return table == store::DecisionTable::kWriteOffs ? kWriteOffs : kLateFeeWaivers;
}

// The invoice, locked after its customer's row (the ledger's locking order), when visible.
absl::StatusOr<store::InvoiceRecord> LockVisibleInvoice(WriteScope& write, int64_t invoice_id,
                                                        absl::string_view name) {
  absl::StatusOr<store::InvoiceRecord> unlocked =
      store::GetInvoice(write.db, invoice_id, store::Lock::kNone);
  if (absl::IsNotFound(unlocked.status())) return core::NotFoundError(name);
  HK_RETURN_IF_ERROR(unlocked.status());
  HK_RETURN_IF_ERROR(
      LockVisibleCustomer(write.db, write.caller, unlocked->customer_id, name).status());
  return store::GetInvoice(write.db, invoice_id, store::Lock::kForUpdate);
}

// A write-off or waiver, locked after its customer's row.
absl::StatusOr<store::WriteOffRecord> LockRequest(WriteScope& write, int64_t id,
                                                  absl::string_view name,
                                                  store::DecisionTable table) {
  absl::StatusOr<store::WriteOffRecord> unlocked =
      store::GetWriteOff(write.db, id, store::Lock::kNone, table);
  if (!unlocked.ok()) return core::NotFoundError(name);
  HK_RETURN_IF_ERROR(
      LockVisibleCustomer(write.db, write.caller, unlocked->customer_id, name).status());
  return store::GetWriteOff(write.db, id, store::Lock::kForUpdate, table);
}

// The decision on a locked request: its state (core::Decide) and who decided, stored.
absl::Status RecordDecision(WriteScope& write, store::WriteOffRecord& request,
                            absl::string_view name, bool approve, const std::string& comment,
                            store::DecisionTable table) {
  HK_RETURN_IF_ERROR(core::Decide(request.status, approve, name));
  request.decided_by = write.caller.user_id;
  request.decision_comment = comment;
  request.update_time = write.now;
  store::UpdateWriteOffDecision(write.db, request, table);
  return absl::OkStatus();
}

// A new request of `amount` about `invoice`, stored and audited.
store::WriteOffRecord InsertRequest(WriteScope& write, const store::InvoiceRecord& invoice,
                                    core::Fen amount, const std::string& reason,
                                    store::DecisionTable table) {
  store::WriteOffRecord request;
  request.invoice_id = invoice.id;
  request.customer_id = invoice.customer_id;
  request.amount = amount;
  request.reason = reason;
  request.requested_by = write.caller.user_id;
  request.create_time = request.update_time = write.now;
  request = store::InsertWriteOff(write.db, request, table);
  write.audit.Record(core::FormatResourceName(CollectionOf(table), request.id), core::Json(),
                     DecisionImage(request, CollectionOf(table)));
  return request;
}

}  // namespace

absl::StatusOr<store::WriteOffRecord> RequestWriteOff(WriteScope& write, int64_t invoice_id,
                                                      absl::string_view invoice_name,
                                                      core::Fen amount, const std::string& reason) {
  HK_ASSIGN_OR_RETURN(store::InvoiceRecord invoice,
                      LockVisibleInvoice(write, invoice_id, invoice_name));
  HK_RETURN_IF_ERROR(CheckInvoiceNotPledged(write.db, invoice.id, invoice_name));
  // The amount must fit what is open now (it is checked again when approved).
  core::InvoiceBalance trial = invoice.balance;
  HK_RETURN_IF_ERROR(core::WriteOff(trial, amount, invoice_name));
  return InsertRequest(write, invoice, amount, reason, store::DecisionTable::kWriteOffs);
}

absl::StatusOr<DecidedWriteOff> DecideWriteOff(WriteScope& write, int64_t id,
                                               absl::string_view name, bool approve,
                                               const std::string& comment) {
  constexpr store::DecisionTable kTable = store::DecisionTable::kWriteOffs;
  HK_ASSIGN_OR_RETURN(store::WriteOffRecord write_off, LockRequest(write, id, name, kTable));
  const store::WriteOffRecord before = write_off;
  HK_ASSIGN_OR_RETURN(store::InvoiceRecord invoice,
                      store::GetInvoice(write.db, write_off.invoice_id, store::Lock::kForUpdate));
  HK_RETURN_IF_ERROR(RecordDecision(write, write_off, name, approve, comment, kTable));
  if (approve) {
    const store::InvoiceRecord invoice_before = invoice;
    HK_RETURN_IF_ERROR(CheckInvoiceNotPledged(write.db, invoice.id,
                                              core::FormatResourceName("invoices", invoice.id)));
    // Payments may have lowered the open amount since the request.
    HK_RETURN_IF_ERROR(core::WriteOff(invoice.balance, write_off.amount,
                                      core::FormatResourceName("invoices", invoice.id)));
    invoice.update_time = write.now;
    store::UpdateInvoiceBalance(write.db, invoice);
    write.audit.Record(core::FormatResourceName("invoices", invoice.id),
                       InvoiceImage(invoice_before), InvoiceImage(invoice));
  }
  write.audit.Record(name, DecisionImage(before, CollectionOf(kTable)),
                     DecisionImage(write_off, CollectionOf(kTable)));
  return DecidedWriteOff{write_off, invoice};
}

absl::StatusOr<LateFeeRun> AccrueLateFees(WriteScope& write, core::EpochDay as_of,
                                          absl::string_view as_of_field) {
  // A future day would charge fees on amounts that may still be paid in time.
  if (as_of > write.today) {
    return core::FieldViolation(as_of_field, "must not be after today (Asia/Shanghai)");
  }
  // The ledger's locking order: the customers' rows (ascending), then their invoices.
  auto customers =
      store::LockCustomers(write.db, store::CustomersWithOverdueInvoices(write.db, as_of));
  std::vector<int64_t> customer_ids;
  customer_ids.reserve(customers.size());
  for (const auto& [id, customer] : customers) customer_ids.push_back(id);
  std::sort(customer_ids.begin(), customer_ids.end());
  const std::vector<store::AccrualCandidate> candidates =
      store::LockAccrualCandidates(write.db, customer_ids, as_of);
  LateFeeRun run;
  run.as_of = as_of;
  std::vector<store::LateFeeAccrual> accruals;
  for (const store::AccrualCandidate& invoice : candidates) {
    HK_ASSIGN_OR_RETURN(std::vector<core::DailyLateFee> days,
                        core::AccrueDailyLateFees(invoice.schedule, as_of));
    if (days.empty()) {
      ++run.invoices_without_fee;
      continue;
    }
    ++run.invoices_accrued;
    run.invoice_ids.push_back(invoice.invoice_id);
    for (const core::DailyLateFee& day : days) {
      accruals.push_back({invoice.invoice_id, invoice.customer_id, day.day, day.base, day.fee});
      HK_ASSIGN_OR_RETURN(run.fee, core::AddFen(run.fee, day.fee));
    }
  }
  store::InsertAccruals(write.db, accruals);
  run.days_accrued = static_cast<int32_t>(accruals.size());
  // One run record with its counts (the per-day rows are the detail), also when it charged
  // nothing: the evidence that the day was looked at.
  write.audit.Record(absl::StrCat("lateFees:accrue/", core::FormatDate(as_of)), core::Json(),
                     core::Json::Object()
                         .Set("as_of_date", core::Json::String(core::FormatDate(as_of)))
                         .Set("invoices_accrued", core::Json::Int(run.invoices_accrued))
                         .Set("days_accrued", core::Json::Int(run.days_accrued))
                         .Set("fee_fen", core::Json::Int(run.fee)));
  return run;
}

absl::StatusOr<std::vector<store::LateFeeTotals>> ListLateFees(ReadScope& read,
                                                               std::optional<int64_t> customer_id,
                                                               std::optional<int64_t> invoice_id,
                                                               absl::string_view name_for_errors,
                                                               int64_t after_id, int limit) {
  int64_t scope_customer = customer_id.value_or(0);
  if (invoice_id) {
    absl::StatusOr<store::InvoiceRecord> invoice =
        store::GetInvoice(read.db, *invoice_id, store::Lock::kNone);
    if (!invoice.ok()) return core::NotFoundError(name_for_errors);
    scope_customer = invoice->customer_id;
  }
  HK_RETURN_IF_ERROR(
      GetVisibleCustomer(read.db, read.caller, scope_customer, name_for_errors).status());
  return store::ListLateFeeTotals(read.db, customer_id, invoice_id, after_id, limit);
}

absl::StatusOr<store::LateFeeWaiverRecord> RequestLateFeeWaiver(WriteScope& write,
                                                                int64_t invoice_id,
                                                                absl::string_view invoice_name,
                                                                core::Fen amount,
                                                                const std::string& reason) {
  HK_ASSIGN_OR_RETURN(store::InvoiceRecord invoice,
                      LockVisibleInvoice(write, invoice_id, invoice_name));
  const store::LateFeeTotals totals =
      store::LockedLateFeeTotals(write.db, invoice_id, invoice.customer_id);
  if (amount > totals.accrued - totals.waived) {
    return core::RuleViolation(
        kExceedsOutstandingFee, invoice_name,
        absl::StrCat("amount ", core::MoneyText(amount), " exceeds the outstanding late fee ",
                     core::MoneyText(totals.accrued - totals.waived), " of ", invoice_name));
  }
  return InsertRequest(write, invoice, amount, reason, store::DecisionTable::kLateFeeWaivers);
}

absl::StatusOr<DecidedWaiver> DecideLateFeeWaiver(WriteScope& write, int64_t id,
                                                  absl::string_view name, bool approve,
                                                  const std::string& comment) {
  constexpr store::DecisionTable kTable = store::DecisionTable::kLateFeeWaivers;
  HK_ASSIGN_OR_RETURN(store::LateFeeWaiverRecord waiver, LockRequest(write, id, name, kTable));
  const store::LateFeeWaiverRecord before = waiver;
  store::LateFeeTotals totals =
      store::LockedLateFeeTotals(write.db, waiver.invoice_id, waiver.customer_id);
  HK_RETURN_IF_ERROR(RecordDecision(write, waiver, name, approve, comment, kTable));
  if (approve) {
    // Other waivers may have been approved since this one was requested.
    if (totals.waived + waiver.amount > totals.accrued) {
      return core::RuleViolation(kExceedsOutstandingFee, name,
                                 absl::StrCat(name, " waives ", core::MoneyText(waiver.amount),
                                              " but invoices/", waiver.invoice_id, " has only ",
                                              core::MoneyText(totals.accrued - totals.waived),
                                              " of late fees outstanding"));
    }
    totals.waived += waiver.amount;
  }
  write.audit.Record(name, DecisionImage(before, CollectionOf(kTable)),
                     DecisionImage(waiver, CollectionOf(kTable)));
  return DecidedWaiver{waiver, totals};
}

std::vector<store::WriteOffRecord> ListDecisionRequests(ReadScope& read, store::DecisionTable table,
                                                        core::DecisionStatus status,
                                                        int64_t after_id, int limit) {
  return store::ListWriteOffs(read.db, table, status, after_id, limit);
}

}  // namespace huikuan::ops
