#include "server/store/data_exchange_store.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "server/store/sql_values.h"

namespace huikuan::store {
namespace {

// IN lists are bound in chunks of this many values: a handful of statement texts to cache.
constexpr size_t kLookupChunk = 500;

// Binds the filter of the export queries below, whose WHERE clauses share one shape: parameters
// 1..9 are after_id and the four "? IS NULL OR ..." pairs; 10 is the limit.
void BindExportFilter(sql::PreparedStatement& stmt, const ExportFilter& filter, int64_t after_id,
                      int limit) {
  Params(stmt)
      .Int64(after_id)
      .OptionalInt64(filter.customer_id)
      .OptionalInt64(filter.customer_id)
      .OptionalInt64(filter.owner_user_id)
      .OptionalInt64(filter.owner_user_id)
      .OptionalDay(filter.from_day)
      .OptionalDay(filter.from_day)
      .OptionalDay(filter.to_day)
      .OptionalDay(filter.to_day)
      .Int(limit);
}

}  // namespace

absl::flat_hash_map<std::string, ExternalCustomer> FindCustomersByExternalId(
    ConnectionPool::Lease& db, const std::vector<std::string>& external_ids) {
  absl::flat_hash_map<std::string, ExternalCustomer> found;
  for (size_t begin = 0; begin < external_ids.size(); begin += kLookupChunk) {
    const size_t n = std::min(kLookupChunk, external_ids.size() - begin);
    auto& select = db.Prepare(
        absl::StrCat("SELECT id, owner_user_id, external_id FROM customers WHERE external_id IN (",
                     Placeholders(n), ")"));
    Params params(select);
    for (size_t i = 0; i < n; ++i) params.String(external_ids[begin + i]);
    auto rows = Query(select);
    while (rows->next()) {
      found[GetString(*rows, "external_id")] = {rows->getInt64("id"),
                                                rows->getInt64("owner_user_id")};
    }
  }
  return found;
}

std::vector<InvoiceExportRow> ListInvoicesForExport(ConnectionPool::Lease& db,
                                                    const ExportFilter& filter, int64_t after_id,
                                                    int limit) {
  auto& select = db.Prepare(
      "SELECT i.id, i.customer_id, c.external_id, i.invoice_number, i.order_number, "
      "DATEDIFF(i.invoice_date, '1970-01-01') AS invoice_day, "
      "DATEDIFF(i.due_date, '1970-01-01') AS due_day, i.amount_fen "
      "FROM invoices i JOIN customers c ON c.id = i.customer_id "
      "WHERE i.id > ? AND (? IS NULL OR i.customer_id = ?) AND (? IS NULL OR c.owner_user_id = ?) "
      "AND (? IS NULL OR i.invoice_date >= ?) AND (? IS NULL OR i.invoice_date <= ?) "
      "ORDER BY i.id LIMIT ?");
  BindExportFilter(select, filter, after_id, limit);
  auto rows = Query(select);
  std::vector<InvoiceExportRow> out;
  while (rows->next()) {
    InvoiceExportRow row;
    row.id = rows->getInt64("id");
    row.customer_id = rows->getInt64("customer_id");
    row.customer_external_id = GetOptionalString(*rows, "external_id");
    row.invoice_number = GetString(*rows, "invoice_number");
    row.order_number = GetString(*rows, "order_number");
    row.invoice_day = rows->getInt("invoice_day");
    row.due_day = rows->getInt("due_day");
    row.amount = rows->getInt64("amount_fen");
    out.push_back(std::move(row));
  }
  return out;
}

std::vector<PaymentExportRow> ListPaymentsForExport(ConnectionPool::Lease& db,
                                                    const ExportFilter& filter, int64_t after_id,
                                                    int limit) {
  auto& select = db.Prepare(
      "SELECT p.id, p.customer_id, c.external_id, p.reference, "
      "DATEDIFF(p.received_date, '1970-01-01') AS received_day, p.amount_fen "
      "FROM payments p JOIN customers c ON c.id = p.customer_id "
      "WHERE p.id > ? AND (? IS NULL OR p.customer_id = ?) AND (? IS NULL OR c.owner_user_id = ?) "
      "AND (? IS NULL OR p.received_date >= ?) AND (? IS NULL OR p.received_date <= ?) "
      "AND p.status = 'received' ORDER BY p.id LIMIT ?");
  BindExportFilter(select, filter, after_id, limit);
  auto rows = Query(select);
  std::vector<PaymentExportRow> out;
  while (rows->next()) {
    PaymentExportRow row;
    row.id = rows->getInt64("id");
    row.customer_id = rows->getInt64("customer_id");
    row.customer_external_id = GetOptionalString(*rows, "external_id");
    row.reference = GetString(*rows, "reference");
    row.received_day = rows->getInt("received_day");
    row.amount = rows->getInt64("amount_fen");
    out.push_back(std::move(row));
  }
  return out;
}

}  // namespace huikuan::store
