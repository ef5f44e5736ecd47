#include "server/store/dunning_store.h"

#include "absl/strings/str_cat.h"
#include "server/core/enum_names.h"
#include "server/store/json_layouts.h"
#include "server/store/ledger_as_of.h"
#include "server/store/sql_values.h"

namespace huikuan::store {
namespace {

constexpr char kLadderColumns[] =
    "SELECT version, DATEDIFF(published_date, '1970-01-01') AS published_day, "
    "DATEDIFF(effective_date, '1970-01-01') AS effective_day, ladders_json, comment, created_by, "
    "create_time FROM dunning_ladders ";

template <typename T>
T OrThrow(absl::StatusOr<T> value) {
  if (!value.ok()) throw sql::SQLException(std::string(value.status().message()));
  return *std::move(value);
}

LadderVersionRecord ReadLadderVersion(sql::ResultSet& rows) {
  LadderVersionRecord record;
  record.version = rows.getInt64("version");
  record.published_day = GetDay(rows, "published_day");
  record.effective_day = GetDay(rows, "effective_day");
  record.ladders = OrThrow(DecodeTierLadders(GetString(rows, "ladders_json")));
  record.comment = GetString(rows, "comment");
  record.created_by = rows.getInt64("created_by");
  record.create_time = GetTimestamp(rows, "create_time");
  return record;
}

constexpr char kOverrideColumns[] =
    "SELECT customer_id, excluded, ladder_json, reason, "
    "DATEDIFF(expires_date, '1970-01-01') AS expires_day, created_by, create_time "
    "FROM dunning_overrides ";

DunningOverrideRecord ReadOverride(sql::ResultSet& rows) {
  DunningOverrideRecord record;
  record.customer_id = rows.getInt64("customer_id");
  record.excluded = rows.getBoolean("excluded");
  const std::string ladder = GetString(rows, "ladder_json");
  if (!ladder.empty()) record.ladder = OrThrow(DecodeDunningLadder(ladder));
  record.reason = GetString(rows, "reason");
  if (std::optional<int64_t> expires = GetOptionalInt64(rows, "expires_day")) {
    record.expires_day = static_cast<core::EpochDay>(*expires);
  }
  record.created_by = rows.getInt64("created_by");
  record.create_time = GetTimestamp(rows, "create_time");
  return record;
}

}  // namespace

int64_t LockLatestLadderVersion(ConnectionPool::Lease& db) {
  auto rows = Query(db.Prepare("SELECT COALESCE(MAX(version), 0) FROM dunning_ladders FOR UPDATE"));
  rows->next();
  return rows->getInt64(1);
}

void InsertLadderVersion(ConnectionPool::Lease& db, const LadderVersionRecord& record) {
  auto& insert = db.Prepare(
      "INSERT INTO dunning_ladders (version, published_date, effective_date, ladders_json, "
      "comment, created_by, create_time) VALUES (?, ?, ?, ?, ?, ?, ?)");
  Params(insert)
      .Int64(record.version)
      .Day(record.published_day)
      .Day(record.effective_day)
      .String(EncodeTierLadders(record.ladders))
      .String(record.comment)
      .Int64(record.created_by)
      .Time(record.create_time);
  insert.executeUpdate();
}

std::vector<LadderVersionRecord> ListLadderVersions(ConnectionPool::Lease& db,
                                                    int64_t after_version, int limit) {
  auto& select =
      db.Prepare(absl::StrCat(kLadderColumns, "WHERE version > ? ORDER BY version LIMIT ?"));
  Params(select).Int64(after_version).Int(limit);
  auto rows = Query(select);
  std::vector<LadderVersionRecord> records;
  while (rows->next()) records.push_back(ReadLadderVersion(*rows));
  return records;
}

std::optional<LadderVersionRecord> LadderVersionInForce(ConnectionPool::Lease& db,
                                                        core::EpochDay day) {
  auto& select = db.Prepare(
      absl::StrCat(kLadderColumns,
                   "WHERE effective_date <= ? ORDER BY effective_date DESC, version DESC LIMIT 1"));
  Params(select).Day(day);
  auto rows = Query(select);
  if (!rows->next()) return std::nullopt;
  return ReadLadderVersion(*rows);
}

void UpsertDunningOverride(ConnectionPool::Lease& db, const DunningOverrideRecord& record) {
  auto& upsert = db.Prepare(
      "INSERT INTO dunning_overrides (customer_id, excluded, ladder_json, reason, expires_date, "
      "created_by, create_time) VALUES (?, ?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE "
      "excluded = VALUES(excluded), ladder_json = VALUES(ladder_json), reason = VALUES(reason), "
      "expires_date = VALUES(expires_date), created_by = VALUES(created_by), "
      "create_time = VALUES(create_time)");
  Params(upsert)
      .Int64(record.customer_id)
      .Bool(record.excluded)
      .String(record.ladder ? EncodeDunningLadder(*record.ladder) : std::string())
      .String(record.reason)
      .OptionalDay(record.expires_day)
      .Int64(record.created_by)
      .Time(record.create_time);
  upsert.executeUpdate();
}

bool DeleteDunningOverride(ConnectionPool::Lease& db, int64_t customer_id) {
  auto& remove = db.Prepare("DELETE FROM dunning_overrides WHERE customer_id = ?");
  Params(remove).Int64(customer_id);
  return remove.executeUpdate() > 0;
}

std::optional<DunningOverrideRecord> GetDunningOverride(ConnectionPool::Lease& db,
                                                        int64_t customer_id, Lock lock) {
  auto& select = db.Prepare(absl::StrCat(kOverrideColumns, "WHERE customer_id = ?",
                                         lock == Lock::kForUpdate ? " FOR UPDATE" : ""));
  Params(select).Int64(customer_id);
  auto rows = Query(select);
  if (!rows->next()) return std::nullopt;
  return ReadOverride(*rows);
}

std::vector<DunningOverrideRecord> ListDunningOverrides(
    ConnectionPool::Lease& db, std::optional<core::EpochDay> not_expired_on,
    int64_t after_customer_id, int limit) {
  auto& select = db.Prepare(absl::StrCat(
      kOverrideColumns,
      "WHERE customer_id > ? AND (? IS NULL OR expires_date IS NULL OR expires_date >= ?) "
      "ORDER BY customer_id LIMIT ?"));
  Params(select)
      .Int64(after_customer_id)
      .OptionalDay(not_expired_on)
      .OptionalDay(not_expired_on)
      .Int(limit);
  auto rows = Query(select);
  std::vector<DunningOverrideRecord> records;
  while (rows->next()) records.push_back(ReadOverride(*rows));
  return records;
}

std::vector<DunningCandidate> ListDunningCandidates(ConnectionPool::Lease& db, core::EpochDay as_of,
                                                    absl::Time end_of_as_of,
                                                    const std::vector<core::EpochDay>& due_days) {
  std::vector<DunningCandidate> candidates;
  if (due_days.empty()) return candidates;
  // Every status is named so that the (status, due_date) index serves the IN lists: an invoice
  // paid today may still have been open on as_of.
  auto& select = db.Prepare(absl::StrCat(
      "SELECT i.id, i.customer_id, i.invoice_number, i.order_number, "
      "DATEDIFF(i.due_date, '1970-01-01') AS due_day, ",
      OpenFenAsOfSql("i"),
      " AS open_fen, "
      "EXISTS (SELECT 1 FROM invoice_disputes d WHERE d.invoice_id = i.id "
      "AND d.create_time < ? AND (d.resolve_time IS NULL OR d.resolve_time >= ?)) AS disputed "
      "FROM invoices i FORCE INDEX (invoices_status_due) "
      "WHERE i.status IN ('open', 'paid', 'disputed', 'written_off') AND i.due_date IN (",
      Placeholders(due_days.size()), ") AND i.invoice_date <= ? ORDER BY i.id"));
  Params params(select);
  BindOpenFenAsOf(params, as_of, end_of_as_of);
  params.Time(end_of_as_of).Time(end_of_as_of);
  for (core::EpochDay day : due_days) params.Day(day);
  params.Day(as_of);
  auto rows = Query(select);
  while (rows->next()) {
    DunningCandidate candidate;
    candidate.invoice_id = rows->getInt64("id");
    candidate.customer_id = rows->getInt64("customer_id");
    candidate.invoice_number = GetString(*rows, "invoice_number");
    candidate.order_number = GetString(*rows, "order_number");
    candidate.due_day = GetDay(*rows, "due_day");
    candidate.open = std::max<core::Fen>(0, rows->getInt64("open_fen"));
    candidate.disputed = rows->getBoolean("disputed");
    candidates.push_back(std::move(candidate));
  }
  return candidates;
}

absl::flat_hash_map<int64_t, DunningCustomer> GetDunningCustomers(
    ConnectionPool::Lease& db, const std::vector<int64_t>& customer_ids) {
  absl::flat_hash_map<int64_t, DunningCustomer> customers;
  constexpr size_t kChunk = 500;
  for (size_t begin = 0; begin < customer_ids.size(); begin += kChunk) {
    const size_t n = std::min(kChunk, customer_ids.size() - begin);
    auto& select = db.Prepare(absl::StrCat(
        "SELECT id, display_name, owner_user_id, tier, "
        "COALESCE(JSON_VALUE(assessment_json, '$.grade'), 'D') AS grade, contact_name, "
        "contact_email, contact_phone, preferred_language, contact_address FROM customers "
        "WHERE id IN (",
        Placeholders(n), ")"));
    Params params(select);
    for (size_t i = 0; i < n; ++i) params.Int64(customer_ids[begin + i]);
    auto rows = Query(select);
    while (rows->next()) {
      DunningCustomer customer;
      customer.id = rows->getInt64("id");
      customer.name = GetString(*rows, "display_name");
      customer.owner_user_id = rows->getInt64("owner_user_id");
      customer.tier = GetEnum<core::Tier, 4>(*rows, "tier", core::TierName);
      customer.grade = GetEnum<core::CreditGrade, 4>(*rows, "grade", core::CreditGradeName);
      customer.contact_name = GetString(*rows, "contact_name");
      customer.contact_email = GetString(*rows, "contact_email");
      customer.contact_phone = GetString(*rows, "contact_phone");
      customer.preferred_language = GetString(*rows, "preferred_language");
      customer.contact_address = GetString(*rows, "contact_address");
      customers.emplace(customer.id, std::move(customer));
    }
  }
  return customers;
}

}  // namespace huikuan::store
