#include "server/store/report_cache_store.h"

#include "server/store/sql_values.h"

namespace huikuan::store {

std::vector<ChangedInvoice> ListInvoicesChangedSince(ConnectionPool::Lease& db, absl::Time since) {
  auto& select = db.Prepare(
      "SELECT id, customer_id, DATEDIFF(invoice_date, '1970-01-01') AS invoice_day, "
      "DATEDIFF(due_date, '1970-01-01') AS due_day, open_fen, "
      "update_time FROM invoices FORCE INDEX (invoices_changed_since) WHERE update_time >= ?");
  Params(select).Time(since == absl::InfinitePast() ? absl::UnixEpoch() : since);
  auto rows = Query(select);
  std::vector<ChangedInvoice> invoices;
  while (rows->next()) {
    invoices.push_back({rows->getInt64(1), rows->getInt64(2), rows->getInt(3), rows->getInt(4),
                        rows->getInt64(5), GetTimestamp(*rows, "update_time")});
  }
  return invoices;
}

std::vector<ChangedCustomer> ListCustomersChangedSince(ConnectionPool::Lease& db,
                                                       absl::Time since) {
  auto& select = db.Prepare(
      "SELECT id, display_name, owner_user_id, tier, industry, update_time FROM customers "
      "WHERE update_time >= ?");
  Params(select).Time(since == absl::InfinitePast() ? absl::UnixEpoch() : since);
  auto rows = Query(select);
  std::vector<ChangedCustomer> customers;
  while (rows->next()) {
    customers.push_back({rows->getInt64("id"), GetString(*rows, "display_name"),
                         rows->getInt64("owner_user_id"), GetString(*rows, "tier"),
                         GetString(*rows, "industry"), GetTimestamp(*rows, "update_time")});
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
