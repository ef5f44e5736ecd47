// Small conversions between C++ values and Connector/C++ parameters/columns, shared by the
// repositories. Timestamps are UTC (every pooled connection runs with time_zone '+00:00') and
// stored as TIMESTAMP(6).
#ifndef HUIKUAN_SERVER_STORE_SQL_VALUES_H_
#define HUIKUAN_SERVER_STORE_SQL_VALUES_H_

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "absl/time/time.h"
#include "server/store/connection_pool.h"

namespace huikuan::store {

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

// Runs a query on a (cached) prepared statement and owns the result.
inline std::unique_ptr<sql::ResultSet> Query(sql::PreparedStatement& stmt) {
  return std::unique_ptr<sql::ResultSet>(stmt.executeQuery());
}

// The id AUTO_INCREMENT gave the last INSERT on this connection.
int64_t LastInsertId(ConnectionPool::Lease& db);

}  // namespace huikuan::store

#endif  // HUIKUAN_SERVER_STORE_SQL_VALUES_H_
