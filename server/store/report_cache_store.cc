#include "server/store/report_cache_store.h"

#include <algorithm>
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "server/store/sql_values.h"

namespace huikuan::store {
namespace {

// The first instant after the range of a TIMESTAMP column (2038-01-19 03:14:07.999999 UTC): every
// stored time is before it.
const absl::Time kAfterEveryTimestamp = absl::FromUnixSeconds(int64_t{1} << 31);

constexpr size_t kInvoiceChunk = 500;

ChangedInvoice ReadChangedInvoice(sql::ResultSet& rows) {
  return {rows.getInt64(1), rows.getInt64(2), rows.getInt(3),  rows.getInt(4),
          rows.getInt64(5), rows.getInt64(6), rows.getInt64(7)};
}

}  // namespace

std::vector<ChangedInvoice> ListInvoicesChangedSince(ConnectionPool::Lease& db, absl::Time since) {
  // The index (migrations 0400, 0600) covers every column read: the changed rows alone, and for
  // the first load a scan of the index, far narrower than the table's rows.
  auto& select = db.Prepare(
      "SELECT id, customer_id, DATEDIFF(invoice_date, '1970-01-01') AS invoice_day, "
      "DATEDIFF(due_date, '1970-01-01') AS due_day, amount_fen, open_fen, version "
      "FROM invoices FORCE INDEX (invoices_changed_since) WHERE update_time >= ?");
  Params(select).Time(since == absl::InfinitePast() ? absl::UnixEpoch() : since);
  auto rows = Query(select);
  std::vector<ChangedInvoice> invoices;
  while (rows->next()) invoices.push_back(ReadChangedInvoice(*rows));
  return invoices;
}

std::vector<ReportSettlement> ListAllSettlements(ConnectionPool::Lease& db) {
  return ListReportSettlements(db, std::nullopt, core::kMaxEpochDay, kAfterEveryTimestamp);
}

std::vector<ReportSettlement> ListSettlementsOfInvoices(ConnectionPool::Lease& db,
                                                        const std::vector<int64_t>& invoice_ids) {
  std::vector<ReportSettlement> settlements;
  // Each table through its invoice_id index; one round trip per chunk of invoices.
  for (size_t begin = 0; begin < invoice_ids.size(); begin += kInvoiceChunk) {
    const size_t n = std::min(kInvoiceChunk, invoice_ids.size() - begin);
    const std::string ids = Placeholders(n);
    auto& select = db.Prepare(absl::StrCat(
        "SELECT a.invoice_id, 0 AS kind, DATEDIFF(p.received_date, '1970-01-01') AS day, "
        "NULL AS approve_time, SUM(a.amount_fen) AS amount_fen FROM payment_allocations a "
        "JOIN payments p ON p.id = a.payment_id WHERE a.invoice_id IN (",
        ids,
        ") AND a.reversed = 0 GROUP BY a.invoice_id, p.received_date "
        "UNION ALL SELECT w.invoice_id, 1, 0, w.update_time, w.amount_fen FROM write_offs w "
        "WHERE w.invoice_id IN (",
        ids,
        ") AND w.status = 'approved' "
        "UNION ALL SELECT s.invoice_id, 2, DATEDIFF(s.decided_date, '1970-01-01'), NULL, "
        "s.amount_fen FROM settlements s WHERE s.invoice_id IN (",
        ids,
        ") AND s.status = 'approved' "
        "UNION ALL SELECT o.invoice_id, 3, DATEDIFF(o.honoured_date, '1970-01-01'), NULL, "
        "o.discount_fen FROM discount_offers o WHERE o.invoice_id IN (",
        ids, ") AND o.status = 'honoured'"));
    Params params(select);
    for (int branch = 0; branch < 4; ++branch) {
      for (size_t k = 0; k < n; ++k) params.Int64(invoice_ids[begin + k]);
    }
    auto rows = Query(select);
    while (rows->next()) {
      const auto kind = static_cast<SettlementKind>(rows->getInt("kind"));
      settlements.push_back(
          {rows->getInt64("invoice_id"), kind, GetDay(*rows, "day"),
           GetOptionalTimestamp(*rows, "approve_time").value_or(absl::InfinitePast()),
           rows->getInt64("amount_fen")});
    }
  }
  return settlements;
}

std::vector<ChangedCustomer> ListCustomersChangedSince(ConnectionPool::Lease& db,
                                                       absl::Time since) {
  auto& select = db.Prepare(
      "SELECT id, display_name, owner_user_id, tier, industry, version, update_time FROM customers "
      "WHERE update_time >= ?");
  Params(select).Time(since == absl::InfinitePast() ? absl::UnixEpoch() : since);
  auto rows = Query(select);
  std::vector<ChangedCustomer> customers;
  while (rows->next()) {
    customers.push_back({rows->getInt64("id"), GetString(*rows, "display_name"),
                         rows->getInt64("owner_user_id"), GetString(*rows, "tier"),
                         GetString(*rows, "industry"), rows->getInt64("version"),
                         GetTimestamp(*rows, "update_time")});
  }
  return customers;
}

std::vector<ReportUser> ListCustomerOwners(ConnectionPool::Lease& db) {
  auto& select = db.Prepare("SELECT id, display_name, department FROM users");
  auto rows = Query(select);
  std::vector<ReportUser> users;
  while (rows->next()) {
    users.push_back(
        {rows->getInt64("id"), GetString(*rows, "display_name"), GetString(*rows, "department")});
  }
  return users;
}

}  // namespace huikuan::store
