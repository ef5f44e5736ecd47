#include "server/ops/statements.h"

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "server/core/invoice_state.h"
#include "server/core/resource_name.h"
#include "server/core/status_macros.h"
#include "server/core/violations.h"
#include "server/ops/audit_images.h"
#include "server/ops/disputes.h"
#include "server/ops/row_scope.h"

namespace huikuan::ops {
namespace {

constexpr absl::string_view kStatementSuperseded = "STATEMENT_SUPERSEDED";

// Locks the statement's customer row, then the statement row (the ledger's locking order), and
// checks that the caller may see it and that it is the newest version of its month: an older
// version is history and is neither confirmed nor disputed.
absl::StatusOr<store::StatementRecord> LockNewestStatement(WriteScope& write, int64_t id,
                                                           absl::string_view name) {
  absl::StatusOr<store::StatementRecord> peek =
      store::GetStatement(write.db, id, store::Lock::kNone);
  if (!peek.ok() || !CanSeeCustomer(write.caller, peek->customer_id, peek->owner_user_id)) {
    return core::NotFoundError(name);
  }
  store::LockCustomers(write.db, {peek->customer_id});
  HK_ASSIGN_OR_RETURN(store::StatementRecord statement,
                      store::GetStatement(write.db, id, store::Lock::kForUpdate));
  if (store::NewestStatementVersion(write.db, statement.customer_id, statement.month) !=
      statement.version) {
    return core::RuleViolation(
        kStatementSuperseded, name,
        absl::StrCat(name, " is not the newest statement of ", statement.month,
                     ": confirm or dispute the newest version"));
  }
  return statement;
}

}  // namespace

absl::StatusOr<core::Period> ParseMonth(absl::string_view field, absl::string_view month) {
  const auto bad = [&] { return core::FieldViolation(field, "must be a month \"YYYY-MM\""); };
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

absl::StatusOr<store::StatementRecord> GenerateStatement(WriteScope& write, int64_t customer_id,
                                                         absl::string_view customer_name,
                                                         const std::string& month,
                                                         const core::Period& period) {
  HK_ASSIGN_OR_RETURN(store::LedgerCustomer customer,
                      LockVisibleCustomer(write.db, write.caller, customer_id, customer_name));
  const store::StatementSources sources =
      store::LoadStatementSources(write.db, customer_id, period.last_day);
  HK_ASSIGN_OR_RETURN(core::Statement built,
                      core::BuildStatement(sources.invoices, sources.settlements, period));
  absl::flat_hash_map<int64_t, size_t> row_of;
  for (size_t k = 0; k < sources.invoices.size(); ++k) {
    row_of.emplace(sources.invoices[k].invoice_id, k);
  }
  store::StatementRecord statement;
  statement.customer_id = customer_id;
  statement.owner_user_id = customer.owner_user_id;
  statement.month = month;
  statement.version = store::NewestStatementVersion(write.db, customer_id, month) + 1;
  statement.opening = built.opening_balance;
  statement.invoiced = built.invoiced;
  statement.received = built.received;
  statement.written_off = built.written_off;
  statement.settled_in_kind = built.settled_in_kind;
  statement.discounted = built.discounted;
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
      HK_ASSIGN_OR_RETURN(out.reminder_text, core::DueReminderText(line.open_at_end, line.due_day));
    }
    statement.lines.push_back(std::move(out));
  }
  store::InsertStatement(write.db, statement);
  write.audit.Record(core::FormatResourceName("statements", statement.id), core::Json(),
                     StatementImage(statement));
  return statement;
}

absl::StatusOr<store::StatementRecord> GetStatement(ReadScope& read, int64_t id,
                                                    absl::string_view name) {
  absl::StatusOr<store::StatementRecord> statement =
      store::GetStatement(read.db, id, store::Lock::kNone);
  if (!statement.ok() ||
      !CanSeeCustomer(read.caller, statement->customer_id, statement->owner_user_id)) {
    return core::NotFoundError(name);
  }
  return statement;
}

std::vector<store::StatementRecord> ListStatements(ReadScope& read,
                                                   std::optional<int64_t> customer_id,
                                                   int64_t after_id, int limit) {
  const ListScope scope = ScopeList(read.caller, customer_id);
  if (scope.nothing) return {};
  return store::ListStatements(read.db, scope.customer_id, scope.owner_user_id, after_id, limit);
}

absl::StatusOr<store::StatementRecord> ConfirmStatement(WriteScope& write, int64_t id,
                                                        absl::string_view name) {
  HK_ASSIGN_OR_RETURN(store::StatementRecord statement, LockNewestStatement(write, id, name));
  const store::StatementRecord before = statement;
  HK_RETURN_IF_ERROR(core::ConfirmStatement(statement.status, name));
  statement.confirmed_by = write.caller.user_id;
  statement.confirmed_on_behalf = !write.caller.is_customer();
  statement.confirm_time = write.now;
  store::UpdateStatementStatus(write.db, statement);
  write.audit.Record(name, StatementImage(before), StatementImage(statement));
  return statement;
}

absl::StatusOr<DisputedLines> DisputeStatementLines(WriteScope& write, int64_t id,
                                                    absl::string_view name,
                                                    const std::vector<std::string>& invoice_numbers,
                                                    const std::string& reason) {
  HK_ASSIGN_OR_RETURN(store::StatementRecord statement, LockNewestStatement(write, id, name));
  const store::StatementRecord before = statement;
  HK_RETURN_IF_ERROR(core::DisputeStatement(statement.status, name));
  absl::flat_hash_map<std::string, int64_t> line_invoice;
  for (const store::StatementLineRecord& line : statement.lines) {
    line_invoice.emplace(line.invoice_number, line.invoice_id);
  }
  absl::flat_hash_map<std::string, size_t> seen;
  for (size_t k = 0; k < invoice_numbers.size(); ++k) {
    const std::string field = absl::StrCat("invoice_numbers[", k, "]");
    if (!line_invoice.contains(invoice_numbers[k])) {
      return core::FieldViolation(field, "is not an invoice of this statement");
    }
    if (!seen.emplace(invoice_numbers[k], k).second) {
      return core::FieldViolation(field, "is named twice");
    }
  }
  DisputedLines disputed;
  DisputeDraft draft;
  draft.source = core::DisputeSource::kStatement;
  draft.reason_code = core::DisputeReason::kOther;  // the portal takes the customer's words
  draft.reason = reason;
  draft.statement_id = statement.id;
  for (const std::string& number : invoice_numbers) {
    HK_ASSIGN_OR_RETURN(
        store::InvoiceRecord invoice,
        store::GetInvoice(write.db, line_invoice.at(number), store::Lock::kForUpdate));
    HK_RETURN_IF_ERROR(
        DisputeLockedInvoice(write, invoice, absl::StrCat("invoice ", number), draft).status());
    disputed.invoices.push_back(std::move(invoice));
  }
  statement.dispute_reason = reason;
  store::UpdateStatementStatus(write.db, statement);
  write.audit.Record(name, StatementImage(before), StatementImage(statement));
  disputed.statement = std::move(statement);
  return disputed;
}

}  // namespace huikuan::ops
