#include "server/store/connection_pool.h"

#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/store/transaction.h"
#include "tests/store/store_test_util.h"
#include "tests/support/test_database.h"

namespace huikuan::store {
namespace {

using ::huikuan::store::testing::Exec;
using ::huikuan::store::testing::QueryInt;
using ::testing::HasSubstr;

class ConnectionPoolTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto db = huikuan::testing::TestDatabase::Create("store_pool_test", /*migrate=*/false);
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = db->release();
  }
  static void TearDownTestSuite() {
    delete db_;
    db_ = nullptr;
  }
  void SetUp() override { ASSERT_NE(db_, nullptr); }

  // Another pool on the same database, with its own size and acquire timeout.
  std::unique_ptr<ConnectionPool> NewPool(int size, absl::Duration acquire_timeout) {
    DbConfig config = db_->config();
    config.pool_size = size;
    auto pool = ConnectionPool::Create(config, acquire_timeout);
    EXPECT_TRUE(pool.ok()) << pool.status();
    return pool.ok() ? *std::move(pool) : nullptr;
  }

  static huikuan::testing::TestDatabase* db_;
};

huikuan::testing::TestDatabase* ConnectionPoolTest::db_ = nullptr;

TEST_F(ConnectionPoolTest, ExhaustedPoolIsUnavailableAfterTimeout) {
  std::unique_ptr<ConnectionPool> pool = NewPool(2, absl::Milliseconds(300));
  ASSERT_NE(pool, nullptr);
  auto first = pool->Acquire();
  ASSERT_TRUE(first.ok()) << first.status();
  auto second = pool->Acquire();
  ASSERT_TRUE(second.ok()) << second.status();

  const absl::Time start = absl::Now();
  auto third = pool->Acquire();
  const absl::Duration waited = absl::Now() - start;
  ASSERT_EQ(third.status().code(), absl::StatusCode::kUnavailable) << third.status();
  EXPECT_THAT(std::string(third.status().message()), HasSubstr("exhausted"));
  EXPECT_GE(waited, absl::Milliseconds(290));
  EXPECT_LT(waited, absl::Seconds(5));

  // A returned connection is lent again, to a waiter that is already blocked.
  std::thread releaser([lease = *std::move(first)]() mutable {
    absl::SleepFor(absl::Milliseconds(50));
    ConnectionPool::Lease dropped = std::move(lease);
  });
  auto fourth = pool->Acquire();
  releaser.join();
  EXPECT_TRUE(fourth.ok()) << fourth.status();
}

TEST_F(ConnectionPoolTest, ServerNotListeningIsUnavailable) {
  DbConfig config = db_->config();
  config.port = 1;  // nothing listens on a privileged port here: connection refused
  auto pool = ConnectionPool::Create(config, absl::Seconds(1));
  ASSERT_TRUE(pool.ok()) << pool.status();  // lazy: creating does not connect
  auto lease = (*pool)->Acquire();
  EXPECT_EQ(lease.status().code(), absl::StatusCode::kUnavailable) << lease.status();
  EXPECT_THAT(std::string(lease.status().message()), HasSubstr("cannot open a connection"));
  absl::Status status =
      RunInTransaction(**pool, [](ConnectionPool::Lease&) { return absl::OkStatus(); });
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable) << status;
}

TEST_F(ConnectionPoolTest, InvalidConfigIsInvalidArgument) {
  DbConfig config = db_->config();
  config.database = "x`; DROP DATABASE mysql; --";
  EXPECT_EQ(ConnectionPool::Create(config).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(EnsureDatabaseExists(config).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(DropDatabase(config).code(), absl::StatusCode::kInvalidArgument);
  config = db_->config();
  config.pool_size = 0;
  EXPECT_EQ(ConnectionPool::Create(config).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(ConnectionPoolTest, SessionIsUtcUtf8mb4WithoutAutocommit) {
  auto lease = db_->pool().Acquire();
  ASSERT_TRUE(lease.ok()) << lease.status();
  EXPECT_FALSE(lease->connection().getAutoCommit());
  std::unique_ptr<sql::ResultSet> rows(
      lease
          ->Prepare(
              "SELECT @@session.time_zone, @@character_set_client, @@autocommit, CONNECTION_ID()")
          .executeQuery());
  ASSERT_TRUE(rows->next());
  EXPECT_EQ(std::string(rows->getString(1)), "+00:00");
  EXPECT_EQ(std::string(rows->getString(2)), "utf8mb4");
  EXPECT_EQ(rows->getInt(3), 0);
  EXPECT_EQ(rows->getInt64(4), lease->session_id());
}

// Whatever session the client library opens for a connection, also one it opened on its own to
// replace a lost one (Connection::reconnect() here), starts with autocommit off and UTC; the
// lease's session_id() stays that of the first, so RunInTransaction can tell them apart.
TEST_F(ConnectionPoolTest, ReplacementSessionIsUtcWithoutAutocommit) {
  std::unique_ptr<ConnectionPool> pool = NewPool(1, absl::Seconds(1));
  ASSERT_NE(pool, nullptr);
  auto lease = pool->Acquire();
  ASSERT_TRUE(lease.ok()) << lease.status();
  const int64_t first = lease->session_id();
  ASSERT_TRUE(Exec(db_->pool(), absl::StrCat("KILL CONNECTION ", first)).ok());
  ASSERT_TRUE(lease->connection().reconnect());
  std::unique_ptr<sql::Statement> statement(lease->connection().createStatement());
  std::unique_ptr<sql::ResultSet> rows(
      statement->executeQuery("SELECT CONNECTION_ID(), @@session.autocommit, @@session.time_zone"));
  ASSERT_TRUE(rows->next());
  EXPECT_NE(rows->getInt64(1), first);
  EXPECT_EQ(rows->getInt(2), 0);
  EXPECT_EQ(std::string(rows->getString(3)), "+00:00");
  EXPECT_EQ(lease->session_id(), first);
  lease->MarkBroken();
}

TEST_F(ConnectionPoolTest, PrepareCachesPerConnectionAndClearsParameters) {
  std::unique_ptr<ConnectionPool> pool = NewPool(1, absl::Seconds(1));
  ASSERT_NE(pool, nullptr);
  sql::PreparedStatement* first = nullptr;
  {
    auto lease = pool->Acquire();
    ASSERT_TRUE(lease.ok()) << lease.status();
    sql::PreparedStatement& select = lease->Prepare("SELECT ? + 1");
    select.setInt(1, 41);
    std::unique_ptr<sql::ResultSet> rows(select.executeQuery());
    ASSERT_TRUE(rows->next());
    EXPECT_EQ(rows->getInt(1), 42);
    first = &select;
  }
  auto lease = pool->Acquire();  // the same (only) connection
  ASSERT_TRUE(lease.ok()) << lease.status();
  sql::PreparedStatement& again = lease->Prepare("SELECT ? + 1");
  EXPECT_EQ(&again, first);
  // The previous binding is gone: executing without binding fails instead of reusing 41.
  EXPECT_THROW(std::unique_ptr<sql::ResultSet>(again.executeQuery()), sql::SQLException);
}

TEST_F(ConnectionPoolTest, ReturnedLeaseDoesNotLeakAnOpenTransaction) {
  ASSERT_TRUE(Exec(db_->pool(), "CREATE TABLE leak (id BIGINT PRIMARY KEY)").ok());
  std::unique_ptr<ConnectionPool> pool = NewPool(1, absl::Seconds(1));
  ASSERT_NE(pool, nullptr);
  {
    auto lease = pool->Acquire();
    ASSERT_TRUE(lease.ok()) << lease.status();
    lease->Prepare("INSERT INTO leak (id) VALUES (1)").executeUpdate();
    // No commit: autocommit is off, so returning the lease must roll this back.
  }
  auto count = QueryInt(*pool, "SELECT COUNT(*) FROM leak");
  ASSERT_TRUE(count.ok()) << count.status();
  EXPECT_EQ(*count, 0);
}

// A connection that died while idle in the pool (here: killed by the server, as after a restart or
// wait_timeout) costs the next caller nothing, even within the idle time that skips the ping:
// RunInTransaction finds it dead at START TRANSACTION, before running anything, and takes a
// fresh connection.
TEST_F(ConnectionPoolTest, KilledIdleConnectionIsReplacedTransparently) {
  std::unique_ptr<ConnectionPool> pool = NewPool(1, absl::Seconds(1));
  ASSERT_NE(pool, nullptr);
  auto id = QueryInt(*pool, "SELECT CONNECTION_ID()");
  ASSERT_TRUE(id.ok()) << id.status();

  ASSERT_TRUE(RunInTransaction(db_->pool(), [&](ConnectionPool::Lease& db) {
                auto& kill = db.Prepare("KILL CONNECTION ?");
                kill.setInt64(1, *id);
                kill.execute();
                return absl::OkStatus();
              }).ok());

  auto next = QueryInt(*pool, "SELECT CONNECTION_ID()");
  ASSERT_TRUE(next.ok()) << next.status();
  EXPECT_NE(*next, *id);

  // Acquire() hands out the dead connection only within the no-ping window; a direct user sees
  // UNAVAILABLE at most once, and the pool heals.
  auto again = QueryInt(*pool, "SELECT 7");
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(*again, 7);
}

// io_timeout_seconds bounds a statement the server does not answer: the call fails with
// UNAVAILABLE and the connection, whose protocol state is unknown, is not reused.
TEST_F(ConnectionPoolTest, StatementBeyondIoTimeoutIsUnavailable) {
  DbConfig config = db_->config();
  config.pool_size = 1;
  config.io_timeout_seconds = 1;
  auto pool = ConnectionPool::Create(config, absl::Seconds(1));
  ASSERT_TRUE(pool.ok()) << pool.status();
  auto id = QueryInt(**pool, "SELECT CONNECTION_ID()");
  ASSERT_TRUE(id.ok()) << id.status();

  const absl::Time start = absl::Now();
  auto slow = QueryInt(**pool, "SELECT SLEEP(5)");
  const absl::Duration waited = absl::Now() - start;
  EXPECT_EQ(slow.status().code(), absl::StatusCode::kUnavailable) << slow.status();
  EXPECT_LT(waited, absl::Seconds(3));

  auto next = QueryInt(**pool, "SELECT CONNECTION_ID()");
  ASSERT_TRUE(next.ok()) << next.status();
  EXPECT_NE(*next, *id);
}

TEST_F(ConnectionPoolTest, SixteenThreadsShareEightConnections) {
  ASSERT_TRUE(
      Exec(db_->pool(), "CREATE TABLE counter (id BIGINT PRIMARY KEY, n BIGINT NOT NULL)").ok());
  ASSERT_TRUE(Exec(db_->pool(),
                   "CREATE TABLE counter_log (id BIGINT AUTO_INCREMENT PRIMARY KEY, "
                   "thread INT NOT NULL, n BIGINT NOT NULL)")
                  .ok());
  ASSERT_TRUE(Exec(db_->pool(), "INSERT INTO counter (id, n) VALUES (1, 0)").ok());

  constexpr int kThreads = 16;
  constexpr int kPerThread = 40;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        absl::Status status =
            RunInTransaction(db_->pool(), [&](ConnectionPool::Lease& db) -> absl::Status {
              std::unique_ptr<sql::ResultSet> rows(
                  db.Prepare("SELECT n FROM counter WHERE id = 1 FOR UPDATE").executeQuery());
              if (!rows->next()) return absl::NotFoundError("counter row");
              const int64_t n = rows->getInt64(1) + 1;
              auto& update = db.Prepare("UPDATE counter SET n = ? WHERE id = 1");
              update.setInt64(1, n);
              update.executeUpdate();
              auto& insert = db.Prepare("INSERT INTO counter_log (thread, n) VALUES (?, ?)");
              insert.setInt(1, t);
              insert.setInt64(2, n);
              insert.executeUpdate();
              return absl::OkStatus();
            });
        if (!status.ok()) {
          ++failures;
          ADD_FAILURE() << status;
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  // Row locks serialised the increments: no lost update, every value taken exactly once.
  EXPECT_EQ(*QueryInt(db_->pool(), "SELECT n FROM counter WHERE id = 1"), kThreads * kPerThread);
  EXPECT_EQ(*QueryInt(db_->pool(), "SELECT COUNT(DISTINCT n) FROM counter_log"),
            kThreads * kPerThread);
  EXPECT_EQ(*QueryInt(db_->pool(), "SELECT COUNT(DISTINCT thread) FROM counter_log"), kThreads);
}

}  // namespace
}  // namespace huikuan::store
