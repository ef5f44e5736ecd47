#include "server/service/data_exchange_service.h"

#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "server/core/customer_csv.h"
#include "server/core/ledger_csv.h"
#include "server/core/resource_name.h"
#include "server/core/status_macros.h"
#include "server/service/data_exchange_import.h"
#include "server/service/paging.h"
#include "server/service/resource_fields.h"
#include "server/service/status_mapping.h"
#include "server/store/customer_store.h"
#include "server/store/data_exchange_store.h"
#include "server/store/identity_store.h"

namespace huikuan::service {
namespace {

// Rows per export page: about 1 MB of CSV, well under gRPC's default 4 MiB client receive limit.
constexpr int kMaxExportRows = 10'000;

absl::StatusOr<int> ExportPageSize(int32_t page_size) {
  if (page_size < 0) return FieldViolation("page_size", "must not be negative");
  return page_size == 0 || page_size > kMaxExportRows ? kMaxExportRows : page_size;
}

// The caller's row scope plus the request's customer and date filters (AND, as ListInvoices: a
// customer outside the scope yields nothing). nullopt: the result is empty.
absl::StatusOr<std::optional<store::ExportFilter>> ExportScope(
    const Principal& caller, const std::string& customer, const std::string& from_field,
    const std::string& from, const std::string& to_field, const std::string& to) {
  store::ExportFilter filter;
  if (!customer.empty()) {
    HK_ASSIGN_OR_RETURN(filter.customer_id, ParseIdField("customers", "customer", customer));
  }
  for (auto [field, text, out] : {std::make_tuple(&from_field, &from, &filter.from_day),
                                  std::make_tuple(&to_field, &to, &filter.to_day)}) {
    if (text->empty()) continue;
    absl::StatusOr<core::EpochDay> day = core::ParseDate(*text);
    if (!day.ok()) return FieldViolation(*field, "must be a date \"YYYY-MM-DD\" in 1900-2199");
    *out = *day;
  }
  if (caller.scoped_to_owned_customers()) filter.owner_user_id = caller.user_id;
  if (caller.department == v1::DEPARTMENT_CUSTOMER) {
    if (!caller.customer_id) return std::nullopt;
    if (filter.customer_id && *filter.customer_id != *caller.customer_id) return std::nullopt;
    filter.customer_id = *caller.customer_id;
  }
  return filter;
}

// How a file names a customer: its external id, or its resource name when it has none.
std::string CustomerKey(int64_t id, const std::optional<std::string>& external_id) {
  return external_id ? *external_id : core::FormatResourceName("customers", id);
}

}  // namespace

grpc::Status DataExchangeServiceImpl::RunImport(grpc::ServerContext* context,
                                                const google::protobuf::Message& request,
                                                absl::string_view request_id, bool validate_only,
                                                absl::string_view resource,
                                                google::protobuf::Message* response,
                                                ImportFn import) {
  if (validate_only) {
    return runtime_.Read(
        context, [&](const Principal& caller, store::ConnectionPool::Lease& db) -> absl::Status {
          // Everything an import would do, including the database checks, then undone.
          db.Prepare("SAVEPOINT validate_only").execute();
          HK_RETURN_IF_ERROR(import(db, caller, absl::Now()));
          db.Prepare("ROLLBACK TO SAVEPOINT validate_only").execute();
          return absl::OkStatus();
        });
  }
  return runtime_.Write(context, request, request_id, response,
                        [&](WriteScope& write) -> absl::Status {
                          HK_RETURN_IF_ERROR(import(write.db, write.caller, write.now));
                          write.Audit(resource, nullptr, response);
                          return absl::OkStatus();
                        });
}

grpc::Status DataExchangeServiceImpl::ImportCustomers(grpc::ServerContext* context,
                                                      const v1::ImportCustomersRequest* request,
                                                      v1::ImportCustomersResponse* response) {
  return RunImport(context, *request, request->request_id(), request->validate_only(),
                   "customers:import", response,
                   [&](store::ConnectionPool::Lease& db, const Principal& caller, absl::Time now) {
                     return ImportCustomersCsv(db, caller, now, request->csv(), *response);
                   });
}

grpc::Status DataExchangeServiceImpl::ImportInvoices(grpc::ServerContext* context,
                                                     const v1::ImportInvoicesRequest* request,
                                                     v1::ImportInvoicesResponse* response) {
  return RunImport(
      context, *request, request->request_id(), request->validate_only(), "invoices:import",
      response, [&](store::ConnectionPool::Lease& db, const Principal& caller, absl::Time now) {
        return ImportInvoicesCsv(db, caller, now, request->csv(), request->mode(), *response);
      });
}

grpc::Status DataExchangeServiceImpl::ImportPayments(grpc::ServerContext* context,
                                                     const v1::ImportPaymentsRequest* request,
                                                     v1::ImportPaymentsResponse* response) {
  return RunImport(context, *request, request->request_id(), request->validate_only(),
                   "payments:import", response,
                   [&](store::ConnectionPool::Lease& db, const Principal& caller, absl::Time now) {
                     return ImportPaymentsCsv(db, caller, now, request->csv(), *response);
                   });
}

grpc::Status DataExchangeServiceImpl::ImportIbmLatePayments(
    grpc::ServerContext* context, const v1::ImportIbmLatePaymentsRequest* request,
    v1::ImportIbmLatePaymentsResponse* response) {
  return RunImport(context, *request, request->request_id(), request->validate_only(),
                   "invoices:importIbmLatePayments", response,
                   [&](store::ConnectionPool::Lease& db, const Principal& caller, absl::Time now) {
                     return ImportIbmLatePaymentsCsv(db, caller, now, request->csv(),
                                                     request->owner(), *response);
                   });
}

grpc::Status DataExchangeServiceImpl::ExportCustomers(grpc::ServerContext* context,
                                                      const v1::ExportCustomersRequest* request,
                                                      v1::ExportCustomersResponse* response) {
  return runtime_.Read(
      context, [&](const Principal& caller, store::ConnectionPool::Lease& db) -> absl::Status {
        HK_ASSIGN_OR_RETURN(int page_size, ExportPageSize(request->page_size()));
        HK_ASSIGN_OR_RETURN(int64_t after_id, DecodePageToken(request->page_token()));
        HK_ASSIGN_OR_RETURN(std::optional<store::ExportFilter> scope,
                            ExportScope(caller, "", "", "", "", ""));
        std::vector<store::CustomerRecord> customers;
        if (scope) {
          store::CustomerFilter filter;
          filter.owner_user_id = scope->owner_user_id;
          filter.only_customer_id = scope->customer_id;
          customers = store::ListCustomers(db, filter, after_id, page_size + 1);
        }
        const bool more = static_cast<int>(customers.size()) > page_size;
        if (more) customers.pop_back();
        absl::flat_hash_map<int64_t, std::string> usernames;
        std::vector<core::CustomerCsvRow> rows;
        rows.reserve(customers.size());
        for (const auto& customer : customers) {
          auto it = usernames.find(customer.owner_user_id);
          if (it == usernames.end()) {
            HK_ASSIGN_OR_RETURN(store::UserRecord owner,
                                store::GetUser(db, customer.owner_user_id));
            it = usernames.emplace(customer.owner_user_id, owner.username).first;
          }
          core::CustomerCsvRow row;
          row.external_id = CustomerKey(customer.id, customer.external_id);
          row.display_name = customer.display_name;
          row.owner_username = it->second;
          row.industry = customer.industry;
          row.enterprise_size = customer.enterprise_size;
          row.industry_position = customer.industry_position;
          if (customer.founding_date) {
            HK_ASSIGN_OR_RETURN(row.founding_day, core::ParseDate(*customer.founding_date));
          }
          row.tax_credit_grade = customer.tax_credit_grade;
          row.bank_credit_line = customer.bank_credit_line_fen;
          row.third_party_rating = customer.third_party_rating;
          rows.push_back(std::move(row));
        }
        response->set_csv(core::WriteCustomersCsv(rows));
        response->set_row_count(static_cast<int32_t>(rows.size()));
        if (more) response->set_next_page_token(EncodePageToken(customers.back().id));
        return absl::OkStatus();
      });
}

grpc::Status DataExchangeServiceImpl::ExportInvoices(grpc::ServerContext* context,
                                                     const v1::ExportInvoicesRequest* request,
                                                     v1::ExportInvoicesResponse* response) {
  return runtime_.Read(
      context, [&](const Principal& caller, store::ConnectionPool::Lease& db) -> absl::Status {
        HK_ASSIGN_OR_RETURN(int page_size, ExportPageSize(request->page_size()));
        HK_ASSIGN_OR_RETURN(int64_t after_id, DecodePageToken(request->page_token()));
        HK_ASSIGN_OR_RETURN(std::optional<store::ExportFilter> scope,
                            ExportScope(caller, request->customer(), "invoice_date_from",
                                        request->invoice_date_from(), "invoice_date_to",
                                        request->invoice_date_to()));
        std::vector<store::InvoiceExportRow> invoices;
        if (scope) invoices = store::ListInvoicesForExport(db, *scope, after_id, page_size + 1);
        const bool more = static_cast<int>(invoices.size()) > page_size;
        if (more) invoices.pop_back();
        std::vector<core::InvoiceCsvRow> rows;
        rows.reserve(invoices.size());
        core::Fen total = 0;
        for (const auto& invoice : invoices) {
          rows.push_back({CustomerKey(invoice.customer_id, invoice.customer_external_id),
                          invoice.invoice_number, invoice.order_number, invoice.invoice_day,
                          invoice.due_day, invoice.amount});
          HK_ASSIGN_OR_RETURN(total, core::AddFen(total, invoice.amount));
        }
        response->set_csv(core::WriteInvoicesCsv(rows));
        response->set_row_count(static_cast<int32_t>(rows.size()));
        response->set_total_fen(total);
        if (more) response->set_next_page_token(EncodePageToken(invoices.back().id));
        return absl::OkStatus();
      });
}

grpc::Status DataExchangeServiceImpl::ExportPayments(grpc::ServerContext* context,
                                                     const v1::ExportPaymentsRequest* request,
                                                     v1::ExportPaymentsResponse* response) {
  return runtime_.Read(
      context, [&](const Principal& caller, store::ConnectionPool::Lease& db) -> absl::Status {
        HK_ASSIGN_OR_RETURN(int page_size, ExportPageSize(request->page_size()));
        HK_ASSIGN_OR_RETURN(int64_t after_id, DecodePageToken(request->page_token()));
        HK_ASSIGN_OR_RETURN(std::optional<store::ExportFilter> scope,
                            ExportScope(caller, request->customer(), "received_date_from",
                                        request->received_date_from(), "received_date_to",
                                        request->received_date_to()));
        std::vector<store::PaymentExportRow> payments;
        if (scope) payments = store::ListPaymentsForExport(db, *scope, after_id, page_size + 1);
        const bool more = static_cast<int>(payments.size()) > page_size;
        if (more) payments.pop_back();
        std::vector<core::PaymentCsvRow> rows;
        rows.reserve(payments.size());
        core::Fen total = 0;
        for (const auto& payment : payments) {
          rows.push_back({CustomerKey(payment.customer_id, payment.customer_external_id),
                          payment.reference, payment.received_day, payment.amount});
          HK_ASSIGN_OR_RETURN(total, core::AddFen(total, payment.amount));
        }
        response->set_csv(core::WritePaymentsCsv(rows));
        response->set_row_count(static_cast<int32_t>(rows.size()));
        response->set_total_fen(total);
        if (more) response->set_next_page_token(EncodePageToken(payments.back().id));
        return absl::OkStatus();
      });
}

}  // namespace huikuan::service
