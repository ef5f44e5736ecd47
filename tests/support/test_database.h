// Test harness access to the private MariaDB that scripts/test.sh starts for `make test`.
//
//   auto db = huikuan::testing::TestDatabase::Create("customer_service_test");
//   ASSERT_TRUE(db.ok()) << db.status();
//   store::ConnectionPool& pool = (*db)->pool();   // a fresh, fully migrated database
//
// The harness exports HUIKUAN_TEST_DB_PORT, HUIKUAN_TEST_DB_DIR, HUIKUAN_TEST_DB_SCRIPT and
// HUIKUAN_MIGRATIONS_DIR; without them (a test binary run by hand) Create() fails with
// FAILED_PRECONDITION explaining how to run the test.
#ifndef HUIKUAN_TESTS_SUPPORT_TEST_DATABASE_H_
#define HUIKUAN_TESTS_SUPPORT_TEST_DATABASE_H_

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/store/connection_pool.h"
#include "server/store/db_config.h"

namespace huikuan::testing {

// The harness server's coordinates with `database` as the schema name.
absl::StatusOr<store::DbConfig> TestDbConfig(absl::string_view database);

// A database of its own for one test binary: `<prefix>_<pid>`, created empty, migrated to the
// newest version when `migrate` is true, dropped in the destructor.
class TestDatabase {
 public:
  static absl::StatusOr<std::unique_ptr<TestDatabase>> Create(absl::string_view prefix,
                                                              bool migrate = true);
  ~TestDatabase();

  const store::DbConfig& config() const { return config_; }
  store::ConnectionPool& pool() { return *pool_; }

 private:
  TestDatabase(store::DbConfig config, std::unique_ptr<store::ConnectionPool> pool);
  store::DbConfig config_;
  std::unique_ptr<store::ConnectionPool> pool_;
};

// Stop / start the harness's MariaDB server (not just one database): for recovery tests.
// Start waits until the server answers.
absl::Status StopTestServer();
absl::Status StartTestServer();

}  // namespace huikuan::testing

#endif  // HUIKUAN_TESTS_SUPPORT_TEST_DATABASE_H_
