#include "server/service/data_exchange_import.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/cord.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "google/rpc/error_details.pb.h"
#include "server/core/customer_csv.h"
#include "server/core/ibm_late_payment.h"
#include "server/core/ledger_csv.h"
#include "server/core/resource_name.h"
#include "server/core/status_macros.h"
#include "server/service/customer_profile.h"
#include "server/service/ledger_service.h"
#include "server/service/resource_fields.h"
#include "server/service/status_mapping.h"
#include "server/store/customer_store.h"
#include "server/store/data_exchange_store.h"
#include "server/store/identity_store.h"
#include "server/store/ledger_store.h"

namespace huikuan::service {
namespace {

constexpr absl::string_view kBadRequestUrl = "type.googleapis.com/google.rpc.BadRequest";

// Every bad cell of an import, reported together as one INVALID_ARGUMENT.
class RowViolations : public FieldViolations {
 public:
  // `row` is 1-based (the first data row after the header).
  void Add(size_t row, absl::string_view column, absl::string_view description) {
    AddField(absl::StrCat("rows[", row, "].", column), description);
  }
  void AddField(const std::string& field, absl::string_view description) {
    FieldViolations::Add(field, description);
  }
  // The core parsers' error: one "field: description" per line.
  void AddCoreError(const absl::Status& status) {
    for (absl::string_view line : absl::StrSplit(status.message(), '\n', absl::SkipEmpty())) {
      const size_t colon = line.find(": ");
      if (colon == absl::string_view::npos) {
        AddField("csv", line);
      } else {
        AddField(std::string(line.substr(0, colon)), line.substr(colon + 2));
      }
    }
  }
};

// Parses with a core parser; a parse error becomes the row violations (INVALID_ARGUMENT).
template <typename Row>
absl::StatusOr<std::vector<Row>> ParseRows(absl::StatusOr<std::vector<Row>> parsed) {
  if (parsed.ok()) {
    if (parsed->empty()) return FieldViolation("csv", "has no data rows");
    if (parsed->size() > kMaxImportRows) {
      return FieldViolation("csv", absl::StrCat("has ", parsed->size(), " rows; at most ",
                                                kMaxImportRows, " per import"));
    }
    return parsed;
  }
  if (parsed.status().code() != absl::StatusCode::kInvalidArgument) return parsed.status();
  RowViolations violations;
  violations.AddCoreError(parsed.status());
  return violations.ToStatus();
}

// "invoices[17]..." (the batch names of CreateInvoicesInTransaction) -> "rows[18]...".
std::string RenameBatchRows(absl::string_view text) {
  constexpr absl::string_view kPrefix = "invoices[";
  std::string out;
  size_t at = 0;
  while (true) {
    const size_t found = text.find(kPrefix, at);
    const size_t close = found == absl::string_view::npos ? found : text.find(']', found);
    size_t index = 0;
    if (close == absl::string_view::npos ||
        !absl::SimpleAtoi(text.substr(found + kPrefix.size(), close - found - kPrefix.size()),
                          &index)) {
      absl::StrAppend(&out, text.substr(at));
      return out;
    }
    absl::StrAppend(&out, text.substr(at, found - at), "rows[", index + 1, "]");
    at = close + 1;
  }
}

// The same status with rows renamed in its message and field violations.
absl::Status RenameBatchRows(const absl::Status& status) {
  absl::Status renamed(status.code(), RenameBatchRows(status.message()));
  status.ForEachPayload([&](absl::string_view url, const absl::Cord& payload) {
    if (url != kBadRequestUrl) {
      renamed.SetPayload(url, payload);
      return;
    }
    google::rpc::BadRequest bad_request;
    bad_request.ParseFromString(std::string(payload));
    for (auto& violation : *bad_request.mutable_field_violations()) {
      violation.set_field(RenameBatchRows(violation.field()));
    }
    renamed.SetPayload(url, absl::Cord(bad_request.SerializeAsString()));
  });
  return renamed;
}

absl::Status WithRow(const absl::Status& status, size_t row) {
  absl::Status prefixed(status.code(), absl::StrCat("rows[", row, "]: ", status.message()));
  status.ForEachPayload(
      [&](absl::string_view url, const absl::Cord& payload) { prefixed.SetPayload(url, payload); });
  return prefixed;
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

absl::StatusOr<core::Fen> Total(core::Fen total, core::Fen amount) {
  return core::AddFen(total, amount);
}

// Column names of the two invoice layouts, for errors.
struct InvoiceColumns {
  absl::string_view invoice_number;
  absl::string_view order_number;
};

// Invoices as the source system had them: its due dates, no terms, holds or limits (HISTORICAL
// mode). Repeated and taken invoice/order numbers are violations; the rows go in with the ledger's
// bulk insert.
absl::Status InsertHistoricalInvoices(store::ConnectionPool::Lease& db, absl::Time now,
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
    record.status = "open";
    record.open = row.amount;
    record.terms_json = absl::StrCat(
        "{\"steps\":[{\"step\":\"historical_import\",\"days_after\":", record.credit_days,
        ",\"explanation\":\"due date as in the imported file\"}]}");
    record.create_time = now;
    record.update_time = now;
    numbers.push_back(record.invoice_number);
    orders.emplace_back(record.customer_id, record.order_number);
  }
  for (const std::string& number : store::ExistingInvoiceNumbers(db, numbers)) {
    violations.Add(number_rows.at(number), columns.invoice_number,
                   absl::StrCat("invoice number \"", number, "\" already exists"));
  }
  for (const auto& key : store::ExistingOrderNumbers(db, orders)) {
    if (auto it = order_rows.find(key); it != order_rows.end()) {
      violations.Add(
          it->second, columns.order_number,
          absl::StrCat("customers/", key.first, " already has order \"", key.second, "\""));
    }
  }
  if (!violations.empty()) return violations.ToStatus();
  return store::InsertInvoices(db, records);
}

// Checks the keys that the core parser leaves to the ledger (length, control characters).
void CheckInvoiceKeys(const std::vector<core::InvoiceCsvRow>& rows, RowViolations& violations) {
  for (size_t i = 0; i < rows.size(); ++i) {
    if (!core::IsValidExternalKey(rows[i].invoice_number)) {
      violations.Add(i + 1, "invoice_number", "must be 1-64 characters without control characters");
    }
    if (!rows[i].order_number.empty() && !core::IsValidExternalKey(rows[i].order_number)) {
      violations.Add(i + 1, "order_number", "must be 1-64 characters without control characters");
    }
  }
}

// Records each payment through the ledger's RecordPayment path (cash application, locking).
absl::Status RecordPayments(store::ConnectionPool::Lease& db, const Principal& caller,
                            absl::Time now, const std::vector<core::PaymentCsvRow>& rows,
                            const std::vector<int64_t>& customer_ids,
                            const std::vector<size_t>& file_rows, core::Fen& total,
                            core::Fen& applied) {
  for (size_t i = 0; i < rows.size(); ++i) {
    v1::Payment payment;
    payment.set_customer(core::FormatResourceName("customers", customer_ids[i]));
    payment.set_amount_fen(rows[i].amount);
    payment.set_reference(rows[i].reference);
    payment.set_received_date(core::FormatDate(rows[i].received_day));
    absl::StatusOr<RecordedPayment> recorded = RecordPaymentInTransaction(db, caller, now, payment);
    if (!recorded.ok()) return WithRow(recorded.status(), file_rows[i]);
    HK_ASSIGN_OR_RETURN(total, Total(total, rows[i].amount));
    HK_ASSIGN_OR_RETURN(applied,
                        Total(applied, rows[i].amount - recorded->payment.unapplied_fen()));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ImportCustomersCsv(store::ConnectionPool::Lease& db, const Principal& caller,
                                absl::Time now, absl::string_view csv,
                                v1::ImportCustomersResponse& out) {
  (void)caller;  // imports are admin/finance (permission table): every customer is in scope
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
  for (const auto& [external_id, customer] : store::FindCustomersByExternalId(db, external_ids)) {
    violations.Add(external_rows.at(external_id), "external_id",
                   absl::StrCat("\"", external_id, "\" is already customers/", customer.id));
  }
  absl::flat_hash_map<std::string, int64_t> owners;  // username -> user id (0: not a sales user)
  std::vector<int64_t> owner_ids(rows.size(), 0);
  for (size_t i = 0; i < rows.size(); ++i) {
    auto it = owners.find(rows[i].owner_username);
    if (it == owners.end()) {
      std::optional<store::UserRecord> user = store::FindUserByUsername(db, rows[i].owner_username);
      it =
          owners.emplace(rows[i].owner_username, user && user->department == "sales" ? user->id : 0)
              .first;
    }
    owner_ids[i] = it->second;
    if (owner_ids[i] == 0) {
      violations.Add(i + 1, "owner_username",
                     absl::StrCat("\"", rows[i].owner_username, "\" is not a sales user"));
    }
  }
  if (!violations.empty()) return violations.ToStatus();
  core::Fen bank_lines = 0;
  HK_ASSIGN_OR_RETURN(const core::TieringConfig tiering, TieringInForce(db, now));
  for (size_t i = 0; i < rows.size(); ++i) {
    const core::CustomerCsvRow& row = rows[i];
    store::CustomerRecord record;
    record.external_id = row.external_id;
    record.display_name = row.display_name;
    record.owner_user_id = owner_ids[i];
    record.industry = row.industry;
    record.enterprise_size = row.enterprise_size;
    record.industry_position = row.industry_position;
    if (row.founding_day) record.founding_date = core::FormatDate(*row.founding_day);
    record.tax_credit_grade = row.tax_credit_grade;
    record.bank_credit_line_fen = row.bank_credit_line;
    record.third_party_rating = row.third_party_rating;
    record.create_time = now;
    record.update_time = now;
    // Scored and tiered like a customer created by CreateCustomer.
    HK_RETURN_IF_ERROR(AssessAndSave(db, store::InsertCustomer(db, record), now, tiering).status());
    HK_ASSIGN_OR_RETURN(bank_lines, Total(bank_lines, row.bank_credit_line));
  }
  out.set_customer_count(static_cast<int32_t>(rows.size()));
  out.set_bank_credit_line_fen(bank_lines);
  return absl::OkStatus();
}

absl::Status ImportInvoicesCsv(store::ConnectionPool::Lease& db, const Principal& caller,
                               absl::Time now, absl::string_view csv, v1::ImportMode mode,
                               v1::ImportInvoicesResponse& out) {
  if (mode != v1::IMPORT_MODE_UNSPECIFIED && mode != v1::IMPORT_MODE_CURRENT &&
      mode != v1::IMPORT_MODE_HISTORICAL) {
    return FieldViolation("mode", "is not a known import mode");
  }
  HK_ASSIGN_OR_RETURN(std::vector<core::InvoiceCsvRow> rows,
                      ParseRows(core::ParseInvoicesCsv(csv)));
  RowViolations violations;
  CheckInvoiceKeys(rows, violations);
  std::vector<std::string> keys;
  keys.reserve(rows.size());
  for (const auto& row : rows) keys.push_back(row.customer_external_id);
  const std::vector<int64_t> customer_ids =
      ResolveCustomers(db, keys, "customer_external_id", violations);
  core::Fen total = 0;
  for (const auto& row : rows) {
    HK_ASSIGN_OR_RETURN(total, Total(total, row.amount));
  }
  if (mode == v1::IMPORT_MODE_HISTORICAL) {
    HK_RETURN_IF_ERROR(InsertHistoricalInvoices(db, now, rows, customer_ids,
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
      std::vector<v1::Invoice> invoices(n);
      std::vector<const v1::Invoice*> inputs;
      for (size_t i = 0; i < n; ++i) {
        const core::InvoiceCsvRow& row = rows[begin + i];
        v1::Invoice& invoice = invoices[i];
        invoice.set_customer(core::FormatResourceName("customers", customer_ids[begin + i]));
        invoice.set_invoice_number(row.invoice_number);
        invoice.set_order_number(row.order_number.empty() ? row.invoice_number : row.order_number);
        invoice.set_amount_fen(row.amount);
        invoice.set_invoice_date(core::FormatDate(row.invoice_day));
        inputs.push_back(&invoice);
      }
      absl::StatusOr<std::vector<v1::Invoice>> created =
          CreateInvoicesInTransaction(db, caller, now, inputs);
      if (!created.ok()) {
        // Rows of later batches are numbered from the batch start.
        absl::Status status = RenameBatchRows(created.status());
        if (begin > 0) status = WithRow(status, begin + 1);
        return status;
      }
    }
  }
  out.set_invoice_count(static_cast<int32_t>(rows.size()));
  out.set_total_fen(total);
  return absl::OkStatus();
}

absl::Status ImportPaymentsCsv(store::ConnectionPool::Lease& db, const Principal& caller,
                               absl::Time now, absl::string_view csv,
                               v1::ImportPaymentsResponse& out) {
  HK_ASSIGN_OR_RETURN(std::vector<core::PaymentCsvRow> rows,
                      ParseRows(core::ParsePaymentsCsv(csv)));
  RowViolations violations;
  std::vector<std::string> keys;
  std::vector<size_t> file_rows;
  for (size_t i = 0; i < rows.size(); ++i) {
    keys.push_back(rows[i].customer_external_id);
    file_rows.push_back(i + 1);
    if (rows[i].reference.size() > 200) {
      violations.Add(i + 1, "reference", "must be at most 200 characters");
    }
  }
  const std::vector<int64_t> customer_ids =
      ResolveCustomers(db, keys, "customer_external_id", violations);
  if (!violations.empty()) return violations.ToStatus();
  core::Fen total = 0, applied = 0;
  HK_RETURN_IF_ERROR(
      RecordPayments(db, caller, now, rows, customer_ids, file_rows, total, applied));
  out.set_payment_count(static_cast<int32_t>(rows.size()));
  out.set_total_fen(total);
  out.set_applied_fen(applied);
  out.set_unapplied_fen(total - applied);
  return absl::OkStatus();
}

absl::Status ImportIbmLatePaymentsCsv(store::ConnectionPool::Lease& db, const Principal& caller,
                                      absl::Time now, absl::string_view csv,
                                      absl::string_view owner,
                                      v1::ImportIbmLatePaymentsResponse& out) {
  HK_ASSIGN_OR_RETURN(int64_t owner_id, ParseIdField("users", "owner", owner));
  absl::StatusOr<store::UserRecord> owner_user = store::GetUser(db, owner_id);
  if (absl::IsNotFound(owner_user.status()) ||
      (owner_user.ok() && owner_user->department != "sales")) {
    return FieldViolation("owner", absl::StrCat(owner, " is not a sales user"));
  }
  HK_RETURN_IF_ERROR(owner_user.status());
  HK_ASSIGN_OR_RETURN(std::vector<core::IbmInvoiceRow> ibm_rows,
                      ParseRows(core::ParseIbmLatePaymentCsv(csv)));

  // Customers by customerID, created when missing (named by their id: the file has no names).
  std::vector<std::string> keys;
  keys.reserve(ibm_rows.size());
  for (const auto& row : ibm_rows) keys.push_back(row.customer_external_id);
  auto known = store::FindCustomersByExternalId(db, keys);
  std::vector<int64_t> created_ids;
  for (const std::string& key : keys) {
    if (known.contains(key)) continue;
    store::CustomerRecord record;
    record.external_id = key;
    record.display_name = key;
    record.owner_user_id = owner_id;
    record.create_time = now;
    record.update_time = now;
    record = store::InsertCustomer(db, record);
    known[key] = {record.id, owner_id};
    created_ids.push_back(record.id);
  }
  RowViolations violations;
  const std::vector<int64_t> customer_ids = ResolveCustomers(db, keys, "customerID", violations);

  std::vector<core::InvoiceCsvRow> invoices;
  invoices.reserve(ibm_rows.size());
  core::Fen total = 0;
  int32_t disputed = 0;
  for (const auto& row : ibm_rows) {
    invoices.push_back({row.customer_external_id, row.invoice_number, row.invoice_number,
                        row.invoice_day, row.due_day, row.amount});
    HK_ASSIGN_OR_RETURN(total, Total(total, row.amount));
    if (row.disputed) ++disputed;
  }
  for (size_t i = 0; i < invoices.size(); ++i) {
    if (!core::IsValidExternalKey(invoices[i].invoice_number)) {
      violations.Add(i + 1, "invoiceNumber", "must be 1-64 characters without control characters");
    }
  }
  HK_RETURN_IF_ERROR(InsertHistoricalInvoices(db, now, invoices, customer_ids,
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
  core::Fen paid = 0, applied = 0;
  HK_RETURN_IF_ERROR(
      RecordPayments(db, caller, now, payments, payment_customers, file_rows, paid, applied));
  if (applied != paid) {
    return absl::InternalError("an IBM settlement did not settle exactly its own invoice");
  }
  // The new customers are scored and tiered from the history just imported.
  HK_ASSIGN_OR_RETURN(const core::TieringConfig tiering, TieringInForce(db, now));
  for (int64_t id : created_ids) {
    HK_ASSIGN_OR_RETURN(store::CustomerRecord record, store::GetCustomer(db, id, false));
    HK_RETURN_IF_ERROR(AssessAndSave(db, std::move(record), now, tiering).status());
  }
  out.set_customers_created(static_cast<int32_t>(created_ids.size()));
  out.set_invoice_count(static_cast<int32_t>(invoices.size()));
  out.set_invoice_total_fen(total);
  out.set_payment_count(static_cast<int32_t>(payments.size()));
  out.set_payment_total_fen(paid);
  out.set_disputed_count(disputed);
  return absl::OkStatus();
}

}  // namespace huikuan::service
