#include "server/ops/dunning_holds.h"

#include <algorithm>

#include "server/core/status_macros.h"
#include "server/ops/clock.h"
#include "server/ops/row_scope.h"
#include "server/store/cash_history_store.h"
#include "server/store/dispute_store.h"
#include "server/store/payment_plan_store.h"
#include "server/store/promise_store.h"

namespace huikuan::ops {

absl::StatusOr<DunningHolds> GetDunningHolds(ReadScope& read,
                                             const std::vector<int64_t>& invoice_ids,
                                             core::EpochDay as_of) {
  std::vector<int64_t> ids = invoice_ids;
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  absl::flat_hash_map<int64_t, std::vector<core::ArrangementHold>> holds;
  for (const store::DisputeRecord& dispute : store::DisputesOfInvoices(read.db, ids, as_of)) {
    holds[dispute.invoice_id].push_back(
        core::DisputeHold(dispute.raised_day, dispute.resolved_day, as_of));
  }
  const std::vector<store::PromiseRecord> promises = store::PromisesOfInvoices(read.db, ids, as_of);
  const std::vector<store::PaymentPlanRecord> plans = store::PlansOfInvoices(read.db, ids, as_of);
  // The cash of every invoice an arrangement covers (its other invoices count for it too).
  std::vector<int64_t> covered;
  for (const store::PromiseRecord& promise : promises) {
    for (const store::PromiseInvoice& link : promise.invoices) covered.push_back(link.invoice_id);
  }
  for (const store::PaymentPlanRecord& plan : plans) {
    for (const store::PlanInvoice& link : plan.invoices) covered.push_back(link.invoice_id);
  }
  absl::flat_hash_map<int64_t, std::vector<core::DatedAmount>> cash;
  for (const store::InvoiceCash& entry :
       store::LoadCashApplied(read.db, covered, as_of, StartOfCompanyDay(as_of + 1))) {
    cash[entry.invoice_id].push_back({entry.day, entry.amount});
  }
  const auto cash_of = [&](const auto& links) {
    std::vector<core::DatedAmount> paid;
    for (const auto& link : links) {
      auto it = cash.find(link.invoice_id);
      if (it != cash.end()) paid.insert(paid.end(), it->second.begin(), it->second.end());
    }
    return paid;
  };
  for (const store::PromiseRecord& promise : promises) {
    HK_ASSIGN_OR_RETURN(core::PromiseEvaluation evaluation,
                        core::EvaluatePromise(promise.terms, cash_of(promise.invoices), as_of));
    const core::ArrangementHold hold = core::PromiseHold(promise.terms, evaluation, as_of);
    for (const store::PromiseInvoice& link : promise.invoices)
      holds[link.invoice_id].push_back(hold);
  }
  for (const store::PaymentPlanRecord& plan : plans) {
    if (!plan.start_day) continue;  // never approved
    HK_ASSIGN_OR_RETURN(core::PlanProgress progress,
                        core::EvaluatePlan(plan.instalments, *plan.start_day,
                                           cash_of(plan.invoices), plan.grace_days, as_of));
    const core::ArrangementHold hold = core::PlanHold(*plan.start_day, progress, as_of);
    for (const store::PlanInvoice& link : plan.invoices) holds[link.invoice_id].push_back(hold);
  }
  DunningHolds result;
  for (int64_t id : ids) {
    auto it = holds.find(id);
    if (it == holds.end()) continue;
    const core::InvoiceHold hold = core::CombineHolds(it->second);
    if (hold.paused) result.paused.emplace(id, hold);
    if (hold.resumes) result.resumed.emplace(id, *hold.resumes);
  }
  return result;
}

absl::StatusOr<std::vector<InvoiceCollectionHold>> ListCollectionHolds(
    ReadScope& read, int64_t customer_id, absl::string_view customer_name) {
  HK_RETURN_IF_ERROR(GetVisibleCustomer(read.db, read.caller, customer_id, customer_name).status());
  const std::vector<store::OverdueInvoice> owed =
      store::ListOwedInvoicesDueBy(read.db, core::kMaxEpochDay, customer_id);
  std::vector<int64_t> ids;
  for (const store::OverdueInvoice& invoice : owed) ids.push_back(invoice.id);
  HK_ASSIGN_OR_RETURN(DunningHolds holds, GetDunningHolds(read, ids, read.today));
  std::vector<InvoiceCollectionHold> result;
  for (const store::OverdueInvoice& invoice : owed) {
    InvoiceCollectionHold entry{invoice, {}};
    if (auto it = holds.paused.find(invoice.id); it != holds.paused.end()) entry.hold = it->second;
    if (auto it = holds.resumed.find(invoice.id); it != holds.resumed.end()) {
      entry.hold.resumes = it->second;
    }
    if (entry.hold.paused || entry.hold.resumes) result.push_back(std::move(entry));
  }
  return result;
}

}  // namespace huikuan::ops
