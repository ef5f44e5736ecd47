// Small conversions between C++ values and Connector/C++ parameters/columns, shared by the
// repositories. Timestamps are UTC (every pooled connection runs with time_zone '+00:00') and
// stored as TIMESTAMP(6).
#ifndef HUIKUAN_SERVER_STORE_SQL_VALUES_H_
#define HUIKUAN_SERVER_STORE_SQL_VALUES_H_

#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "server/core/civil_date.h"
#include "server/store/connection_pool.h"

namespace huikuan::store {

// Binds a statement's parameters in order, so that each value is written once next to the column
// list it fills, instead of as a positional setX(i) list:
//
//   auto& insert = db.Prepare("INSERT INTO t (customer_id, day, note) VALUES (?, ?, ?)");
//   Params(insert).Int64(row.customer_id).Day(row.day).OptionalString(row.note);
//
// A multi-row statement binds row r from index r * columns + 1: Params(insert, r * kColumns + 1).
class Params {
 public:
  explicit Params(sql::PreparedStatement& stmt, int first_index = 1)
      : stmt_(stmt), next_(first_index) {}

  Params& Int64(int64_t value);
  Params& Int(int32_t value);
  Params& Bool(bool value);
  Params& String(const std::string& value);
  Params& Day(core::EpochDay day);  // a DATE column, as "YYYY-MM-DD"
  Params& Time(absl::Time time);    // a TIMESTAMP(6) column, UTC
  // NULL when empty (the "? IS NULL OR col = ?" filters rely on it).
  Params& OptionalInt64(std::optional<int64_t> value);
  Params& OptionalString(const std::optional<std::string>& value);
  Params& OptionalDay(std::optional<core::EpochDay> day);
  Params& OptionalTime(const std::optional<absl::Time>& time);
  // An enum column stored by its core name (e.g. core::InvoiceStatusName).
  template <typename Enum>
  Params& Name(Enum value, absl::string_view (*name_of)(Enum)) {
    return String(std::string(name_of(value)));
  }

  int next_index() const { return next_; }

 private:
  sql::PreparedStatement& stmt_;
  int next_;
};

// An enum column read back by its core name. A value no name matches means the row was written
// by something other than this code: thrown as an SQLException (INTERNAL at the edge).
template <typename Enum, int kCount>
Enum GetEnum(sql::ResultSet& rows, const char* column, absl::string_view (*name_of)(Enum)) {
  const std::string text = rows.getString(column);
  for (int i = 0; i < kCount; ++i) {
    if (name_of(static_cast<Enum>(i)) == text) return static_cast<Enum>(i);
  }
  throw sql::SQLException("unknown stored enum value", "HY000", 0);
}

// A DATE column read as an epoch day (the SELECT must give it as DATEDIFF(col, '1970-01-01')).
inline core::EpochDay GetDay(sql::ResultSet& rows, const char* column) {
  return static_cast<core::EpochDay>(rows.getInt(column));
}

// "?, ?, ?" with `n` placeholders, for IN lists and multi-row statements.
std::string Placeholders(size_t n);

// "2026-11-24 08:00:00.123456" in UTC.
std::string FormatSqlTimestamp(absl::Time time);
absl::Time ParseSqlTimestamp(const std::string& text);

void SetTimestamp(sql::PreparedStatement& stmt, int index, absl::Time time);
// NULL when the optional is empty (the "? IS NULL OR col = ?" filters rely on it).
void SetOptionalInt64(sql::PreparedStatement& stmt, int index, std::optional<int64_t> value);
void SetOptionalString(sql::PreparedStatement& stmt, int index,
                       const std::optional<std::string>& value);
void SetOptionalTimestamp(sql::PreparedStatement& stmt, int index,
                          const std::optional<absl::Time>& time);

absl::Time GetTimestamp(sql::ResultSet& rows, const char* column);
std::optional<absl::Time> GetOptionalTimestamp(sql::ResultSet& rows, const char* column);
std::optional<int64_t> GetOptionalInt64(sql::ResultSet& rows, const char* column);
std::string GetString(sql::ResultSet& rows, const char* column);
std::optional<std::string> GetOptionalString(sql::ResultSet& rows, const char* column);

// "(?, ?), (?, ?), ..." : `rows` tuples of `columns` placeholders, for multi-row statements.
std::string Tuples(size_t rows, size_t columns);

// Runs a query on a (cached) prepared statement and owns the result.
inline std::unique_ptr<sql::ResultSet> Query(sql::PreparedStatement& stmt) {
  return std::unique_ptr<sql::ResultSet>(stmt.executeQuery());
}

// Runs a prepared single-row "INSERT ... RETURNING id" and returns the new id (one round trip).
int64_t InsertedId(sql::PreparedStatement& insert_returning_id);

// The id AUTO_INCREMENT gave the last INSERT on this connection.
int64_t LastInsertId(ConnectionPool::Lease& db);

}  // namespace huikuan::store

#endif  // HUIKUAN_SERVER_STORE_SQL_VALUES_H_
