#include "server/store/customer_store.h"

#include "absl/strings/str_cat.h"
#include "server/store/sql_values.h"

namespace huikuan::store {
namespace {

constexpr char kCustomerColumns[] =
    "SELECT id, display_name, owner_user_id, industry, create_time, update_time, version "
    "FROM customers ";

CustomerRecord ReadCustomer(sql::ResultSet& rows) {
  CustomerRecord customer;
  customer.id = rows.getInt64("id");
  customer.display_name = GetString(rows, "display_name");
  customer.owner_user_id = rows.getInt64("owner_user_id");
  customer.industry = GetString(rows, "industry");
  customer.create_time = GetTimestamp(rows, "create_time");
  customer.update_time = GetTimestamp(rows, "update_time");
  customer.version = rows.getInt64("version");
  return customer;
}

}  // namespace

CustomerRecord InsertCustomer(ConnectionPool::Lease& db, CustomerRecord customer) {
  auto& insert = db.Prepare(
      "INSERT INTO customers (display_name, owner_user_id, industry, create_time, update_time, "
      "version) VALUES (?, ?, ?, ?, ?, 1)");
  insert.setString(1, customer.display_name);
  insert.setInt64(2, customer.owner_user_id);
  insert.setString(3, customer.industry);
  SetTimestamp(insert, 4, customer.create_time);
  SetTimestamp(insert, 5, customer.update_time);
  insert.executeUpdate();
  customer.id = LastInsertId(db);
  customer.version = 1;
  return customer;
}

absl::StatusOr<CustomerRecord> GetCustomer(ConnectionPool::Lease& db, int64_t id, bool for_update) {
  auto& select =
      db.Prepare(absl::StrCat(kCustomerColumns, "WHERE id = ?", for_update ? " FOR UPDATE" : ""));
  select.setInt64(1, id);
  auto rows = Query(select);
  if (!rows->next()) return absl::NotFoundError(absl::StrCat("customers/", id, " not found"));
  return ReadCustomer(*rows);
}

std::vector<CustomerRecord> ListCustomers(ConnectionPool::Lease& db, const CustomerFilter& filter,
                                          int64_t after_id, int limit) {
  // NULL parameters switch a filter off; one statement text keeps the prepared-statement cache
  // small and the plan simple (id range scan, or the owner index when owner is set).
  auto& select = db.Prepare(absl::StrCat(kCustomerColumns,
                                         "WHERE id > ? AND (? IS NULL OR owner_user_id = ?) "
                                         "AND (? IS NULL OR id = ?) ORDER BY id LIMIT ?"));
  select.setInt64(1, after_id);
  SetOptionalInt64(select, 2, filter.owner_user_id);
  SetOptionalInt64(select, 3, filter.owner_user_id);
  SetOptionalInt64(select, 4, filter.only_customer_id);
  SetOptionalInt64(select, 5, filter.only_customer_id);
  select.setInt(6, limit);
  auto rows = Query(select);
  std::vector<CustomerRecord> customers;
  while (rows->next()) customers.push_back(ReadCustomer(*rows));
  return customers;
}

absl::StatusOr<CustomerRecord> UpdateCustomer(ConnectionPool::Lease& db, CustomerRecord customer,
                                              int64_t expected_version) {
  auto& update = db.Prepare(
      "UPDATE customers SET display_name = ?, owner_user_id = ?, industry = ?, update_time = ?, "
      "version = version + 1 WHERE id = ? AND version = ?");
  update.setString(1, customer.display_name);
  update.setInt64(2, customer.owner_user_id);
  update.setString(3, customer.industry);
  SetTimestamp(update, 4, customer.update_time);
  update.setInt64(5, customer.id);
  update.setInt64(6, expected_version);
  if (update.executeUpdate() == 0) {
    return absl::AbortedError(absl::StrCat("customers/", customer.id,
                                           " was changed by someone else: reload it and retry"));
  }
  customer.version = expected_version + 1;
  return customer;
}

int64_t CountCustomers(ConnectionPool::Lease& db) {
  auto rows = Query(db.Prepare("SELECT COUNT(*) FROM customers"));
  rows->next();
  return rows->getInt64(1);
}

}  // namespace huikuan::store
