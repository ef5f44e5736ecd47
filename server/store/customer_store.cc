#include "server/store/customer_store.h"

#include "absl/strings/str_cat.h"
#include "server/core/violations.h"
#include "server/store/json_layouts.h"
#include "server/store/sql_values.h"

namespace huikuan::store {
namespace {

constexpr char kCustomerColumns[] =
    "SELECT id, display_name, owner_user_id, industry, create_time, update_time, version, "
    "enterprise_size, industry_position, DATEDIFF(founding_date, '1970-01-01') AS founding_day, "
    "tax_credit_grade, bank_credit_line_fen, third_party_rating, assessment_json, assess_time, "
    "external_id FROM customers ";

// The profile columns, in the order Insert and Update list them.
void BindProfile(Params& params, const CustomerRecord& customer) {
  params.Name(customer.enterprise_size, core::EnterpriseSizeName)
      .Name(customer.industry_position, core::IndustryPositionName)
      .OptionalDay(customer.founding_day)
      .Name(customer.tax_credit_grade, core::TaxCreditGradeName)
      .Int64(customer.bank_credit_line)
      .String(customer.third_party_rating);
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
  customer.enterprise_size =
      GetEnum<core::EnterpriseSize, 4>(rows, "enterprise_size", core::EnterpriseSizeName);
  customer.industry_position =
      GetEnum<core::IndustryPosition, 4>(rows, "industry_position", core::IndustryPositionName);
  if (std::optional<int64_t> day = GetOptionalInt64(rows, "founding_day")) {
    customer.founding_day = static_cast<core::EpochDay>(*day);
  }
  customer.tax_credit_grade =
      GetEnum<core::TaxCreditGrade, 5>(rows, "tax_credit_grade", core::TaxCreditGradeName);
  customer.bank_credit_line = rows.getInt64("bank_credit_line_fen");
  customer.third_party_rating = GetString(rows, "third_party_rating");
  if (std::optional<std::string> json = GetOptionalString(rows, "assessment_json")) {
    absl::StatusOr<core::CustomerAssessment> assessment = DecodeAssessment(*json);
    if (!assessment.ok()) throw sql::SQLException(std::string(assessment.status().message()));
    customer.assessment = *std::move(assessment);
  }
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
  Params params(insert);
  params.String(customer.display_name)
      .Int64(customer.owner_user_id)
      .String(customer.industry)
      .Time(customer.create_time)
      .Time(customer.update_time);
  BindProfile(params, customer);
  params.OptionalString(customer.external_id);
  insert.executeUpdate();
  customer.id = LastInsertId(db);
  customer.version = 1;
  return customer;
}

absl::StatusOr<CustomerRecord> GetCustomer(ConnectionPool::Lease& db, int64_t id, Lock lock) {
  auto& select = db.Prepare(absl::StrCat(kCustomerColumns, "WHERE id = ?", LockClause(lock)));
  select.setInt64(1, id);
  auto rows = Query(select);
  if (!rows->next()) return core::NotFoundError(absl::StrCat("customers/", id));
  return ReadCustomer(*rows);
}

std::vector<CustomerRecord> ListCustomers(ConnectionPool::Lease& db, const CustomerFilter& filter,
                                          int64_t after_id, int limit) {
  // NULL parameters switch a filter off; one statement text keeps the prepared-statement cache
  // small and the plan simple (id range scan, or the owner index when owner is set).
  auto& select = db.Prepare(absl::StrCat(kCustomerColumns,
                                         "WHERE id > ? AND (? IS NULL OR owner_user_id = ?) "
                                         "AND (? IS NULL OR id = ?) ORDER BY id LIMIT ?"));
  Params(select)
      .Int64(after_id)
      .OptionalInt64(filter.owner_user_id)
      .OptionalInt64(filter.owner_user_id)
      .OptionalInt64(filter.only_customer_id)
      .OptionalInt64(filter.only_customer_id)
      .Int(limit);
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
  Params params(update);
  params.String(customer.display_name)
      .Int64(customer.owner_user_id)
      .String(customer.industry)
      .Time(customer.update_time);
  BindProfile(params, customer);
  params.Int64(customer.id).Int64(expected_version);
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
                                              int64_t expected_version) {
  if (!customer.assessment) return absl::InternalError("SaveAssessment without an assessment");
  auto& update = db.Prepare(
      "UPDATE customers SET assessment_json = ?, assess_time = ?, tier = ?, update_time = ?, "
      "version = version + 1 WHERE id = ? AND version = ?");
  Params(update)
      .String(EncodeAssessment(*customer.assessment))
      .Time(customer.assess_time.value_or(customer.update_time))
      .Name(customer.assessment->tier, core::TierName)
      .Time(customer.update_time)
      .Int64(customer.id)
      .Int64(expected_version);
  if (update.executeUpdate() == 0) {
    return absl::AbortedError(
        absl::StrCat("customers/", customer.id, " was changed during the assessment: retry"));
  }
  customer.version = expected_version + 1;
  return customer;
}

core::AssessmentFacts LoadAssessmentFacts(ConnectionPool::Lease& db, int64_t customer_id,
                                          core::EpochDay since, core::EpochDay as_of) {
  core::AssessmentFacts facts;
  {
    // An invoice is paid on time when the last live allocation to it came from a payment received
    // on or before its due date.
    auto& select = db.Prepare(
        "SELECT DATEDIFF(MIN(i.invoice_date), '1970-01-01') AS first_invoice_day, "
        "COALESCE(SUM(i.status = 'paid'), 0) AS paid_invoices, "
        "COALESCE(SUM(i.status = 'paid' AND (SELECT MAX(p.received_date) FROM "
        "payment_allocations a JOIN payments p ON p.id = a.payment_id WHERE a.invoice_id = i.id "
        "AND a.reversed = 0) <= i.due_date), 0) AS paid_on_time, "
        "COALESCE(SUM(CASE WHEN i.invoice_date BETWEEN ? AND ? THEN i.amount_fen ELSE 0 END), 0) "
        "AS invoiced_fen FROM invoices i WHERE i.customer_id = ?");
    Params(select).Day(since).Day(as_of).Int64(customer_id);
    auto rows = Query(select);
    rows->next();
    if (std::optional<int64_t> day = GetOptionalInt64(*rows, "first_invoice_day")) {
      facts.first_invoice_day = static_cast<core::EpochDay>(*day);
    }
    facts.paid_invoices = rows->getInt("paid_invoices");
    facts.paid_on_time = rows->getInt("paid_on_time");
    facts.invoiced = rows->getInt64("invoiced_fen");
  }
  auto& all = db.Prepare(
      "SELECT COALESCE(SUM(amount_fen), 0) FROM invoices WHERE invoice_date BETWEEN ? AND ?");
  Params(all).Day(since).Day(as_of);
  auto rows = Query(all);
  rows->next();
  facts.all_invoiced = rows->getInt64(1);
  return facts;
}

}  // namespace huikuan::store
