// The database server goes away and comes back while one pool lives on: calls fail with exactly
// UNAVAILABLE meanwhile and succeed again afterwards, without a new pool. Runs alone (RUN_SERIAL)
// because it stops the harness's shared server.
#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "server/store/connection_pool.h"
#include "server/store/mysql_errors.h"
#include "server/store/transaction.h"
#include "tests/support/test_database.h"

namespace huikuan::store {
namespace {

absl::Status SelectOne(ConnectionPool& pool) {
  return RunInTransaction(pool, [](ConnectionPool::Lease& db) -> absl::Status {
    std::unique_ptr<sql::ResultSet> rows(db.Prepare("SELECT 1").executeQuery());
    if (!rows->next() || rows->getInt(1) != 1) return absl::InternalError("SELECT 1 failed");
    return absl::OkStatus();
  });
}

// Restarts the server when the test ends, whatever happened, so later tests find it up.
class ServerRestarter {
 public:
  ~ServerRestarter() {
    if (stopped_) {
      absl::Status status = huikuan::testing::StartTestServer();
      EXPECT_TRUE(status.ok()) << status;
    }
  }
  absl::Status Stop() {
    stopped_ = true;
    return huikuan::testing::StopTestServer();
  }
  absl::Status Start() {
    absl::Status status = huikuan::testing::StartTestServer();
    if (status.ok()) stopped_ = false;
    return status;
  }

 private:
  bool stopped_ = false;
};

TEST(RestartTest, PoolRecoversAfterServerRestart) {
  auto db = huikuan::testing::TestDatabase::Create("store_restart", /*migrate=*/false);
  ASSERT_TRUE(db.ok()) << db.status();
  ConnectionPool& pool = (*db)->pool();
  const int size = pool.config().pool_size;

  // Open every connection so all of them are in the pool when the server dies.
  {
    std::vector<ConnectionPool::Lease> leases;
    for (int i = 0; i < size; ++i) {
      auto lease = pool.Acquire();
      ASSERT_TRUE(lease.ok()) << lease.status();
      leases.push_back(*std::move(lease));
    }
  }
  ASSERT_TRUE(SelectOne(pool).ok());
  auto held = pool.Acquire();  // a lease that lives through the outage
  ASSERT_TRUE(held.ok()) << held.status();

  ServerRestarter restarter;
  ASSERT_TRUE(restarter.Stop().ok());

  absl::Status down = SelectOne(pool);
  EXPECT_EQ(down.code(), absl::StatusCode::kUnavailable) << down;
  EXPECT_EQ(pool.Acquire().status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(SelectOne(pool).code(), absl::StatusCode::kUnavailable);
  try {
    std::unique_ptr<sql::ResultSet> rows(held->Prepare("SELECT 2").executeQuery());
    ADD_FAILURE() << "a statement on a dead connection succeeded";
  } catch (const sql::SQLException& e) {
    EXPECT_TRUE(IsConnectionLost(e)) << e.getErrorCode() << " " << e.getSQLState();
    EXPECT_EQ(FromSqlException(e).code(), absl::StatusCode::kUnavailable) << FromSqlException(e);
    held->MarkBroken();
  }
  held = absl::UnavailableError("dropped");  // returns the broken connection: discarded

  ASSERT_TRUE(restarter.Start().ok());

  // The very first call after the restart succeeds, on the same pool.
  absl::Status up = SelectOne(pool);
  EXPECT_TRUE(up.ok()) << up;
  // And so does every connection, all at once (none of the dead ones is lent again).
  std::vector<absl::Status> results(size);
  std::vector<std::thread> threads;
  for (int i = 0; i < size; ++i) {
    threads.emplace_back([&, i] { results[i] = SelectOne(pool); });
  }
  for (std::thread& thread : threads) thread.join();
  for (int i = 0; i < size; ++i) EXPECT_TRUE(results[i].ok()) << i << ": " << results[i];
}

}  // namespace
}  // namespace huikuan::store
