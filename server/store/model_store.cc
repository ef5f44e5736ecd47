#include "server/store/model_store.h"

#include "server/store/sql_values.h"

namespace huikuan::store {
namespace {

constexpr char kColumns[] =
    "SELECT id, kind, version, DATEDIFF(trained_date, '1970-01-01') AS trained_day, "
    "DATEDIFF(train_from_date, '1970-01-01') AS train_from_day, "
    "DATEDIFF(train_to_date, '1970-01-01') AS train_to_day, train_rows, test_rows, auc, "
    "log_loss, share_within_10_days, mean_absolute_error_days, calibration, parameters, "
    "create_time FROM model_versions ";

std::optional<double> OptionalDouble(sql::ResultSet& rows, const char* column) {
  if (rows.isNull(column)) return std::nullopt;
  return static_cast<double>(rows.getDouble(column));
}

void BindOptionalDouble(sql::PreparedStatement& stmt, int index, std::optional<double> value) {
  if (value) {
    stmt.setDouble(index, *value);
  } else {
    stmt.setNull(index, sql::DataType::DOUBLE);
  }
}

ModelVersionRecord Read(sql::ResultSet& rows) {
  ModelVersionRecord r;
  r.id = rows.getInt64("id");
  r.kind = GetString(rows, "kind");
  r.version = GetString(rows, "version");
  r.trained_day = GetDay(rows, "trained_day");
  r.train_from_day = GetDay(rows, "train_from_day");
  r.train_to_day = GetDay(rows, "train_to_day");
  r.train_rows = rows.getInt64("train_rows");
  r.test_rows = rows.getInt64("test_rows");
  r.auc = OptionalDouble(rows, "auc");
  r.log_loss = OptionalDouble(rows, "log_loss");
  r.share_within_10_days = OptionalDouble(rows, "share_within_10_days");
  r.mean_absolute_error_days = OptionalDouble(rows, "mean_absolute_error_days");
  r.calibration = GetString(rows, "calibration");
  r.parameters = GetString(rows, "parameters");
  r.create_time = GetTimestamp(rows, "create_time");
  return r;
}

std::optional<ModelVersionRecord> First(sql::PreparedStatement& select) {
  auto rows = Query(select);
  if (!rows->next()) return std::nullopt;
  return Read(*rows);
}

}  // namespace

bool InsertModelVersion(ConnectionPool::Lease& db, ModelVersionRecord& r) {
  auto& insert = db.Prepare(
      "INSERT IGNORE INTO model_versions (kind, version, trained_date, train_from_date, "
      "train_to_date, train_rows, test_rows, auc, log_loss, share_within_10_days, "
      "mean_absolute_error_days, calibration, parameters, create_time) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  Params(insert)
      .String(r.kind)
      .String(r.version)
      .Day(r.trained_day)
      .Day(r.train_from_day)
      .Day(r.train_to_day)
      .Int64(r.train_rows)
      .Int64(r.test_rows);
  BindOptionalDouble(insert, 8, r.auc);
  BindOptionalDouble(insert, 9, r.log_loss);
  BindOptionalDouble(insert, 10, r.share_within_10_days);
  BindOptionalDouble(insert, 11, r.mean_absolute_error_days);
  Params(insert, 12).String(r.calibration).String(r.parameters).Time(r.create_time);
  if (insert.executeUpdate() == 0) return false;
  r.id = LastInsertId(db);
  return true;
}

std::optional<ModelVersionRecord> FindModelVersion(ConnectionPool::Lease& db,
                                                   const std::string& kind, core::EpochDay day) {
  auto& select = db.Prepare(std::string(kColumns) + "WHERE kind = ? AND trained_date = ?");
  Params(select).String(kind).Day(day);
  return First(select);
}

std::optional<ModelVersionRecord> LatestModelVersion(ConnectionPool::Lease& db,
                                                     const std::string& kind, core::EpochDay day) {
  auto& select =
      db.Prepare(std::string(kColumns) +
                 "WHERE kind = ? AND trained_date <= ? ORDER BY trained_date DESC LIMIT 1");
  Params(select).String(kind).Day(day);
  return First(select);
}

int64_t CountModelVersions(ConnectionPool::Lease& db, const std::string& kind) {
  auto& select = db.Prepare("SELECT COUNT(*) AS n FROM model_versions WHERE kind = ?");
  Params(select).String(kind);
  auto rows = Query(select);
  return rows->next() ? rows->getInt64("n") : 0;
}

}  // namespace huikuan::store
