// The migrator's lock row (schema_migrations_lock): what lets N replicas on N Galera nodes start
// with --migrate at once, since Galera does not replicate GET_LOCK. Against the harness's MariaDB.
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "server/store/connection_pool.h"
#include "server/store/migrator.h"
#include "tests/store/store_test_util.h"
#include "tests/support/test_database.h"

namespace huikuan::store {
namespace {

using ::huikuan::store::testing::Exec;
using ::huikuan::store::testing::QueryInt;

// Migrations that leave a trace of every run: 0001 creates `runs`, each later one appends its
// version and sleeps a little, so two migrators without mutual exclusion would both append.
std::vector<Migration> CountingMigrations(int count) {
  std::vector<Migration> migrations;
  migrations.push_back(
      {1, "0001_runs",
       "CREATE TABLE runs (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, version BIGINT NOT "
       "NULL);\n",
       "DROP TABLE runs;\n"});
  for (int version = 2; version <= count; ++version) {
    migrations.push_back(
        {version, absl::StrCat("000", version, "_run"),
         absl::StrCat("INSERT INTO runs (version) VALUES (", version, ");\nDO SLEEP(0.02);\n"),
         absl::StrCat("DELETE FROM runs WHERE version = ", version, ";\n")});
  }
  return migrations;
}

class MigrationLockTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = huikuan::testing::TestDatabase::Create(
        absl::StrCat("mlock_", ::testing::UnitTest::GetInstance()->current_test_info()->line()),
        /*migrate=*/false);
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = *std::move(db);
  }
  ConnectionPool& pool() { return db_->pool(); }

  // A second pool on the same database: another "replica" with connections of its own.
  std::unique_ptr<ConnectionPool> OtherPool() {
    auto other = ConnectionPool::Create(db_->config());
    EXPECT_TRUE(other.ok()) << other.status();
    return other.ok() ? *std::move(other) : nullptr;
  }

  std::unique_ptr<huikuan::testing::TestDatabase> db_;
};

TEST_F(MigrationLockTest, ConcurrentMigratorsApplyEachMigrationOnce) {
  constexpr int kMigrations = 12;
  constexpr int kMigrators = 4;
  std::vector<std::unique_ptr<ConnectionPool>> pools;
  for (int i = 0; i < kMigrators; ++i) pools.push_back(OtherPool());
  std::vector<absl::Status> results(kMigrators);
  std::vector<std::thread> threads;
  for (int i = 0; i < kMigrators; ++i) {
    threads.emplace_back([&, i] {
      Migrator migrator(*pools[i], CountingMigrations(kMigrations));
      results[i] = migrator.Up();
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (const absl::Status& result : results) EXPECT_TRUE(result.ok()) << result;

  EXPECT_EQ(*QueryInt(pool(), "SELECT COUNT(*) FROM runs"), kMigrations - 1);
  EXPECT_EQ(*QueryInt(pool(), "SELECT COUNT(DISTINCT version) FROM runs"), kMigrations - 1);
  Migrator migrator(pool(), CountingMigrations(kMigrations));
  EXPECT_EQ(migrator.State()->current_version, kMigrations);
  // Released at the end: no owner left behind.
  EXPECT_EQ(*QueryInt(pool(), "SELECT COUNT(*) FROM schema_migrations_lock WHERE owner <> ''"), 0);
}

TEST_F(MigrationLockTest, LiveClaimOfAnotherOwnerIsWaitedForThenAborted) {
  Migrator migrator(pool(), CountingMigrations(3));
  ASSERT_TRUE(migrator.Up(1).ok());
  // Another replica's claim, valid for an hour (it is still migrating).
  ASSERT_TRUE(Exec(pool(),
                   "UPDATE schema_migrations_lock SET owner = 'replica-b:42:1', "
                   "expires_at = UTC_TIMESTAMP(6) + INTERVAL 1 HOUR WHERE id = 1")
                  .ok());
  migrator.set_lock_timeout(absl::Milliseconds(600));
  absl::Status up = migrator.Up();
  EXPECT_EQ(up.code(), absl::StatusCode::kAborted) << up;
  EXPECT_NE(std::string(up.message()).find("replica-b:42:1"), std::string::npos) << up;
  EXPECT_EQ(migrator.State()->current_version, 1);
  EXPECT_EQ(migrator.Force(3).code(), absl::StatusCode::kAborted);
  EXPECT_EQ(migrator.Down(1).code(), absl::StatusCode::kAborted);
}

TEST_F(MigrationLockTest, ExpiredClaimOfACrashedMigratorIsTakenOver) {
  Migrator migrator(pool(), CountingMigrations(3));
  ASSERT_TRUE(migrator.Up(1).ok());
  ASSERT_TRUE(Exec(pool(),
                   "UPDATE schema_migrations_lock SET owner = 'crashed:7:1', "
                   "expires_at = UTC_TIMESTAMP(6) - INTERVAL 1 SECOND WHERE id = 1")
                  .ok());
  migrator.set_lock_timeout(absl::Milliseconds(600));
  absl::Status up = migrator.Up();
  EXPECT_TRUE(up.ok()) << up;
  EXPECT_EQ(migrator.State()->current_version, 3);
  EXPECT_EQ(*QueryInt(pool(), "SELECT COUNT(*) FROM runs"), 2);
}

// A migrator that stalls past its ttl and loses the lock to another one records nothing more:
// the fencing check in the same transaction as the version row.
TEST_F(MigrationLockTest, MigratorThatLostItsClaimRecordsNothing) {
  std::vector<Migration> migrations = CountingMigrations(3);
  // Migration 2 sleeps past the ttl; meanwhile "another migrator" takes the expired claim.
  migrations[1].up_sql = "INSERT INTO runs (version) VALUES (2);\nDO SLEEP(1.5);\n";
  Migrator migrator(pool(), migrations);
  migrator.set_lock_ttl(absl::Milliseconds(500));
  std::thread thief([&] {
    absl::SleepFor(absl::Milliseconds(1000));
    auto other = OtherPool();
    ASSERT_TRUE(Exec(*other,
                     "UPDATE schema_migrations_lock SET owner = 'thief:1:1', "
                     "expires_at = UTC_TIMESTAMP(6) + INTERVAL 1 HOUR "
                     "WHERE id = 1 AND expires_at < UTC_TIMESTAMP(6)")
                    .ok());
  });
  absl::Status up = migrator.Up();
  thief.join();
  EXPECT_EQ(up.code(), absl::StatusCode::kAborted) << up;
  // Migration 2 ran but could not be recorded as done: it stays dirty for the operator, and the
  // thief's claim is untouched.
  auto state = migrator.State();
  ASSERT_TRUE(state.ok()) << state.status();
  EXPECT_EQ(state->current_version, 2);
  EXPECT_TRUE(state->dirty);
  EXPECT_EQ(*QueryInt(pool(),
                      "SELECT COUNT(*) FROM schema_migrations_lock WHERE owner = "
                      "'thief:1:1'"),
            1);
}

}  // namespace
}  // namespace huikuan::store
