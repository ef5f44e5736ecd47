#include "server/ops/report_ledger.h"

#include <algorithm>

#include "server/ops/clock.h"
#include "server/ops/ledger_cache.h"

namespace huikuan::ops {

ReportScope ScopeReport(const Caller& caller) {
  ReportScope scope;
  if (caller.is_customer()) {
    scope.nothing = true;
  } else if (caller.scoped_to_owned_customers()) {
    scope.owner_user_id = caller.user_id;
  }
  return scope;
}

absl::flat_hash_map<int64_t, store::ReportCustomer> LoadReportCustomers(ReadScope& read,
                                                                        const ReportScope& scope) {
  absl::flat_hash_map<int64_t, store::ReportCustomer> customers;
  if (scope.nothing) return customers;
  for (store::ReportCustomer& customer : store::ListReportCustomers(read.db, scope.owner_user_id)) {
    const int64_t id = customer.id;
    customers.emplace(id, std::move(customer));
  }
  return customers;
}

core::InvoiceColumns ReportLedger::Invoices(const std::vector<int64_t>& group_keys) const {
  return core::InvoiceColumns{group_keys, invoice_days, due_days, amounts};
}

core::SettlementColumns ReportLedger::Settlements() const {
  return core::SettlementColumns{settlement_invoice_index, settlement_days, settlement_amounts,
                                 settlement_is_write_off};
}

std::vector<core::Fen> ReportLedger::OpenAt(core::EpochDay day) const {
  std::vector<core::Fen> open;
  open.reserve(amounts.size());
  for (size_t i = 0; i < amounts.size(); ++i) {
    open.push_back(invoice_days[i] <= day ? amounts[i] : 0);
  }
  for (size_t s = 0; s < settlement_days.size(); ++s) {
    if (settlement_days[s] <= day) open[settlement_invoice_index[s]] -= settlement_amounts[s];
  }
  for (core::Fen& fen : open) fen = std::max<core::Fen>(0, fen);
  return open;
}

ReportLedger LoadReportLedger(ReadScope& read, const ReportScope& scope, core::EpochDay last_day,
                              LedgerCache* cache) {
  if (cache != nullptr) {
    cache->Refresh(read.db);
    return cache->CollectLedger(scope, last_day);
  }
  ReportLedger ledger;
  ledger.last_day = last_day;
  ledger.customers = LoadReportCustomers(read, scope);
  if (scope.nothing) return ledger;
  absl::flat_hash_map<int64_t, size_t> index_of;
  for (const store::ReportInvoice& invoice :
       store::ListReportInvoices(read.db, scope.owner_user_id, last_day)) {
    index_of.emplace(invoice.id, ledger.invoice_ids.size());
    ledger.invoice_ids.push_back(invoice.id);
    ledger.customer_ids.push_back(invoice.customer_id);
    ledger.invoice_days.push_back(invoice.invoice_day);
    ledger.due_days.push_back(invoice.due_day);
    ledger.amounts.push_back(invoice.amount);
  }
  for (const store::ReportSettlement& settlement : store::ListReportSettlements(
           read.db, scope.owner_user_id, last_day, StartOfCompanyDay(last_day + 1))) {
    auto it = index_of.find(settlement.invoice_id);
    if (it == index_of.end()) continue;  // an invoice issued after last_day
    const bool write_off = settlement.kind == store::SettlementKind::kWriteOff;
    const core::EpochDay day = write_off ? CompanyDay(settlement.approve_time) : settlement.day;
    ledger.settlement_invoice_index.push_back(static_cast<int64_t>(it->second));
    ledger.settlement_days.push_back(std::max(day, ledger.invoice_days[it->second]));
    ledger.settlement_amounts.push_back(settlement.amount);
    ledger.settlement_is_write_off.push_back(write_off ? 1 : 0);
  }
  return ledger;
}

}  // namespace huikuan::ops
