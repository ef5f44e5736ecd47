#include "server/service/statement_service.h"

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "server/core/civil_date.h"
#include "server/core/resource_name.h"
#include "server/core/statement.h"
#include "server/core/status_macros.h"
#include "server/service/customer_service.h"
#include "server/service/paging.h"
#include "server/service/proto_time.h"
#include "server/service/resource_fields.h"
#include "server/service/status_mapping.h"
#include "server/store/customer_store.h"
#include "server/store/ledger_store.h"
#include "server/store/statement_store.h"

namespace huikuan::service {
namespace {

constexpr size_t kMaxTextChars = 2000;
constexpr int kMaxDisputedLines = 1000;

absl::Status NotFound(absl::string_view name) {
  return absl::NotFoundError(absl::StrCat(name, " not found"));
}

// Row scoping of a customer known by id and owner (CanSeeCustomer is the one rule).
bool CanSee(const Principal& caller, int64_t customer_id, int64_t owner_user_id) {
  store::CustomerRecord customer;
  customer.id = customer_id;
  customer.owner_user_id = owner_user_id;
  return CanSeeCustomer(caller, customer);
}

absl::Status ValidateText(absl::string_view field, absl::string_view value) {
  if (value.empty()) return FieldViolation(field, "is required");
  if (value.size() > kMaxTextChars) return FieldViolation(field, "must be at most 2000 characters");
  return absl::OkStatus();
}

// "YYYY-MM" -> the month's days, or INVALID_ARGUMENT on `month`.
absl::StatusOr<core::Period> ParseMonth(absl::string_view month) {
  const auto bad = [] { return FieldViolation("month", "must be a month \"YYYY-MM\""); };
  if (month.size() != 7 || month[4] != '-' || !absl::ascii_isdigit(month[5]) ||
      !absl::ascii_isdigit(month[6])) {
    return bad();
  }
  absl::StatusOr<core::EpochDay> first = core::ParseDate(absl::StrCat(month, "-01"));
  if (!first.ok()) return bad();
  absl::StatusOr<absl::CivilDay> civil = core::FromEpochDay(*first);
  if (!civil.ok()) return bad();
  const absl::CivilDay next_month(absl::CivilMonth(*civil) + 1);
  const core::EpochDay last = *first + static_cast<core::EpochDay>(next_month - *civil) - 1;
  if (!core::IsValidEpochDay(last)) return bad();
  return core::Period{.first_day = *first, .last_day = last};
}

std::string StatementName(int64_t id) { return core::FormatResourceName("statements", id); }

v1::StatementStatus StatusToProto(const std::string& status) {
  if (status == "issued") return v1::STATEMENT_STATUS_ISSUED;
  if (status == "confirmed") return v1::STATEMENT_STATUS_CONFIRMED;
  if (status == "disputed") return v1::STATEMENT_STATUS_DISPUTED;
  return v1::STATEMENT_STATUS_UNSPECIFIED;
}

v1::Statement StatementToProto(const store::StatementRecord& statement) {
  v1::Statement proto;
  proto.set_name(StatementName(statement.id));
  proto.set_customer(core::FormatResourceName("customers", statement.customer_id));
  proto.set_month(statement.month);
  proto.set_version(statement.version);
  proto.set_status(StatusToProto(statement.status));
  proto.set_opening_balance_fen(statement.opening);
  proto.set_invoiced_fen(statement.invoiced);
  proto.set_received_fen(statement.received);
  proto.set_written_off_fen(statement.written_off);
  proto.set_closing_balance_fen(statement.closing);
  proto.set_overdue_at_end_fen(statement.overdue);
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
  proto.set_invoice_status(invoice.status);
  proto.set_open_fen(invoice.open);
  proto.set_note(note);
  return proto;
}

// Locks the statement's customer row, then the statement row (the ledger's locking order), and
// checks that the caller may see it and that it is the newest version of its month: an older
// version is history and is neither confirmed nor disputed.
absl::StatusOr<store::StatementRecord> LockOpenStatement(WriteScope& write,
                                                         absl::string_view name) {
  HK_ASSIGN_OR_RETURN(int64_t id, ParseIdField("statements", "name", name));
  HK_ASSIGN_OR_RETURN(store::StatementRecord peek, store::GetStatement(write.db, id, false));
  if (!CanSee(write.caller, peek.customer_id, peek.owner_user_id)) return NotFound(name);
  store::LockCustomers(write.db, {peek.customer_id});
  HK_ASSIGN_OR_RETURN(store::StatementRecord statement, store::GetStatement(write.db, id, true));
  if (store::NewestStatementVersion(write.db, statement.customer_id, statement.month) !=
      statement.version) {
    return absl::FailedPreconditionError(absl::StrCat(name, " is not the newest statement of ",
                                                      statement.month,
                                                      ": confirm or dispute the newest version"));
  }
  return statement;
}

}  // namespace

grpc::Status StatementServiceImpl::GenerateStatement(grpc::ServerContext* context,
                                                     const v1::GenerateStatementRequest* request,
                                                     v1::GenerateStatementResponse* response) {
  return runtime_.Write(
      context, *request, request->request_id(), response, [&](WriteScope& write) -> absl::Status {
        absl::StatusOr<int64_t> customer_id =
            ParseIdField("customers", "customer", request->customer());
        absl::StatusOr<core::Period> period = ParseMonth(request->month());
        if (!customer_id.ok() || !period.ok()) {
          absl::Status status = !customer_id.ok() ? customer_id.status() : period.status();
          if (!customer_id.ok() && !period.ok()) {
            AddFieldViolation(status, "month", "must be a month \"YYYY-MM\"");
          }
          return status;
        }
        auto customers = store::LockCustomers(write.db, {*customer_id});
        auto it = customers.find(*customer_id);
        if (it == customers.end() ||
            !CanSee(write.caller, it->second.id, it->second.owner_user_id)) {
          return NotFound(request->customer());
        }
        const store::StatementSources sources =
            store::LoadStatementSources(write.db, *customer_id, period->last_day);
        HK_ASSIGN_OR_RETURN(core::Statement built,
                            core::BuildStatement(sources.invoices, sources.settlements, *period));

        absl::flat_hash_map<int64_t, size_t> row_of;
        for (size_t k = 0; k < sources.invoices.size(); ++k) {
          row_of.emplace(sources.invoices[k].invoice_id, k);
        }
        store::StatementRecord statement;
        statement.customer_id = *customer_id;
        statement.owner_user_id = it->second.owner_user_id;
        statement.month = request->month();
        statement.version =
            store::NewestStatementVersion(write.db, *customer_id, statement.month) + 1;
        statement.opening = built.opening_balance;
        statement.invoiced = built.invoiced;
        statement.received = built.received;
        statement.written_off = built.written_off;
        statement.closing = built.closing_balance;
        statement.overdue = built.overdue_at_end;
        statement.created_by = write.caller.user_id;
        statement.create_time = write.now;
        for (const core::StatementLine& line : built.lines) {
          store::StatementLineRecord out;
          out.invoice_id = line.invoice_id;
          out.invoice_number = sources.invoice_numbers[row_of.at(line.invoice_id)];
          out.order_number = line.order_number;
          out.invoice_day = line.invoice_day;
          out.due_day = line.due_day;
          out.amount = line.amount;
          out.open_at_end = line.open_at_end;
          out.overdue_at_end = line.overdue_at_end;
          if (line.open_at_end > 0) {
            // R-STMT-1: the reminder carries the due date of what is still owed.
            HK_ASSIGN_OR_RETURN(out.reminder_text,
                                core::DueReminderText(line.open_at_end, line.due_day));
          }
          statement.lines.push_back(std::move(out));
        }
        store::InsertStatement(write.db, statement);
        *response->mutable_statement() = StatementToProto(statement);
        write.Audit(response->statement().name(), nullptr, &response->statement());
        return absl::OkStatus();
      });
}

grpc::Status StatementServiceImpl::GetStatement(grpc::ServerContext* context,
                                                const v1::GetStatementRequest* request,
                                                v1::GetStatementResponse* response) {
  return runtime_.Read(
      context, [&](const Principal& caller, store::ConnectionPool::Lease& db) -> absl::Status {
        HK_ASSIGN_OR_RETURN(int64_t id, ParseIdField("statements", "name", request->name()));
        absl::StatusOr<store::StatementRecord> statement = store::GetStatement(db, id, false);
        if (!statement.ok()) return NotFound(request->name());
        if (!CanSee(caller, statement->customer_id, statement->owner_user_id)) {
          return NotFound(request->name());
        }
        *response->mutable_statement() = StatementToProto(*statement);
        return absl::OkStatus();
      });
}

grpc::Status StatementServiceImpl::ListStatements(grpc::ServerContext* context,
                                                  const v1::ListStatementsRequest* request,
                                                  v1::ListStatementsResponse* response) {
  return runtime_.Read(
      context, [&](const Principal& caller, store::ConnectionPool::Lease& db) -> absl::Status {
        HK_ASSIGN_OR_RETURN(int page_size, NormalizePageSize(request->page_size()));
        HK_ASSIGN_OR_RETURN(int64_t after_id, DecodePageToken(request->page_token()));
        std::optional<int64_t> customer_id;
        if (!request->customer().empty()) {
          HK_ASSIGN_OR_RETURN(customer_id,
                              ParseIdField("customers", "customer", request->customer()));
        }
        std::optional<int64_t> owner_user_id;
        // The filter and the caller's scope combine with AND: outside the scope is an empty page.
        if (caller.department == v1::DEPARTMENT_CUSTOMER) {
          if (!caller.customer_id) return absl::OkStatus();
          if (customer_id && *customer_id != *caller.customer_id) return absl::OkStatus();
          customer_id = *caller.customer_id;
        } else if (caller.scoped_to_owned_customers()) {
          owner_user_id = caller.user_id;
        }
        std::vector<store::StatementRecord> statements =
            store::ListStatements(db, customer_id, owner_user_id, after_id, page_size + 1);
        const bool more = static_cast<int>(statements.size()) > page_size;
        if (more) statements.pop_back();
        for (const auto& statement : statements) {
          *response->add_statements() = StatementToProto(statement);
        }
        if (more) response->set_next_page_token(EncodePageToken(statements.back().id));
        return absl::OkStatus();
      });
}

grpc::Status StatementServiceImpl::ConfirmStatement(grpc::ServerContext* context,
                                                    const v1::ConfirmStatementRequest* request,
                                                    v1::ConfirmStatementResponse* response) {
  return runtime_.Write(
      context, *request, request->request_id(), response, [&](WriteScope& write) -> absl::Status {
        HK_ASSIGN_OR_RETURN(store::StatementRecord statement,
                            LockOpenStatement(write, request->name()));
        if (statement.status != "issued") {
          return absl::FailedPreconditionError(
              absl::StrCat(request->name(), " is already ", statement.status));
        }
        const v1::Statement before = StatementToProto(statement);
        statement.status = "confirmed";
        statement.confirmed_by = write.caller.user_id;
        // Finance confirming (on the phone, by a signed paper copy) is recorded as on behalf of
        // the customer; only the portal user confirms in its own name.
        statement.confirmed_on_behalf = write.caller.department != v1::DEPARTMENT_CUSTOMER;
        statement.confirm_time = write.now;
        store::UpdateStatementStatus(write.db, statement);
        *response->mutable_statement() = StatementToProto(statement);
        write.Audit(response->statement().name(), &before, &response->statement());
        return absl::OkStatus();
      });
}

grpc::Status StatementServiceImpl::DisputeStatementLines(
    grpc::ServerContext* context, const v1::DisputeStatementLinesRequest* request,
    v1::DisputeStatementLinesResponse* response) {
  return runtime_.Write(
      context, *request, request->request_id(), response, [&](WriteScope& write) -> absl::Status {
        absl::Status invalid = absl::OkStatus();
        if (request->invoice_numbers().empty()) {
          invalid = FieldViolation("invoice_numbers", "name at least one invoice");
        } else if (request->invoice_numbers_size() > kMaxDisputedLines) {
          invalid = FieldViolation("invoice_numbers", "at most 1000 invoices per call");
        }
        absl::Status reason = ValidateText("reason", request->reason());
        if (!reason.ok()) {
          if (invalid.ok()) {
            invalid = reason;
          } else {
            AddFieldViolation(invalid, "reason", "is required, at most 2000 characters");
          }
        }
        HK_RETURN_IF_ERROR(invalid);
        HK_ASSIGN_OR_RETURN(store::StatementRecord statement,
                            LockOpenStatement(write, request->name()));
        if (statement.status == "confirmed") {
          return absl::FailedPreconditionError(
              absl::StrCat(request->name(), " is confirmed: it can no longer be disputed"));
        }
        absl::flat_hash_map<std::string, int64_t> line_invoice;
        for (const store::StatementLineRecord& line : statement.lines) {
          line_invoice.emplace(line.invoice_number, line.invoice_id);
        }
        // Every named number must be a line of this statement, named once.
        absl::flat_hash_map<std::string, int> seen;
        for (int k = 0; k < request->invoice_numbers_size(); ++k) {
          const std::string& number = request->invoice_numbers(k);
          const std::string field = absl::StrCat("invoice_numbers[", k, "]");
          if (!line_invoice.contains(number)) {
            return FieldViolation(field, "is not an invoice of this statement");
          }
          if (!seen.emplace(number, k).second) return FieldViolation(field, "is named twice");
        }
        const v1::Statement before = StatementToProto(statement);
        for (const std::string& number : request->invoice_numbers()) {
          HK_ASSIGN_OR_RETURN(store::InvoiceRecord invoice,
                              store::GetInvoice(write.db, line_invoice.at(number), true));
          // Only what is still owed can be disputed: a paid invoice has nothing to withhold, and
          // a disputed one is already paused.
          if (invoice.status != "open" || invoice.open <= 0) {
            return absl::FailedPreconditionError(
                absl::StrCat("invoice ", number, " is ", invoice.status,
                             ": only open invoices can be disputed"));
          }
          const v1::InvoiceDispute invoice_before = DisputeToProto(invoice, "");
          invoice.status = "disputed";
          invoice.update_time = write.now;
          store::UpdateInvoiceBalance(write.db, invoice);
          store::InsertDispute(write.db, invoice.id, statement.id, request->reason(),
                               write.caller.user_id, write.now);
          v1::InvoiceDispute* after = response->add_disputed_invoices();
          *after = DisputeToProto(invoice, request->reason());
          write.Audit(after->invoice(), &invoice_before, after);
        }
        statement.status = "disputed";
        statement.dispute_reason = request->reason();
        store::UpdateStatementStatus(write.db, statement);
        *response->mutable_statement() = StatementToProto(statement);
        write.Audit(response->statement().name(), &before, &response->statement());
        return absl::OkStatus();
      });
}

grpc::Status StatementServiceImpl::ResolveDispute(grpc::ServerContext* context,
                                                  const v1::ResolveDisputeRequest* request,
                                                  v1::ResolveDisputeResponse* response) {
  return runtime_.Write(
      context, *request, request->request_id(), response, [&](WriteScope& write) -> absl::Status {
        absl::StatusOr<int64_t> id = ParseIdField("invoices", "invoice", request->invoice());
        absl::Status resolution = ValidateText("resolution", request->resolution());
        if (!id.ok()) {
          absl::Status status = id.status();
          if (!resolution.ok()) AddFieldViolation(status, "resolution", "is required");
          return status;
        }
        HK_RETURN_IF_ERROR(resolution);
        absl::StatusOr<store::InvoiceRecord> peek = store::GetInvoice(write.db, *id, false);
        if (!peek.ok()) return NotFound(request->invoice());
        auto customers = store::LockCustomers(write.db, {peek->customer_id});
        auto it = customers.find(peek->customer_id);
        if (it == customers.end() ||
            !CanSee(write.caller, it->second.id, it->second.owner_user_id)) {
          return NotFound(request->invoice());
        }
        HK_ASSIGN_OR_RETURN(store::InvoiceRecord invoice, store::GetInvoice(write.db, *id, true));
        if (invoice.status != "disputed") {
          return absl::FailedPreconditionError(
              absl::StrCat(request->invoice(), " is ", invoice.status, ", not disputed"));
        }
        const v1::InvoiceDispute before = DisputeToProto(invoice, "");
        // Back into the ledger's rules: open (cash application and dunning take it again), or
        // paid when nothing is open (the ledger invariant: "paid" exactly when open is 0).
        invoice.status = invoice.open > 0 ? "open" : "paid";
        invoice.update_time = write.now;
        store::UpdateInvoiceBalance(write.db, invoice);
        store::ResolveDisputes(write.db, invoice.id, request->resolution(), write.caller.user_id,
                               write.now);
        *response->mutable_invoice() = DisputeToProto(invoice, request->resolution());
        write.Audit(response->invoice().invoice(), &before, &response->invoice());
        return absl::OkStatus();
      });
}

}  // namespace huikuan::service
