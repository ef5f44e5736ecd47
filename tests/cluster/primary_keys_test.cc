// Galera certifies and applies rows by primary key, and huikuan's cluster nodes run with
// wsrep_mode=REQUIRED_PRIMARY_KEY: a table without one would break replication or be refused.
// Checked on the fully migrated schema, so a new migration without a key fails here first.
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/store/transaction.h"
#include "tests/store/store_test_util.h"
#include "tests/support/test_database.h"

namespace huikuan::store {
namespace {

using ::huikuan::store::testing::Exec;

// Base tables of the pool's database that have no PRIMARY KEY constraint.
std::vector<std::string> TablesWithoutPrimaryKey(ConnectionPool& pool) {
  std::vector<std::string> names;
  absl::Status status = RunInTransaction(pool, [&](ConnectionPool::Lease& db) -> absl::Status {
    std::unique_ptr<sql::ResultSet> rows(
        db.Prepare("SELECT t.TABLE_NAME FROM information_schema.TABLES t "
                   "LEFT JOIN information_schema.TABLE_CONSTRAINTS c "
                   "  ON c.TABLE_SCHEMA = t.TABLE_SCHEMA AND c.TABLE_NAME = t.TABLE_NAME "
                   "  AND c.CONSTRAINT_TYPE = 'PRIMARY KEY' "
                   "WHERE t.TABLE_SCHEMA = DATABASE() AND t.TABLE_TYPE = 'BASE TABLE' "
                   "  AND c.CONSTRAINT_NAME IS NULL ORDER BY t.TABLE_NAME")
            .executeQuery());
    while (rows->next()) names.push_back(rows->getString(1));
    return absl::OkStatus();
  });
  EXPECT_TRUE(status.ok()) << status;
  return names;
}

TEST(PrimaryKeysTest, EveryTableOfTheMigratedSchemaHasAPrimaryKey) {
  auto db = huikuan::testing::TestDatabase::Create("primary_keys", /*migrate=*/true);
  ASSERT_TRUE(db.ok()) << db.status();
  ConnectionPool& pool = (*db)->pool();
  // The check itself sees a table without a key (it cannot pass vacuously)...
  ASSERT_TRUE(Exec(pool, "CREATE TABLE keyless_probe (a INT NOT NULL)").ok());
  EXPECT_THAT(TablesWithoutPrimaryKey(pool), ::testing::ElementsAre("keyless_probe"));
  ASSERT_TRUE(Exec(pool, "DROP TABLE keyless_probe").ok());
  // ...and the real schema (the migrator's own tables included) has none.
  EXPECT_THAT(TablesWithoutPrimaryKey(pool), ::testing::IsEmpty());
}

}  // namespace
}  // namespace huikuan::store
