// Helpers shared by the store integration tests.
#ifndef HUIKUAN_TESTS_STORE_STORE_TEST_UTIL_H_
#define HUIKUAN_TESTS_STORE_STORE_TEST_UTIL_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/store/connection_pool.h"

namespace huikuan::store::testing {

// Runs one statement (DDL or DML without parameters) in its own transaction.
absl::Status Exec(ConnectionPool& pool, absl::string_view sql);

// The single BIGINT value of `sql` (e.g. "SELECT COUNT(*) FROM t").
absl::StatusOr<int64_t> QueryInt(ConnectionPool& pool, absl::string_view sql);

// information_schema TABLES, COLUMNS, STATISTICS, KEY_COLUMN_USAGE (foreign keys) and TRIGGERS of
// the pool's database, one line per row, in a stable order; volatile fields (row counts,
// AUTO_INCREMENT, timestamps) are left out so two equal schemas dump equal.
absl::StatusOr<std::string> DumpSchema(ConnectionPool& pool);

}  // namespace huikuan::store::testing

#endif  // HUIKUAN_TESTS_STORE_STORE_TEST_UTIL_H_
