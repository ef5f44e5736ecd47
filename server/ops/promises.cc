#include "server/ops/promises.h"

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "server/core/resource_name.h"
#include "server/core/status_macros.h"
#include "server/core/violations.h"
#include "server/ops/arrangement_images.h"
#include "server/ops/arrangement_items.h"
#include "server/ops/clock.h"
#include "server/ops/invoice_selection.h"
#include "server/ops/row_scope.h"
#include "server/ops/work_items.h"
#include "server/store/cash_history_store.h"

namespace huikuan::ops {
namespace {

constexpr absl::string_view kFollowUpStep = "promise_follow_up";

// Cash per invoice id, by received day.
absl::flat_hash_map<int64_t, std::vector<core::DatedAmount>> CashByInvoice(
    const std::vector<store::InvoiceCash>& cash) {
  absl::flat_hash_map<int64_t, std::vector<core::DatedAmount>> by_invoice;
  for (const store::InvoiceCash& entry : cash) {
    by_invoice[entry.invoice_id].push_back({entry.day, entry.amount});
  }
  return by_invoice;
}

// The follow-up of a broken or partially kept promise: the customer's owner calls again, with
// the rest still owed (R-DUN-1: collection resumes at once).
store::WorkItemRecord FollowUp(const store::PromiseRecord& promise, const ItemCustomer& customer,
                               const core::PromiseEvaluation& evaluation,
                               const absl::flat_hash_map<int64_t, store::InvoiceRecord>& now) {
  ItemDraft draft;
  draft.source_key = absl::StrCat("promise:", promise.id, ":follow_up");
  draft.kind = core::WorkItemKind::kPromiseFollowUp;
  draft.department = customer.owner_department;
  draft.assign_to_owner = true;
  draft.step = std::string(kFollowUpStep);
  draft.channel = core::Channel::kPhone;
  const bool broken = evaluation.status == core::PromiseStatus::kBroken;
  draft.title =
      absl::StrCat(broken ? "承诺付款未兑现" : "承诺付款部分兑现", " ", PromiseName(promise.id));
  draft.body = absl::StrCat("客户承诺于", core::FormatDate(promise.terms.promised_day), "前付款",
                            core::FormatYuan(promise.terms.amount), "元, 截至",
                            core::FormatDate(*evaluation.decided_day - 1), "实收",
                            core::FormatYuan(evaluation.paid), "元。请立即跟进 (promise ",
                            core::PromiseStatusName(evaluation.status), ").");
  draft.due_day = *evaluation.decided_day;
  core::EpochDay oldest_due = core::kMaxEpochDay;
  for (const store::PromiseInvoice& link : promise.invoices) {
    auto it = now.find(link.invoice_id);
    const core::Fen open = it == now.end() ? 0 : it->second.balance.open;
    if (it != now.end()) oldest_due = std::min(oldest_due, it->second.due_day);
    draft.amount += open;
    draft.invoices.push_back({link.invoice_id, link.invoice_number, open});
  }
  draft.days_from_due = oldest_due == core::kMaxEpochDay ? 0 : draft.due_day - oldest_due;
  return MakeWorkItem(customer, draft);
}

}  // namespace

std::string PromiseName(int64_t id) { return core::FormatResourceName("promises", id); }

absl::StatusOr<store::PromiseRecord> RecordPromise(WriteScope& write, const PromiseDraft& draft,
                                                   absl::string_view customer_name) {
  HK_ASSIGN_OR_RETURN(SelectedInvoices selected,
                      LockCustomerInvoices(write, draft.customer_id, customer_name,
                                           draft.invoice_ids, "invoices", Owed::kOpenOnly));
  store::PromiseRecord promise;
  promise.customer_id = draft.customer_id;
  promise.owner_user_id = selected.customer.owner_user_id;
  promise.terms.amount = draft.amount;
  promise.terms.made_day = write.today;
  promise.terms.promised_day = draft.promised_day;
  promise.terms.tolerance_days = draft.tolerance_days;
  HK_RETURN_IF_ERROR(core::ValidatePromise(promise.terms, selected.open_total, write.today));
  if (draft.work_item_id) {
    absl::StatusOr<store::WorkItemRecord> item =
        store::GetWorkItem(write.db, *draft.work_item_id, store::Lock::kNone);
    if (!item.ok() || item->customer_id != draft.customer_id) {
      return core::FieldViolation("work_item",
                                  absl::StrCat("is not a work item of ", customer_name));
    }
    promise.work_item_id = draft.work_item_id;
  }
  promise.note = draft.note;
  promise.created_by = write.caller.user_id;
  promise.create_time = promise.update_time = write.now;
  for (const store::InvoiceRecord& invoice : selected.invoices) {
    promise.invoices.push_back({invoice.id, invoice.invoice_number, invoice.balance.open});
  }
  store::InsertPromise(write.db, promise);
  write.audit.Record(PromiseName(promise.id), core::Json(), PromiseImage(promise));
  if (!promise.work_item_id) {
    // The call in which the customer promised is the reply to its own promise (issue 14).
    const ContactCompliance reply{PromiseName(promise.id), draft.compliance_reason};
    HK_RETURN_IF_ERROR(RecordContact(write, draft.customer_id, customer_name,
                                     std::string(core::ChannelName(core::Channel::kPhone)),
                                     core::ContactOutcome::kPromisedToPay,
                                     absl::StrCat("承诺于", core::FormatDate(draft.promised_day),
                                                  "前付款", core::FormatYuan(draft.amount), "元 (",
                                                  PromiseName(promise.id), ")"),
                                     reply)
                           .status());
  }
  return promise;
}

absl::StatusOr<store::PromiseRecord> GetPromise(ReadScope& read, int64_t id,
                                                absl::string_view name) {
  absl::StatusOr<store::PromiseRecord> promise = store::GetPromise(read.db, id, store::Lock::kNone);
  if (absl::IsNotFound(promise.status()) ||
      (promise.ok() &&
       !CanSeeCustomer(read.caller, promise->customer_id, promise->owner_user_id))) {
    return core::NotFoundError(name);
  }
  return promise;
}

std::vector<store::PromiseRecord> ListPromises(ReadScope& read, std::optional<int64_t> customer_id,
                                               std::optional<core::PromiseStatus> status,
                                               int64_t after_id, int limit) {
  const ListScope scope = ScopeList(read.caller, customer_id);
  if (scope.nothing) return {};
  store::PromiseFilter filter;
  filter.customer_id = scope.customer_id;
  filter.owner_user_id = scope.owner_user_id;
  filter.status = status;
  return store::ListPromises(read.db, filter, after_id, limit);
}

absl::StatusOr<PromiseRun> EvaluatePromises(WriteScope& write, core::EpochDay as_of) {
  PromiseRun run;
  std::vector<store::PromiseRecord> promises = store::PromisesToEvaluate(write.db, as_of);
  std::vector<int64_t> invoice_ids;
  std::vector<int64_t> customer_ids;
  for (const store::PromiseRecord& promise : promises) {
    customer_ids.push_back(promise.customer_id);
    for (const store::PromiseInvoice& link : promise.invoices)
      invoice_ids.push_back(link.invoice_id);
  }
  const auto cash = CashByInvoice(
      store::LoadCashApplied(write.db, invoice_ids, as_of, StartOfCompanyDay(as_of + 1)));
  const absl::flat_hash_map<int64_t, ItemCustomer> customers =
      LoadItemCustomers(write.db, customer_ids);
  std::vector<store::WorkItemRecord> follow_ups;
  for (store::PromiseRecord& promise : promises) {
    ++run.evaluated;
    std::vector<core::DatedAmount> paid;
    for (const store::PromiseInvoice& link : promise.invoices) {
      auto it = cash.find(link.invoice_id);
      if (it != cash.end()) paid.insert(paid.end(), it->second.begin(), it->second.end());
    }
    HK_ASSIGN_OR_RETURN(core::PromiseEvaluation evaluation,
                        core::EvaluatePromise(promise.terms, paid, as_of));
    if (evaluation.status == core::PromiseStatus::kOpen) {
      ++run.still_open;
      continue;
    }
    if (promise.status == core::PromiseStatus::kOpen) {
      const store::PromiseRecord before = promise;
      promise.status = evaluation.status;
      promise.paid = evaluation.paid;
      promise.decided_day = evaluation.decided_day;
      promise.update_time = write.now;
      HK_RETURN_IF_ERROR(store::UpdatePromiseStatus(write.db, promise));
      write.audit.Record(PromiseName(promise.id), PromiseImage(before), PromiseImage(promise));
      run.decided.push_back(promise);
    }
    if (evaluation.status == core::PromiseStatus::kKept) continue;
    auto customer = customers.find(promise.customer_id);
    if (customer == customers.end()) continue;
    absl::flat_hash_map<int64_t, store::InvoiceRecord> invoices_now;
    for (const store::PromiseInvoice& link : promise.invoices) {
      absl::StatusOr<store::InvoiceRecord> invoice =
          store::GetInvoice(write.db, link.invoice_id, store::Lock::kNone);
      if (invoice.ok()) invoices_now.emplace(link.invoice_id, *std::move(invoice));
    }
    // Nothing left to chase (paid since, or settled otherwise): no follow-up.
    store::WorkItemRecord item = FollowUp(promise, customer->second, evaluation, invoices_now);
    if (item.amount > 0) follow_ups.push_back(std::move(item));
  }
  HK_ASSIGN_OR_RETURN(run.follow_ups, CreateWorkItems(write, std::move(follow_ups)));
  return run;
}

}  // namespace huikuan::ops
