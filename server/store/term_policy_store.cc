#include "server/store/term_policy_store.h"

#include "absl/strings/str_cat.h"
#include "server/store/json_layouts.h"
#include "server/store/sql_values.h"

namespace huikuan::store {

int64_t LatestTermPolicyVersion(ConnectionPool::Lease& db, bool for_update) {
  auto rows = Query(db.Prepare(for_update ? "SELECT COALESCE(MAX(version), 0) FROM term_policies "
                                            "FOR UPDATE"
                                          : "SELECT COALESCE(MAX(version), 0) FROM term_policies"));
  rows->next();
  return rows->getInt64(1);
}

void InsertTermPolicy(ConnectionPool::Lease& db, const TermPolicyRecord& policy) {
  auto& insert = db.Prepare(
      "INSERT INTO term_policies (version, published_date, effective_date, rules_json, comment, "
      "created_by, create_time) VALUES (?, ?, ?, ?, ?, ?, ?)");
  Params(insert)
      .Int64(policy.version)
      .Day(policy.published_day)
      .Day(policy.effective_day)
      .String(EncodeTermPolicyRules(policy.rules))
      .String(policy.comment)
      .Int64(policy.created_by)
      .Time(policy.create_time);
  insert.executeUpdate();
}

std::vector<TermPolicyRecord> ListTermPolicies(ConnectionPool::Lease& db, int64_t after_version,
                                               int limit) {
  auto& select = db.Prepare(
      "SELECT version, DATEDIFF(published_date, '1970-01-01') AS published_day, "
      "DATEDIFF(effective_date, '1970-01-01') AS effective_day, rules_json, comment, created_by, "
      "create_time, early_discount_bp_per_day FROM term_policies WHERE version > ? "
      "ORDER BY version LIMIT ?");
  Params(select).Int64(after_version).Int(limit);
  auto rows = Query(select);
  std::vector<TermPolicyRecord> policies;
  while (rows->next()) {
    TermPolicyRecord policy;
    policy.version = rows->getInt64("version");
    policy.published_day = GetDay(*rows, "published_day");
    policy.effective_day = GetDay(*rows, "effective_day");
    absl::StatusOr<core::TermPolicyRules> rules =
        DecodeTermPolicyRules(GetString(*rows, "rules_json"));
    if (!rules.ok()) throw sql::SQLException(std::string(rules.status().message()));
    policy.rules = *std::move(rules);
    policy.comment = GetString(*rows, "comment");
    policy.created_by = rows->getInt64("created_by");
    policy.create_time = GetTimestamp(*rows, "create_time");
    policy.early_discount_bp_per_day = rows->getInt("early_discount_bp_per_day");
    policies.push_back(std::move(policy));
  }
  return policies;
}

// An invoice was paid early when it is paid and the last live allocation to it came from a
// payment received before its due date. Every column but the subquery's is in
// invoices_customer_status_due, so the customer's history is read from that index alone.
const char kOrderTermsFactsColumns[] =
    "COUNT(*) AS invoice_count, "
    "COALESCE(SUM(CASE WHEN i.invoice_date BETWEEN ? AND ? THEN i.amount_fen ELSE 0 END), 0) "
    "AS month_orders, "
    "COALESCE(SUM(i.invoice_date BETWEEN ? AND ?), 0) AS month_invoices, "
    "COALESCE(SUM(i.invoice_date BETWEEN ? AND ? AND i.status = 'paid' AND "
    "(SELECT MAX(p.received_date) FROM payment_allocations a JOIN payments p "
    "ON p.id = a.payment_id WHERE a.invoice_id = i.id AND a.reversed = 0) < i.due_date), 0) "
    "AS month_paid_early ";

void SetOrderTermsMonth(sql::PreparedStatement& select, core::EpochDay month_start,
                        core::EpochDay month_end) {
  Params params(select);
  for (int i = 0; i < 3; ++i) params.Day(month_start).Day(month_end);
}

OrderTermsFacts ReadOrderTermsFacts(sql::ResultSet& rows) {
  OrderTermsFacts facts;
  facts.invoice_count = rows.getInt("invoice_count");
  facts.month_orders = rows.getInt64("month_orders");
  facts.month_invoices = rows.getInt("month_invoices");
  facts.month_paid_early = rows.getInt("month_paid_early");
  return facts;
}

OrderTermsFacts LoadOrderTermsFacts(ConnectionPool::Lease& db, int64_t customer_id,
                                    core::EpochDay month_start, core::EpochDay month_end) {
  auto& select =
      db.Prepare(absl::StrCat("SELECT ", kOrderTermsFactsColumns,
                              "FROM invoices i FORCE INDEX (invoices_customer_status_due) "
                              "WHERE i.customer_id = ?"));
  SetOrderTermsMonth(select, month_start, month_end);
  select.setInt64(7, customer_id);
  auto rows = Query(select);
  rows->next();
  return ReadOrderTermsFacts(*rows);
}

}  // namespace huikuan::store
