#include "server/store/promise_store.h"

#include <algorithm>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "server/core/violations.h"
#include "server/store/sql_values.h"

namespace huikuan::store {
namespace {

constexpr size_t kChunk = 500;

constexpr char kPromiseColumns[] =
    "SELECT p.id, p.customer_id, c.owner_user_id, p.amount_fen, "
    "DATEDIFF(p.made_date, '1970-01-01') AS made_day, "
    "DATEDIFF(p.promised_date, '1970-01-01') AS promised_day, p.tolerance_days, p.status, "
    "p.paid_fen, DATEDIFF(p.decided_date, '1970-01-01') AS decided_day, p.work_item_id, p.note, "
    "p.created_by, p.create_time, p.update_time, p.version "
    "FROM promises p JOIN customers c ON c.id = p.customer_id ";

PromiseRecord ReadPromise(sql::ResultSet& rows) {
  PromiseRecord promise;
  promise.id = rows.getInt64("id");
  promise.customer_id = rows.getInt64("customer_id");
  promise.owner_user_id = rows.getInt64("owner_user_id");
  promise.terms.amount = rows.getInt64("amount_fen");
  promise.terms.made_day = GetDay(rows, "made_day");
  promise.terms.promised_day = GetDay(rows, "promised_day");
  promise.terms.tolerance_days = rows.getInt("tolerance_days");
  promise.status = GetEnum<core::PromiseStatus, core::kPromiseStatusCount>(rows, "status",
                                                                           core::PromiseStatusName);
  promise.paid = rows.getInt64("paid_fen");
  if (std::optional<int64_t> day = GetOptionalInt64(rows, "decided_day")) {
    promise.decided_day = static_cast<core::EpochDay>(*day);
  }
  promise.work_item_id = GetOptionalInt64(rows, "work_item_id");
  promise.note = GetString(rows, "note");
  promise.created_by = rows.getInt64("created_by");
  promise.create_time = GetTimestamp(rows, "create_time");
  promise.update_time = GetTimestamp(rows, "update_time");
  promise.version = rows.getInt64("version");
  return promise;
}

std::vector<PromiseRecord> ReadAll(ConnectionPool::Lease& db, sql::PreparedStatement& select) {
  auto rows = Query(select);
  std::vector<PromiseRecord> promises;
  while (rows->next()) promises.push_back(ReadPromise(*rows));
  LoadLinkedInvoices(db, "promise_invoices", "promise_id", promises);
  return promises;
}

}  // namespace

void InsertPromise(ConnectionPool::Lease& db, PromiseRecord& promise) {
  auto& insert = db.Prepare(
      "INSERT INTO promises (customer_id, amount_fen, made_date, promised_date, tolerance_days, "
      "status, paid_fen, decided_date, work_item_id, note, created_by, create_time, update_time) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  Params(insert)
      .Int64(promise.customer_id)
      .Int64(promise.terms.amount)
      .Day(promise.terms.made_day)
      .Day(promise.terms.promised_day)
      .Int(promise.terms.tolerance_days)
      .Name(promise.status, core::PromiseStatusName)
      .Int64(promise.paid)
      .OptionalDay(promise.decided_day)
      .OptionalInt64(promise.work_item_id)
      .String(promise.note)
      .Int64(promise.created_by)
      .Time(promise.create_time)
      .Time(promise.update_time);
  insert.executeUpdate();
  promise.id = LastInsertId(db);
  promise.version = 1;
  auto& link = db.Prepare(
      "INSERT INTO promise_invoices (promise_id, invoice_id, open_fen) VALUES (?, ?, ?)");
  for (const PromiseInvoice& invoice : promise.invoices) {
    Params(link).Int64(promise.id).Int64(invoice.invoice_id).Int64(invoice.open);
    link.executeUpdate();
  }
}

absl::StatusOr<PromiseRecord> GetPromise(ConnectionPool::Lease& db, int64_t id, Lock lock) {
  auto& select = db.Prepare(absl::StrCat(kPromiseColumns, "WHERE p.id = ?", LockClause(lock)));
  Params(select).Int64(id);
  std::vector<PromiseRecord> promises = ReadAll(db, select);
  if (promises.empty()) return core::NotFoundError(absl::StrCat("promises/", id));
  return std::move(promises.front());
}

std::vector<PromiseRecord> ListPromises(ConnectionPool::Lease& db, const PromiseFilter& filter,
                                        int64_t after_id, int limit) {
  auto& select = db.Prepare(absl::StrCat(
      kPromiseColumns,
      "WHERE p.id > ? AND (? IS NULL OR p.customer_id = ?) AND (? IS NULL OR c.owner_user_id = ?) "
      "AND (? IS NULL OR p.status = ?) ORDER BY p.id LIMIT ?"));
  std::optional<std::string> status;
  if (filter.status) status = std::string(core::PromiseStatusName(*filter.status));
  Params(select)
      .Int64(after_id)
      .OptionalInt64(filter.customer_id)
      .OptionalInt64(filter.customer_id)
      .OptionalInt64(filter.owner_user_id)
      .OptionalInt64(filter.owner_user_id)
      .OptionalString(status)
      .OptionalString(status)
      .Int(limit);
  return ReadAll(db, select);
}

std::vector<PromiseRecord> PromisesToEvaluate(ConnectionPool::Lease& db, core::EpochDay as_of) {
  auto& select = db.Prepare(
      absl::StrCat(kPromiseColumns,
                   "WHERE p.made_date <= ? AND (p.status = 'open' OR p.decided_date >= ?) "
                   "ORDER BY p.id"));
  Params(select).Day(as_of).Day(as_of);
  return ReadAll(db, select);
}

std::vector<PromiseRecord> PromisesOfInvoices(ConnectionPool::Lease& db,
                                              const std::vector<int64_t>& invoice_ids,
                                              core::EpochDay as_of) {
  std::vector<PromiseRecord> promises;
  for (size_t begin = 0; begin < invoice_ids.size(); begin += kChunk) {
    const size_t n = std::min(kChunk, invoice_ids.size() - begin);
    auto& select = db.Prepare(
        absl::StrCat(kPromiseColumns,
                     "WHERE p.made_date <= ? AND p.id IN (SELECT promise_id FROM promise_invoices "
                     "WHERE invoice_id IN (",
                     Placeholders(n), ")) ORDER BY p.id"));
    Params params(select);
    params.Day(as_of);
    for (size_t i = 0; i < n; ++i) params.Int64(invoice_ids[begin + i]);
    std::vector<PromiseRecord> chunk = ReadAll(db, select);
    for (PromiseRecord& promise : chunk) promises.push_back(std::move(promise));
  }
  // A promise of invoices in two chunks is read twice.
  std::sort(promises.begin(), promises.end(),
            [](const PromiseRecord& a, const PromiseRecord& b) { return a.id < b.id; });
  promises.erase(
      std::unique(promises.begin(), promises.end(),
                  [](const PromiseRecord& a, const PromiseRecord& b) { return a.id == b.id; }),
      promises.end());
  return promises;
}

absl::Status UpdatePromiseStatus(ConnectionPool::Lease& db, PromiseRecord& promise) {
  auto& update = db.Prepare(
      "UPDATE promises SET status = ?, paid_fen = ?, decided_date = ?, update_time = ?, "
      "version = version + 1 WHERE id = ? AND version = ?");
  Params(update)
      .Name(promise.status, core::PromiseStatusName)
      .Int64(promise.paid)
      .OptionalDay(promise.decided_day)
      .Time(promise.update_time)
      .Int64(promise.id)
      .Int64(promise.version);
  if (update.executeUpdate() != 1) {
    return absl::AbortedError(absl::StrCat("promises/", promise.id, " changed meanwhile"));
  }
  ++promise.version;
  return absl::OkStatus();
}

}  // namespace huikuan::store
