#include "server/store/report_cache_store.h"

#include <optional>

#include "server/store/sql_values.h"

namespace huikuan::store {
namespace {

// The first instant after the range of a TIMESTAMP column (2038-01-19 03:14:07.999999 UTC): every
// stored time is before it.
const absl::Time kAfterEveryTimestamp = absl::FromUnixSeconds(int64_t{1} << 31);

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

std::vector<ReportSettlement> ListSettlementsOfInvoicesChangedSince(ConnectionPool::Lease& db,
                                                                    absl::Time since) {
  if (since == absl::InfinitePast()) {
    return ListReportSettlements(db, std::nullopt, core::kMaxEpochDay, kAfterEveryTimestamp);
  }
  // The changed invoices through the index of migration 0400, each one's rows through its
  // invoice_id index: a few rows per changed invoice.
  std::vector<ReportSettlement> settlements;
  auto& payments = db.Prepare(
      "SELECT a.invoice_id, DATEDIFF(p.received_date, '1970-01-01') AS day, "
      "SUM(a.amount_fen) AS amount_fen FROM invoices i FORCE INDEX (invoices_changed_since) "
      "JOIN payment_allocations a ON a.invoice_id = i.id AND a.reversed = 0 "
      "JOIN payments p ON p.id = a.payment_id WHERE i.update_time >= ? "
      "GROUP BY a.invoice_id, p.received_date");
  Params(payments).Time(since);
  auto rows = Query(payments);
  while (rows->next()) {
    settlements.push_back({rows->getInt64(1), SettlementKind::kPayment, GetDay(*rows, "day"),
                           absl::InfinitePast(), rows->getInt64(3)});
  }
  auto& write_offs = db.Prepare(
      "SELECT w.invoice_id, w.update_time, w.amount_fen FROM invoices i "
      "FORCE INDEX (invoices_changed_since) JOIN write_offs w ON w.invoice_id = i.id "
      "WHERE i.update_time >= ? AND w.status = 'approved'");
  Params(write_offs).Time(since);
  rows = Query(write_offs);
  while (rows->next()) {
    settlements.push_back({rows->getInt64(1), SettlementKind::kWriteOff, 0,
                           GetTimestamp(*rows, "update_time"), rows->getInt64(3)});
  }
  auto& in_kind = db.Prepare(
      "SELECT s.invoice_id, DATEDIFF(s.decided_date, '1970-01-01') AS day, s.amount_fen "
      "FROM invoices i FORCE INDEX (invoices_changed_since) JOIN settlements s "
      "ON s.invoice_id = i.id WHERE i.update_time >= ? AND s.status = 'approved'");
  Params(in_kind).Time(since);
  rows = Query(in_kind);
  while (rows->next()) {
    settlements.push_back({rows->getInt64(1), SettlementKind::kGoodsForDebt, GetDay(*rows, "day"),
                           absl::InfinitePast(), rows->getInt64(3)});
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
