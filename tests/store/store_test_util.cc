#include "tests/store/store_test_util.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/resultset_metadata.h>
#include <cppconn/statement.h>

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "server/store/transaction.h"

namespace huikuan::store::testing {

absl::Status Exec(ConnectionPool& pool, absl::string_view sql) {
  return RunInTransaction(pool, [&](ConnectionPool::Lease& db) -> absl::Status {
    db.Prepare(sql).execute();
    return absl::OkStatus();
  });
}

absl::StatusOr<int64_t> QueryInt(ConnectionPool& pool, absl::string_view sql) {
  return RunInTransaction<int64_t>(pool, [&](ConnectionPool::Lease& db) -> absl::StatusOr<int64_t> {
    std::unique_ptr<sql::ResultSet> rows(db.Prepare(sql).executeQuery());
    if (!rows->next()) return absl::NotFoundError("no row");
    return static_cast<int64_t>(rows->getInt64(1));
  });
}

namespace {

// Each query selects only stable fields; `?` is the schema name.
constexpr const char* kQueries[] = {
    "SELECT 'table', TABLE_NAME, TABLE_TYPE, ENGINE, TABLE_COLLATION, TABLE_COMMENT "
    "FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME",
    "SELECT 'column', TABLE_NAME, ORDINAL_POSITION, COLUMN_NAME, COLUMN_DEFAULT, IS_NULLABLE, "
    "COLUMN_TYPE, CHARACTER_SET_NAME, COLLATION_NAME, COLUMN_KEY, EXTRA, COLUMN_COMMENT "
    "FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, ORDINAL_POSITION",
    "SELECT 'index', TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX, COLUMN_NAME, NON_UNIQUE, SUB_PART, "
    "INDEX_TYPE, NULLABLE FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? "
    "ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX",
    "SELECT 'key', TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION, COLUMN_NAME, "
    "REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE "
    "WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION",
    "SELECT 'trigger', TRIGGER_NAME, EVENT_OBJECT_TABLE, EVENT_MANIPULATION, ACTION_TIMING, "
    "ACTION_STATEMENT FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ? "
    "ORDER BY TRIGGER_NAME",
};

}  // namespace

absl::StatusOr<std::string> DumpSchema(ConnectionPool& pool) {
  return RunInTransaction<std::string>(
      pool, [&](ConnectionPool::Lease& db) -> absl::StatusOr<std::string> {
        std::string dump;
        for (const char* query : kQueries) {
          sql::PreparedStatement& select = db.Prepare(query);
          select.setString(1, pool.config().database);
          std::unique_ptr<sql::ResultSet> rows(select.executeQuery());
          const unsigned int columns = rows->getMetaData()->getColumnCount();
          while (rows->next()) {
            for (unsigned int i = 1; i <= columns; ++i) {
              if (i > 1) dump += " | ";
              dump += rows->isNull(i) ? std::string("NULL") : std::string(rows->getString(i));
            }
            dump += "\n";
          }
        }
        return dump;
      });
}

}  // namespace huikuan::store::testing
