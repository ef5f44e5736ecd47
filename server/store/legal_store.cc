#include "server/store/legal_store.h"

#include <algorithm>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "server/core/violations.h"
#include "server/store/sql_values.h"

namespace huikuan::store {
namespace {

constexpr size_t kChunk = 500;

constexpr char kCaseColumns[] =
    "SELECT l.id, l.customer_id, c.owner_user_id, l.stage, l.title, l.court_case_number, "
    "l.claim_fen, DATEDIFF(l.opened_date, '1970-01-01') AS opened_day, "
    "DATEDIFF(l.stage_date, '1970-01-01') AS stage_day, "
    "DATEDIFF(l.closed_date, '1970-01-01') AS closed_day, l.opened_by, l.create_time, "
    "l.update_time, l.version FROM legal_cases l JOIN customers c ON c.id = l.customer_id ";

core::LegalStage GetStage(sql::ResultSet& rows) {
  return GetEnum<core::LegalStage, core::kLegalStageCount>(rows, "stage", core::LegalStageName);
}

LegalCaseRecord ReadCase(sql::ResultSet& rows) {
  LegalCaseRecord legal_case;
  legal_case.id = rows.getInt64("id");
  legal_case.customer_id = rows.getInt64("customer_id");
  legal_case.owner_user_id = rows.getInt64("owner_user_id");
  legal_case.stage = GetStage(rows);
  legal_case.title = GetString(rows, "title");
  legal_case.court_case_number = GetString(rows, "court_case_number");
  legal_case.claim = rows.getInt64("claim_fen");
  legal_case.opened_day = GetDay(rows, "opened_day");
  legal_case.stage_day = GetDay(rows, "stage_day");
  if (std::optional<int64_t> day = GetOptionalInt64(rows, "closed_day")) {
    legal_case.closed_day = static_cast<core::EpochDay>(*day);
  }
  legal_case.opened_by = rows.getInt64("opened_by");
  legal_case.create_time = GetTimestamp(rows, "create_time");
  legal_case.update_time = GetTimestamp(rows, "update_time");
  legal_case.version = rows.getInt64("version");
  return legal_case;
}

void LoadChildren(ConnectionPool::Lease& db, std::vector<LegalCaseRecord>& cases) {
  LoadLinkedInvoices(db, "legal_case_invoices", "case_id", cases);
  absl::flat_hash_map<int64_t, LegalCaseRecord*> by_id;
  for (LegalCaseRecord& legal_case : cases) by_id[legal_case.id] = &legal_case;
  for (size_t begin = 0; begin < cases.size(); begin += kChunk) {
    const size_t n = std::min(kChunk, cases.size() - begin);
    const std::string in = absl::StrCat(" IN (", Placeholders(n), ")");
    const auto bind = [&](sql::PreparedStatement& select) {
      Params params(select);
      for (size_t i = 0; i < n; ++i) params.Int64(cases[begin + i].id);
    };
    auto& events = db.Prepare(absl::StrCat(
        "SELECT id, case_id, stage, DATEDIFF(event_date, '1970-01-01') AS day, note, user_id, "
        "create_time FROM legal_case_events WHERE case_id",
        in, " ORDER BY case_id, id"));
    bind(events);
    auto event_rows = Query(events);
    while (event_rows->next()) {
      LegalCaseEvent event;
      event.id = event_rows->getInt64("id");
      event.case_id = event_rows->getInt64("case_id");
      event.stage = GetStage(*event_rows);
      event.day = GetDay(*event_rows, "day");
      event.note = GetString(*event_rows, "note");
      event.user_id = event_rows->getInt64("user_id");
      event.create_time = GetTimestamp(*event_rows, "create_time");
      by_id.at(event.case_id)->events.push_back(std::move(event));
    }
  }
}

}  // namespace

void InsertLegalCase(ConnectionPool::Lease& db, LegalCaseRecord& legal_case) {
  auto& insert = db.Prepare(
      "INSERT INTO legal_cases (customer_id, stage, title, court_case_number, claim_fen, "
      "opened_date, stage_date, closed_date, opened_by, create_time, update_time) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  Params(insert)
      .Int64(legal_case.customer_id)
      .Name(legal_case.stage, core::LegalStageName)
      .String(legal_case.title)
      .String(legal_case.court_case_number)
      .Int64(legal_case.claim)
      .Day(legal_case.opened_day)
      .Day(legal_case.stage_day)
      .OptionalDay(legal_case.closed_day)
      .Int64(legal_case.opened_by)
      .Time(legal_case.create_time)
      .Time(legal_case.update_time);
  insert.executeUpdate();
  legal_case.id = LastInsertId(db);
  legal_case.version = 1;
  auto& link = db.Prepare(
      "INSERT INTO legal_case_invoices (case_id, invoice_id, open_fen) VALUES (?, ?, ?)");
  for (const LegalCaseInvoice& invoice : legal_case.invoices) {
    Params(link).Int64(legal_case.id).Int64(invoice.invoice_id).Int64(invoice.open);
    link.executeUpdate();
  }
}

void InsertLegalCaseEvent(ConnectionPool::Lease& db, LegalCaseEvent& event) {
  auto& insert = db.Prepare(
      "INSERT INTO legal_case_events (case_id, stage, event_date, note, user_id, create_time) "
      "VALUES (?, ?, ?, ?, ?, ?)");
  Params(insert)
      .Int64(event.case_id)
      .Name(event.stage, core::LegalStageName)
      .Day(event.day)
      .String(event.note)
      .Int64(event.user_id)
      .Time(event.create_time);
  insert.executeUpdate();
  event.id = LastInsertId(db);
}

absl::StatusOr<LegalCaseRecord> GetLegalCase(ConnectionPool::Lease& db, int64_t id, Lock lock) {
  auto& select = db.Prepare(absl::StrCat(kCaseColumns, "WHERE l.id = ?", LockClause(lock)));
  Params(select).Int64(id);
  auto rows = Query(select);
  if (!rows->next()) return core::NotFoundError(absl::StrCat("legalCases/", id));
  std::vector<LegalCaseRecord> cases = {ReadCase(*rows)};
  LoadChildren(db, cases);
  return std::move(cases.front());
}

std::vector<LegalCaseRecord> ListLegalCases(ConnectionPool::Lease& db,
                                            const LegalCaseFilter& filter, int64_t after_id,
                                            int limit) {
  auto& select = db.Prepare(absl::StrCat(
      kCaseColumns,
      "WHERE l.id > ? AND (? IS NULL OR l.customer_id = ?) AND (? IS NULL OR c.owner_user_id = ?) "
      "AND (? = 0 OR l.stage <> 'closed') ORDER BY l.id LIMIT ?"));
  Params(select)
      .Int64(after_id)
      .OptionalInt64(filter.customer_id)
      .OptionalInt64(filter.customer_id)
      .OptionalInt64(filter.owner_user_id)
      .OptionalInt64(filter.owner_user_id)
      .Bool(filter.open_only)
      .Int(limit);
  auto rows = Query(select);
  std::vector<LegalCaseRecord> cases;
  while (rows->next()) cases.push_back(ReadCase(*rows));
  LoadChildren(db, cases);
  return cases;
}

int64_t CountOtherOpenCases(ConnectionPool::Lease& db, int64_t customer_id, int64_t except_id) {
  auto& select = db.Prepare(
      "SELECT COUNT(*) AS n FROM legal_cases WHERE customer_id = ? AND id <> ? "
      "AND stage <> 'closed' LOCK IN SHARE MODE");
  Params(select).Int64(customer_id).Int64(except_id);
  auto rows = Query(select);
  return rows->next() ? rows->getInt64("n") : 0;
}

absl::Status UpdateLegalCaseStage(ConnectionPool::Lease& db, LegalCaseRecord& legal_case) {
  auto& update = db.Prepare(
      "UPDATE legal_cases SET stage = ?, stage_date = ?, closed_date = ?, court_case_number = ?, "
      "update_time = ?, version = version + 1 WHERE id = ? AND version = ?");
  Params(update)
      .Name(legal_case.stage, core::LegalStageName)
      .Day(legal_case.stage_day)
      .OptionalDay(legal_case.closed_day)
      .String(legal_case.court_case_number)
      .Time(legal_case.update_time)
      .Int64(legal_case.id)
      .Int64(legal_case.version);
  if (update.executeUpdate() != 1) {
    return absl::AbortedError(absl::StrCat("legalCases/", legal_case.id, " changed meanwhile"));
  }
  ++legal_case.version;
  return absl::OkStatus();
}

}  // namespace huikuan::store
