#include "server/store/risk_store.h"

#include <algorithm>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "server/store/sql_values.h"

namespace huikuan::store {
namespace {

// customer_risks.reasons and risk_changes.reasons: one reason a line, "<level>\t<rule>\t<text>";
// tabs and line breaks inside a text become spaces.
std::string EncodeReasons(const std::vector<core::RiskReason>& reasons) {
  std::vector<std::string> lines;
  for (const core::RiskReason& r : reasons) {
    std::string text = r.text;
    for (char& c : text) {
      if (c == '\t' || c == '\n' || c == '\r') c = ' ';
    }
    lines.push_back(absl::StrCat(core::WarningLevelName(r.level), "\t", r.rule, "\t", text));
  }
  return absl::StrJoin(lines, "\n");
}

std::vector<core::RiskReason> DecodeReasons(const std::string& stored) {
  std::vector<core::RiskReason> reasons;
  if (stored.empty()) return reasons;
  for (absl::string_view line : absl::StrSplit(stored, '\n')) {
    std::vector<std::string> parts = absl::StrSplit(line, absl::MaxSplits('\t', 2));
    if (parts.size() != 3) throw sql::SQLException("malformed stored risk reason", "HY000", 0);
    std::optional<core::WarningLevel> level = core::ParseWarningLevel(parts[0]);
    if (!level) throw sql::SQLException("unknown stored warning level", "HY000", 0);
    reasons.push_back({std::move(parts[1]), *level, std::move(parts[2])});
  }
  return reasons;
}

core::WarningLevel GetLevel(sql::ResultSet& rows, const char* column) {
  return GetEnum<core::WarningLevel, 4>(rows, column, core::WarningLevelName);
}

std::optional<double> GetOptionalDouble(sql::ResultSet& rows, const char* column) {
  if (rows.isNull(column)) return std::nullopt;
  return static_cast<double>(rows.getDouble(column));
}

void SetOptionalDouble(sql::PreparedStatement& stmt, int index, std::optional<double> value) {
  if (value) {
    stmt.setDouble(index, *value);
  } else {
    stmt.setNull(index, sql::DataType::DOUBLE);
  }
}

constexpr char kSignalColumns[] =
    "SELECT s.id, s.customer_id, c.owner_user_id, s.kind, s.source, s.reference, "
    "DATEDIFF(s.signal_date, '1970-01-01') AS signal_day, s.amount_fen, s.previous_amount_fen, "
    "s.value, s.previous_value, s.evidence, s.level, s.created_by, s.create_time "
    "FROM risk_signals s JOIN customers c ON c.id = s.customer_id ";

RiskSignalRecord ReadSignal(sql::ResultSet& rows) {
  RiskSignalRecord r;
  r.id = rows.getInt64("id");
  r.customer_id = rows.getInt64("customer_id");
  r.owner_user_id = rows.getInt64("owner_user_id");
  r.signal.kind =
      GetEnum<core::SignalKind, core::kSignalKindCount>(rows, "kind", core::SignalKindName);
  r.signal.source = GetString(rows, "source");
  r.signal.reference = GetString(rows, "reference");
  r.signal.day = GetDay(rows, "signal_day");
  r.signal.amount = GetOptionalInt64(rows, "amount_fen");
  r.signal.previous_amount = GetOptionalInt64(rows, "previous_amount_fen");
  r.signal.value = GetString(rows, "value");
  r.signal.previous_value = GetString(rows, "previous_value");
  r.signal.evidence = GetString(rows, "evidence");
  r.level = GetLevel(rows, "level");
  r.created_by = GetOptionalInt64(rows, "created_by");
  r.create_time = GetTimestamp(rows, "create_time");
  return r;
}

constexpr char kRiskColumns[] =
    "SELECT r.customer_id, r.level, r.reasons, DATEDIFF(r.as_of_date, '1970-01-01') AS as_of_day, "
    "r.dso_days, r.industry_dso_days, r.balance_fen, r.overdue_fen, r.over30_fen, "
    "r.credit_limit_fen, r.orders_recent_fen, r.orders_prior_fen, r.broken_promises, "
    "r.level_since_time, r.update_time, c.display_name, c.owner_user_id, u.username "
    "FROM customer_risks r JOIN customers c ON c.id = r.customer_id "
    "JOIN users u ON u.id = c.owner_user_id ";

int LevelRank(core::WarningLevel level) { return static_cast<int>(level); }

CustomerRiskRecord ReadRisk(sql::ResultSet& rows) {
  CustomerRiskRecord r;
  r.customer_id = rows.getInt64("customer_id");
  r.level = GetLevel(rows, "level");
  r.reasons = DecodeReasons(GetString(rows, "reasons"));
  r.as_of_day = GetDay(rows, "as_of_day");
  r.figures.dso_days = GetOptionalDouble(rows, "dso_days");
  r.figures.industry_dso_days = GetOptionalDouble(rows, "industry_dso_days");
  r.figures.balance = rows.getInt64("balance_fen");
  r.figures.overdue = rows.getInt64("overdue_fen");
  r.figures.over30 = rows.getInt64("over30_fen");
  r.figures.credit_limit = rows.getInt64("credit_limit_fen");
  r.figures.orders_recent = rows.getInt64("orders_recent_fen");
  r.figures.orders_prior = rows.getInt64("orders_prior_fen");
  r.figures.broken_promises = rows.getInt("broken_promises");
  r.level_since = GetTimestamp(rows, "level_since_time");
  r.update_time = GetTimestamp(rows, "update_time");
  r.display_name = GetString(rows, "display_name");
  r.owner_user_id = rows.getInt64("owner_user_id");
  r.owner_username = GetString(rows, "username");
  return r;
}

}  // namespace

std::optional<RiskSignalRecord> FindRiskSignal(ConnectionPool::Lease& db, const std::string& source,
                                               const std::string& reference) {
  auto& select =
      db.Prepare(absl::StrCat(kSignalColumns, "WHERE s.source = ? AND s.reference = ? FOR UPDATE"));
  Params(select).String(source).String(reference);
  auto rows = Query(select);
  if (!rows->next()) return std::nullopt;
  return ReadSignal(*rows);
}

void InsertRiskSignal(ConnectionPool::Lease& db, RiskSignalRecord& r) {
  auto& insert = db.Prepare(
      "INSERT INTO risk_signals (customer_id, kind, source, reference, signal_date, amount_fen, "
      "previous_amount_fen, value, previous_value, evidence, level, created_by, create_time) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  Params(insert)
      .Int64(r.customer_id)
      .Name(r.signal.kind, core::SignalKindName)
      .String(r.signal.source)
      .String(r.signal.reference)
      .Day(r.signal.day)
      .OptionalInt64(r.signal.amount)
      .OptionalInt64(r.signal.previous_amount)
      .String(r.signal.value)
      .String(r.signal.previous_value)
      .String(r.signal.evidence)
      .Name(r.level, core::WarningLevelName)
      .OptionalInt64(r.created_by)
      .Time(r.create_time);
  insert.executeUpdate();
  r.id = LastInsertId(db);
}

std::vector<RiskSignalRecord> ListRiskSignals(ConnectionPool::Lease& db, int64_t customer_id,
                                              std::optional<core::EpochDay> since, int limit) {
  auto& select =
      db.Prepare(absl::StrCat(kSignalColumns,
                              "WHERE s.customer_id = ? AND (? IS NULL OR s.signal_date >= ?) "
                              "ORDER BY s.signal_date DESC, s.id DESC LIMIT ?"));
  Params(select).Int64(customer_id).OptionalDay(since).OptionalDay(since).Int(limit);
  auto rows = Query(select);
  std::vector<RiskSignalRecord> out;
  while (rows->next()) out.push_back(ReadSignal(*rows));
  return out;
}

std::vector<RiskSignalRecord> ListSignalsBetween(ConnectionPool::Lease& db, core::EpochDay since,
                                                 core::EpochDay as_of) {
  auto& select = db.Prepare(
      absl::StrCat(kSignalColumns,
                   "WHERE s.signal_date >= ? AND s.signal_date <= ? ORDER BY s.customer_id, "
                   "s.signal_date, s.id"));
  Params(select).Day(since).Day(as_of);
  auto rows = Query(select);
  std::vector<RiskSignalRecord> out;
  while (rows->next()) out.push_back(ReadSignal(*rows));
  return out;
}

std::vector<int64_t> ListNonGreenCustomers(ConnectionPool::Lease& db) {
  auto& select = db.Prepare("SELECT customer_id FROM customer_risks WHERE level <> 'green'");
  auto rows = Query(select);
  std::vector<int64_t> out;
  while (rows->next()) out.push_back(rows->getInt64(1));
  return out;
}

std::optional<CustomerRiskRecord> GetCustomerRisk(ConnectionPool::Lease& db, int64_t customer_id,
                                                  Lock lock) {
  auto& select =
      db.Prepare(absl::StrCat(kRiskColumns, "WHERE r.customer_id = ?", LockClause(lock)));
  Params(select).Int64(customer_id);
  auto rows = Query(select);
  if (!rows->next()) return std::nullopt;
  return ReadRisk(*rows);
}

namespace {

// The open receivables as of a day, as rows (customer_id, amount, due_date) to sum: each invoice
// dated on or before the day with what is open now, and each allocation of a payment received
// after the day to such an invoice (it was still open on the day). Sums over these rows equal
// sums over invoices of open_fen + what later payments paid (all amounts are positive, so an
// invoice open on the day has at least one row). Driven from the payments (a scan) rather than
// per invoice: the allocations of one payment by their index, then the invoice by its key.
// Parameters: BindOpenAsOfRows. Scoped to one customer or to one owner's customers, or none.
struct OpenAsOfScope {
  std::optional<int64_t> customer_id;
  std::optional<int64_t> owner_user_id;
};

std::string OpenAsOfRows(const OpenAsOfScope& scope) {
  const std::string in = scope.customer_id ? " = ?"
                         : scope.owner_user_id
                             ? " IN (SELECT id FROM customers WHERE owner_user_id = ?)"
                             : "";
  return absl::StrCat(
      "(SELECT customer_id, open_fen AS amount, due_date FROM invoices "
      "WHERE invoice_date <= ? AND open_fen > 0",
      in.empty() ? "" : absl::StrCat(" AND customer_id", in),
      " UNION ALL SELECT i.customer_id, a.amount_fen, i.due_date FROM payments p "
      "STRAIGHT_JOIN payment_allocations a ON a.payment_id = p.id "
      "STRAIGHT_JOIN invoices i ON i.id = a.invoice_id "
      "WHERE p.received_date > ? AND a.reversed = 0 AND i.invoice_date <= ?",
      in.empty() ? "" : absl::StrCat(" AND p.customer_id", in, " AND i.customer_id", in), ")");
}

void BindOpenAsOfRows(Params& params, core::EpochDay as_of, const OpenAsOfScope& scope) {
  const std::optional<int64_t> id = scope.customer_id ? scope.customer_id : scope.owner_user_id;
  params.Day(as_of);
  if (id) params.Int64(*id);
  params.Day(as_of).Day(as_of);
  if (id) params.Int64(*id).Int64(*id);
}

constexpr char kUpsertRiskColumns[] =
    "INSERT INTO customer_risks (customer_id, level, reasons, as_of_date, dso_days, "
    "industry_dso_days, balance_fen, overdue_fen, over30_fen, credit_limit_fen, "
    "orders_recent_fen, orders_prior_fen, broken_promises, level_since_time, update_time) VALUES ";
constexpr char kUpsertRiskRow[] = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr int kUpsertRiskParams = 15;
constexpr char kUpsertRiskUpdate[] =
    " ON DUPLICATE KEY UPDATE "
    "level = VALUES(level), reasons = VALUES(reasons), as_of_date = VALUES(as_of_date), "
    "dso_days = VALUES(dso_days), industry_dso_days = VALUES(industry_dso_days), "
    "balance_fen = VALUES(balance_fen), overdue_fen = VALUES(overdue_fen), "
    "over30_fen = VALUES(over30_fen), credit_limit_fen = VALUES(credit_limit_fen), "
    "orders_recent_fen = VALUES(orders_recent_fen), orders_prior_fen = "
    "VALUES(orders_prior_fen), broken_promises = VALUES(broken_promises), "
    "level_since_time = VALUES(level_since_time), update_time = VALUES(update_time)";

// Binds one row's 15 parameters from index `first`.
void BindRisk(sql::PreparedStatement& upsert, int first, const CustomerRiskRecord& r) {
  Params p(upsert, first);
  p.Int64(r.customer_id).Name(r.level, core::WarningLevelName).String(EncodeReasons(r.reasons));
  p.Day(r.as_of_day);
  SetOptionalDouble(upsert, p.next_index(), r.figures.dso_days);
  SetOptionalDouble(upsert, p.next_index() + 1, r.figures.industry_dso_days);
  Params(upsert, p.next_index() + 2)
      .Int64(r.figures.balance)
      .Int64(r.figures.overdue)
      .Int64(r.figures.over30)
      .Int64(r.figures.credit_limit)
      .Int64(r.figures.orders_recent)
      .Int64(r.figures.orders_prior)
      .Int(r.figures.broken_promises)
      .Time(r.level_since)
      .Time(r.update_time);
}

}  // namespace

void UpsertCustomerRisk(ConnectionPool::Lease& db, const CustomerRiskRecord& r) {
  auto& upsert = db.Prepare(absl::StrCat(kUpsertRiskColumns, kUpsertRiskRow, kUpsertRiskUpdate));
  BindRisk(upsert, 1, r);
  upsert.executeUpdate();
}

void UpsertCustomerRisks(ConnectionPool::Lease& db,
                         const std::vector<CustomerRiskRecord>& records) {
  constexpr size_t kChunk = 500;
  for (size_t begin = 0; begin < records.size(); begin += kChunk) {
    const size_t n = std::min(kChunk, records.size() - begin);
    std::string sql = kUpsertRiskColumns;
    for (size_t i = 0; i < n; ++i) absl::StrAppend(&sql, i ? ", " : "", kUpsertRiskRow);
    absl::StrAppend(&sql, kUpsertRiskUpdate);
    auto& upsert = db.Prepare(sql);
    for (size_t i = 0; i < n; ++i) {
      BindRisk(upsert, 1 + static_cast<int>(i) * kUpsertRiskParams, records[begin + i]);
    }
    upsert.executeUpdate();
  }
}

std::vector<CustomerRiskRecord> GetCustomerRisks(ConnectionPool::Lease& db,
                                                 const std::vector<int64_t>& customer_ids,
                                                 Lock lock) {
  std::vector<CustomerRiskRecord> out;
  constexpr size_t kChunk = 500;
  for (size_t begin = 0; begin < customer_ids.size(); begin += kChunk) {
    const size_t n = std::min(kChunk, customer_ids.size() - begin);
    auto& select = db.Prepare(absl::StrCat(kRiskColumns, "WHERE r.customer_id IN (",
                                           Placeholders(n), ")", LockClause(lock)));
    Params params(select);
    for (size_t i = 0; i < n; ++i) params.Int64(customer_ids[begin + i]);
    auto rows = Query(select);
    while (rows->next()) out.push_back(ReadRisk(*rows));
  }
  return out;
}

std::vector<CustomerRiskRecord> ListCustomerRisks(ConnectionPool::Lease& db,
                                                  const CustomerRiskFilter& filter,
                                                  std::optional<CustomerRiskCursor> after,
                                                  int limit) {
  // The level ranks as a number (red 3 .. green 0) so that the order and the cursor agree.
  const char* rank =
      "(CASE r.level WHEN 'red' THEN 3 WHEN 'orange' THEN 2 WHEN 'yellow' THEN 1 ELSE 0 END)";
  auto& select = db.Prepare(absl::StrCat(
      kRiskColumns, "WHERE (? IS NULL OR r.level = ?) AND (? IS NULL OR c.owner_user_id = ?) ",
      "AND (? IS NULL OR u.department = ?) AND (? IS NULL OR (", rank, ", r.overdue_fen, ",
      "-r.customer_id) < (?, ?, ?)) ORDER BY ", rank,
      " DESC, r.overdue_fen DESC, r.customer_id ASC LIMIT ?"));
  std::optional<std::string> level;
  if (filter.level) level = std::string(core::WarningLevelName(*filter.level));
  Params p(select);
  p.OptionalString(level).OptionalString(level);
  p.OptionalInt64(filter.owner_user_id).OptionalInt64(filter.owner_user_id);
  p.OptionalString(filter.owner_department).OptionalString(filter.owner_department);
  if (after) {
    p.Int(1).Int(LevelRank(after->level)).Int64(after->overdue).Int64(-after->customer_id);
  } else {
    p.OptionalInt64(std::nullopt).Int(0).Int64(0).Int64(0);
  }
  p.Int(limit);
  auto rows = Query(select);
  std::vector<CustomerRiskRecord> out;
  while (rows->next()) out.push_back(ReadRisk(*rows));
  return out;
}

std::vector<LevelTotals> SumCustomerRisks(ConnectionPool::Lease& db,
                                          const CustomerRiskFilter& filter) {
  auto& select = db.Prepare(
      "SELECT r.level, COUNT(*) AS n, SUM(r.balance_fen) AS balance, SUM(r.overdue_fen) AS "
      "overdue FROM customer_risks r JOIN customers c ON c.id = r.customer_id "
      "JOIN users u ON u.id = c.owner_user_id WHERE (? IS NULL OR r.level = ?) "
      "AND (? IS NULL OR c.owner_user_id = ?) AND (? IS NULL OR u.department = ?) "
      "GROUP BY r.level");
  std::optional<std::string> level;
  if (filter.level) level = std::string(core::WarningLevelName(*filter.level));
  Params(select)
      .OptionalString(level)
      .OptionalString(level)
      .OptionalInt64(filter.owner_user_id)
      .OptionalInt64(filter.owner_user_id)
      .OptionalString(filter.owner_department)
      .OptionalString(filter.owner_department);
  auto rows = Query(select);
  std::vector<LevelTotals> out;
  while (rows->next()) {
    out.push_back({GetLevel(*rows, "level"), rows->getInt64("n"), rows->getInt64("balance"),
                   rows->getInt64("overdue")});
  }
  std::sort(out.begin(), out.end(),
            [](const LevelTotals& a, const LevelTotals& b) { return a.level > b.level; });
  return out;
}

bool InsertRiskChange(ConnectionPool::Lease& db, RiskChangeRecord& r) {
  auto& insert = db.Prepare(
      "INSERT IGNORE INTO risk_changes (source_key, customer_id, from_level, to_level, "
      "as_of_date, reasons, signal_id, trigger_time, create_time) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  Params(insert)
      .String(r.source_key)
      .Int64(r.customer_id)
      .Name(r.from, core::WarningLevelName)
      .Name(r.to, core::WarningLevelName)
      .Day(r.as_of_day)
      .String(EncodeReasons(r.reasons))
      .OptionalInt64(r.signal_id)
      .Time(r.trigger_time)
      .Time(r.create_time);
  if (insert.executeUpdate() == 0) return false;
  r.id = LastInsertId(db);
  return true;
}

void SetRiskChangeNotice(ConnectionPool::Lease& db, int64_t change_id, int64_t message_id,
                         absl::Time notice_time) {
  auto& update =
      db.Prepare("UPDATE risk_changes SET notice_message_id = ?, notice_time = ? WHERE id = ?");
  Params(update).Int64(message_id).Time(notice_time).Int64(change_id);
  update.executeUpdate();
}

std::vector<RiskLevelAt> ListRiskLevelsAt(ConnectionPool::Lease& db, core::EpochDay day,
                                          std::optional<int64_t> owner_user_id) {
  auto& select = db.Prepare(
      "SELECT customer_id, display_name, to_level, reasons, as_of_day FROM ("
      "SELECT h.customer_id, c.display_name, h.to_level, h.reasons, "
      "DATEDIFF(h.as_of_date, '1970-01-01') AS as_of_day, ROW_NUMBER() OVER (PARTITION BY "
      "h.customer_id ORDER BY h.as_of_date DESC, h.id DESC) AS newest "
      "FROM risk_changes h JOIN customers c ON c.id = h.customer_id "
      "WHERE h.as_of_date <= ? AND (? IS NULL OR c.owner_user_id = ?)) latest "
      "WHERE newest = 1 AND to_level <> 'green' ORDER BY customer_id");
  Params(select).Day(day).OptionalInt64(owner_user_id).OptionalInt64(owner_user_id);
  auto rows = Query(select);
  std::vector<RiskLevelAt> out;
  while (rows->next()) {
    RiskLevelAt r;
    r.customer_id = rows->getInt64("customer_id");
    r.display_name = GetString(*rows, "display_name");
    r.level = GetLevel(*rows, "to_level");
    r.reasons = DecodeReasons(GetString(*rows, "reasons"));
    r.as_of_day = GetDay(*rows, "as_of_day");
    out.push_back(std::move(r));
  }
  return out;
}

bool RiskLevelsKnownBy(ConnectionPool::Lease& db, core::EpochDay day) {
  auto& select = db.Prepare(
      "SELECT (EXISTS (SELECT 1 FROM risk_changes WHERE as_of_date <= ?) OR EXISTS (SELECT 1 FROM "
      "job_runs WHERE job = 'risk' AND status = 'succeeded' AND as_of_date <= ?)) AS known");
  Params(select).Day(day).Day(day);
  auto rows = Query(select);
  return rows->next() && rows->getInt("known") != 0;
}

std::vector<RiskChangeRecord> ListRiskChanges(ConnectionPool::Lease& db, int64_t customer_id,
                                              int limit) {
  auto& select = db.Prepare(
      "SELECT h.id, h.source_key, h.customer_id, h.from_level, h.to_level, "
      "DATEDIFF(h.as_of_date, '1970-01-01') AS as_of_day, h.reasons, h.signal_id, "
      "h.trigger_time, h.notice_message_id, h.notice_time, m.sent_time AS notice_sent_time, "
      "h.create_time FROM risk_changes h LEFT JOIN outbox_messages m ON m.id = "
      "h.notice_message_id WHERE h.customer_id = ? ORDER BY h.id DESC LIMIT ?");
  Params(select).Int64(customer_id).Int(limit);
  auto rows = Query(select);
  std::vector<RiskChangeRecord> out;
  while (rows->next()) {
    RiskChangeRecord r;
    r.id = rows->getInt64("id");
    r.source_key = GetString(*rows, "source_key");
    r.customer_id = rows->getInt64("customer_id");
    r.from = GetLevel(*rows, "from_level");
    r.to = GetLevel(*rows, "to_level");
    r.as_of_day = GetDay(*rows, "as_of_day");
    r.reasons = DecodeReasons(GetString(*rows, "reasons"));
    r.signal_id = GetOptionalInt64(*rows, "signal_id");
    r.trigger_time = GetTimestamp(*rows, "trigger_time");
    r.notice_message_id = GetOptionalInt64(*rows, "notice_message_id");
    r.notice_time = GetOptionalTimestamp(*rows, "notice_time");
    r.notice_sent_time = GetOptionalTimestamp(*rows, "notice_sent_time");
    r.create_time = GetTimestamp(*rows, "create_time");
    out.push_back(std::move(r));
  }
  return out;
}

std::vector<CustomerLedgerFacts> LoadLedgerFacts(ConnectionPool::Lease& db, core::EpochDay as_of,
                                                 std::optional<int64_t> customer_id,
                                                 int32_t broken_promise_window_days,
                                                 const std::vector<int64_t>& also) {
  absl::flat_hash_map<int64_t, CustomerLedgerFacts> by_id;
  auto facts_of = [&](int64_t id) -> CustomerLedgerFacts& {
    CustomerLedgerFacts& f = by_id[id];
    f.customer_id = id;
    return f;
  };
  // One customer's rows through its indexes (customer_id leads them); all customers by scans.
  const std::string only = customer_id ? " AND customer_id = ?" : "";
  auto bind_customer = [&](Params& params) {
    if (customer_id) params.Int64(*customer_id);
  };
  {
    auto& select = db.Prepare(absl::StrCat(
        "SELECT x.customer_id, SUM(x.amount) AS balance, "
        "SUM(CASE WHEN x.due_date < ? THEN x.amount ELSE 0 END) AS overdue, "
        "SUM(CASE WHEN x.due_date < ? THEN x.amount ELSE 0 END) AS over30, "
        "DATEDIFF(MIN(CASE WHEN x.due_date < ? THEN x.due_date END), '1970-01-01') "
        "AS oldest_due_day FROM ",
        OpenAsOfRows({customer_id, std::nullopt}), " x GROUP BY x.customer_id HAVING balance > 0"));
    Params params(select);
    params.Day(as_of).Day(as_of - 30).Day(as_of);
    BindOpenAsOfRows(params, as_of, {customer_id, std::nullopt});
    auto rows = Query(select);
    while (rows->next()) {
      CustomerLedgerFacts& f = facts_of(rows->getInt64("customer_id"));
      f.balance = rows->getInt64("balance");
      f.overdue = rows->getInt64("overdue");
      f.over30 = rows->getInt64("over30");
      if (std::optional<int64_t> due = GetOptionalInt64(*rows, "oldest_due_day")) {
        f.oldest_overdue_days = static_cast<int32_t>(as_of - *due);
      }
    }
  }
  {
    auto& select = db.Prepare(absl::StrCat(
        "SELECT customer_id, FLOOR(DATEDIFF(?, invoice_date) / 30) AS bucket, "
        "SUM(amount_fen) AS sales FROM invoices WHERE invoice_date <= ? AND invoice_date > ?",
        only, " GROUP BY customer_id, bucket"));
    Params params(select);
    params.Day(as_of).Day(as_of).Day(as_of - 30 * kSalesBuckets);
    bind_customer(params);
    auto rows = Query(select);
    while (rows->next()) {
      const int bucket = rows->getInt("bucket");
      if (bucket < 0 || bucket >= kSalesBuckets) continue;
      facts_of(rows->getInt64("customer_id")).sales[bucket] = rows->getInt64("sales");
    }
  }
  {
    auto& select = db.Prepare(
        absl::StrCat("SELECT customer_id, COUNT(*) AS n FROM promises WHERE status = 'broken' "
                     "AND decided_date > ? AND decided_date <= ?",
                     only, " GROUP BY customer_id"));
    Params params(select);
    params.Day(as_of - broken_promise_window_days).Day(as_of);
    bind_customer(params);
    auto rows = Query(select);
    while (rows->next()) {
      facts_of(rows->getInt64("customer_id")).broken_promises = rows->getInt("n");
    }
  }
  {
    auto& select = db.Prepare(
        absl::StrCat("SELECT customer_id, COUNT(*) AS n FROM invoices WHERE status = 'disputed'",
                     only, " GROUP BY customer_id"));
    Params params(select);
    bind_customer(params);
    auto rows = Query(select);
    while (rows->next()) {
      facts_of(rows->getInt64("customer_id")).open_disputes = rows->getInt("n");
    }
  }
  if (customer_id) {
    facts_of(*customer_id);
  } else {
    for (int64_t id : also) facts_of(id);
  }
  // The customers' own columns, for every customer found (and the one asked for).
  std::vector<int64_t> ids;
  ids.reserve(by_id.size());
  for (const auto& [id, unused] : by_id) ids.push_back(id);
  std::vector<CustomerLedgerFacts> out;
  constexpr size_t kChunk = 500;
  for (size_t begin = 0; begin < ids.size(); begin += kChunk) {
    const size_t n = std::min(kChunk, ids.size() - begin);
    auto& select = db.Prepare(absl::StrCat(
        "SELECT id, owner_user_id, industry, credit_limit_fen, credit_status FROM customers "
        "WHERE id IN (",
        Placeholders(n), ")"));
    Params params(select);
    for (size_t i = 0; i < n; ++i) params.Int64(ids[begin + i]);
    auto rows = Query(select);
    while (rows->next()) {
      CustomerLedgerFacts& f = by_id[rows->getInt64("id")];
      f.owner_user_id = rows->getInt64("owner_user_id");
      f.industry = GetString(*rows, "industry");
      f.credit_limit = rows->getInt64("credit_limit_fen");
      f.credit_status =
          GetEnum<core::CreditStatus, 3>(*rows, "credit_status", core::CreditStatusName);
      out.push_back(f);
    }
  }
  std::sort(out.begin(), out.end(), [](const CustomerLedgerFacts& a, const CustomerLedgerFacts& b) {
    return a.customer_id < b.customer_id;
  });
  return out;
}

std::vector<OwnerOverdue> SumOverdueByOwner(ConnectionPool::Lease& db, core::EpochDay as_of,
                                            std::optional<int64_t> owner_user_id) {
  auto& select = db.Prepare(
      absl::StrCat("SELECT c.owner_user_id, SUM(x.amount) AS balance, "
                   "SUM(CASE WHEN x.due_date < ? THEN x.amount ELSE 0 END) AS overdue FROM ",
                   OpenAsOfRows({std::nullopt, owner_user_id}),
                   " x JOIN customers c ON c.id = x.customer_id GROUP BY c.owner_user_id"));
  Params params(select);
  params.Day(as_of);
  BindOpenAsOfRows(params, as_of, {std::nullopt, owner_user_id});
  auto rows = Query(select);
  std::vector<OwnerOverdue> out;
  while (rows->next()) {
    out.push_back(
        {rows->getInt64("owner_user_id"), rows->getInt64("balance"), rows->getInt64("overdue")});
  }
  return out;
}

std::vector<CustomerDefault> LoadDefaultDays(ConnectionPool::Lease& db, int32_t days_overdue,
                                             core::EpochDay to) {
  auto& select = db.Prepare(
      "SELECT i.customer_id, MIN(DATEDIFF(i.due_date, '1970-01-01')) AS due_day "
      "FROM invoices i LEFT JOIN (SELECT a.invoice_id, MAX(p.received_date) AS last_paid "
      "FROM payment_allocations a JOIN payments p ON p.id = a.payment_id WHERE a.reversed = 0 "
      "GROUP BY a.invoice_id) pay ON pay.invoice_id = i.id "
      "WHERE DATE_ADD(i.due_date, INTERVAL ? DAY) < ? AND (i.open_fen > 0 OR "
      "i.status = 'written_off' OR pay.last_paid > DATE_ADD(i.due_date, INTERVAL ? DAY)) "
      "GROUP BY i.customer_id ORDER BY i.customer_id");
  Params(select).Int(days_overdue).Day(to).Int(days_overdue);
  auto rows = Query(select);
  std::vector<CustomerDefault> out;
  while (rows->next()) {
    out.push_back({rows->getInt64("customer_id"),
                   static_cast<core::EpochDay>(rows->getInt64("due_day")) + days_overdue + 1});
  }
  return out;
}

std::vector<StaffContact> ListNoticeRecipients(ConnectionPool::Lease& db, int64_t owner_user_id,
                                               const std::vector<std::string>& departments) {
  std::string sql = "SELECT id, username, email, department, level FROM users WHERE id = ? ";
  if (!departments.empty()) {
    absl::StrAppend(&sql, "OR (level = 'head' AND department IN (",
                    Placeholders(departments.size()), ")) ");
  }
  absl::StrAppend(&sql, "ORDER BY id");
  auto& select = db.Prepare(sql);
  Params params(select);
  params.Int64(owner_user_id);
  for (const std::string& d : departments) params.String(d);
  auto rows = Query(select);
  std::vector<StaffContact> out;
  while (rows->next()) {
    out.push_back({rows->getInt64("id"), GetString(*rows, "username"), GetString(*rows, "email"),
                   GetString(*rows, "department"), GetString(*rows, "level")});
  }
  return out;
}

}  // namespace huikuan::store
