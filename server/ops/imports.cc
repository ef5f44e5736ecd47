#include "server/ops/imports.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "server/core/customer_csv.h"
#include "server/core/enum_names.h"
#include "server/core/ibm_late_payment.h"
#include "server/core/ledger_csv.h"
#include "server/core/resource_name.h"
#include "server/core/status_macros.h"
#include "server/core/text_fields.h"
#include "server/core/violations.h"
#include "server/ops/assessment.h"
#include "server/ops/audit_images.h"
#include "server/ops/invoices.h"
#include "server/ops/payments.h"
#include "server/ops/row_names.h"
#include "server/store/customer_store.h"
#include "server/store/data_exchange_store.h"
#include "server/store/identity_store.h"
#include "server/store/ledger_store.h"

namespace huikuan::ops {
namespace {

// Every bad cell of an import, reported together as one INVALID_ARGUMENT.
class RowViolations {
 public:
  // `row` is 1-based (the first data row after the header).
  void Add(size_t row, absl::string_view column, absl::string_view description) {
    violations_.Add(absl::StrCat("rows[", row, "].", column), description);
  }
  // The core parsers' error: one "field: description" per line.
  void AddParseErrors(const absl::Status& status) {
    for (absl::string_view line : absl::StrSplit(status.message(), '\n', absl::SkipEmpty())) {
      const size_t colon = line.find(": ");
      if (colon == absl::string_view::npos) {
        violations_.Add("csv", line);
      } else {
        violations_.Add(std::string(line.substr(0, colon)), line.substr(colon + 2));
      }
    }
  }
  bool empty() const { return violations_.empty(); }
  absl::Status ToStatus() const { return violations_.ToStatus(); }

 private:
  core::FieldViolations violations_;
};

// Parses with a core parser; a parse error becomes the row violations (INVALID_ARGUMENT).
template <typename Row>
absl::StatusOr<std::vector<Row>> ParseRows(absl::StatusOr<std::vector<Row>> parsed) {
  if (parsed.ok()) {
    if (parsed->empty()) return core::FieldViolation("csv", "has no data rows");
    if (parsed->size() > kMaxImportRows) {
      return core::FieldViolation("csv", absl::StrCat("has ", parsed->size(), " rows; at most ",
                                                      kMaxImportRows, " per import"));
    }
    return parsed;
  }
  if (parsed.status().code() != absl::StatusCode::kInvalidArgument) return parsed.status();
  RowViolations violations;
  violations.AddParseErrors(parsed.status());
  return violations.ToStatus();
}

// The customer of each row (by external id, or "customers/{id}" for a customer without one, as
// exports write it), locked in the ledger's order; unknown ones are violations on `column`.
std::vector<int64_t> ResolveCustomers(store::ConnectionPool::Lease& db,
                                      const std::vector<std::string>& keys,
                                      absl::string_view column, RowViolations& violations) {
  std::vector<std::string> external_ids;
  for (const std::string& key : keys) {
    if (!core::ParseResourceId("customers", key).ok()) external_ids.push_back(key);
  }
  const auto by_external_id = store::FindCustomersByExternalId(db, external_ids);
  std::vector<int64_t> ids(keys.size(), 0);
  for (size_t i = 0; i < keys.size(); ++i) {
    if (auto it = by_external_id.find(keys[i]); it != by_external_id.end()) {
      ids[i] = it->second.id;
    } else if (absl::StatusOr<int64_t> id = core::ParseResourceId("customers", keys[i]); id.ok()) {
      ids[i] = *id;
    }
  }
  const auto locked = store::LockCustomers(db, ids);
  for (size_t i = 0; i < keys.size(); ++i) {
    if (!locked.contains(ids[i])) {
      violations.Add(i + 1, column, absl::StrCat("no customer has external_id \"", keys[i], "\""));
      ids[i] = 0;
    }
  }
  return ids;
}

// Column names of the two invoice layouts, for errors.
struct InvoiceColumns {
  absl::string_view invoice_number;
  absl::string_view order_number;
};

// Invoices as the source system had them: its due dates, no terms, holds or limits. Repeated and
// taken invoice/order numbers are violations; the rows go in with the ledger's bulk insert, each
// audited under its own name.
absl::Status InsertHistoricalInvoices(WriteScope& write,
                                      const std::vector<core::InvoiceCsvRow>& rows,
                                      const std::vector<int64_t>& customer_ids,
                                      const InvoiceColumns& columns, RowViolations& violations) {
  std::vector<store::InvoiceRecord> records(rows.size());
  absl::flat_hash_map<std::string, size_t> number_rows;
  absl::flat_hash_map<std::pair<int64_t, std::string>, size_t> order_rows;
  std::vector<std::string> numbers;
  std::vector<std::pair<int64_t, std::string>> orders;
  for (size_t i = 0; i < rows.size(); ++i) {
    const core::InvoiceCsvRow& row = rows[i];
    store::InvoiceRecord& record = records[i];
    record.customer_id = customer_ids[i];
    record.invoice_number = row.invoice_number;
    record.order_number = row.order_number.empty() ? row.invoice_number : row.order_number;
    if (!row.due_day) {
      violations.Add(i + 1, "due_date", "is required in HISTORICAL mode");
      continue;
    }
    if (!number_rows.try_emplace(record.invoice_number, i + 1).second) {
      violations.Add(i + 1, columns.invoice_number,
                     absl::StrCat("repeats rows[", number_rows.at(record.invoice_number), "]"));
    } else if (record.customer_id != 0 &&
               !order_rows.try_emplace({record.customer_id, record.order_number}, i + 1).second) {
      violations.Add(i + 1, columns.order_number, "repeats an earlier order of this customer");
    }
    record.amount = row.amount;
    record.invoice_day = row.invoice_day;
    record.due_day = *row.due_day;
    record.credit_days = static_cast<int32_t>(*row.due_day - row.invoice_day);
    record.balance = {core::InvoiceStatus::kOpen, row.amount, 0};
    record.terms = core::TermsBreakdown{std::nullopt,
                                        0,
                                        0,
                                        {core::TermStep{"historical_import", record.credit_days,
                                                        "due date as in the imported file"}}};
    record.create_time = write.now;
    record.update_time = write.now;
    numbers.push_back(record.invoice_number);
    orders.emplace_back(record.customer_id, record.order_number);
  }
  for (const std::string& number : store::ExistingInvoiceNumbers(write.db, numbers)) {
    violations.Add(number_rows.at(number), columns.invoice_number,
                   absl::StrCat("invoice number \"", number, "\" already exists"));
  }
  for (const auto& key : store::ExistingOrderNumbers(write.db, orders)) {
    if (auto it = order_rows.find(key); it != order_rows.end()) {
      violations.Add(
          it->second, columns.order_number,
          absl::StrCat("customers/", key.first, " already has order \"", key.second, "\""));
    }
  }
  if (!violations.empty()) return violations.ToStatus();
  HK_RETURN_IF_ERROR(store::InsertInvoices(write.db, records));
  for (const store::InvoiceRecord& record : records) {
    write.audit.Record(core::FormatResourceName("invoices", record.id), core::Json(),
                       InvoiceImage(record));
  }
  return absl::OkStatus();
}

// Checks the keys that the core parser leaves to the ledger (length, control characters).
void CheckInvoiceKeys(const std::vector<core::InvoiceCsvRow>& rows, absl::string_view number_column,
                      absl::string_view order_column, RowViolations& violations) {
  for (size_t i = 0; i < rows.size(); ++i) {
    if (!core::IsValidKey(rows[i].invoice_number)) {
      violations.Add(i + 1, number_column, "must be 1-64 characters without control characters");
    }
    if (!rows[i].order_number.empty() && !core::IsValidKey(rows[i].order_number)) {
      violations.Add(i + 1, order_column, "must be 1-64 characters without control characters");
    }
  }
}

// Records each payment through RecordPayment (cash application, locking, audit); an error names
// the payment's file row.
absl::Status RecordPayments(WriteScope& write, const std::vector<core::PaymentCsvRow>& rows,
                            const std::vector<int64_t>& customer_ids,
                            const std::vector<size_t>& file_rows, core::Fen& total,
                            core::Fen& applied) {
  for (size_t i = 0; i < rows.size(); ++i) {
    const std::string customer_name = core::FormatResourceName("customers", customer_ids[i]);
    absl::StatusOr<RecordedPayment> recorded = RecordPayment(
        write,
        PaymentDraft{customer_ids[i], rows[i].amount, rows[i].reference, rows[i].received_day},
        customer_name);
    if (!recorded.ok()) {
      return core::WithMessagePrefix(recorded.status(), absl::StrCat("rows[", file_rows[i], "]: "));
    }
    HK_ASSIGN_OR_RETURN(total, core::AddFen(total, rows[i].amount));
    HK_ASSIGN_OR_RETURN(
        applied,
        core::AddFen(applied, rows[i].amount - recorded->payment.payment.balance.unapplied));
  }
  return absl::OkStatus();
}

void RecordImport(WriteScope& write, absl::string_view resource, core::Json summary) {
  write.audit.Record(resource, core::Json(), summary);
}

}  // namespace

absl::StatusOr<CustomersImported> ImportCustomers(WriteScope& write, absl::string_view csv) {
  // Imports are admin/finance (permission table): every customer is in scope.
  HK_ASSIGN_OR_RETURN(std::vector<core::CustomerCsvRow> rows,
                      ParseRows(core::ParseCustomersCsv(csv)));
  RowViolations violations;
  absl::flat_hash_map<std::string, size_t> external_rows;
  std::vector<std::string> external_ids;
  for (size_t i = 0; i < rows.size(); ++i) {
    auto [it, added] = external_rows.try_emplace(rows[i].external_id, i + 1);
    if (!added) {
      violations.Add(i + 1, "external_id", absl::StrCat("repeats rows[", it->second, "]"));
    }
    external_ids.push_back(rows[i].external_id);
  }
  for (const auto& [external_id, customer] :
       store::FindCustomersByExternalId(write.db, external_ids)) {
    violations.Add(external_rows.at(external_id), "external_id",
                   absl::StrCat("\"", external_id, "\" is already customers/", customer.id));
  }
  absl::flat_hash_map<std::string, int64_t> owners;  // username -> user id (0: not a sales user)
  std::vector<int64_t> owner_ids(rows.size(), 0);
  for (size_t i = 0; i < rows.size(); ++i) {
    auto it = owners.find(rows[i].owner_username);
    if (it == owners.end()) {
      std::optional<store::UserRecord> user =
          store::FindUserByUsername(write.db, rows[i].owner_username);
      const bool sales = user && user->department == DepartmentKey(Department::kSales);
      it = owners.emplace(rows[i].owner_username, sales ? user->id : 0).first;
    }
    owner_ids[i] = it->second;
    if (owner_ids[i] == 0) {
      violations.Add(i + 1, "owner_username",
                     absl::StrCat("\"", rows[i].owner_username, "\" is not a sales user"));
    }
  }
  if (!violations.empty()) return violations.ToStatus();
  CustomersImported imported;
  const core::TieringConfig tiering = TieringInForce(write.db, write.today);
  for (size_t i = 0; i < rows.size(); ++i) {
    const core::CustomerCsvRow& row = rows[i];
    store::CustomerRecord record;
    record.external_id = row.external_id;
    record.display_name = row.display_name;
    record.owner_user_id = owner_ids[i];
    record.industry = row.industry;
    // The parser accepted only these names.
    record.enterprise_size = *core::ParseEnumName<core::EnterpriseSize, 4>(
        row.enterprise_size, core::EnterpriseSizeName);
    record.industry_position = *core::ParseEnumName<core::IndustryPosition, 4>(
        row.industry_position, core::IndustryPositionName);
    record.founding_day = row.founding_day;
    record.tax_credit_grade = *core::ParseEnumName<core::TaxCreditGrade, 5>(
        row.tax_credit_grade, core::TaxCreditGradeName);
    record.bank_credit_line = row.bank_credit_line;
    record.third_party_rating = row.third_party_rating;
    record.create_time = write.now;
    record.update_time = write.now;
    // Scored and tiered like a customer created by CreateCustomer.
    HK_ASSIGN_OR_RETURN(record, AssessAndSave(write.db, store::InsertCustomer(write.db, record),
                                              write.now, tiering));
    write.audit.Record(core::FormatResourceName("customers", record.id), core::Json(),
                       CustomerImage(record));
    HK_ASSIGN_OR_RETURN(imported.bank_credit_lines,
                        core::AddFen(imported.bank_credit_lines, row.bank_credit_line));
  }
  imported.customers = static_cast<int32_t>(rows.size());
  RecordImport(write, "customers:import",
               core::Json::Object()
                   .Set("customer_count", core::Json::Int(imported.customers))
                   .Set("bank_credit_line_fen", core::Json::Int(imported.bank_credit_lines)));
  return imported;
}

absl::StatusOr<InvoicesImported> ImportInvoices(WriteScope& write, absl::string_view csv,
                                                ImportMode mode) {
  HK_ASSIGN_OR_RETURN(std::vector<core::InvoiceCsvRow> rows,
                      ParseRows(core::ParseInvoicesCsv(csv)));
  RowViolations violations;
  CheckInvoiceKeys(rows, "invoice_number", "order_number", violations);
  std::vector<std::string> keys;
  keys.reserve(rows.size());
  for (const auto& row : rows) keys.push_back(row.customer_external_id);
  const std::vector<int64_t> customer_ids =
      ResolveCustomers(write.db, keys, "customer_external_id", violations);
  InvoicesImported imported;
  for (const auto& row : rows) {
    HK_ASSIGN_OR_RETURN(imported.total, core::AddFen(imported.total, row.amount));
  }
  if (mode == ImportMode::kHistorical) {
    HK_RETURN_IF_ERROR(InsertHistoricalInvoices(write, rows, customer_ids,
                                                {"invoice_number", "order_number"}, violations));
  } else {
    for (size_t i = 0; i < rows.size(); ++i) {
      if (rows[i].due_day) {
        violations.Add(i + 1, "due_date",
                       "must be empty in CURRENT mode (the effective terms decide it); import "
                       "in HISTORICAL mode to keep the file's due dates");
      }
    }
    if (!violations.empty()) return violations.ToStatus();
    // The ledger's own batch path, in batches of its maximum size: earlier batches are in the
    // ledger (same transaction) when later ones compute prior orders and credit exposure.
    for (size_t begin = 0; begin < rows.size(); begin += kMaxInvoicesPerBatch) {
      const size_t n = std::min<size_t>(kMaxInvoicesPerBatch, rows.size() - begin);
      std::vector<InvoiceDraft> drafts(n);
      for (size_t i = 0; i < n; ++i) {
        const core::InvoiceCsvRow& row = rows[begin + i];
        drafts[i] = InvoiceDraft{customer_ids[begin + i],
                                 row.order_number.empty() ? row.invoice_number : row.order_number,
                                 row.invoice_number, row.amount, row.invoice_day};
      }
      const FileRows names(begin + 1, {{"customer", "customer_external_id"},
                                       {"amount_fen", "amount"},
                                       {"invoice_date", "invoice_date"}});
      HK_RETURN_IF_ERROR(CreateInvoices(write, drafts, names).status());
    }
  }
  imported.invoices = static_cast<int32_t>(rows.size());
  RecordImport(write, "invoices:import",
               core::Json::Object()
                   .Set("mode", core::Json::String(mode == ImportMode::kHistorical ? "historical"
                                                                                   : "current"))
                   .Set("invoice_count", core::Json::Int(imported.invoices))
                   .Set("total_fen", core::Json::Int(imported.total)));
  return imported;
}

absl::StatusOr<PaymentsImported> ImportPayments(WriteScope& write, absl::string_view csv) {
  HK_ASSIGN_OR_RETURN(std::vector<core::PaymentCsvRow> rows,
                      ParseRows(core::ParsePaymentsCsv(csv)));
  RowViolations violations;
  std::vector<std::string> keys;
  std::vector<size_t> file_rows;
  for (size_t i = 0; i < rows.size(); ++i) {
    keys.push_back(rows[i].customer_external_id);
    file_rows.push_back(i + 1);
    if (absl::Status reference =
            core::CheckText("reference", rows[i].reference, core::Presence::kOptional, 200);
        !reference.ok()) {
      violations.Add(i + 1, "reference", core::GetFieldViolations(reference).front().description);
    }
  }
  const std::vector<int64_t> customer_ids =
      ResolveCustomers(write.db, keys, "customer_external_id", violations);
  if (!violations.empty()) return violations.ToStatus();
  PaymentsImported imported;
  HK_RETURN_IF_ERROR(
      RecordPayments(write, rows, customer_ids, file_rows, imported.total, imported.applied));
  imported.payments = static_cast<int32_t>(rows.size());
  RecordImport(write, "payments:import",
               core::Json::Object()
                   .Set("payment_count", core::Json::Int(imported.payments))
                   .Set("total_fen", core::Json::Int(imported.total))
                   .Set("applied_fen", core::Json::Int(imported.applied)));
  return imported;
}

absl::StatusOr<IbmImported> ImportIbmLatePayments(WriteScope& write, absl::string_view csv,
                                                  int64_t owner_user_id,
                                                  absl::string_view owner_name) {
  absl::StatusOr<store::UserRecord> owner = store::GetUser(write.db, owner_user_id);
  if (absl::IsNotFound(owner.status()) ||
      (owner.ok() && owner->department != DepartmentKey(Department::kSales))) {
    return core::FieldViolation("owner", absl::StrCat(owner_name, " is not a sales user"));
  }
  HK_RETURN_IF_ERROR(owner.status());
  HK_ASSIGN_OR_RETURN(std::vector<core::IbmInvoiceRow> ibm_rows,
                      ParseRows(core::ParseIbmLatePaymentCsv(csv)));

  // Customers by customerID, created when missing (named by their id: the file has no names).
  std::vector<std::string> keys;
  keys.reserve(ibm_rows.size());
  for (const auto& row : ibm_rows) keys.push_back(row.customer_external_id);
  auto known = store::FindCustomersByExternalId(write.db, keys);
  std::vector<int64_t> created_ids;
  for (const std::string& key : keys) {
    if (known.contains(key)) continue;
    store::CustomerRecord record;
    record.external_id = key;
    record.display_name = key;
    record.owner_user_id = owner_user_id;
    record.create_time = write.now;
    record.update_time = write.now;
    record = store::InsertCustomer(write.db, record);
    known[key] = {record.id, owner_user_id};
    created_ids.push_back(record.id);
  }
  RowViolations violations;
  const std::vector<int64_t> customer_ids =
      ResolveCustomers(write.db, keys, "customerID", violations);

  IbmImported imported;
  std::vector<core::InvoiceCsvRow> invoices;
  invoices.reserve(ibm_rows.size());
  for (const auto& row : ibm_rows) {
    invoices.push_back({row.customer_external_id, row.invoice_number, row.invoice_number,
                        row.invoice_day, row.due_day, row.amount});
    HK_ASSIGN_OR_RETURN(imported.invoice_total, core::AddFen(imported.invoice_total, row.amount));
    if (row.disputed) ++imported.disputed;
  }
  for (size_t i = 0; i < invoices.size(); ++i) {
    if (!core::IsValidKey(invoices[i].invoice_number)) {
      violations.Add(i + 1, "invoiceNumber", "must be 1-64 characters without control characters");
    }
  }
  HK_RETURN_IF_ERROR(InsertHistoricalInvoices(write, invoices, customer_ids,
                                              {"invoiceNumber", "invoiceNumber"}, violations));

  // Each invoice was settled in full on SettledDate: a payment of its amount with its number as
  // reference, so the core's cash application settles exactly that invoice. In settlement order.
  std::vector<size_t> order(ibm_rows.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return ibm_rows[a].settled_day < ibm_rows[b].settled_day;
  });
  std::vector<core::PaymentCsvRow> payments;
  std::vector<int64_t> payment_customers;
  std::vector<size_t> file_rows;
  for (size_t i : order) {
    payments.push_back({ibm_rows[i].customer_external_id, ibm_rows[i].invoice_number,
                        ibm_rows[i].settled_day, ibm_rows[i].amount});
    payment_customers.push_back(customer_ids[i]);
    file_rows.push_back(i + 1);
  }
  core::Fen applied = 0;
  HK_RETURN_IF_ERROR(RecordPayments(write, payments, payment_customers, file_rows,
                                    imported.payment_total, applied));
  if (applied != imported.payment_total) {
    return absl::InternalError("an IBM settlement did not settle exactly its own invoice");
  }
  // The new customers are scored and tiered from the history just imported.
  const core::TieringConfig tiering = TieringInForce(write.db, write.today);
  for (int64_t id : created_ids) {
    HK_ASSIGN_OR_RETURN(store::CustomerRecord record,
                        store::GetCustomer(write.db, id, store::Lock::kNone));
    HK_ASSIGN_OR_RETURN(record, AssessAndSave(write.db, std::move(record), write.now, tiering));
    write.audit.Record(core::FormatResourceName("customers", id), core::Json(),
                       CustomerImage(record));
  }
  imported.customers_created = static_cast<int32_t>(created_ids.size());
  imported.invoices = static_cast<int32_t>(invoices.size());
  imported.payments = static_cast<int32_t>(payments.size());
  RecordImport(write, "invoices:importIbmLatePayments",
               core::Json::Object()
                   .Set("customers_created", core::Json::Int(imported.customers_created))
                   .Set("invoice_count", core::Json::Int(imported.invoices))
                   .Set("invoice_total_fen", core::Json::Int(imported.invoice_total))
                   .Set("payment_count", core::Json::Int(imported.payments))
                   .Set("payment_total_fen", core::Json::Int(imported.payment_total))
                   .Set("disputed_count", core::Json::Int(imported.disputed)));
  return imported;
}

}  // namespace huikuan::ops
