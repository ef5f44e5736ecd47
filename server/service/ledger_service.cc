#include "server/service/ledger_service.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "server/core/resource_name.h"
#include "server/core/status_macros.h"
#include "server/core/text_fields.h"
#include "server/ops/invoices.h"
#include "server/ops/payments.h"
#include "server/service/ledger_convert.h"
#include "server/service/paging.h"
#include "server/service/request_fields.h"
#include "server/service/status_mapping.h"

namespace huikuan::service {
namespace {

constexpr size_t kMaxReversalReasonChars = 500;

// ops::CreateInvoices locks its customers' rows and then reads their invoices with a locking
// read: READ COMMITTED keeps that read off the gaps its own inserts go into (rpc_runtime.h).
WriteOptions InvoiceInsert() { return WriteOptions{.read_committed = true}; }

}  // namespace

grpc::Status LedgerServiceImpl::CreateInvoice(grpc::ServerContext* context,
                                              const v1::CreateInvoiceRequest* request,
                                              v1::CreateInvoiceResponse* response) {
  return runtime_.Write(
      context, *request, request->request_id(), response,
      [&](ops::WriteScope& write) -> absl::Status {
        FieldViolations violations;
        const ops::InvoiceDraft draft =
            InvoiceDraftFromProto(request->invoice(), "invoice", violations);
        if (!violations.empty()) return violations.ToStatus();
        HK_ASSIGN_OR_RETURN(std::vector<store::InvoiceRecord> created,
                            ops::CreateInvoices(write, {draft}, ops::SingleField("invoice")));
        *response->mutable_invoice() = InvoiceToProto(created.front(), WithTerms::kYes);
        return absl::OkStatus();
      },
      InvoiceInsert());
}

grpc::Status LedgerServiceImpl::CreateInvoices(grpc::ServerContext* context,
                                               const v1::CreateInvoicesRequest* request,
                                               v1::CreateInvoicesResponse* response) {
  return runtime_.Write(
      context, *request, request->request_id(), response,
      [&](ops::WriteScope& write) -> absl::Status {
        if (request->invoices_size() == 0 || request->invoices_size() > ops::kMaxInvoicesPerBatch) {
          return FieldViolation(
              "invoices", absl::StrCat("must hold 1-", ops::kMaxInvoicesPerBatch, " invoices"));
        }
        FieldViolations violations;
        std::vector<ops::InvoiceDraft> drafts;
        drafts.reserve(static_cast<size_t>(request->invoices_size()));
        for (int i = 0; i < request->invoices_size(); ++i) {
          drafts.push_back(InvoiceDraftFromProto(request->invoices(i),
                                                 absl::StrCat("invoices[", i, "]"), violations));
        }
        if (!violations.empty()) return violations.ToStatus();
        HK_ASSIGN_OR_RETURN(std::vector<store::InvoiceRecord> created,
                            ops::CreateInvoices(write, drafts, ops::RepeatedField("invoices")));
        response->mutable_invoices()->Reserve(static_cast<int>(created.size()));
        for (const auto& invoice : created) {
          v1::CreatedInvoice* out = response->add_invoices();
          out->set_name(core::FormatResourceName("invoices", invoice.id));
          out->set_invoice_number(invoice.invoice_number);
          out->set_due_date(core::FormatDate(invoice.due_day));
          out->set_prepaid_fen(invoice.prepaid);
        }
        return absl::OkStatus();
      },
      InvoiceInsert());
}

grpc::Status LedgerServiceImpl::GetInvoice(grpc::ServerContext* context,
                                           const v1::GetInvoiceRequest* request,
                                           v1::GetInvoiceResponse* response) {
  // The invoice's row and, for a salesperson, its customer's owner: facts that need no common
  // snapshot.
  return runtime_.ReadLatest(context, [&](ops::ReadScope& read) -> absl::Status {
    HK_ASSIGN_OR_RETURN(int64_t id, ParseIdField("invoices", "name", request->name()));
    HK_ASSIGN_OR_RETURN(store::InvoiceRecord invoice, ops::GetInvoice(read, id, request->name()));
    *response->mutable_invoice() = InvoiceToProto(invoice, WithTerms::kYes);
    return absl::OkStatus();
  });
}

grpc::Status LedgerServiceImpl::ListInvoices(grpc::ServerContext* context,
                                             const v1::ListInvoicesRequest* request,
                                             v1::ListInvoicesResponse* response) {
  return runtime_.Read(context, [&](ops::ReadScope& read) -> absl::Status {
    HK_ASSIGN_OR_RETURN(Page page, ParsePage(request->page_size(), request->page_token()));
    FieldViolations violations;
    ops::InvoiceQuery query;
    auto collect = [&](auto parsed, auto& out) {
      if (parsed.ok()) {
        out = *parsed;
      } else {
        violations.AddAll(parsed.status(), "request");
      }
    };
    collect(ParseOptionalIdField("customers", "customer", request->customer()), query.customer_id);
    collect(InvoiceStatusFilter("status", request->status()), query.status);
    collect(ParseOptionalDateField("as_of_date", request->as_of_date()), query.overdue_as_of);
    if (query.overdue_as_of && !request->overdue_only()) {
      violations.Add("as_of_date", "is only used with overdue_only");
    }
    collect(ParseOptionalDateField("due_date_from", request->due_date_from()), query.due_from);
    collect(ParseOptionalDateField("due_date_to", request->due_date_to()), query.due_to);
    if (!violations.empty()) return violations.ToStatus();
    query.overdue_only = request->overdue_only();
    std::vector<store::InvoiceRecord> invoices =
        ops::ListInvoices(read, query, page.after_id, page.fetch());
    response->set_next_page_token(
        TakePage(invoices, page, [](const store::InvoiceRecord& invoice) { return invoice.id; }));
    for (const auto& invoice : invoices) {
      *response->add_invoices() = InvoiceToProto(invoice, WithTerms::kNo);
    }
    return absl::OkStatus();
  });
}

grpc::Status LedgerServiceImpl::RecordPayment(grpc::ServerContext* context,
                                              const v1::RecordPaymentRequest* request,
                                              v1::RecordPaymentResponse* response) {
  return runtime_.Write(
      context, *request, request->request_id(), response,
      [&](ops::WriteScope& write) -> absl::Status {
        HK_ASSIGN_OR_RETURN(ops::PaymentDraft draft, PaymentDraftFromProto(request->payment()));
        HK_ASSIGN_OR_RETURN(ops::RecordedPayment recorded,
                            ops::RecordPayment(write, draft, request->payment().customer()));
        *response->mutable_payment() = PaymentToProto(recorded.payment);
        return absl::OkStatus();
      });
}

grpc::Status LedgerServiceImpl::GetPayment(grpc::ServerContext* context,
                                           const v1::GetPaymentRequest* request,
                                           v1::GetPaymentResponse* response) {
  return runtime_.Read(context, [&](ops::ReadScope& read) -> absl::Status {
    HK_ASSIGN_OR_RETURN(int64_t id, ParseIdField("payments", "name", request->name()));
    HK_ASSIGN_OR_RETURN(ops::PaymentView payment, ops::GetPayment(read, id, request->name()));
    *response->mutable_payment() = PaymentToProto(payment);
    return absl::OkStatus();
  });
}

grpc::Status LedgerServiceImpl::AllocatePayment(grpc::ServerContext* context,
                                                const v1::AllocatePaymentRequest* request,
                                                v1::AllocatePaymentResponse* response) {
  return runtime_.Write(
      context, *request, request->request_id(), response,
      [&](ops::WriteScope& write) -> absl::Status {
        FieldViolations violations;
        absl::StatusOr<int64_t> payment_id =
            ParseIdField("payments", "payment", request->payment());
        if (!payment_id.ok()) violations.AddAll(payment_id.status(), "payment");
        absl::StatusOr<int64_t> invoice_id =
            ParseIdField("invoices", "invoice", request->invoice());
        if (!invoice_id.ok()) violations.AddAll(invoice_id.status(), "invoice");
        if (absl::Status amount = CheckAmountField("amount_fen", request->amount_fen());
            !amount.ok()) {
          violations.AddAll(amount, "amount_fen");
        }
        if (!violations.empty()) return violations.ToStatus();
        HK_ASSIGN_OR_RETURN(
            ops::AllocatedPayment allocated,
            ops::AllocatePayment(write, *payment_id, request->payment(), *invoice_id,
                                 request->invoice(), request->amount_fen()));
        *response->mutable_invoice() = InvoiceToProto(allocated.invoice, WithTerms::kNo);
        *response->mutable_payment() = PaymentToProto(allocated.payment);
        return absl::OkStatus();
      });
}

grpc::Status LedgerServiceImpl::ReversePayment(grpc::ServerContext* context,
                                               const v1::ReversePaymentRequest* request,
                                               v1::ReversePaymentResponse* response) {
  return runtime_.Write(
      context, *request, request->request_id(), response,
      [&](ops::WriteScope& write) -> absl::Status {
        HK_ASSIGN_OR_RETURN(int64_t id, ParseIdField("payments", "name", request->name()));
        HK_RETURN_IF_ERROR(core::CheckText("reason", request->reason(), core::Presence::kOptional,
                                           kMaxReversalReasonChars));
        HK_ASSIGN_OR_RETURN(ops::PaymentView payment,
                            ops::ReversePayment(write, id, request->name(), request->reason()));
        *response->mutable_payment() = PaymentToProto(payment);
        return absl::OkStatus();
      });
}

}  // namespace huikuan::service
