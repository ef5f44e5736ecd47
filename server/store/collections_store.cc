#include "server/store/collections_store.h"

#include <algorithm>
#include <memory>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "server/store/sql_values.h"

namespace huikuan::store {
namespace {

// Table names come only from this enum, never from requests.
const char* TableName(DecisionTable table) {
  return table == DecisionTable::kWriteOffs ? "write_offs" : "late_fee_waivers";
}

constexpr char kWriteOffColumns[] =
    "SELECT id, invoice_id, customer_id, amount_fen, reason, status, requested_by, decided_by, "
    "decision_comment, create_time, update_time FROM ";

constexpr size_t kChunk = 500;

WriteOffRecord ReadWriteOff(sql::ResultSet& rows) {
  WriteOffRecord write_off;
  write_off.id = rows.getInt64("id");
  write_off.invoice_id = rows.getInt64("invoice_id");
  write_off.customer_id = rows.getInt64("customer_id");
  write_off.amount = rows.getInt64("amount_fen");
  write_off.reason = GetString(rows, "reason");
  write_off.status = GetEnum<core::DecisionStatus, core::kDecisionStatusCount>(
      rows, "status", core::DecisionStatusName);
  write_off.requested_by = rows.getInt64("requested_by");
  write_off.decided_by = GetOptionalInt64(rows, "decided_by");
  write_off.decision_comment = GetString(rows, "decision_comment");
  write_off.create_time = GetTimestamp(rows, "create_time");
  write_off.update_time = GetTimestamp(rows, "update_time");
  return write_off;
}

}  // namespace

WriteOffRecord InsertWriteOff(ConnectionPool::Lease& db, WriteOffRecord write_off,
                              DecisionTable table) {
  auto& insert = db.Prepare(
      absl::StrCat("INSERT INTO ", TableName(table),
                   " (invoice_id, customer_id, amount_fen, reason, status, "
                   "requested_by, decided_by, decision_comment, create_time, update_time) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  Params(insert)
      .Int64(write_off.invoice_id)
      .Int64(write_off.customer_id)
      .Int64(write_off.amount)
      .String(write_off.reason)
      .Name(write_off.status, core::DecisionStatusName)
      .Int64(write_off.requested_by)
      .OptionalInt64(write_off.decided_by)
      .String(write_off.decision_comment)
      .Time(write_off.create_time)
      .Time(write_off.update_time);
  insert.executeUpdate();
  write_off.id = LastInsertId(db);
  return write_off;
}

absl::StatusOr<WriteOffRecord> GetWriteOff(ConnectionPool::Lease& db, int64_t id, Lock lock,
                                           DecisionTable table) {
  auto& select = db.Prepare(
      absl::StrCat(kWriteOffColumns, TableName(table), " WHERE id = ?", LockClause(lock)));
  select.setInt64(1, id);
  auto rows = Query(select);
  if (!rows->next())
    return absl::NotFoundError(absl::StrCat(TableName(table), " ", id, " not found"));
  return ReadWriteOff(*rows);
}

void UpdateWriteOffDecision(ConnectionPool::Lease& db, const WriteOffRecord& write_off,
                            DecisionTable table) {
  auto& update = db.Prepare(absl::StrCat(
      "UPDATE ", TableName(table),
      " SET status = ?, decided_by = ?, decision_comment = ?, update_time = ? WHERE id = ?"));
  Params(update)
      .Name(write_off.status, core::DecisionStatusName)
      .OptionalInt64(write_off.decided_by)
      .String(write_off.decision_comment)
      .Time(write_off.update_time)
      .Int64(write_off.id);
  update.executeUpdate();
}

namespace {

// Invoices that owe late fees for some day not yet accrued, before a day given as the one
// parameter: open with an open amount and due before that day, or (open or paid) with cash
// received at least two days after both the due date and the last accrued day, so some day in
// between was overdue with an amount still open (a run that did not happen daily, or cash that was
// reversed). Disputed and written-off invoices accrue nothing.
constexpr absl::string_view kOwesLateFees =
    "i.due_date < ? AND ((i.status = 'open' AND i.open_fen > 0) OR "
    "(i.status IN ('open', 'paid') AND EXISTS (SELECT 1 FROM payment_allocations a "
    "JOIN payments p ON p.id = a.payment_id WHERE a.invoice_id = i.id AND a.reversed = 0 AND "
    "p.received_date > DATE_ADD(GREATEST(i.due_date, COALESCE((SELECT MAX(f.accrual_date) FROM "
    "late_fee_accruals f WHERE f.invoice_id = i.id), i.due_date)), INTERVAL 1 DAY))))";

}  // namespace

std::vector<int64_t> CustomersWithOverdueInvoices(ConnectionPool::Lease& db, core::EpochDay as_of) {
  auto& select = db.Prepare(absl::StrCat("SELECT DISTINCT i.customer_id FROM invoices i WHERE ",
                                         kOwesLateFees, " ORDER BY i.customer_id"));
  Params(select).Day(as_of);
  auto rows = Query(select);
  std::vector<int64_t> ids;
  while (rows->next()) ids.push_back(rows->getInt64(1));
  return ids;
}

std::vector<AccrualCandidate> LockAccrualCandidates(ConnectionPool::Lease& db,
                                                    const std::vector<int64_t>& customer_ids,
                                                    core::EpochDay as_of) {
  std::vector<AccrualCandidate> candidates;
  for (size_t begin = 0; begin < customer_ids.size(); begin += kChunk) {
    const size_t n = std::min(kChunk, customer_ids.size() - begin);
    auto& select = db.Prepare(absl::StrCat(
        "SELECT i.id, i.customer_id, DATEDIFF(i.due_date, '1970-01-01') AS due_day, i.open_fen "
        "FROM invoices i WHERE i.customer_id IN (",
        Placeholders(n), ") AND ", kOwesLateFees, " ORDER BY i.id FOR UPDATE"));
    Params params(select);
    for (size_t i = 0; i < n; ++i) params.Int64(customer_ids[begin + i]);
    params.Day(as_of);
    auto rows = Query(select);
    while (rows->next()) {
      AccrualCandidate candidate;
      candidate.invoice_id = rows->getInt64("id");
      candidate.customer_id = rows->getInt64("customer_id");
      candidate.schedule.due_day = GetDay(*rows, "due_day");
      candidate.schedule.open_now = rows->getInt64("open_fen");
      candidates.push_back(candidate);
    }
  }
  std::sort(candidates.begin(), candidates.end(),
            [](const AccrualCandidate& a, const AccrualCandidate& b) {
              return a.invoice_id < b.invoice_id;
            });
  // Cash applied after the due date, by the day it was received: what was still open before.
  for (size_t begin = 0; begin < candidates.size(); begin += kChunk) {
    const size_t n = std::min(kChunk, candidates.size() - begin);
    auto& select = db.Prepare(absl::StrCat(
        "SELECT a.invoice_id, DATEDIFF(p.received_date, '1970-01-01') AS day, "
        "SUM(a.amount_fen) AS amount FROM payment_allocations a "
        "JOIN payments p ON p.id = a.payment_id JOIN invoices i ON i.id = a.invoice_id "
        "WHERE a.invoice_id IN (",
        Placeholders(n),
        ") AND a.reversed = 0 AND p.received_date > i.due_date "
        "GROUP BY a.invoice_id, p.received_date ORDER BY a.invoice_id, p.received_date"));
    absl::flat_hash_map<int64_t, AccrualCandidate*> by_id;
    Params params(select);
    for (size_t i = 0; i < n; ++i) {
      params.Int64(candidates[begin + i].invoice_id);
      by_id[candidates[begin + i].invoice_id] = &candidates[begin + i];
    }
    auto rows = Query(select);
    while (rows->next()) {
      by_id.at(rows->getInt64("invoice_id"))
          ->schedule.receipts_after_due.push_back({GetDay(*rows, "day"), rows->getInt64("amount")});
    }
  }
  // The last accrued day per invoice: a locking read, so a run that waited for another run's
  // customer locks sees that run's rows rather than this transaction's older snapshot.
  for (size_t begin = 0; begin < candidates.size(); begin += kChunk) {
    const size_t n = std::min(kChunk, candidates.size() - begin);
    auto& select = db.Prepare(
        absl::StrCat("SELECT invoice_id, DATEDIFF(MAX(accrual_date), '1970-01-01') AS last_day "
                     "FROM late_fee_accruals WHERE invoice_id IN (",
                     Placeholders(n), ") GROUP BY invoice_id LOCK IN SHARE MODE"));
    Params params(select);
    for (size_t i = 0; i < n; ++i) params.Int64(candidates[begin + i].invoice_id);
    auto rows = Query(select);
    absl::flat_hash_map<int64_t, core::EpochDay> last;
    while (rows->next()) last[rows->getInt64("invoice_id")] = GetDay(*rows, "last_day");
    for (size_t i = 0; i < n; ++i) {
      auto it = last.find(candidates[begin + i].invoice_id);
      if (it != last.end()) candidates[begin + i].schedule.last_accrued_day = it->second;
    }
  }
  return candidates;
}

void InsertAccruals(ConnectionPool::Lease& db, const std::vector<LateFeeAccrual>& accruals) {
  constexpr int kColumns = 5;
  for (size_t begin = 0; begin < accruals.size(); begin += kChunk) {
    const size_t n = std::min(kChunk, accruals.size() - begin);
    auto& insert = db.Prepare(absl::StrCat(
        "INSERT INTO late_fee_accruals (invoice_id, customer_id, accrual_date, base_fen, "
        "fee_fen) VALUES ",
        Tuples(n, kColumns)));
    Params params(insert);
    for (size_t i = 0; i < n; ++i) {
      const LateFeeAccrual& accrual = accruals[begin + i];
      params.Int64(accrual.invoice_id)
          .Int64(accrual.customer_id)
          .Day(accrual.day)
          .Int64(accrual.base)
          .Int64(accrual.fee);
    }
    insert.executeUpdate();
  }
}

std::vector<LateFeeTotals> ListLateFeeTotals(ConnectionPool::Lease& db,
                                             std::optional<int64_t> customer_id,
                                             std::optional<int64_t> invoice_id, int64_t after_id,
                                             int limit) {
  // Invoices with accruals or waivers; waived counts approved waivers only.
  auto& select = db.Prepare(absl::StrCat(
      "SELECT i.id, i.customer_id, COALESCE(a.accrued, 0) AS accrued, "
      "COALESCE(w.waived, 0) AS waived, a.last_day, COALESCE(a.days, 0) AS days "
      "FROM invoices i "
      "LEFT JOIN (SELECT invoice_id, SUM(fee_fen) AS accrued, COUNT(*) AS days, "
      "DATEDIFF(MAX(accrual_date), '1970-01-01') AS last_day FROM late_fee_accruals "
      "WHERE (? IS NULL OR customer_id = ?) AND (? IS NULL OR invoice_id = ?) "
      "GROUP BY invoice_id) a ON a.invoice_id = i.id "
      "LEFT JOIN (SELECT invoice_id, SUM(amount_fen) AS waived FROM late_fee_waivers "
      "WHERE status = 'approved' AND (? IS NULL OR customer_id = ?) "
      "AND (? IS NULL OR invoice_id = ?) GROUP BY invoice_id) w ON w.invoice_id = i.id "
      "WHERE (? IS NULL OR i.customer_id = ?) AND (? IS NULL OR i.id = ?) AND i.id > ? "
      "AND (a.invoice_id IS NOT NULL OR w.invoice_id IS NOT NULL) ORDER BY i.id LIMIT ?"));
  for (int block = 0; block < 3; ++block) {
    SetOptionalInt64(select, 4 * block + 1, customer_id);
    SetOptionalInt64(select, 4 * block + 2, customer_id);
    SetOptionalInt64(select, 4 * block + 3, invoice_id);
    SetOptionalInt64(select, 4 * block + 4, invoice_id);
  }
  Params(select, 13).Int64(after_id).Int(limit);
  auto rows = Query(select);
  std::vector<LateFeeTotals> totals;
  while (rows->next()) {
    LateFeeTotals entry;
    entry.invoice_id = rows->getInt64("id");
    entry.customer_id = rows->getInt64("customer_id");
    entry.accrued = rows->getInt64("accrued");
    entry.waived = rows->getInt64("waived");
    std::optional<int64_t> last_day = GetOptionalInt64(*rows, "last_day");
    if (last_day.has_value()) entry.accrued_through = static_cast<core::EpochDay>(*last_day);
    entry.days_accrued = static_cast<int32_t>(rows->getInt64("days"));
    totals.push_back(entry);
  }
  return totals;
}

LateFeeTotals LockedLateFeeTotals(ConnectionPool::Lease& db, int64_t invoice_id,
                                  int64_t customer_id) {
  LateFeeTotals totals;
  totals.invoice_id = invoice_id;
  totals.customer_id = customer_id;
  auto& accrued = db.Prepare(
      "SELECT COALESCE(SUM(fee_fen), 0) AS accrued, COUNT(*) AS days, "
      "DATEDIFF(MAX(accrual_date), '1970-01-01') AS last_day FROM late_fee_accruals "
      "WHERE invoice_id = ? LOCK IN SHARE MODE");
  accrued.setInt64(1, invoice_id);
  auto rows = Query(accrued);
  if (rows->next()) {
    totals.accrued = rows->getInt64("accrued");
    totals.days_accrued = static_cast<int32_t>(rows->getInt64("days"));
    std::optional<int64_t> last_day = GetOptionalInt64(*rows, "last_day");
    if (last_day.has_value()) totals.accrued_through = static_cast<core::EpochDay>(*last_day);
  }
  auto& waived = db.Prepare(
      "SELECT COALESCE(SUM(amount_fen), 0) AS waived FROM late_fee_waivers "
      "WHERE invoice_id = ? AND status = 'approved' LOCK IN SHARE MODE");
  waived.setInt64(1, invoice_id);
  rows = Query(waived);
  if (rows->next()) totals.waived = rows->getInt64("waived");
  return totals;
}

}  // namespace huikuan::store
