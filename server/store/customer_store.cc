#include "server/store/customer_store.h"

#include "absl/strings/str_cat.h"
#include "server/store/sql_values.h"

namespace huikuan::store {
namespace {

constexpr char kCustomerColumns[] =
    "SELECT id, display_name, owner_user_id, industry, create_time, update_time, version, "
    "enterprise_size, industry_position, founding_date, tax_credit_grade, bank_credit_line_fen, "
    "third_party_rating, assessment_json, assess_time, external_id FROM customers ";

// The profile columns in the order Insert/Update bind them, starting at `first`.
void SetProfile(sql::PreparedStatement& stmt, int first, const CustomerRecord& customer) {
  stmt.setString(first, customer.enterprise_size);
  stmt.setString(first + 1, customer.industry_position);
  SetOptionalString(stmt, first + 2, customer.founding_date);
  stmt.setString(first + 3, customer.tax_credit_grade);
  stmt.setInt64(first + 4, customer.bank_credit_line_fen);
  stmt.setString(first + 5, customer.third_party_rating);
}

CustomerRecord ReadCustomer(sql::ResultSet& rows) {
  CustomerRecord customer;
  customer.id = rows.getInt64("id");
  customer.display_name = GetString(rows, "display_name");
  customer.owner_user_id = rows.getInt64("owner_user_id");
  customer.industry = GetString(rows, "industry");
  customer.create_time = GetTimestamp(rows, "create_time");
  customer.update_time = GetTimestamp(rows, "update_time");
  customer.version = rows.getInt64("version");
  customer.enterprise_size = GetString(rows, "enterprise_size");
  customer.industry_position = GetString(rows, "industry_position");
  customer.founding_date = GetOptionalString(rows, "founding_date");
  customer.tax_credit_grade = GetString(rows, "tax_credit_grade");
  customer.bank_credit_line_fen = rows.getInt64("bank_credit_line_fen");
  customer.third_party_rating = GetString(rows, "third_party_rating");
  customer.assessment_json = GetOptionalString(rows, "assessment_json");
  customer.assess_time = GetOptionalTimestamp(rows, "assess_time");
  customer.external_id = GetOptionalString(rows, "external_id");
  return customer;
}

}  // namespace

CustomerRecord InsertCustomer(ConnectionPool::Lease& db, CustomerRecord customer) {
  auto& insert = db.Prepare(
      "INSERT INTO customers (display_name, owner_user_id, industry, create_time, update_time, "
      "version, enterprise_size, industry_position, founding_date, tax_credit_grade, "
      "bank_credit_line_fen, third_party_rating, external_id) "
      "VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?)");
  insert.setString(1, customer.display_name);
  insert.setInt64(2, customer.owner_user_id);
  insert.setString(3, customer.industry);
  SetTimestamp(insert, 4, customer.create_time);
  SetTimestamp(insert, 5, customer.update_time);
  SetProfile(insert, 6, customer);
  SetOptionalString(insert, 12, customer.external_id);
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
      "enterprise_size = ?, industry_position = ?, founding_date = ?, tax_credit_grade = ?, "
      "bank_credit_line_fen = ?, third_party_rating = ?, version = version + 1 "
      "WHERE id = ? AND version = ?");
  update.setString(1, customer.display_name);
  update.setInt64(2, customer.owner_user_id);
  update.setString(3, customer.industry);
  SetTimestamp(update, 4, customer.update_time);
  SetProfile(update, 5, customer);
  update.setInt64(11, customer.id);
  update.setInt64(12, expected_version);
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

absl::StatusOr<CustomerRecord> SaveAssessment(ConnectionPool::Lease& db, CustomerRecord customer,
                                              const std::string& tier, int64_t expected_version) {
  auto& update = db.Prepare(
      "UPDATE customers SET assessment_json = ?, assess_time = ?, tier = ?, update_time = ?, "
      "version = version + 1 WHERE id = ? AND version = ?");
  SetOptionalString(update, 1, customer.assessment_json);
  SetTimestamp(update, 2, customer.assess_time.value_or(customer.update_time));
  update.setString(3, tier);
  SetTimestamp(update, 4, customer.update_time);
  update.setInt64(5, customer.id);
  update.setInt64(6, expected_version);
  if (update.executeUpdate() == 0) {
    return absl::AbortedError(
        absl::StrCat("customers/", customer.id, " was changed during the assessment: retry"));
  }
  customer.version = expected_version + 1;
  return customer;
}

CustomerLedgerFacts LoadLedgerFacts(ConnectionPool::Lease& db, int64_t customer_id,
                                    const std::string& since, const std::string& as_of) {
  CustomerLedgerFacts facts;
  {
    // An invoice is paid on time when the last live allocation to it came from a payment received
    // on or before its due date.
    auto& select = db.Prepare(
        "SELECT MIN(i.invoice_date) AS first_invoice_date, "
        "COALESCE(SUM(i.status = 'paid'), 0) AS paid_invoices, "
        "COALESCE(SUM(i.status = 'paid' AND (SELECT MAX(p.received_date) FROM "
        "payment_allocations a JOIN payments p ON p.id = a.payment_id WHERE a.invoice_id = i.id "
        "AND a.reversed = 0) <= i.due_date), 0) AS paid_on_time, "
        "COALESCE(SUM(CASE WHEN i.invoice_date BETWEEN ? AND ? THEN i.amount_fen ELSE 0 END), 0) "
        "AS invoiced_fen FROM invoices i WHERE i.customer_id = ?");
    select.setString(1, since);
    select.setString(2, as_of);
    select.setInt64(3, customer_id);
    auto rows = Query(select);
    rows->next();
    facts.first_invoice_date = GetOptionalString(*rows, "first_invoice_date");
    facts.paid_invoices = rows->getInt("paid_invoices");
    facts.paid_on_time = rows->getInt("paid_on_time");
    facts.invoiced_fen = rows->getInt64("invoiced_fen");
  }
  auto& all = db.Prepare(
      "SELECT COALESCE(SUM(amount_fen), 0) FROM invoices WHERE invoice_date BETWEEN ? AND ?");
  all.setString(1, since);
  all.setString(2, as_of);
  auto rows = Query(all);
  rows->next();
  facts.all_invoiced_fen = rows->getInt64(1);
  return facts;
}

}  // namespace huikuan::store
