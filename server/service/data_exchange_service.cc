#include "server/service/data_exchange_service.h"

#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "server/core/customer_csv.h"
#include "server/core/ledger_csv.h"
#include "server/core/status_macros.h"
#include "server/ops/exports.h"
#include "server/ops/imports.h"
#include "server/service/paging.h"
#include "server/service/request_fields.h"
#include "server/service/status_mapping.h"

namespace huikuan::service {
namespace {

// Rows per export page: about 1 MB of CSV, well under gRPC's default 4 MiB client receive limit.
constexpr int kMaxExportRows = 10'000;

absl::StatusOr<int> ExportPageSize(int32_t page_size) {
  if (page_size < 0) return FieldViolation("page_size", "must not be negative");
  return page_size == 0 || page_size > kMaxExportRows ? kMaxExportRows : page_size;
}

// The request's customer and date range, INVALID_ARGUMENT naming the request's fields.
absl::StatusOr<ops::ExportRange> ExportRangeOf(const std::string& customer,
                                               absl::string_view from_field,
                                               const std::string& from, absl::string_view to_field,
                                               const std::string& to) {
  ops::ExportRange range;
  HK_ASSIGN_OR_RETURN(range.customer_id, ParseOptionalIdField("customers", "customer", customer));
  HK_ASSIGN_OR_RETURN(range.from_day, ParseOptionalDateField(from_field, from));
  HK_ASSIGN_OR_RETURN(range.to_day, ParseOptionalDateField(to_field, to));
  return range;
}

template <typename Row, typename Response>
void SetPage(const ops::ExportPage<Row>& page, std::string csv, Response* response) {
  response->set_csv(std::move(csv));
  response->set_row_count(static_cast<int32_t>(page.rows.size()));
  if (page.more) response->set_next_page_token(EncodePageToken(page.last_id));
}

}  // namespace

grpc::Status DataExchangeServiceImpl::RunImport(grpc::ServerContext* context,
                                                const google::protobuf::Message& request,
                                                absl::string_view request_id, bool validate_only,
                                                google::protobuf::Message* response,
                                                ImportFn import) {
  if (validate_only) {
    return runtime_.Read(context, [&](ops::ReadScope& read) -> absl::Status {
      // Everything an import would do, including the database checks, then undone.
      read.db.Prepare("SAVEPOINT validate_only").execute();
      ops::AuditTrail discarded(read.caller, "validate_only", "", read.now);
      ops::WriteScope write(read.db, read.caller, read.now, discarded);
      HK_RETURN_IF_ERROR(import(write));
      read.db.Prepare("ROLLBACK TO SAVEPOINT validate_only").execute();
      return absl::OkStatus();
    });
  }
  return runtime_.Write(context, request, request_id, response, import);
}

grpc::Status DataExchangeServiceImpl::ImportCustomers(grpc::ServerContext* context,
                                                      const v1::ImportCustomersRequest* request,
                                                      v1::ImportCustomersResponse* response) {
  return RunImport(context, *request, request->request_id(), request->validate_only(), response,
                   [&](ops::WriteScope& write) -> absl::Status {
                     HK_ASSIGN_OR_RETURN(ops::CustomersImported imported,
                                         ops::ImportCustomers(write, request->csv()));
                     response->set_customer_count(imported.customers);
                     response->set_bank_credit_line_fen(imported.bank_credit_lines);
                     return absl::OkStatus();
                   });
}

grpc::Status DataExchangeServiceImpl::ImportInvoices(grpc::ServerContext* context,
                                                     const v1::ImportInvoicesRequest* request,
                                                     v1::ImportInvoicesResponse* response) {
  return RunImport(context, *request, request->request_id(), request->validate_only(), response,
                   [&](ops::WriteScope& write) -> absl::Status {
                     ops::ImportMode mode = ops::ImportMode::kCurrent;
                     switch (request->mode()) {
                       case v1::IMPORT_MODE_UNSPECIFIED:
                       case v1::IMPORT_MODE_CURRENT:
                         break;
                       case v1::IMPORT_MODE_HISTORICAL:
                         mode = ops::ImportMode::kHistorical;
                         break;
                       default:
                         return FieldViolation("mode", "is not a known import mode");
                     }
                     HK_ASSIGN_OR_RETURN(ops::InvoicesImported imported,
                                         ops::ImportInvoices(write, request->csv(), mode));
                     response->set_invoice_count(imported.invoices);
                     response->set_total_fen(imported.total);
                     return absl::OkStatus();
                   });
}

grpc::Status DataExchangeServiceImpl::ImportPayments(grpc::ServerContext* context,
                                                     const v1::ImportPaymentsRequest* request,
                                                     v1::ImportPaymentsResponse* response) {
  return RunImport(context, *request, request->request_id(), request->validate_only(), response,
                   [&](ops::WriteScope& write) -> absl::Status {
                     HK_ASSIGN_OR_RETURN(ops::PaymentsImported imported,
                                         ops::ImportPayments(write, request->csv()));
                     response->set_payment_count(imported.payments);
                     response->set_total_fen(imported.total);
                     response->set_applied_fen(imported.applied);
                     response->set_unapplied_fen(imported.total - imported.applied);
                     return absl::OkStatus();
                   });
}

grpc::Status DataExchangeServiceImpl::ImportIbmLatePayments(
    grpc::ServerContext* context, const v1::ImportIbmLatePaymentsRequest* request,
    v1::ImportIbmLatePaymentsResponse* response) {
  return RunImport(
      context, *request, request->request_id(), request->validate_only(), response,
      [&](ops::WriteScope& write) -> absl::Status {
        HK_ASSIGN_OR_RETURN(int64_t owner, ParseIdField("users", "owner", request->owner()));
        HK_ASSIGN_OR_RETURN(
            ops::IbmImported imported,
            ops::ImportIbmLatePayments(write, request->csv(), owner, request->owner()));
        response->set_customers_created(imported.customers_created);
        response->set_invoice_count(imported.invoices);
        response->set_invoice_total_fen(imported.invoice_total);
        response->set_payment_count(imported.payments);
        response->set_payment_total_fen(imported.payment_total);
        response->set_disputed_count(imported.disputed);
        return absl::OkStatus();
      });
}

grpc::Status DataExchangeServiceImpl::ExportCustomers(grpc::ServerContext* context,
                                                      const v1::ExportCustomersRequest* request,
                                                      v1::ExportCustomersResponse* response) {
  return runtime_.Read(context, [&](ops::ReadScope& read) -> absl::Status {
    HK_ASSIGN_OR_RETURN(int page_size, ExportPageSize(request->page_size()));
    HK_ASSIGN_OR_RETURN(int64_t after_id, DecodePageToken(request->page_token()));
    HK_ASSIGN_OR_RETURN(ops::ExportPage<core::CustomerCsvRow> page,
                        ops::ExportCustomers(read, after_id, page_size));
    SetPage(page, core::WriteCustomersCsv(page.rows), response);
    return absl::OkStatus();
  });
}

grpc::Status DataExchangeServiceImpl::ExportInvoices(grpc::ServerContext* context,
                                                     const v1::ExportInvoicesRequest* request,
                                                     v1::ExportInvoicesResponse* response) {
  return runtime_.Read(context, [&](ops::ReadScope& read) -> absl::Status {
    HK_ASSIGN_OR_RETURN(int page_size, ExportPageSize(request->page_size()));
    HK_ASSIGN_OR_RETURN(int64_t after_id, DecodePageToken(request->page_token()));
    HK_ASSIGN_OR_RETURN(
        ops::ExportRange range,
        ExportRangeOf(request->customer(), "invoice_date_from", request->invoice_date_from(),
                      "invoice_date_to", request->invoice_date_to()));
    HK_ASSIGN_OR_RETURN(ops::ExportPage<core::InvoiceCsvRow> page,
                        ops::ExportInvoices(read, range, after_id, page_size));
    SetPage(page, core::WriteInvoicesCsv(page.rows), response);
    response->set_total_fen(page.total);
    return absl::OkStatus();
  });
}

grpc::Status DataExchangeServiceImpl::ExportPayments(grpc::ServerContext* context,
                                                     const v1::ExportPaymentsRequest* request,
                                                     v1::ExportPaymentsResponse* response) {
  return runtime_.Read(context, [&](ops::ReadScope& read) -> absl::Status {
    HK_ASSIGN_OR_RETURN(int page_size, ExportPageSize(request->page_size()));
    HK_ASSIGN_OR_RETURN(int64_t after_id, DecodePageToken(request->page_token()));
    HK_ASSIGN_OR_RETURN(
        ops::ExportRange range,
        ExportRangeOf(request->customer(), "received_date_from", request->received_date_from(),
                      "received_date_to", request->received_date_to()));
    HK_ASSIGN_OR_RETURN(ops::ExportPage<core::PaymentCsvRow> page,
                        ops::ExportPayments(read, range, after_id, page_size));
    SetPage(page, core::WritePaymentsCsv(page.rows), response);
    response->set_total_fen(page.total);
    return absl::OkStatus();
  });
}

}  // namespace huikuan::service
