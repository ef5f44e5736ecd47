#include "server/store/statement_store.h"

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "server/core/violations.h"
#include "server/store/sql_values.h"

namespace huikuan::store {
namespace {

constexpr char kStatementColumns[] =
    "SELECT s.id, s.customer_id, c.owner_user_id, s.month, s.version, s.status, s.opening_fen, "
    "s.invoiced_fen, s.received_fen, s.written_off_fen, s.settled_in_kind_fen, s.discounted_fen, "
    "s.closing_fen, "
    "s.overdue_fen, "
    "s.created_by, s.create_time, s.confirmed_by, s.confirmed_on_behalf, s.confirm_time, "
    "s.dispute_reason FROM statements s JOIN customers c ON c.id = s.customer_id ";

StatementRecord ReadStatement(sql::ResultSet& rows) {
  StatementRecord statement;
  statement.id = rows.getInt64("id");
  statement.customer_id = rows.getInt64("customer_id");
  statement.owner_user_id = rows.getInt64("owner_user_id");
  statement.month = GetString(rows, "month");
  statement.version = rows.getInt("version");
  statement.status = GetEnum<core::StatementStatus, core::kStatementStatusCount>(
      rows, "status", core::StatementStatusName);
  statement.opening = rows.getInt64("opening_fen");
  statement.invoiced = rows.getInt64("invoiced_fen");
  statement.received = rows.getInt64("received_fen");
  statement.written_off = rows.getInt64("written_off_fen");
  statement.settled_in_kind = rows.getInt64("settled_in_kind_fen");
  statement.discounted = rows.getInt64("discounted_fen");
  statement.closing = rows.getInt64("closing_fen");
  statement.overdue = rows.getInt64("overdue_fen");
  statement.created_by = rows.getInt64("created_by");
  statement.create_time = GetTimestamp(rows, "create_time");
  statement.confirmed_by = GetOptionalInt64(rows, "confirmed_by");
  statement.confirmed_on_behalf = rows.getInt("confirmed_on_behalf") != 0;
  statement.confirm_time = GetOptionalTimestamp(rows, "confirm_time");
  statement.dispute_reason = GetString(rows, "dispute_reason");
  return statement;
}

}  // namespace

StatementSources LoadStatementSources(ConnectionPool::Lease& db, int64_t customer_id,
                                      core::EpochDay last_day) {
  StatementSources sources;
  absl::flat_hash_map<int64_t, size_t> row_of;
  {
    auto& select = db.Prepare(
        "SELECT id, order_number, invoice_number, amount_fen, "
        "DATEDIFF(invoice_date, '1970-01-01') AS invoice_day, "
        "DATEDIFF(due_date, '1970-01-01') AS due_day FROM invoices "
        "WHERE customer_id = ? AND invoice_date <= ? ORDER BY id");
    Params(select).Int64(customer_id).Day(last_day);
    auto rows = Query(select);
    while (rows->next()) {
      core::StatementInvoice invoice;
      invoice.invoice_id = rows->getInt64("id");
      invoice.order_number = GetString(*rows, "order_number");
      invoice.invoice_day = GetDay(*rows, "invoice_day");
      invoice.due_day = GetDay(*rows, "due_day");
      invoice.amount = rows->getInt64("amount_fen");
      row_of.emplace(invoice.invoice_id, sources.invoices.size());
      sources.invoices.push_back(std::move(invoice));
      sources.invoice_numbers.push_back(GetString(*rows, "invoice_number"));
    }
  }
  auto& select = db.Prepare(
      "SELECT a.invoice_id, a.amount_fen, "
      "DATEDIFF(GREATEST(p.received_date, i.invoice_date), '1970-01-01') AS day "
      "FROM payment_allocations a JOIN payments p ON p.id = a.payment_id "
      "JOIN invoices i ON i.id = a.invoice_id "
      "WHERE p.customer_id = ? AND a.reversed = 0 AND p.status = 'received' "
      "AND GREATEST(p.received_date, i.invoice_date) <= ? ORDER BY a.id");
  Params(select).Int64(customer_id).Day(last_day);
  auto rows = Query(select);
  while (rows->next()) {
    auto it = row_of.find(rows->getInt64("invoice_id"));
    if (it == row_of.end()) continue;  // cannot happen: the invoice is dated before the payment
    core::StatementSettlement settlement;
    settlement.invoice_row = it->second;
    settlement.day = GetDay(*rows, "day");
    settlement.amount = rows->getInt64("amount_fen");
    sources.settlements.push_back(settlement);
  }
  // Approved write-offs (migration 0060) took their amount off the invoice when they were
  // approved: dated on that day in Asia/Shanghai (UTC+8, no daylight saving), never before the
  // invoice.
  auto& write_offs = db.Prepare(
      "SELECT w.invoice_id, w.amount_fen, DATEDIFF(GREATEST(DATE(w.update_time + INTERVAL 8 HOUR), "
      "i.invoice_date), '1970-01-01') AS day FROM write_offs w "
      "JOIN invoices i ON i.id = w.invoice_id "
      "WHERE w.customer_id = ? AND w.status = 'approved' "
      "AND GREATEST(DATE(w.update_time + INTERVAL 8 HOUR), i.invoice_date) <= ? ORDER BY w.id");
  Params(write_offs).Int64(customer_id).Day(last_day);
  auto write_off_rows = Query(write_offs);
  while (write_off_rows->next()) {
    auto it = row_of.find(write_off_rows->getInt64("invoice_id"));
    if (it == row_of.end()) continue;
    core::StatementSettlement settlement;
    settlement.invoice_row = it->second;
    settlement.day = GetDay(*write_off_rows, "day");
    settlement.amount = write_off_rows->getInt64("amount_fen");
    settlement.write_off = true;
    sources.settlements.push_back(settlement);
  }
  // Approved non-cash settlements (migration 0229) on the business day they were approved.
  auto& in_kind = db.Prepare(
      "SELECT s.invoice_id, s.amount_fen, "
      "DATEDIFF(GREATEST(s.decided_date, i.invoice_date), '1970-01-01') AS day FROM settlements s "
      "JOIN invoices i ON i.id = s.invoice_id "
      "WHERE s.customer_id = ? AND s.status = 'approved' "
      "AND GREATEST(s.decided_date, i.invoice_date) <= ? ORDER BY s.id");
  Params(in_kind).Int64(customer_id).Day(last_day);
  auto in_kind_rows = Query(in_kind);
  while (in_kind_rows->next()) {
    auto it = row_of.find(in_kind_rows->getInt64("invoice_id"));
    if (it == row_of.end()) continue;
    core::StatementSettlement settlement;
    settlement.invoice_row = it->second;
    settlement.day = GetDay(*in_kind_rows, "day");
    settlement.amount = in_kind_rows->getInt64("amount_fen");
    settlement.in_kind = true;
    sources.settlements.push_back(settlement);
  }
  // Early-payment discounts honoured (issue 14, migration 0552) on their payment's received day.
  auto& discounts = db.Prepare(
      "SELECT o.invoice_id, o.discount_fen, "
      "DATEDIFF(GREATEST(o.honoured_date, i.invoice_date), '1970-01-01') AS day "
      "FROM discount_offers o JOIN invoices i ON i.id = o.invoice_id "
      "WHERE o.customer_id = ? AND o.status = 'honoured' "
      "AND GREATEST(o.honoured_date, i.invoice_date) <= ? ORDER BY o.id");
  Params(discounts).Int64(customer_id).Day(last_day);
  auto discount_rows = Query(discounts);
  while (discount_rows->next()) {
    auto it = row_of.find(discount_rows->getInt64("invoice_id"));
    if (it == row_of.end()) continue;
    core::StatementSettlement settlement;
    settlement.invoice_row = it->second;
    settlement.day = GetDay(*discount_rows, "day");
    settlement.amount = discount_rows->getInt64("discount_fen");
    settlement.discount = true;
    sources.settlements.push_back(settlement);
  }
  return sources;
}

int32_t NewestStatementVersion(ConnectionPool::Lease& db, int64_t customer_id,
                               const std::string& month) {
  auto& select = db.Prepare(
      "SELECT COALESCE(MAX(version), 0) AS v FROM statements WHERE customer_id = ? AND month = ? "
      "LOCK IN SHARE MODE");
  Params(select).Int64(customer_id).String(month);
  auto rows = Query(select);
  return rows->next() ? rows->getInt("v") : 0;
}

void InsertStatement(ConnectionPool::Lease& db, StatementRecord& statement) {
  auto& insert = db.Prepare(
      "INSERT INTO statements (customer_id, month, version, status, opening_fen, invoiced_fen, "
      "received_fen, written_off_fen, settled_in_kind_fen, discounted_fen, closing_fen, "
      "overdue_fen, "
      "created_by, create_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  Params(insert)
      .Int64(statement.customer_id)
      .String(statement.month)
      .Int(statement.version)
      .Name(statement.status, core::StatementStatusName)
      .Int64(statement.opening)
      .Int64(statement.invoiced)
      .Int64(statement.received)
      .Int64(statement.written_off)
      .Int64(statement.settled_in_kind)
      .Int64(statement.discounted)
      .Int64(statement.closing)
      .Int64(statement.overdue)
      .Int64(statement.created_by)
      .Time(statement.create_time);
  insert.executeUpdate();
  statement.id = LastInsertId(db);
  auto& line_insert = db.Prepare(
      "INSERT INTO statement_lines (statement_id, line_no, invoice_id, invoice_number, "
      "order_number, invoice_date, due_date, amount_fen, open_at_end_fen, overdue_at_end, "
      "reminder_text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  int line_no = 0;
  for (const StatementLineRecord& line : statement.lines) {
    Params(line_insert)
        .Int64(statement.id)
        .Int(++line_no)
        .Int64(line.invoice_id)
        .String(line.invoice_number)
        .String(line.order_number)
        .Day(line.invoice_day)
        .Day(line.due_day)
        .Int64(line.amount)
        .Int64(line.open_at_end)
        .Int(line.overdue_at_end ? 1 : 0)
        .String(line.reminder_text);
    line_insert.executeUpdate();
  }
}

absl::StatusOr<StatementRecord> GetStatement(ConnectionPool::Lease& db, int64_t id, Lock lock) {
  auto& select = db.Prepare(absl::StrCat(kStatementColumns, "WHERE s.id = ?", LockClause(lock)));
  select.setInt64(1, id);
  auto rows = Query(select);
  if (!rows->next()) return core::NotFoundError(absl::StrCat("statements/", id));
  StatementRecord statement = ReadStatement(*rows);
  auto& lines = db.Prepare(
      "SELECT invoice_id, invoice_number, order_number, "
      "DATEDIFF(invoice_date, '1970-01-01') AS invoice_day, "
      "DATEDIFF(due_date, '1970-01-01') AS due_day, amount_fen, open_at_end_fen, overdue_at_end, "
      "reminder_text FROM statement_lines WHERE statement_id = ? ORDER BY line_no");
  lines.setInt64(1, id);
  auto line_rows = Query(lines);
  while (line_rows->next()) {
    StatementLineRecord line;
    line.invoice_id = line_rows->getInt64("invoice_id");
    line.invoice_number = GetString(*line_rows, "invoice_number");
    line.order_number = GetString(*line_rows, "order_number");
    line.invoice_day = GetDay(*line_rows, "invoice_day");
    line.due_day = GetDay(*line_rows, "due_day");
    line.amount = line_rows->getInt64("amount_fen");
    line.open_at_end = line_rows->getInt64("open_at_end_fen");
    line.overdue_at_end = line_rows->getInt("overdue_at_end") != 0;
    line.reminder_text = GetString(*line_rows, "reminder_text");
    statement.lines.push_back(std::move(line));
  }
  return statement;
}

std::vector<StatementRecord> ListStatements(ConnectionPool::Lease& db,
                                            std::optional<int64_t> customer_id,
                                            std::optional<int64_t> owner_user_id, int64_t after_id,
                                            int limit) {
  // NULL parameters switch a filter off (one statement text, as in ListInvoices).
  auto& select =
      db.Prepare(absl::StrCat(kStatementColumns,
                              "WHERE s.id > ? AND (? IS NULL OR s.customer_id = ?) "
                              "AND (? IS NULL OR c.owner_user_id = ?) ORDER BY s.id LIMIT ?"));
  Params(select)
      .Int64(after_id)
      .OptionalInt64(customer_id)
      .OptionalInt64(customer_id)
      .OptionalInt64(owner_user_id)
      .OptionalInt64(owner_user_id)
      .Int(limit);
  auto rows = Query(select);
  std::vector<StatementRecord> statements;
  while (rows->next()) statements.push_back(ReadStatement(*rows));
  return statements;
}

void UpdateStatementStatus(ConnectionPool::Lease& db, const StatementRecord& statement) {
  auto& update = db.Prepare(
      "UPDATE statements SET status = ?, confirmed_by = ?, confirmed_on_behalf = ?, "
      "confirm_time = ?, dispute_reason = ? WHERE id = ?");
  Params(update)
      .Name(statement.status, core::StatementStatusName)
      .OptionalInt64(statement.confirmed_by)
      .Int(statement.confirmed_on_behalf ? 1 : 0)
      .OptionalTime(statement.confirm_time)
      .String(statement.dispute_reason)
      .Int64(statement.id);
  update.executeUpdate();
}

}  // namespace huikuan::store
