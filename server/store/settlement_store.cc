#include "server/store/settlement_store.h"

#include "absl/strings/str_cat.h"
#include "server/core/violations.h"
#include "server/store/sql_values.h"

namespace huikuan::store {
namespace {

constexpr char kSettlementColumns[] =
    "SELECT s.id, s.invoice_id, s.customer_id, c.owner_user_id, s.kind, s.amount_fen, "
    "s.goods_description, s.valuation_basis, s.reason, s.status, s.requested_by, s.decided_by, "
    "s.decision_comment, DATEDIFF(s.decided_date, '1970-01-01') AS decided_day, s.create_time, "
    "s.update_time FROM settlements s JOIN customers c ON c.id = s.customer_id ";

SettlementRecord ReadSettlement(sql::ResultSet& rows) {
  SettlementRecord settlement;
  settlement.id = rows.getInt64("id");
  settlement.invoice_id = rows.getInt64("invoice_id");
  settlement.customer_id = rows.getInt64("customer_id");
  settlement.owner_user_id = rows.getInt64("owner_user_id");
  settlement.kind = GetEnum<core::SettlementKind, core::kSettlementKindCount>(
      rows, "kind", core::SettlementKindName);
  settlement.amount = rows.getInt64("amount_fen");
  settlement.goods_description = GetString(rows, "goods_description");
  settlement.valuation_basis = GetString(rows, "valuation_basis");
  settlement.reason = GetString(rows, "reason");
  settlement.status = GetEnum<core::DecisionStatus, core::kDecisionStatusCount>(
      rows, "status", core::DecisionStatusName);
  settlement.requested_by = rows.getInt64("requested_by");
  settlement.decided_by = GetOptionalInt64(rows, "decided_by");
  settlement.decision_comment = GetString(rows, "decision_comment");
  if (std::optional<int64_t> day = GetOptionalInt64(rows, "decided_day")) {
    settlement.decided_day = static_cast<core::EpochDay>(*day);
  }
  settlement.create_time = GetTimestamp(rows, "create_time");
  settlement.update_time = GetTimestamp(rows, "update_time");
  return settlement;
}

}  // namespace

void InsertSettlement(ConnectionPool::Lease& db, SettlementRecord& settlement) {
  auto& insert = db.Prepare(
      "INSERT INTO settlements (invoice_id, customer_id, kind, amount_fen, goods_description, "
      "valuation_basis, reason, status, requested_by, create_time, update_time) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  Params(insert)
      .Int64(settlement.invoice_id)
      .Int64(settlement.customer_id)
      .Name(settlement.kind, core::SettlementKindName)
      .Int64(settlement.amount)
      .String(settlement.goods_description)
      .String(settlement.valuation_basis)
      .String(settlement.reason)
      .Name(settlement.status, core::DecisionStatusName)
      .Int64(settlement.requested_by)
      .Time(settlement.create_time)
      .Time(settlement.update_time);
  insert.executeUpdate();
  settlement.id = LastInsertId(db);
}

absl::StatusOr<SettlementRecord> GetSettlement(ConnectionPool::Lease& db, int64_t id, Lock lock) {
  auto& select = db.Prepare(absl::StrCat(kSettlementColumns, "WHERE s.id = ?", LockClause(lock)));
  Params(select).Int64(id);
  auto rows = Query(select);
  if (!rows->next()) return core::NotFoundError(absl::StrCat("settlements/", id));
  return ReadSettlement(*rows);
}

std::vector<SettlementRecord> ListSettlements(ConnectionPool::Lease& db,
                                              const SettlementFilter& filter, int64_t after_id,
                                              int limit) {
  auto& select = db.Prepare(absl::StrCat(
      kSettlementColumns,
      "WHERE s.id > ? AND (? IS NULL OR s.customer_id = ?) AND (? IS NULL OR c.owner_user_id = ?) "
      "AND (? IS NULL OR s.status = ?) ORDER BY s.id LIMIT ?"));
  std::optional<std::string> status;
  if (filter.status) status = std::string(core::DecisionStatusName(*filter.status));
  Params(select)
      .Int64(after_id)
      .OptionalInt64(filter.customer_id)
      .OptionalInt64(filter.customer_id)
      .OptionalInt64(filter.owner_user_id)
      .OptionalInt64(filter.owner_user_id)
      .OptionalString(status)
      .OptionalString(status)
      .Int(limit);
  auto rows = Query(select);
  std::vector<SettlementRecord> settlements;
  while (rows->next()) settlements.push_back(ReadSettlement(*rows));
  return settlements;
}

void UpdateSettlementDecision(ConnectionPool::Lease& db, const SettlementRecord& settlement) {
  auto& update = db.Prepare(
      "UPDATE settlements SET status = ?, decided_by = ?, decision_comment = ?, decided_date = ?, "
      "update_time = ? WHERE id = ?");
  Params(update)
      .Name(settlement.status, core::DecisionStatusName)
      .OptionalInt64(settlement.decided_by)
      .String(settlement.decision_comment)
      .OptionalDay(settlement.decided_day)
      .Time(settlement.update_time)
      .Int64(settlement.id);
  update.executeUpdate();
}

}  // namespace huikuan::store
