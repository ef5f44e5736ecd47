#include "server/store/pledge_store.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "server/core/violations.h"
#include "server/store/ledger_as_of.h"
#include "server/store/sql_values.h"

namespace huikuan::store {
namespace {

constexpr char kPledgeColumns[] =
    "p.id, p.invoice_id, p.customer_id, c.owner_user_id, i.invoice_number, "
    "c.display_name AS customer_name, p.kind, p.financier, p.amount_fen, "
    "DATEDIFF(p.pledged_date, '1970-01-01') AS pledged_day, p.reference, p.note, p.created_by, "
    "DATEDIFF(p.released_date, '1970-01-01') AS released_day, p.release_reference, "
    "p.released_by, p.create_time, p.update_time";
constexpr char kPledgeFrom[] =
    " FROM invoice_pledges p JOIN customers c ON c.id = p.customer_id "
    "JOIN invoices i ON i.id = p.invoice_id ";

PledgeRecord ReadPledge(sql::ResultSet& rows) {
  PledgeRecord pledge;
  pledge.id = rows.getInt64("id");
  pledge.invoice_id = rows.getInt64("invoice_id");
  pledge.customer_id = rows.getInt64("customer_id");
  pledge.owner_user_id = rows.getInt64("owner_user_id");
  pledge.invoice_number = GetString(rows, "invoice_number");
  pledge.customer_name = GetString(rows, "customer_name");
  pledge.kind =
      GetEnum<core::PledgeKind, core::kPledgeKindCount>(rows, "kind", core::PledgeKindName);
  pledge.financier = GetString(rows, "financier");
  pledge.amount = rows.getInt64("amount_fen");
  pledge.pledged_day = GetDay(rows, "pledged_day");
  pledge.reference = GetString(rows, "reference");
  pledge.note = GetString(rows, "note");
  pledge.created_by = rows.getInt64("created_by");
  if (std::optional<int64_t> day = GetOptionalInt64(rows, "released_day")) {
    pledge.released_day = static_cast<core::EpochDay>(*day);
  }
  pledge.release_reference = GetString(rows, "release_reference");
  pledge.released_by = GetOptionalInt64(rows, "released_by");
  pledge.create_time = GetTimestamp(rows, "create_time");
  pledge.update_time = GetTimestamp(rows, "update_time");
  return pledge;
}

}  // namespace

void InsertPledge(ConnectionPool::Lease& db, PledgeRecord& pledge) {
  auto& insert = db.Prepare(
      "INSERT INTO invoice_pledges (invoice_id, customer_id, kind, financier, amount_fen, "
      "pledged_date, reference, note, created_by, active_invoice_id, create_time, update_time) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  Params(insert)
      .Int64(pledge.invoice_id)
      .Int64(pledge.customer_id)
      .Name(pledge.kind, core::PledgeKindName)
      .String(pledge.financier)
      .Int64(pledge.amount)
      .Day(pledge.pledged_day)
      .String(pledge.reference)
      .String(pledge.note)
      .Int64(pledge.created_by)
      .Int64(pledge.invoice_id)
      .Time(pledge.create_time)
      .Time(pledge.update_time);
  insert.executeUpdate();
  pledge.id = LastInsertId(db);
}

absl::StatusOr<PledgeRecord> GetPledge(ConnectionPool::Lease& db, int64_t id, Lock lock) {
  auto& select = db.Prepare(
      absl::StrCat("SELECT ", kPledgeColumns, kPledgeFrom, "WHERE p.id = ?", LockClause(lock)));
  Params(select).Int64(id);
  auto rows = Query(select);
  if (!rows->next()) return core::NotFoundError(absl::StrCat("pledges/", id));
  return ReadPledge(*rows);
}

std::optional<PledgeRecord> GetActivePledge(ConnectionPool::Lease& db, int64_t invoice_id,
                                            Lock lock) {
  auto& select = db.Prepare(absl::StrCat("SELECT ", kPledgeColumns, kPledgeFrom,
                                         "WHERE p.active_invoice_id = ?", LockClause(lock)));
  Params(select).Int64(invoice_id);
  auto rows = Query(select);
  if (!rows->next()) return std::nullopt;
  return ReadPledge(*rows);
}

void UpdatePledgeRelease(ConnectionPool::Lease& db, const PledgeRecord& pledge) {
  auto& update = db.Prepare(
      "UPDATE invoice_pledges SET released_date = ?, release_reference = ?, released_by = ?, "
      "active_invoice_id = NULL, update_time = ? WHERE id = ?");
  Params(update)
      .OptionalDay(pledge.released_day)
      .String(pledge.release_reference)
      .OptionalInt64(pledge.released_by)
      .Time(pledge.update_time)
      .Int64(pledge.id);
  update.executeUpdate();
}

std::vector<PledgeRecord> ListPledges(ConnectionPool::Lease& db, const PledgeFilter& filter,
                                      int64_t after_id, int limit) {
  auto& select = db.Prepare(absl::StrCat(
      "SELECT ", kPledgeColumns, kPledgeFrom,
      "WHERE p.id > ? AND (? IS NULL OR p.customer_id = ?) AND (? IS NULL OR c.owner_user_id = ?) "
      "AND (? IS NULL OR p.invoice_id = ?) AND (? IS NULL OR (p.pledged_date <= ? AND "
      "(p.released_date IS NULL OR p.released_date > ?))) ORDER BY p.id LIMIT ?"));
  Params(select)
      .Int64(after_id)
      .OptionalInt64(filter.customer_id)
      .OptionalInt64(filter.customer_id)
      .OptionalInt64(filter.owner_user_id)
      .OptionalInt64(filter.owner_user_id)
      .OptionalInt64(filter.invoice_id)
      .OptionalInt64(filter.invoice_id)
      .OptionalDay(filter.active_on)
      .OptionalDay(filter.active_on)
      .OptionalDay(filter.active_on)
      .Int(limit);
  auto rows = Query(select);
  std::vector<PledgeRecord> pledges;
  while (rows->next()) pledges.push_back(ReadPledge(*rows));
  return pledges;
}

std::vector<PledgeAsOf> ListPledgesActiveOn(ConnectionPool::Lease& db,
                                            std::optional<int64_t> owner_user_id,
                                            core::EpochDay day, absl::Time end_of_day) {
  auto& select = db.Prepare(
      absl::StrCat("SELECT ", kPledgeColumns, ", ", OpenFenAsOfSql("i"),
                   " AS open_as_of, DATEDIFF(i.due_date, '1970-01-01') AS due_day", kPledgeFrom,
                   "WHERE p.pledged_date <= ? AND (p.released_date IS NULL OR p.released_date > ?) "
                   "AND (? IS NULL OR c.owner_user_id = ?) ORDER BY p.id"));
  Params params(select);
  BindOpenFenAsOf(params, day, end_of_day);
  params.Day(day).Day(day).OptionalInt64(owner_user_id).OptionalInt64(owner_user_id);
  auto rows = Query(select);
  std::vector<PledgeAsOf> out;
  while (rows->next()) {
    PledgeAsOf entry;
    entry.pledge = ReadPledge(*rows);
    entry.open = std::max<int64_t>(0, rows->getInt64("open_as_of"));
    entry.due_day = GetDay(*rows, "due_day");
    out.push_back(std::move(entry));
  }
  return out;
}

}  // namespace huikuan::store
