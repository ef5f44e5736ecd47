#include "server/store/payment_reference_store.h"

#include "server/store/sql_values.h"

namespace huikuan::store {

std::optional<std::vector<int64_t>> StatementInvoicesOf(ConnectionPool::Lease& db,
                                                        int64_t statement_id, int64_t customer_id) {
  auto& owner = db.Prepare("SELECT customer_id FROM statements WHERE id = ?");
  Params(owner).Int64(statement_id);
  auto found = Query(owner);
  if (!found->next() || found->getInt64("customer_id") != customer_id) return std::nullopt;
  auto& lines =
      db.Prepare("SELECT invoice_id FROM statement_lines WHERE statement_id = ? ORDER BY line_no");
  Params(lines).Int64(statement_id);
  auto rows = Query(lines);
  std::vector<int64_t> ids;
  while (rows->next()) ids.push_back(rows->getInt64("invoice_id"));
  return ids;
}

std::vector<StatementToPayRow> LatestStatementsToPay(ConnectionPool::Lease& db, int64_t customer_id,
                                                     int limit) {
  auto& select = db.Prepare(
      "SELECT s.id, s.month, s.version, s.closing_fen, "
      "COALESCE(SUM(CASE WHEN i.status = 'open' THEN i.open_fen ELSE 0 END), 0) AS open_now, "
      "DATEDIFF(MIN(CASE WHEN i.status = 'open' AND i.open_fen > 0 THEN i.due_date END), "
      "'1970-01-01') AS next_due_day "
      "FROM statements s LEFT JOIN statement_lines l ON l.statement_id = s.id "
      "LEFT JOIN invoices i ON i.id = l.invoice_id "
      "WHERE s.customer_id = ? AND s.version = (SELECT MAX(s2.version) FROM statements s2 "
      "WHERE s2.customer_id = s.customer_id AND s2.month = s.month) "
      "GROUP BY s.id, s.month, s.version, s.closing_fen ORDER BY s.month DESC LIMIT ?");
  Params(select).Int64(customer_id).Int(limit);
  auto rows = Query(select);
  std::vector<StatementToPayRow> out;
  while (rows->next()) {
    StatementToPayRow row;
    row.id = rows->getInt64("id");
    row.month = GetString(*rows, "month");
    row.version = rows->getInt("version");
    row.closing = rows->getInt64("closing_fen");
    row.open_now = rows->getInt64("open_now");
    if (std::optional<int64_t> day = GetOptionalInt64(*rows, "next_due_day")) {
      row.next_due_day = static_cast<core::EpochDay>(*day);
    }
    out.push_back(std::move(row));
  }
  return out;
}

}  // namespace huikuan::store
