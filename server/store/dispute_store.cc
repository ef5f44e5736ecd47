#include "server/store/dispute_store.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "server/store/sql_values.h"

namespace huikuan::store {
namespace {

constexpr size_t kChunk = 500;

constexpr char kDisputeColumns[] =
    "SELECT d.id, d.invoice_id, d.statement_id, d.source, d.reason_code, d.reason, d.user_id, "
    "DATEDIFF(d.raised_date, '1970-01-01') AS raised_day, d.create_time, d.resolution, "
    "d.resolved_by, DATEDIFF(d.resolved_date, '1970-01-01') AS resolved_day, d.resolve_time, "
    "i.customer_id, c.owner_user_id, i.invoice_number, i.open_fen "
    "FROM invoice_disputes d JOIN invoices i ON i.id = d.invoice_id "
    "JOIN customers c ON c.id = i.customer_id ";

DisputeRecord ReadDispute(sql::ResultSet& rows) {
  DisputeRecord dispute;
  dispute.id = rows.getInt64("id");
  dispute.invoice_id = rows.getInt64("invoice_id");
  dispute.statement_id = GetOptionalInt64(rows, "statement_id");
  dispute.source = GetEnum<core::DisputeSource, core::kDisputeSourceCount>(rows, "source",
                                                                           core::DisputeSourceName);
  dispute.reason_code = GetEnum<core::DisputeReason, core::kDisputeReasonCount>(
      rows, "reason_code", core::DisputeReasonName);
  dispute.reason = GetString(rows, "reason");
  dispute.user_id = rows.getInt64("user_id");
  dispute.raised_day = GetDay(rows, "raised_day");
  dispute.create_time = GetTimestamp(rows, "create_time");
  dispute.resolution = GetOptionalString(rows, "resolution");
  dispute.resolved_by = GetOptionalInt64(rows, "resolved_by");
  if (std::optional<int64_t> day = GetOptionalInt64(rows, "resolved_day")) {
    dispute.resolved_day = static_cast<core::EpochDay>(*day);
  }
  dispute.resolve_time = GetOptionalTimestamp(rows, "resolve_time");
  dispute.customer_id = rows.getInt64("customer_id");
  dispute.owner_user_id = rows.getInt64("owner_user_id");
  dispute.invoice_number = GetString(rows, "invoice_number");
  dispute.invoice_open = rows.getInt64("open_fen");
  return dispute;
}

}  // namespace

void InsertDisputes(ConnectionPool::Lease& db, std::vector<DisputeRecord>& disputes) {
  // One row at a time on one cached statement: a few hundred rows at most (an import's disputed
  // invoices), and each row's id comes back exactly.
  auto& insert = db.Prepare(
      "INSERT INTO invoice_disputes (invoice_id, statement_id, source, reason_code, reason, "
      "user_id, raised_date, create_time, resolution, resolved_by, resolved_date, resolve_time) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  for (DisputeRecord& dispute : disputes) {
    Params(insert)
        .Int64(dispute.invoice_id)
        .OptionalInt64(dispute.statement_id)
        .Name(dispute.source, core::DisputeSourceName)
        .Name(dispute.reason_code, core::DisputeReasonName)
        .String(dispute.reason)
        .Int64(dispute.user_id)
        .Day(dispute.raised_day)
        .Time(dispute.create_time)
        .OptionalString(dispute.resolution)
        .OptionalInt64(dispute.resolved_by)
        .OptionalDay(dispute.resolved_day)
        .OptionalTime(dispute.resolve_time);
    insert.executeUpdate();
    dispute.id = LastInsertId(db);
  }
}

int ResolveDisputes(ConnectionPool::Lease& db, int64_t invoice_id, const std::string& resolution,
                    int64_t user_id, absl::Time now, core::EpochDay day) {
  auto& update = db.Prepare(
      "UPDATE invoice_disputes SET resolution = ?, resolved_by = ?, resolve_time = ?, "
      "resolved_date = ? WHERE invoice_id = ? AND resolve_time IS NULL");
  Params(update).String(resolution).Int64(user_id).Time(now).Day(day).Int64(invoice_id);
  return update.executeUpdate();
}

std::vector<DisputeRecord> ListDisputes(ConnectionPool::Lease& db, const DisputeFilter& filter,
                                        int64_t after_id, int limit) {
  // NULL parameters switch a filter off (one statement text, as in ListInvoices).
  auto& select = db.Prepare(absl::StrCat(
      kDisputeColumns,
      "WHERE d.id > ? AND (? IS NULL OR i.customer_id = ?) AND (? IS NULL OR c.owner_user_id = ?) "
      "AND (? IS NULL OR d.invoice_id = ?) AND (? = 0 OR d.resolve_time IS NULL) "
      "ORDER BY d.id LIMIT ?"));
  Params(select)
      .Int64(after_id)
      .OptionalInt64(filter.customer_id)
      .OptionalInt64(filter.customer_id)
      .OptionalInt64(filter.owner_user_id)
      .OptionalInt64(filter.owner_user_id)
      .OptionalInt64(filter.invoice_id)
      .OptionalInt64(filter.invoice_id)
      .Bool(filter.open_only)
      .Int(limit);
  auto rows = Query(select);
  std::vector<DisputeRecord> disputes;
  while (rows->next()) disputes.push_back(ReadDispute(*rows));
  return disputes;
}

std::vector<DisputeRecord> DisputesOfInvoices(ConnectionPool::Lease& db,
                                              const std::vector<int64_t>& invoice_ids,
                                              core::EpochDay as_of) {
  std::vector<DisputeRecord> disputes;
  for (size_t begin = 0; begin < invoice_ids.size(); begin += kChunk) {
    const size_t n = std::min(kChunk, invoice_ids.size() - begin);
    auto& select =
        db.Prepare(absl::StrCat(kDisputeColumns, "WHERE d.invoice_id IN (", Placeholders(n),
                                ") AND d.raised_date <= ? ORDER BY d.id"));
    Params params(select);
    for (size_t i = 0; i < n; ++i) params.Int64(invoice_ids[begin + i]);
    params.Day(as_of);
    auto rows = Query(select);
    while (rows->next()) disputes.push_back(ReadDispute(*rows));
  }
  return disputes;
}

}  // namespace huikuan::store
