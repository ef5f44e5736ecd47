#include "server/store/sql_values.h"

namespace huikuan::store {

std::string Placeholders(size_t n) {
  std::string text;
  text.reserve(n * 3);
  for (size_t i = 0; i < n; ++i) text.append(i == 0 ? "?" : ", ?");
  return text;
}

std::string Tuples(size_t rows, size_t columns) {
  const std::string tuple = "(" + Placeholders(columns) + ")";
  std::string text;
  text.reserve(rows * (tuple.size() + 2));
  for (size_t r = 0; r < rows; ++r) {
    if (r > 0) text.append(", ");
    text.append(tuple);
  }
  return text;
}

Params& Params::Int64(int64_t value) {
  stmt_.setInt64(next_++, value);
  return *this;
}

Params& Params::Int(int32_t value) {
  stmt_.setInt(next_++, value);
  return *this;
}

Params& Params::Bool(bool value) { return Int(value ? 1 : 0); }

Params& Params::String(const std::string& value) {
  stmt_.setString(next_++, value);
  return *this;
}

Params& Params::Day(core::EpochDay day) { return String(core::FormatDate(day)); }

Params& Params::Time(absl::Time time) { return String(FormatSqlTimestamp(time)); }

Params& Params::OptionalInt64(std::optional<int64_t> value) {
  SetOptionalInt64(stmt_, next_++, value);
  return *this;
}

Params& Params::OptionalString(const std::optional<std::string>& value) {
  SetOptionalString(stmt_, next_++, value);
  return *this;
}

Params& Params::OptionalDay(std::optional<core::EpochDay> day) {
  if (day.has_value()) return Day(*day);
  stmt_.setNull(next_++, sql::DataType::DATE);
  return *this;
}

Params& Params::OptionalTime(const std::optional<absl::Time>& time) {
  SetOptionalTimestamp(stmt_, next_++, time);
  return *this;
}

namespace {
constexpr char kSqlTimestampFormat[] = "%Y-%m-%d %H:%M:%E6S";
}  // namespace

std::string FormatSqlTimestamp(absl::Time time) {
  // By hand for the years the schema holds (every written row has two timestamps, and
  // absl::FormatTime was 1.5% of a CreateInvoices batch's CPU); the rest as FormatTime would.
  const absl::TimeZone utc = absl::UTCTimeZone();
  const absl::CivilSecond second = absl::ToCivilSecond(time, utc);
  if (time == absl::InfinitePast() || time == absl::InfiniteFuture() || second.year() < 1000 ||
      second.year() > 9999) {
    return absl::FormatTime(kSqlTimestampFormat, time, utc);
  }
  // Under a second and not negative: the fraction truncated to microseconds, as %E6S does.
  const int64_t micros = absl::ToInt64Microseconds(time - absl::FromCivil(second, utc));
  std::string text = "0000-00-00 00:00:00.000000";
  auto put = [&text](size_t end, int64_t value) {
    for (size_t i = end; value > 0; value /= 10) text[--i] = static_cast<char>('0' + value % 10);
  };
  put(4, second.year());
  put(7, second.month());
  put(10, second.day());
  put(13, second.hour());
  put(16, second.minute());
  put(19, second.second());
  put(26, micros);
  return text;
}

absl::Time ParseSqlTimestamp(const std::string& text) {
  absl::Time time;
  std::string error;
  if (!absl::ParseTime("%Y-%m-%d %H:%M:%E*S", text, absl::UTCTimeZone(), &time, &error)) {
    return absl::InfinitePast();
  }
  return time;
}

void SetTimestamp(sql::PreparedStatement& stmt, int index, absl::Time time) {
  stmt.setString(index, FormatSqlTimestamp(time));
}

void SetOptionalInt64(sql::PreparedStatement& stmt, int index, std::optional<int64_t> value) {
  if (value.has_value()) {
    stmt.setInt64(index, *value);
  } else {
    stmt.setNull(index, sql::DataType::BIGINT);
  }
}

void SetOptionalString(sql::PreparedStatement& stmt, int index,
                       const std::optional<std::string>& value) {
  if (value.has_value()) {
    stmt.setString(index, *value);
  } else {
    stmt.setNull(index, sql::DataType::VARCHAR);
  }
}

void SetOptionalTimestamp(sql::PreparedStatement& stmt, int index,
                          const std::optional<absl::Time>& time) {
  if (time.has_value()) {
    SetTimestamp(stmt, index, *time);
  } else {
    stmt.setNull(index, sql::DataType::TIMESTAMP);
  }
}

absl::Time GetTimestamp(sql::ResultSet& rows, const char* column) {
  return ParseSqlTimestamp(rows.getString(column));
}

std::optional<absl::Time> GetOptionalTimestamp(sql::ResultSet& rows, const char* column) {
  if (rows.isNull(column)) return std::nullopt;
  return ParseSqlTimestamp(rows.getString(column));
}

std::optional<int64_t> GetOptionalInt64(sql::ResultSet& rows, const char* column) {
  if (rows.isNull(column)) return std::nullopt;
  return rows.getInt64(column);
}

std::string GetString(sql::ResultSet& rows, const char* column) { return rows.getString(column); }

std::optional<std::string> GetOptionalString(sql::ResultSet& rows, const char* column) {
  if (rows.isNull(column)) return std::nullopt;
  return GetString(rows, column);
}

int64_t InsertedId(sql::PreparedStatement& insert_returning_id) {
  auto rows = Query(insert_returning_id);
  if (!rows->next()) throw sql::SQLException("INSERT ... RETURNING id returned no row");
  return rows->getInt64(1);
}

int64_t LastInsertId(ConnectionPool::Lease& db) {
  auto rows = Query(db.Prepare("SELECT LAST_INSERT_ID()"));
  rows->next();
  return rows->getInt64(1);
}

}  // namespace huikuan::store
