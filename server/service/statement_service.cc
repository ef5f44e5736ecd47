#include "server/service/statement_service.h"

#include <optional>
#include <string>
#include <vector>

#include "server/core/payment_reference.h"
#include "server/core/resource_name.h"
#include "server/core/status_macros.h"
#include "server/core/text_fields.h"
#include "server/ops/statements.h"
#include "server/service/ledger_convert.h"
#include "server/service/paging.h"
#include "server/service/proto_time.h"
#include "server/service/request_fields.h"
#include "server/service/status_mapping.h"

namespace huikuan::service {
namespace {

constexpr int kMaxDisputedLines = 1000;

v1::StatementStatus StatusToProto(core::StatementStatus status) {
  switch (status) {
    case core::StatementStatus::kIssued:
      return v1::STATEMENT_STATUS_ISSUED;
    case core::StatementStatus::kConfirmed:
      return v1::STATEMENT_STATUS_CONFIRMED;
    case core::StatementStatus::kDisputed:
      return v1::STATEMENT_STATUS_DISPUTED;
  }
  return v1::STATEMENT_STATUS_UNSPECIFIED;
}

v1::Statement StatementToProto(const store::StatementRecord& statement) {
  v1::Statement proto;
  proto.set_name(core::FormatResourceName("statements", statement.id));
  proto.set_customer(core::FormatResourceName("customers", statement.customer_id));
  proto.set_month(statement.month);
  proto.set_version(statement.version);
  proto.set_status(StatusToProto(statement.status));
  proto.set_opening_balance_fen(statement.opening);
  proto.set_invoiced_fen(statement.invoiced);
  proto.set_received_fen(statement.received);
  proto.set_written_off_fen(statement.written_off);
  proto.set_settled_in_kind_fen(statement.settled_in_kind);
  proto.set_discounted_fen(statement.discounted);
  proto.set_closing_balance_fen(statement.closing);
  proto.set_overdue_at_end_fen(statement.overdue);
  proto.set_payment_reference(core::FormatPaymentReference(statement.id));
  for (const store::StatementLineRecord& line : statement.lines) {
    v1::StatementLine* out = proto.add_lines();
    out->set_invoice(core::FormatResourceName("invoices", line.invoice_id));
    out->set_invoice_number(line.invoice_number);
    out->set_order_number(line.order_number);
    out->set_invoice_date(core::FormatDate(line.invoice_day));
    out->set_due_date(core::FormatDate(line.due_day));
    out->set_amount_fen(line.amount);
    out->set_open_at_end_fen(line.open_at_end);
    out->set_overdue_at_end(line.overdue_at_end);
    out->set_reminder_text(line.reminder_text);
  }
  proto.set_create_user(core::FormatResourceName("users", statement.created_by));
  *proto.mutable_create_time() = ToProtoTimestamp(statement.create_time);
  if (statement.confirmed_by) {
    proto.set_confirm_user(core::FormatResourceName("users", *statement.confirmed_by));
    proto.set_confirmed_on_behalf(statement.confirmed_on_behalf);
  }
  if (statement.confirm_time) {
    *proto.mutable_confirm_time() = ToProtoTimestamp(*statement.confirm_time);
  }
  proto.set_dispute_reason(statement.dispute_reason);
  return proto;
}

v1::InvoiceDispute DisputeToProto(const store::InvoiceRecord& invoice, const std::string& note) {
  v1::InvoiceDispute proto;
  proto.set_invoice(core::FormatResourceName("invoices", invoice.id));
  proto.set_invoice_number(invoice.invoice_number);
  proto.set_invoice_status(ToProto(invoice.balance.status));
  proto.set_open_fen(invoice.balance.open);
  proto.set_note(note);
  return proto;
}

}  // namespace

grpc::Status StatementServiceImpl::GenerateStatement(grpc::ServerContext* context,
                                                     const v1::GenerateStatementRequest* request,
                                                     v1::GenerateStatementResponse* response) {
  return runtime_.Write(
      context, *request, request->request_id(), response,
      [&](ops::WriteScope& write) -> absl::Status {
        FieldViolations violations;
        absl::StatusOr<int64_t> customer_id =
            ParseIdField("customers", "customer", request->customer());
        if (!customer_id.ok()) violations.AddAll(customer_id.status(), "customer");
        absl::StatusOr<core::Period> period = ops::ParseMonth("month", request->month());
        if (!period.ok()) violations.AddAll(period.status(), "month");
        if (!violations.empty()) return violations.ToStatus();
        HK_ASSIGN_OR_RETURN(store::StatementRecord statement,
                            ops::GenerateStatement(write, *customer_id, request->customer(),
                                                   request->month(), *period));
        *response->mutable_statement() = StatementToProto(statement);
        return absl::OkStatus();
      });
}

grpc::Status StatementServiceImpl::GetStatement(grpc::ServerContext* context,
                                                const v1::GetStatementRequest* request,
                                                v1::GetStatementResponse* response) {
  return runtime_.Read(context, [&](ops::ReadScope& read) -> absl::Status {
    HK_ASSIGN_OR_RETURN(int64_t id, ParseIdField("statements", "name", request->name()));
    HK_ASSIGN_OR_RETURN(store::StatementRecord statement,
                        ops::GetStatement(read, id, request->name()));
    *response->mutable_statement() = StatementToProto(statement);
    return absl::OkStatus();
  });
}

grpc::Status StatementServiceImpl::ListStatements(grpc::ServerContext* context,
                                                  const v1::ListStatementsRequest* request,
                                                  v1::ListStatementsResponse* response) {
  return runtime_.Read(context, [&](ops::ReadScope& read) -> absl::Status {
    HK_ASSIGN_OR_RETURN(Page page, ParsePage(request->page_size(), request->page_token()));
    HK_ASSIGN_OR_RETURN(std::optional<int64_t> customer_id,
                        ParseOptionalIdField("customers", "customer", request->customer()));
    std::vector<store::StatementRecord> statements =
        ops::ListStatements(read, customer_id, page.after_id, page.fetch());
    response->set_next_page_token(
        TakePage(statements, page, [](const store::StatementRecord& s) { return s.id; }));
    for (const auto& statement : statements) {
      *response->add_statements() = StatementToProto(statement);
    }
    return absl::OkStatus();
  });
}

grpc::Status StatementServiceImpl::ConfirmStatement(grpc::ServerContext* context,
                                                    const v1::ConfirmStatementRequest* request,
                                                    v1::ConfirmStatementResponse* response) {
  return runtime_.Write(context, *request, request->request_id(), response,
                        [&](ops::WriteScope& write) -> absl::Status {
                          HK_ASSIGN_OR_RETURN(int64_t id,
                                              ParseIdField("statements", "name", request->name()));
                          HK_ASSIGN_OR_RETURN(store::StatementRecord statement,
                                              ops::ConfirmStatement(write, id, request->name()));
                          *response->mutable_statement() = StatementToProto(statement);
                          return absl::OkStatus();
                        });
}

grpc::Status StatementServiceImpl::DisputeStatementLines(
    grpc::ServerContext* context, const v1::DisputeStatementLinesRequest* request,
    v1::DisputeStatementLinesResponse* response) {
  return runtime_.Write(
      context, *request, request->request_id(), response,
      [&](ops::WriteScope& write) -> absl::Status {
        FieldViolations violations;
        if (request->invoice_numbers().empty()) {
          violations.Add("invoice_numbers", "name at least one invoice");
        } else if (request->invoice_numbers_size() > kMaxDisputedLines) {
          violations.Add("invoice_numbers", "at most 1000 invoices per call");
        }
        if (absl::Status reason =
                core::CheckText("reason", request->reason(), core::Presence::kRequired);
            !reason.ok()) {
          violations.AddAll(reason, "reason");
        }
        if (!violations.empty()) return violations.ToStatus();
        HK_ASSIGN_OR_RETURN(int64_t id, ParseIdField("statements", "name", request->name()));
        const std::vector<std::string> numbers(request->invoice_numbers().begin(),
                                               request->invoice_numbers().end());
        HK_ASSIGN_OR_RETURN(
            ops::DisputedLines disputed,
            ops::DisputeStatementLines(write, id, request->name(), numbers, request->reason()));
        for (const store::InvoiceRecord& invoice : disputed.invoices) {
          *response->add_disputed_invoices() = DisputeToProto(invoice, request->reason());
        }
        *response->mutable_statement() = StatementToProto(disputed.statement);
        return absl::OkStatus();
      });
}

grpc::Status StatementServiceImpl::ResolveDispute(grpc::ServerContext* context,
                                                  const v1::ResolveDisputeRequest* request,
                                                  v1::ResolveDisputeResponse* response) {
  return runtime_.Write(
      context, *request, request->request_id(), response,
      [&](ops::WriteScope& write) -> absl::Status {
        FieldViolations violations;
        absl::StatusOr<int64_t> id = ParseIdField("invoices", "invoice", request->invoice());
        if (!id.ok()) violations.AddAll(id.status(), "invoice");
        if (absl::Status resolution =
                core::CheckText("resolution", request->resolution(), core::Presence::kRequired);
            !resolution.ok()) {
          violations.AddAll(resolution, "resolution");
        }
        if (!violations.empty()) return violations.ToStatus();
        HK_ASSIGN_OR_RETURN(
            store::InvoiceRecord invoice,
            ops::ResolveDispute(write, *id, request->invoice(), request->resolution()));
        *response->mutable_invoice() = DisputeToProto(invoice, request->resolution());
        return absl::OkStatus();
      });
}

}  // namespace huikuan::service
