#include "server/store/health_store.h"

#include "absl/container/flat_hash_map.h"
#include "server/store/sql_values.h"

namespace huikuan::store {

std::vector<HealthFacts> LoadHealthFacts(ConnectionPool::Lease& db, core::EpochDay today,
                                         absl::Time year_start_time) {
  const core::EpochDay year_start = today - core::kHealthYearDays + 1;
  const core::EpochDay recent_start = today - core::kHealthWindowDays;
  const core::EpochDay prior_start = recent_start - core::kHealthWindowDays;
  std::vector<HealthFacts> out;
  absl::flat_hash_map<int64_t, size_t> index;
  {
    auto& select = db.Prepare(
        "SELECT c.id, c.owner_user_id, c.display_name, c.industry, c.tier, "
        "COALESCE(SUM(CASE WHEN i.status IN ('open', 'disputed') THEN i.open_fen END), 0) AS bal, "
        "COALESCE(SUM(CASE WHEN i.status IN ('open', 'disputed') AND i.due_date < ? "
        "  THEN i.open_fen END), 0) AS overdue, "
        "COALESCE(SUM(i.status IN ('open', 'disputed') AND i.due_date < ? AND i.open_fen > 0), 0) "
        "  AS overdue_invoices, "
        "COALESCE(SUM(CASE WHEN i.invoice_date >= ? AND i.invoice_date <= ? THEN i.amount_fen END),"
        " 0) AS sales "
        "FROM customers c LEFT JOIN invoices i ON i.customer_id = c.id "
        "AND (i.status IN ('open', 'disputed') OR i.invoice_date >= ?) "
        "GROUP BY c.id ORDER BY c.id");
    Params(select).Day(today).Day(today).Day(year_start).Day(today).Day(year_start);
    auto rows = Query(select);
    while (rows->next()) {
      HealthFacts facts;
      facts.customer_id = rows->getInt64("id");
      facts.owner_user_id = rows->getInt64("owner_user_id");
      facts.display_name = GetString(*rows, "display_name");
      facts.industry = GetString(*rows, "industry");
      facts.tier = GetString(*rows, "tier");
      facts.input.balance = rows->getInt64("bal");
      facts.input.overdue = rows->getInt64("overdue");
      facts.input.overdue_invoices = rows->getInt64("overdue_invoices");
      facts.input.sales_year = rows->getInt64("sales");
      index[facts.customer_id] = out.size();
      out.push_back(std::move(facts));
    }
  }
  {
    // Paid in full by the due date: cash from payments received on or before it covers what
    // was not cleared otherwise (written off, settled in kind).
    auto& select = db.Prepare(
        "SELECT x.customer_id, SUM(x.due_date >= ?) AS recent_due, "
        "SUM(x.due_date >= ? AND x.on_time) AS recent_on_time, "
        "SUM(x.due_date < ?) AS prior_due, SUM(x.due_date < ? AND x.on_time) AS prior_on_time "
        "FROM (SELECT i.customer_id, i.due_date, "
        "  (SELECT COALESCE(SUM(a.amount_fen), 0) FROM payment_allocations a "
        "   JOIN payments p ON p.id = a.payment_id "
        "   WHERE a.invoice_id = i.id AND a.reversed = 0 AND p.received_date <= i.due_date) "
        "  >= i.amount_fen - i.written_off_fen - i.settled_fen AS on_time "
        "  FROM invoices i WHERE i.status IN ('open', 'paid', 'disputed', 'written_off') "
        "  AND i.due_date >= ? AND i.due_date < ?) x GROUP BY x.customer_id");
    Params(select)
        .Day(recent_start)
        .Day(recent_start)
        .Day(recent_start)
        .Day(recent_start)
        .Day(prior_start)
        .Day(today);
    auto rows = Query(select);
    while (rows->next()) {
      auto it = index.find(rows->getInt64("customer_id"));
      if (it == index.end()) continue;
      core::HealthInput& input = out[it->second].input;
      input.recent_due = rows->getInt("recent_due");
      input.recent_on_time = rows->getInt("recent_on_time");
      input.prior_due = rows->getInt("prior_due");
      input.prior_on_time = rows->getInt("prior_on_time");
    }
  }
  {
    auto& select = db.Prepare(
        "SELECT i.customer_id, COUNT(*) AS disputes FROM invoice_disputes d "
        "JOIN invoices i ON i.id = d.invoice_id WHERE d.create_time >= ? GROUP BY i.customer_id");
    Params(select).Time(year_start_time);
    auto rows = Query(select);
    while (rows->next()) {
      auto it = index.find(rows->getInt64("customer_id"));
      if (it == index.end()) continue;
      out[it->second].input.disputes_year = rows->getInt("disputes");
    }
  }
  return out;
}

HealthLedgerMark LoadHealthLedgerMark(ConnectionPool::Lease& db) {
  auto rows =
      Query(db.Prepare("SELECT NOW(6) AS now, "
                       "COALESCE((SELECT MAX(update_time) FROM invoices), '1970-01-01 00:00:01') "
                       "AS invoices_changed, "
                       "COALESCE((SELECT MAX(update_time) FROM customers), '1970-01-01 00:00:01') "
                       "AS customers_changed"));
  rows->next();
  return {GetTimestamp(*rows, "now"), GetTimestamp(*rows, "invoices_changed"),
          GetTimestamp(*rows, "customers_changed")};
}

}  // namespace huikuan::store
