#include "server/store/transaction.h"

#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/resultset_metadata.h>
#include <cppconn/statement.h>

#include <latch>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/store/connection_pool.h"
#include "tests/store/store_test_util.h"
#include "tests/support/test_database.h"

namespace huikuan::store {
namespace {

using ::huikuan::store::testing::Exec;
using ::huikuan::store::testing::QueryInt;
using ::testing::HasSubstr;
using ::testing::Not;

class TransactionTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto db = huikuan::testing::TestDatabase::Create("store_txn_test", /*migrate=*/false);
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = db->release();
  }
  static void TearDownTestSuite() {
    delete db_;
    db_ = nullptr;
  }
  void SetUp() override {
    ASSERT_NE(db_, nullptr);
    ASSERT_TRUE(Exec(pool(), "DROP TABLE IF EXISTS items").ok());
    ASSERT_TRUE(Exec(pool(),
                     "CREATE TABLE items (id BIGINT PRIMARY KEY, label VARCHAR(64) NOT "
                     "NULL) ENGINE=InnoDB")
                    .ok());
  }
  static ConnectionPool& pool() { return db_->pool(); }

  static absl::Status Insert(ConnectionPool::Lease& db, int64_t id, const std::string& label) {
    auto& insert = db.Prepare("INSERT INTO items (id, label) VALUES (?, ?)");
    insert.setInt64(1, id);
    insert.setString(2, label);
    insert.executeUpdate();
    return absl::OkStatus();
  }
  static int64_t Count() {
    absl::StatusOr<int64_t> count = QueryInt(pool(), "SELECT COUNT(*) FROM items");
    EXPECT_TRUE(count.ok()) << count.status();
    return count.value_or(-1);
  }

  // A pool of one connection: the next transaction on it shows whether the pool recovered.
  static std::unique_ptr<ConnectionPool> OneConnectionPool() {
    DbConfig config = db_->config();
    config.pool_size = 1;
    auto pool = ConnectionPool::Create(config, absl::Seconds(5));
    EXPECT_TRUE(pool.ok()) << pool.status();
    return pool.ok() ? *std::move(pool) : nullptr;
  }

  // CONNECTION_ID() of the session `db` talks to now (a plain statement, so it also answers on a
  // session whose prepared statements are gone).
  static int64_t SessionOf(ConnectionPool::Lease& db) {
    std::unique_ptr<sql::Statement> statement(db.connection().createStatement());
    std::unique_ptr<sql::ResultSet> rows(statement->executeQuery("SELECT CONNECTION_ID()"));
    rows->next();
    return rows->getInt64(1);
  }

  // Kills session `id` from another connection, as a database restart, an operator's KILL, a cut
  // network or a Galera node leaving would; the server rolls back its open transaction.
  static void KillSession(int64_t id) {
    absl::Status killed = RunInTransaction(pool(), [&](ConnectionPool::Lease& db) {
      auto& kill = db.Prepare("KILL CONNECTION ?");
      kill.setInt64(1, id);
      kill.execute();
      return absl::OkStatus();
    });
    ASSERT_TRUE(killed.ok()) << killed;
  }

  // Asserts that `victim` serves the next transaction on a new session (a different id than
  // `killed`) and commits it.
  static void ExpectRecovered(ConnectionPool& victim, int64_t killed) {
    int64_t session = 0;
    absl::Status status = RunInTransaction(victim, [&](ConnectionPool::Lease& db) {
      session = SessionOf(db);
      return Insert(db, 100, "after");
    });
    EXPECT_TRUE(status.ok()) << status;
    EXPECT_NE(session, killed);
    EXPECT_EQ(*QueryInt(pool(), "SELECT COUNT(*) FROM items WHERE id = 100"), 1);
  }

  static huikuan::testing::TestDatabase* db_;
};

huikuan::testing::TestDatabase* TransactionTest::db_ = nullptr;

TEST_F(TransactionTest, CommitsWhenFnReturnsOk) {
  absl::Status status = RunInTransaction(
      pool(), [](ConnectionPool::Lease& db) { return Insert(db, 1, "committed"); });
  ASSERT_TRUE(status.ok()) << status;
  EXPECT_EQ(Count(), 1);
}

TEST_F(TransactionTest, ErrorFromFnRollsBackAndIsReturnedAsIs) {
  absl::Status status = RunInTransaction(pool(), [](ConnectionPool::Lease& db) -> absl::Status {
    Insert(db, 1, "first").IgnoreError();
    Insert(db, 2, "second").IgnoreError();
    return absl::FailedPreconditionError("customer is archived");
  });
  EXPECT_EQ(status, absl::FailedPreconditionError("customer is archived"));
  EXPECT_EQ(Count(), 0);
}

TEST_F(TransactionTest, ExceptionsRollBack) {
  absl::Status status = RunInTransaction(pool(), [](ConnectionPool::Lease& db) -> absl::Status {
    Insert(db, 1, "x").IgnoreError();
    throw std::runtime_error("bug with data 12345");
  });
  EXPECT_EQ(status.code(), absl::StatusCode::kInternal);
  EXPECT_THAT(std::string(status.message()), Not(HasSubstr("12345")));
  EXPECT_EQ(Count(), 0);
}

TEST_F(TransactionTest, StatusOrOverloadReturnsTheValue) {
  absl::StatusOr<int64_t> sum =
      RunInTransaction<int64_t>(pool(), [](ConnectionPool::Lease& db) -> absl::StatusOr<int64_t> {
        std::unique_ptr<sql::ResultSet> rows(db.Prepare("SELECT 40 + 2").executeQuery());
        rows->next();
        return static_cast<int64_t>(rows->getInt64(1));
      });
  ASSERT_TRUE(sum.ok()) << sum.status();
  EXPECT_EQ(*sum, 42);
  absl::StatusOr<int64_t> failed =
      RunInTransaction<int64_t>(pool(), [](ConnectionPool::Lease&) -> absl::StatusOr<int64_t> {
        return absl::NotFoundError("no such customer");
      });
  EXPECT_EQ(failed.status(), absl::NotFoundError("no such customer"));
}

TEST_F(TransactionTest, DuplicateKeyIsAlreadyExistsWithoutTheValue) {
  ASSERT_TRUE(RunInTransaction(pool(), [](ConnectionPool::Lease& db) {
                return Insert(db, 7, "secret-label");
              }).ok());
  absl::Status status = RunInTransaction(pool(), [](ConnectionPool::Lease& db) -> absl::Status {
    Insert(db, 8, "other").IgnoreError();
    return Insert(db, 7, "secret-label");
  });
  EXPECT_EQ(status.code(), absl::StatusCode::kAlreadyExists) << status;
  EXPECT_THAT(std::string(status.message()), Not(HasSubstr("7")));
  EXPECT_THAT(std::string(status.message()), Not(HasSubstr("secret")));
  EXPECT_THAT(std::string(status.message()), Not(HasSubstr("PRIMARY")));
  EXPECT_EQ(Count(), 1);  // row 8 was rolled back with the failed transaction
}

TEST_F(TransactionTest, SyntaxErrorIsInternalWithNumberButNoSql) {
  absl::Status status = RunInTransaction(pool(), [](ConnectionPool::Lease& db) -> absl::Status {
    std::unique_ptr<sql::ResultSet> rows(
        db.Prepare("SELEC secret_column FROM items").executeQuery());
    return absl::OkStatus();
  });
  EXPECT_EQ(status.code(), absl::StatusCode::kInternal) << status;
  EXPECT_THAT(std::string(status.message()), HasSubstr("1064"));
  EXPECT_THAT(std::string(status.message()), Not(HasSubstr("SELEC")));
  EXPECT_THAT(std::string(status.message()), Not(HasSubstr("secret_column")));
  // The connection survived (a statement error is not a connection error) and works.
  EXPECT_EQ(Count(), 0);
}

TEST_F(TransactionTest, RealDeadlockIsAborted) {
  ASSERT_TRUE(RunInTransaction(pool(), [](ConnectionPool::Lease& db) -> absl::Status {
                Insert(db, 1, "a").IgnoreError();
                return Insert(db, 2, "b");
              }).ok());
  // Each side locks one row, waits for the other to do the same, then asks for the other's row.
  std::latch both_locked(2);
  auto side = [&](int64_t mine, int64_t theirs) {
    return RunInTransaction(pool(), [&](ConnectionPool::Lease& db) -> absl::Status {
      auto& update = db.Prepare("UPDATE items SET label = ? WHERE id = ?");
      update.setString(1, "mine");
      update.setInt64(2, mine);
      update.executeUpdate();
      both_locked.arrive_and_wait();
      auto& steal = db.Prepare("UPDATE items SET label = ? WHERE id = ?");
      steal.setString(1, "theirs");
      steal.setInt64(2, theirs);
      steal.executeUpdate();
      return absl::OkStatus();
    });
  };
  absl::Status a, b;
  std::thread first([&] { a = side(1, 2); });
  std::thread second([&] { b = side(2, 1); });
  first.join();
  second.join();
  // InnoDB picks one victim (1213); the other transaction then gets its lock and commits.
  const bool a_lost = a.code() == absl::StatusCode::kAborted;
  const bool b_lost = b.code() == absl::StatusCode::kAborted;
  EXPECT_TRUE(a_lost != b_lost) << a << " / " << b;
  EXPECT_TRUE(a_lost ? b.ok() : a.ok()) << a << " / " << b;
  EXPECT_THAT(std::string((a_lost ? a : b).message()), HasSubstr("1213"));
}

// The session dies after the last statement and before COMMIT. Connector/C++ 1.1's
// Connection::commit() ignores the client library's result, so this used to return OK with
// nothing written.
TEST_F(TransactionTest, SessionKilledBeforeCommitIsUnavailableAndWritesNothing) {
  std::unique_ptr<ConnectionPool> victim = OneConnectionPool();
  ASSERT_NE(victim, nullptr);
  int64_t killed = 0;
  absl::Status status = RunInTransaction(*victim, [&](ConnectionPool::Lease& db) -> absl::Status {
    absl::Status inserted = Insert(db, 1, "lost");
    if (!inserted.ok()) return inserted;
    killed = SessionOf(db);
    KillSession(killed);
    return absl::OkStatus();
  });
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable) << status;
  EXPECT_EQ(Count(), 0);
  ExpectRecovered(*victim, killed);
}

// The session dies between two statements: the next one fails, and so does the transaction.
TEST_F(TransactionTest, SessionKilledBetweenStatementsIsUnavailableAndWritesNothing) {
  std::unique_ptr<ConnectionPool> victim = OneConnectionPool();
  ASSERT_NE(victim, nullptr);
  int64_t killed = 0;
  absl::Status status = RunInTransaction(*victim, [&](ConnectionPool::Lease& db) -> absl::Status {
    absl::Status inserted = Insert(db, 1, "first");
    if (!inserted.ok()) return inserted;
    killed = SessionOf(db);
    KillSession(killed);
    return Insert(db, 2, "second");
  });
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable) << status;
  EXPECT_EQ(Count(), 0);
  ExpectRecovered(*victim, killed);
}

// `fn` swallows the error of the statement that found the session dead and returns OK: COMMIT
// still cannot succeed.
TEST_F(TransactionTest, SessionKilledAndErrorSwallowedIsUnavailable) {
  std::unique_ptr<ConnectionPool> victim = OneConnectionPool();
  ASSERT_NE(victim, nullptr);
  int64_t killed = 0;
  absl::Status status = RunInTransaction(*victim, [&](ConnectionPool::Lease& db) -> absl::Status {
    absl::Status inserted = Insert(db, 1, "first");
    if (!inserted.ok()) return inserted;
    killed = SessionOf(db);
    KillSession(killed);
    try {
      Insert(db, 2, "second").IgnoreError();
    } catch (const sql::SQLException&) {
      // a careless caller
    }
    return absl::OkStatus();
  });
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable) << status;
  EXPECT_EQ(Count(), 0);
  ExpectRecovered(*victim, killed);
}

// The pool never lets the client library reconnect, but Connection::reconnect() does exactly what
// a silent reconnect would: the rest of the transaction goes to a new session. Its statements must
// not autocommit there, and COMMIT must not commit them: UNAVAILABLE, nothing written.
TEST_F(TransactionTest, SilentReconnectMidTransactionIsUnavailableAndWritesNothing) {
  std::unique_ptr<ConnectionPool> victim = OneConnectionPool();
  ASSERT_NE(victim, nullptr);
  int64_t killed = 0;
  int64_t replacement = 0;
  absl::Status status = RunInTransaction(*victim, [&](ConnectionPool::Lease& db) -> absl::Status {
    absl::Status inserted = Insert(db, 1, "before the loss");
    if (!inserted.ok()) return inserted;
    killed = SessionOf(db);
    KillSession(killed);
    if (!db.connection().reconnect()) return absl::InternalError("reconnect() failed");
    replacement = SessionOf(db);
    // Not through the Prepare cache: the old session's prepared statements died with it.
    std::unique_ptr<sql::Statement> statement(db.connection().createStatement());
    statement->executeUpdate("INSERT INTO items (id, label) VALUES (2, 'after the loss')");
    return absl::OkStatus();
  });
  EXPECT_NE(replacement, killed);
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable) << status;
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("connection was lost during the transaction; retry with the same "
                        "request_id"));
  EXPECT_EQ(Count(), 0);
  ExpectRecovered(*victim, killed);
}

// The same, with the statement after the reconnect taken from the Prepare cache: it was prepared
// on the lost session and fails (2030), which is UNAVAILABLE, not INTERNAL.
TEST_F(TransactionTest, CachedStatementAfterSilentReconnectIsUnavailable) {
  std::unique_ptr<ConnectionPool> victim = OneConnectionPool();
  ASSERT_NE(victim, nullptr);
  int64_t killed = 0;
  absl::Status status = RunInTransaction(*victim, [&](ConnectionPool::Lease& db) -> absl::Status {
    absl::Status inserted = Insert(db, 1, "before the loss");
    if (!inserted.ok()) return inserted;
    killed = SessionOf(db);
    KillSession(killed);
    if (!db.connection().reconnect()) return absl::InternalError("reconnect() failed");
    return Insert(db, 2, "after the loss");
  });
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable) << status;
  EXPECT_EQ(Count(), 0);
  ExpectRecovered(*victim, killed);
}

// An RPC's write runs without START TRANSACTION (RunRepeatableWrite): a session lost between its
// statements is not the caller's problem but a fresh connection's, and `fn` runs again from the
// start; what the first run did died with its session.
TEST_F(TransactionTest, RepeatableWriteRunsAgainOnAFreshSessionWhenItsSessionDies) {
  std::unique_ptr<ConnectionPool> victim = OneConnectionPool();
  ASSERT_NE(victim, nullptr);
  int runs = 0;
  int64_t killed = 0;
  int64_t second = 0;
  absl::Status status = RunRepeatableWrite(*victim, [&](ConnectionPool::Lease& db) -> absl::Status {
    ++runs;
    absl::Status inserted = Insert(db, 1, "first");
    if (!inserted.ok()) return inserted;
    if (runs == 1) {
      killed = SessionOf(db);
      KillSession(killed);
    } else {
      second = SessionOf(db);
    }
    return Insert(db, 2, "second");
  });
  EXPECT_TRUE(status.ok()) << status;
  EXPECT_EQ(runs, 2);
  EXPECT_NE(second, killed);
  EXPECT_EQ(Count(), 2);
}

// Without START TRANSACTION the first statement opens the transaction: nothing autocommits, and
// an error rolls back every statement before it.
TEST_F(TransactionTest, RepeatableWriteIsOneTransaction) {
  absl::Status status = RunRepeatableWrite(pool(), [&](ConnectionPool::Lease& db) -> absl::Status {
    absl::Status inserted = Insert(db, 1, "first");
    if (!inserted.ok()) return inserted;
    EXPECT_EQ(Count(), 0) << "another connection sees the uncommitted row";
    return absl::FailedPreconditionError("changed my mind");
  });
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Count(), 0);
}

// The silent reconnect (see above) under a write that never said START TRANSACTION: the statements
// after it went to a new session, which COMMIT must not commit.
TEST_F(TransactionTest, SilentReconnectUnderARepeatableWriteIsUnavailableAndWritesNothing) {
  std::unique_ptr<ConnectionPool> victim = OneConnectionPool();
  ASSERT_NE(victim, nullptr);
  int64_t killed = 0;
  absl::Status status = RunRepeatableWrite(*victim, [&](ConnectionPool::Lease& db) -> absl::Status {
    absl::Status inserted = Insert(db, 1, "before the loss");
    if (!inserted.ok()) return inserted;
    killed = SessionOf(db);
    KillSession(killed);
    if (!db.connection().reconnect()) return absl::InternalError("reconnect() failed");
    std::unique_ptr<sql::Statement> statement(db.connection().createStatement());
    statement->executeUpdate("INSERT INTO items (id, label) VALUES (2, 'after the loss')");
    return absl::OkStatus();
  });
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable) << status;
  EXPECT_EQ(Count(), 0);
  ExpectRecovered(*victim, killed);
}

// A read also runs without START TRANSACTION; a session lost under it means running it again on
// a fresh one.
TEST_F(TransactionTest, ReadRunsAgainWhenItsSessionDies) {
  ASSERT_TRUE(RunInTransaction(pool(), [](ConnectionPool::Lease& db) {
                return Insert(db, 1, "before");
              }).ok());
  std::unique_ptr<ConnectionPool> victim = OneConnectionPool();
  ASSERT_NE(victim, nullptr);
  int runs = 0;
  int64_t seen = 0;
  absl::Status status = RunReadOnly(*victim, [&](ConnectionPool::Lease& db) -> absl::Status {
    ++runs;
    if (runs == 1) KillSession(SessionOf(db));
    std::unique_ptr<sql::ResultSet> rows(db.Prepare("SELECT COUNT(*) FROM items").executeQuery());
    rows->next();
    seen = rows->getInt64(1);
    return absl::OkStatus();
  });
  EXPECT_TRUE(status.ok()) << status;
  EXPECT_EQ(runs, 2);
  EXPECT_EQ(seen, 1);
}

// Without START TRANSACTION a read's first statement takes the snapshot the rest of it reads: a
// row committed by another connection in between stays invisible.
TEST_F(TransactionTest, ReadWithoutStartTransactionReadsOneSnapshot) {
  ASSERT_TRUE(RunInTransaction(pool(), [](ConnectionPool::Lease& db) {
                return Insert(db, 1, "before");
              }).ok());
  std::vector<int64_t> seen;
  absl::Status status = RunReadOnly(pool(), [&](ConnectionPool::Lease& db) -> absl::Status {
    std::unique_ptr<sql::ResultSet> first(db.Prepare("SELECT COUNT(*) FROM items").executeQuery());
    first->next();
    seen.push_back(first->getInt64(1));
    EXPECT_TRUE(RunInTransaction(pool(), [](ConnectionPool::Lease& other) {
                  return Insert(other, 2, "after");
                }).ok());
    std::unique_ptr<sql::ResultSet> second(db.Prepare("SELECT COUNT(*) FROM items").executeQuery());
    second->next();
    seen.push_back(second->getInt64(1));
    return absl::OkStatus();
  });
  EXPECT_TRUE(status.ok()) << status;
  EXPECT_EQ(seen, (std::vector<int64_t>{1, 1}));
  EXPECT_EQ(Count(), 2);
}

// Autocommit reads: each statement sees the newest committed rows, and none of it needs a
// COMMIT (the session counts no COMMIT statement, and @@autocommit is on).
TEST_F(TransactionTest, AutocommitReadsSeeNewestRowsWithoutCommit) {
  ASSERT_TRUE(RunInTransaction(pool(), [](ConnectionPool::Lease& db) {
                return Insert(db, 1, "before");
              }).ok());
  DbConfig config = db_->config();
  config.pool_size = 1;
  config.autocommit = true;
  auto reads = ConnectionPool::Create(config);
  ASSERT_TRUE(reads.ok()) << reads.status();
  auto read_int = [](ConnectionPool::Lease& db, const std::string& sql) {
    std::unique_ptr<sql::ResultSet> rows(db.Prepare(sql).executeQuery());
    rows->next();
    return rows->getInt64(rows->getMetaData()->getColumnCount());
  };
  std::vector<int64_t> seen;
  for (int call = 0; call < 3; ++call) {
    absl::Status status =
        RunAutocommitReads(**reads, [&](ConnectionPool::Lease& db) -> absl::Status {
          seen.push_back(read_int(db, "SELECT COUNT(*) FROM items"));
          if (call == 0) {
            EXPECT_TRUE(RunInTransaction(pool(), [](ConnectionPool::Lease& other) {
                          return Insert(other, 2, "between");
                        }).ok());
            seen.push_back(read_int(db, "SELECT COUNT(*) FROM items"));
          }
          return absl::OkStatus();
        });
    ASSERT_TRUE(status.ok()) << status;
  }
  EXPECT_EQ(seen, (std::vector<int64_t>{1, 2, 2, 2}));
  absl::Status status = RunAutocommitReads(**reads, [&](ConnectionPool::Lease& db) {
    EXPECT_EQ(read_int(db, "SELECT @@session.autocommit"), 1);
    EXPECT_EQ(read_int(db, "SHOW SESSION STATUS LIKE 'Com_commit'"), 0);
    EXPECT_EQ(read_int(db, "SHOW SESSION STATUS LIKE 'Com_rollback'"), 0);
    return absl::OkStatus();
  });
  EXPECT_TRUE(status.ok()) << status;
}

// Each kind of pool serves only its kind of work: a transaction on autocommit sessions would
// commit statement by statement, and autocommit reads on the others would leave one open.
TEST_F(TransactionTest, PoolsServeOnlyTheirMode) {
  DbConfig config = db_->config();
  config.pool_size = 1;
  config.autocommit = true;
  auto reads = ConnectionPool::Create(config);
  ASSERT_TRUE(reads.ok()) << reads.status();
  int runs = 0;
  auto count_run = [&](ConnectionPool::Lease&) {
    ++runs;
    return absl::OkStatus();
  };
  EXPECT_EQ(RunInTransaction(**reads, count_run).code(), absl::StatusCode::kInternal);
  EXPECT_EQ(RunRepeatableWrite(**reads, count_run).code(), absl::StatusCode::kInternal);
  EXPECT_EQ(RunReadOnly(**reads, count_run).code(), absl::StatusCode::kInternal);
  EXPECT_EQ(RunAutocommitReads(pool(), count_run).code(), absl::StatusCode::kInternal);
  EXPECT_EQ(runs, 0);
  EXPECT_TRUE(RunAutocommitReads(**reads, count_run).ok());
  EXPECT_EQ(runs, 1);
}

TEST_F(TransactionTest, LockWaitTimeoutIsAborted) {
  ASSERT_TRUE(RunInTransaction(pool(), [](ConnectionPool::Lease& db) {
                return Insert(db, 1, "held");
              }).ok());
  absl::Notification locked, done;
  std::thread holder([&] {
    absl::Status status = RunInTransaction(pool(), [&](ConnectionPool::Lease& db) -> absl::Status {
      std::unique_ptr<sql::ResultSet> rows(
          db.Prepare("SELECT id FROM items WHERE id = 1 FOR UPDATE").executeQuery());
      locked.Notify();
      done.WaitForNotification();
      return absl::OkStatus();
    });
    EXPECT_TRUE(status.ok()) << status;
  });
  locked.WaitForNotification();

  // A pool of its own: the session variable below must not stay on a shared connection.
  DbConfig config = db_->config();
  config.pool_size = 1;
  auto impatient = ConnectionPool::Create(config);
  ASSERT_TRUE(impatient.ok()) << impatient.status();
  const absl::Time start = absl::Now();
  absl::Status status = RunInTransaction(**impatient, [](ConnectionPool::Lease& db) {
    db.Prepare("SET SESSION innodb_lock_wait_timeout = 1").execute();
    auto& update = db.Prepare("UPDATE items SET label = ? WHERE id = 1");
    update.setString(1, "stolen");
    update.executeUpdate();
    return absl::OkStatus();
  });
  const absl::Duration waited = absl::Now() - start;
  done.Notify();
  holder.join();
  EXPECT_EQ(status.code(), absl::StatusCode::kAborted) << status;
  EXPECT_THAT(std::string(status.message()), HasSubstr("1205"));
  EXPECT_GE(waited, absl::Milliseconds(900));
}

}  // namespace
}  // namespace huikuan::store
