#include "server/store/transaction.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <latch>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>

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
