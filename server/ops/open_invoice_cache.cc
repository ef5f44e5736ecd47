#include "server/ops/open_invoice_cache.h"

#include <algorithm>

#include "server/store/job_store.h"
#include "server/store/report_cache_store.h"

namespace huikuan::ops {

uint32_t OpenInvoiceCache::CustomerSlot(int64_t customer_id) {
  auto [it, inserted] =
      customer_index_.try_emplace(customer_id, static_cast<uint32_t>(customer_ids_.size()));
  if (inserted) {
    customer_ids_.push_back(customer_id);
    customers_.emplace_back();
  }
  return it->second;
}

void OpenInvoiceCache::Refresh(store::ConnectionPool::Lease& db) {
  absl::MutexLock lock(&mutex_);
  const absl::Time db_now = store::DatabaseNow(db);
  const absl::Time since = loaded_ ? watermark_ - lag_ : absl::InfinitePast();
  for (store::ChangedCustomer& c : store::ListCustomersChangedSince(db, since)) {
    Customer& customer = customers_[CustomerSlot(c.id)];
    customer.name = std::move(c.name);
    customer.owner_user_id = c.owner_user_id;
    customer.tier = std::move(c.tier);
    customer.industry = std::move(c.industry);
  }
  for (const store::ChangedInvoice& invoice : store::ListInvoicesChangedSince(db, since)) {
    auto [it, inserted] =
        invoice_slot_.try_emplace(invoice.id, static_cast<uint32_t>(open_.size()));
    if (inserted) {
      customer_slot_.push_back(CustomerSlot(invoice.customer_id));
      invoice_day_.push_back(invoice.invoice_day);
      due_day_.push_back(invoice.due_day);
      open_.push_back(invoice.open);
    } else {
      customer_slot_[it->second] = CustomerSlot(invoice.customer_id);
      invoice_day_[it->second] = invoice.invoice_day;
      due_day_[it->second] = invoice.due_day;
      open_[it->second] = invoice.open;
    }
  }
  // Owners: few rows, read whole every time (names and departments change without a stamp).
  owners_.clear();
  for (store::ReportUser& user : store::ListCustomerOwners(db)) {
    owners_[user.id] = Owner{std::move(user.name), std::move(user.department)};
  }
  watermark_ = db_now;
  loaded_ = true;
}

OpenInvoiceCache::OpenColumns OpenInvoiceCache::Collect(std::optional<int64_t> owner_user_id,
                                                        core::EpochDay today) const {
  absl::MutexLock lock(&mutex_);
  OpenColumns out;
  // Which customers are in scope, decided once per customer rather than once per invoice.
  std::vector<uint8_t> in_scope(customers_.size(), 0);
  for (size_t c = 0; c < customers_.size(); ++c) {
    const Customer& customer = customers_[c];
    if (owner_user_id && customer.owner_user_id != *owner_user_id) continue;
    in_scope[c] = 1;
    store::ReportCustomer report;
    report.id = customer_ids_[c];
    report.name = customer.name;
    report.owner_user_id = customer.owner_user_id;
    auto owner = owners_.find(customer.owner_user_id);
    if (owner != owners_.end()) {
      report.owner_name = owner->second.name;
      report.owner_department = owner->second.department;
    }
    report.tier = customer.tier;
    report.industry = customer.industry;
    out.customers.emplace(report.id, std::move(report));
  }
  const size_t n = open_.size();
  out.slot_customer_ids = customer_ids_;
  out.customer_slot.reserve(n);
  out.open.reserve(n);
  out.due_days.reserve(n);
  const core::Fen* open = open_.data();
  const uint32_t* slot = customer_slot_.data();
  const core::EpochDay* due = due_day_.data();
  const core::EpochDay* issued = invoice_day_.data();
  for (size_t i = 0; i < n; ++i) {
    if (open[i] == 0 || !in_scope[slot[i]] || issued[i] > today) continue;
    out.customer_slot.push_back(slot[i]);
    out.open.push_back(open[i]);
    out.due_days.push_back(due[i]);
  }
  return out;
}

size_t OpenInvoiceCache::invoice_count() const {
  absl::MutexLock lock(&mutex_);
  return open_.size();
}

}  // namespace huikuan::ops
