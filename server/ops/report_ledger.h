// What every report reads, loaded once per request and scoped: the customers the caller may see
// (sales staff: only their own; a customer-portal user: none, the permission table keeps them
// out anyway), and the invoice and settlement history up to a day as the columns the core's KPI
// functions take (core/kpi.h). The history follows ledger_as_of.h: payments by received date,
// write-offs by the company day they were approved, goods-for-debt settlements by decided date,
// honoured early-payment discounts by the day of the payment that earned them (like goods for
// debt, they count as settled, not as bad debt: the invoice was paid in full on its terms); a
// settlement dated before its invoice (a prepayment) counts on the invoice's day. With the
// replica's ledger cache (ledger_cache.h) the same columns come from memory after a refresh of
// what changed; without it, from SQL (a few seconds at 1,000,000 invoices).
#ifndef HUIKUAN_SERVER_OPS_REPORT_LEDGER_H_
#define HUIKUAN_SERVER_OPS_REPORT_LEDGER_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "server/core/civil_date.h"
#include "server/core/kpi.h"
#include "server/core/money.h"
#include "server/ops/caller.h"
#include "server/ops/scopes.h"
#include "server/store/report_store.h"

namespace huikuan::ops {

class LedgerCache;

// Whose customers a report may read.
struct ReportScope {
  std::optional<int64_t> owner_user_id;  // none: every customer
  bool nothing = false;                  // a caller who may see no customer's figures
};
ReportScope ScopeReport(const Caller& caller);

// The scoped customers, by id.
absl::flat_hash_map<int64_t, store::ReportCustomer> LoadReportCustomers(ReadScope& read,
                                                                        const ReportScope& scope);

struct ReportLedger {
  core::EpochDay last_day = 0;
  absl::flat_hash_map<int64_t, store::ReportCustomer> customers;
  // One row per invoice issued on or before last_day, in id order.
  std::vector<int64_t> invoice_ids;
  std::vector<int64_t> customer_ids;
  std::vector<core::EpochDay> invoice_days;
  std::vector<core::EpochDay> due_days;
  std::vector<core::Fen> amounts;
  // One row per settlement up to last_day; invoice_index is a row above.
  std::vector<int64_t> settlement_invoice_index;
  std::vector<core::EpochDay> settlement_days;
  std::vector<core::Fen> settlement_amounts;
  std::vector<uint8_t> settlement_is_write_off;

  // The columns for core::ComputeKpisByGroup; `group_keys` empty or one per invoice.
  core::InvoiceColumns Invoices(const std::vector<int64_t>& group_keys) const;
  core::SettlementColumns Settlements() const;
  // Open fen per invoice at the end of `day` (<= last_day): amount minus settlements up to it.
  std::vector<core::Fen> OpenAt(core::EpochDay day) const;
};
// `cache`: refreshed in this transaction and read; none: read from SQL.
ReportLedger LoadReportLedger(ReadScope& read, const ReportScope& scope, core::EpochDay last_day,
                              LedgerCache* cache = nullptr);

}  // namespace huikuan::ops

#endif  // HUIKUAN_SERVER_OPS_REPORT_LEDGER_H_
