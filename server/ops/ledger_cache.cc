#include "server/ops/ledger_cache.h"

#include <algorithm>
#include <limits>

#include "server/ops/clock.h"
#include "server/store/job_store.h"
#include "server/store/report_cache_store.h"

namespace huikuan::ops {
namespace {

// Compaction waits for at least this many retired settlement rows, so a small ledger is not
// rewritten on every refresh.
constexpr size_t kMinRetiredToCompact = 1 << 16;

template <typename T>
size_t Bytes(const std::vector<T>& column) {
  return column.capacity() * sizeof(T);
}

}  // namespace

uint32_t LedgerCache::CustomerSlot(int64_t customer_id) {
  auto [it, inserted] =
      customer_index_.try_emplace(customer_id, static_cast<uint32_t>(customer_ids_.size()));
  if (inserted) {
    customer_ids_.push_back(customer_id);
    customers_.emplace_back();
  }
  return it->second;
}

uint32_t LedgerCache::FindInvoiceSlot(int64_t invoice_id) const {
  auto it = std::lower_bound(by_id_.begin(), by_id_.end(), invoice_id,
                             [&](uint32_t slot, int64_t id) { return invoice_id_[slot] < id; });
  return it != by_id_.end() && invoice_id_[*it] == invoice_id ? *it : kNoSlot;
}

void LedgerCache::ReserveInvoices(size_t n) {
  invoice_id_.reserve(n);
  by_id_.reserve(n);
  customer_slot_.reserve(n);
  invoice_day_.reserve(n);
  due_day_.reserve(n);
  amount_.reserve(n);
  open_.reserve(n);
  version_.reserve(n);
  first_settlement_.reserve(n);
  settlement_count_.reserve(n);
}

void LedgerCache::Refresh(store::ConnectionPool::Lease& db) {
  absl::MutexLock lock(&mutex_);
  const absl::Time db_now = store::DatabaseNow(db);
  const absl::Time since = loaded_ ? watermark_ - lag_ : absl::InfinitePast();
  for (store::ChangedCustomer& c : store::ListCustomersChangedSince(db, since)) {
    Customer& customer = customers_[CustomerSlot(c.id)];
    if (c.version < customer.version) continue;  // an older snapshot than the one held
    customer.name = std::move(c.name);
    customer.owner_user_id = c.owner_user_id;
    customer.tier = std::move(c.tier);
    customer.industry = std::move(c.industry);
    customer.version = c.version;
  }

  // The changed invoices in id order, without those held at their version already (read again
  // within the lag) or at a newer one (this request's snapshot is older than one that refreshed
  // before it): a write of an invoice or of its history always increments the version.
  std::vector<store::ChangedInvoice> invoices = store::ListInvoicesChangedSince(db, since);
  std::sort(
      invoices.begin(), invoices.end(),
      [](const store::ChangedInvoice& a, const store::ChangedInvoice& b) { return a.id < b.id; });
  std::vector<uint32_t> slots(invoices.size());
  std::vector<int64_t> newer;
  size_t kept = 0;
  for (size_t i = 0; i < invoices.size(); ++i) {
    const uint32_t slot = FindInvoiceSlot(invoices[i].id);
    if (slot != kNoSlot && invoices[i].version <= version_[slot]) continue;
    slots[kept] = slot;
    if (loaded_) newer.push_back(invoices[i].id);
    invoices[kept++] = invoices[i];
  }
  invoices.resize(kept);
  // Their histories, from the same snapshot, sorted by invoice alike.
  std::vector<store::ReportSettlement> settlements =
      loaded_ ? store::ListSettlementsOfInvoices(db, newer) : store::ListAllSettlements(db);
  std::sort(settlements.begin(), settlements.end(),
            [](const store::ReportSettlement& a, const store::ReportSettlement& b) {
              return a.invoice_id < b.invoice_id;
            });
  if (!loaded_) {
    // The cold start: the columns' final sizes are known, so no growth by doubling.
    ReserveInvoices(invoices.size());
    settlement_slot_.reserve(settlements.size());
    settlement_day_.reserve(settlements.size());
    settlement_amount_.reserve(settlements.size());
    settlement_is_write_off_.reserve(settlements.size());
  }
  std::vector<uint32_t> added;  // new slots, in id order
  size_t next = 0;
  for (size_t i = 0; i < invoices.size(); ++i) {
    const store::ChangedInvoice& invoice = invoices[i];
    while (next < settlements.size() && settlements[next].invoice_id < invoice.id) ++next;
    size_t end = next;
    while (end < settlements.size() && settlements[end].invoice_id == invoice.id) ++end;
    uint32_t slot = slots[i];
    if (slot == kNoSlot) {
      slot = static_cast<uint32_t>(invoice_id_.size());
      added.push_back(slot);
      invoice_id_.push_back(invoice.id);
      customer_slot_.push_back(0);
      invoice_day_.push_back(0);
      due_day_.push_back(0);
      amount_.push_back(0);
      open_.push_back(0);
      version_.push_back(0);
      first_settlement_.push_back(0);
      settlement_count_.push_back(0);
    } else {
      const uint32_t first = first_settlement_[slot];
      for (uint32_t s = first; s < first + settlement_count_[slot]; ++s) {
        settlement_slot_[s] = kRetired;
      }
      retired_ += settlement_count_[slot];
    }
    customer_slot_[slot] = CustomerSlot(invoice.customer_id);
    invoice_day_[slot] = invoice.invoice_day;
    due_day_[slot] = invoice.due_day;
    amount_[slot] = invoice.amount;
    open_[slot] = invoice.open;
    version_[slot] = invoice.version;
    first_settlement_[slot] = static_cast<uint32_t>(settlement_slot_.size());
    settlement_count_[slot] = static_cast<uint32_t>(end - next);
    for (; next < end; ++next) {
      const store::ReportSettlement& settlement = settlements[next];
      const bool write_off = settlement.kind == store::SettlementKind::kWriteOff;
      settlement_slot_.push_back(slot);
      settlement_day_.push_back(write_off ? CompanyDay(settlement.approve_time) : settlement.day);
      settlement_amount_.push_back(settlement.amount);
      settlement_is_write_off_.push_back(write_off ? 1 : 0);
    }
  }
  if (!added.empty()) {
    // Ids usually arrive above every id held (one database's AUTO_INCREMENT); N writers
    // interleave theirs, and then the new slots are merged in.
    if (by_id_.empty() || invoice_id_[by_id_.back()] < invoice_id_[added.front()]) {
      by_id_.insert(by_id_.end(), added.begin(), added.end());
    } else {
      std::vector<uint32_t> merged(by_id_.size() + added.size());
      std::merge(by_id_.begin(), by_id_.end(), added.begin(), added.end(), merged.begin(),
                 [&](uint32_t a, uint32_t b) { return invoice_id_[a] < invoice_id_[b]; });
      by_id_ = std::move(merged);
    }
  }
  const size_t live = settlement_slot_.size() - retired_;
  const size_t threshold =
      compact_after_ > 0 ? compact_after_ : std::max(kMinRetiredToCompact, live);
  if (retired_ >= threshold) CompactSettlements();
  // Owners: few rows, read whole every time (names and departments change without a stamp).
  owners_.clear();
  for (store::ReportUser& user : store::ListCustomerOwners(db)) {
    owners_[user.id] = Owner{std::move(user.name), std::move(user.department)};
  }
  watermark_ = db_now;
  loaded_ = true;
}

void LedgerCache::CompactSettlements() {
  const size_t live = settlement_slot_.size() - retired_;
  std::vector<uint32_t> slots;
  std::vector<core::EpochDay> days;
  std::vector<core::Fen> amounts;
  std::vector<uint8_t> write_offs;
  slots.reserve(live);
  days.reserve(live);
  amounts.reserve(live);
  write_offs.reserve(live);
  for (uint32_t slot : by_id_) {
    const uint32_t first = first_settlement_[slot];
    first_settlement_[slot] = static_cast<uint32_t>(slots.size());
    for (uint32_t s = first; s < first + settlement_count_[slot]; ++s) {
      slots.push_back(slot);
      days.push_back(settlement_day_[s]);
      amounts.push_back(settlement_amount_[s]);
      write_offs.push_back(settlement_is_write_off_[s]);
    }
  }
  settlement_slot_ = std::move(slots);
  settlement_day_ = std::move(days);
  settlement_amount_ = std::move(amounts);
  settlement_is_write_off_ = std::move(write_offs);
  retired_ = 0;
}

std::vector<uint8_t> LedgerCache::ScopeCustomers(
    std::optional<int64_t> owner_user_id,
    absl::flat_hash_map<int64_t, store::ReportCustomer>& out) const {
  // Decided once per customer rather than once per invoice.
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
    out.emplace(report.id, std::move(report));
  }
  return in_scope;
}

LedgerCache::OpenColumns LedgerCache::CollectOpen(std::optional<int64_t> owner_user_id,
                                                  core::EpochDay today) const {
  absl::MutexLock lock(&mutex_);
  OpenColumns out;
  const std::vector<uint8_t> in_scope = ScopeCustomers(owner_user_id, out.customers);
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

ReportLedger LedgerCache::CollectLedger(const ReportScope& scope, core::EpochDay last_day) const {
  absl::MutexLock lock(&mutex_);
  ReportLedger ledger;
  ledger.last_day = last_day;
  if (scope.nothing) return ledger;
  const std::vector<uint8_t> in_scope = ScopeCustomers(scope.owner_user_id, ledger.customers);

  // Raw pointers in the loops: Debian's Abseil and libstdc++ hardening check every [].
  constexpr uint32_t kNoRow = std::numeric_limits<uint32_t>::max();
  const size_t n = invoice_id_.size();
  std::vector<uint32_t> row_of(n, kNoRow);
  const int64_t* ids = invoice_id_.data();
  const uint32_t* customer = customer_slot_.data();
  const core::EpochDay* issued = invoice_day_.data();
  const core::EpochDay* due = due_day_.data();
  const core::Fen* amount = amount_.data();
  const uint8_t* scoped = in_scope.data();
  ledger.invoice_ids.reserve(n);
  ledger.customer_ids.reserve(n);
  ledger.invoice_days.reserve(n);
  ledger.due_days.reserve(n);
  ledger.amounts.reserve(n);
  uint32_t rows = 0;
  for (uint32_t slot : by_id_) {
    if (!scoped[customer[slot]] || issued[slot] > last_day) continue;
    row_of[slot] = rows++;
    ledger.invoice_ids.push_back(ids[slot]);
    ledger.customer_ids.push_back(customer_ids_[customer[slot]]);
    ledger.invoice_days.push_back(issued[slot]);
    ledger.due_days.push_back(due[slot]);
    ledger.amounts.push_back(amount[slot]);
  }

  const size_t m = settlement_slot_.size();
  const uint32_t* settled = settlement_slot_.data();
  const core::EpochDay* days = settlement_day_.data();
  const core::Fen* amounts = settlement_amount_.data();
  const uint8_t* write_off = settlement_is_write_off_.data();
  const uint32_t* row = row_of.data();
  ledger.settlement_invoice_index.reserve(m);
  ledger.settlement_days.reserve(m);
  ledger.settlement_amounts.reserve(m);
  ledger.settlement_is_write_off.reserve(m);
  for (size_t s = 0; s < m; ++s) {
    const uint32_t slot = settled[s];
    if (slot == kRetired || row[slot] == kNoRow || days[s] > last_day) continue;
    ledger.settlement_invoice_index.push_back(row[slot]);
    // A prepayment (dated before its invoice) counts on the invoice's day.
    ledger.settlement_days.push_back(std::max(days[s], issued[slot]));
    ledger.settlement_amounts.push_back(amounts[s]);
    ledger.settlement_is_write_off.push_back(write_off[s]);
  }
  return ledger;
}

LedgerCache::Size LedgerCache::size() const {
  absl::MutexLock lock(&mutex_);
  Size size;
  size.invoices = invoice_id_.size();
  size.settlement_rows = settlement_slot_.size() - retired_;
  size.retired_rows = retired_;
  size.bytes = Bytes(invoice_id_) + Bytes(by_id_) + Bytes(customer_slot_) + Bytes(invoice_day_) +
               Bytes(due_day_) + Bytes(amount_) + Bytes(open_) + Bytes(version_) +
               Bytes(first_settlement_) + Bytes(settlement_count_) + Bytes(settlement_slot_) +
               Bytes(settlement_day_) + Bytes(settlement_amount_) + Bytes(settlement_is_write_off_);
  return size;
}

}  // namespace huikuan::ops
