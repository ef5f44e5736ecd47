#include "server/ops/exports.h"

#include "absl/container/flat_hash_map.h"
#include "server/core/resource_name.h"
#include "server/core/status_macros.h"
#include "server/ops/row_scope.h"
#include "server/store/customer_store.h"
#include "server/store/data_exchange_store.h"
#include "server/store/identity_store.h"

namespace huikuan::ops {
namespace {

// How a file names a customer: its external id, or its resource name when it has none.
std::string CustomerKey(int64_t id, const std::optional<std::string>& external_id) {
  return external_id ? *external_id : core::FormatResourceName("customers", id);
}

// The caller's row scope plus the range (AND: a customer outside the scope yields nothing).
std::optional<store::ExportFilter> ScopedFilter(ReadScope& read, const ExportRange& range) {
  const ListScope scope = ScopeList(read.caller, range.customer_id);
  if (scope.nothing) return std::nullopt;
  store::ExportFilter filter;
  filter.customer_id = scope.customer_id;
  filter.owner_user_id = scope.owner_user_id;
  filter.from_day = range.from_day;
  filter.to_day = range.to_day;
  return filter;
}

// Trims `rows` fetched with limit + 1 to the page.
template <typename Row>
void Trim(std::vector<Row>& rows, int limit, bool& more) {
  more = static_cast<int>(rows.size()) > limit;
  if (more) rows.resize(limit);
}

}  // namespace

absl::StatusOr<ExportPage<core::CustomerCsvRow>> ExportCustomers(ReadScope& read, int64_t after_id,
                                                                 int limit) {
  ExportPage<core::CustomerCsvRow> page;
  const ListScope scope = ScopeList(read.caller, std::nullopt);
  if (scope.nothing) return page;
  store::CustomerFilter filter;
  filter.owner_user_id = scope.owner_user_id;
  filter.only_customer_id = scope.customer_id;
  std::vector<store::CustomerRecord> customers =
      store::ListCustomers(read.db, filter, after_id, limit + 1);
  Trim(customers, limit, page.more);
  absl::flat_hash_map<int64_t, std::string> usernames;
  for (const store::CustomerRecord& customer : customers) {
    auto it = usernames.find(customer.owner_user_id);
    if (it == usernames.end()) {
      HK_ASSIGN_OR_RETURN(store::UserRecord owner, store::GetUser(read.db, customer.owner_user_id));
      it = usernames.emplace(customer.owner_user_id, owner.username).first;
    }
    core::CustomerCsvRow row;
    row.external_id = CustomerKey(customer.id, customer.external_id);
    row.display_name = customer.display_name;
    row.owner_username = it->second;
    row.industry = customer.industry;
    row.enterprise_size = std::string(core::EnterpriseSizeName(customer.enterprise_size));
    row.industry_position = std::string(core::IndustryPositionName(customer.industry_position));
    row.founding_day = customer.founding_day;
    row.tax_credit_grade = std::string(core::TaxCreditGradeName(customer.tax_credit_grade));
    row.bank_credit_line = customer.bank_credit_line;
    row.third_party_rating = customer.third_party_rating;
    page.rows.push_back(std::move(row));
    page.last_id = customer.id;
  }
  return page;
}

absl::StatusOr<ExportPage<core::InvoiceCsvRow>> ExportInvoices(ReadScope& read,
                                                               const ExportRange& range,
                                                               int64_t after_id, int limit) {
  ExportPage<core::InvoiceCsvRow> page;
  std::optional<store::ExportFilter> filter = ScopedFilter(read, range);
  if (!filter) return page;
  std::vector<store::InvoiceExportRow> invoices =
      store::ListInvoicesForExport(read.db, *filter, after_id, limit + 1);
  Trim(invoices, limit, page.more);
  for (const auto& invoice : invoices) {
    page.rows.push_back({CustomerKey(invoice.customer_id, invoice.customer_external_id),
                         invoice.invoice_number, invoice.order_number, invoice.invoice_day,
                         invoice.due_day, invoice.amount});
    HK_ASSIGN_OR_RETURN(page.total, core::AddFen(page.total, invoice.amount));
    page.last_id = invoice.id;
  }
  return page;
}

absl::StatusOr<ExportPage<core::PaymentCsvRow>> ExportPayments(ReadScope& read,
                                                               const ExportRange& range,
                                                               int64_t after_id, int limit) {
  ExportPage<core::PaymentCsvRow> page;
  std::optional<store::ExportFilter> filter = ScopedFilter(read, range);
  if (!filter) return page;
  std::vector<store::PaymentExportRow> payments =
      store::ListPaymentsForExport(read.db, *filter, after_id, limit + 1);
  Trim(payments, limit, page.more);
  for (const auto& payment : payments) {
    page.rows.push_back({CustomerKey(payment.customer_id, payment.customer_external_id),
                         payment.reference, payment.received_day, payment.amount});
    HK_ASSIGN_OR_RETURN(page.total, core::AddFen(page.total, payment.amount));
    page.last_id = payment.id;
  }
  return page;
}

}  // namespace huikuan::ops
