#include "server/store/transaction.h"

#include <cppconn/connection.h>
#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include <exception>
#include <memory>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "server/store/lease_access_internal.h"
#include "server/store/mysql_errors.h"

namespace huikuan::store {
namespace {

// How many times a lease whose START TRANSACTION hits a dead connection is replaced. Nothing of
// `fn` has run at that point, so trying a fresh connection is safe; two tries cover a server
// restart (the first replacement is freshly opened or validated by Acquire).
constexpr int kStartAttempts = 3;

// Rolls back and records whether the connection survived. Never throws: after a lost connection
// the rollback itself fails, and that must not hide the original error.
void RollbackQuietly(ConnectionPool::Lease& lease) {
  try {
    lease.Rollback();
    internal::LeaseAccess::MarkTransactionClosed(lease);
  } catch (const sql::SQLException&) {
    lease.MarkBroken();
  } catch (...) {
    lease.MarkBroken();
  }
}

// An SQLException from `fn` or commit: map it and decide the connection's fate.
absl::Status Fail(ConnectionPool::Lease& lease, const sql::SQLException& e) {
  if (IsConnectionLost(e)) {
    lease.MarkBroken();
  } else {
    RollbackQuietly(lease);
  }
  return FromSqlException(e);
}

// Whether the statements so far ran on the session the connection opened. One round trip; run
// after `fn` and before COMMIT, it keeps a session that replaced a lost one (connection_pool.h,
// "Sessions") from committing the part of the work it received. A plain statement, not a cached
// prepared one: those die with their session (2030/2056), and this must ask the current one.
// Throws sql::SQLException.
bool SameSession(ConnectionPool::Lease& lease) {
  std::unique_ptr<sql::Statement> statement(lease.connection().createStatement());
  std::unique_ptr<sql::ResultSet> rows(statement->executeQuery("SELECT CONNECTION_ID()"));
  return rows->next() && rows->getInt64(1) == lease.session_id();
}

absl::Status SessionLost() {
  return absl::UnavailableError(
      "the database connection was lost during the transaction; retry with the same request_id");
}

}  // namespace

namespace {

// How Run starts, repeats and ends a transaction.
struct Mode {
  // START TRANSACTION first: a dead pooled connection shows up there, before `fn` runs. Without
  // it `fn`'s first statement opens the transaction (autocommit is off, and the pool lends no
  // connection with one open), with the same REPEATABLE READ snapshot.
  bool explicit_start;
  // A connection lost under `fn` is replaced and `fn` runs again on a fresh one: nothing of a
  // transaction outlives its lost session.
  bool run_again_on_lost_connection;
  // Nothing to commit: no session check before COMMIT.
  bool read_only;
  // On an autocommit session every statement committed itself: no COMMIT at the end.
  bool autocommit = false;
};
constexpr Mode kWrite{true, false, false};
constexpr Mode kRepeatableWrite{false, true, false};
constexpr Mode kRead{false, true, true};
constexpr Mode kAutocommitReads{false, true, true, true};

absl::Status Run(ConnectionPool& pool, const Mode& mode,
                 absl::FunctionRef<absl::Status(ConnectionPool::Lease&)> fn) {
  if (pool.config().autocommit != mode.autocommit) {
    // A transaction on autocommit sessions would commit statement by statement.
    return absl::InternalError(mode.autocommit
                                   ? "autocommit reads need a pool of autocommit sessions"
                                   : "a transaction needs a pool that keeps autocommit off");
  }
  for (int attempt = 1;; ++attempt) {
    absl::StatusOr<ConnectionPool::Lease> acquired = pool.Acquire();
    if (!acquired.ok()) return acquired.status();
    ConnectionPool::Lease& lease = *acquired;

    if (mode.explicit_start) {
      try {
        std::unique_ptr<sql::Statement> start(lease.connection().createStatement());
        start->execute("START TRANSACTION");
      } catch (const sql::SQLException& e) {
        if (IsConnectionLost(e)) {
          lease.MarkBroken();
          if (attempt < kStartAttempts) continue;
          return FromSqlException(e);
        }
        return Fail(lease, e);
      }
    }

    absl::Status status;
    try {
      status = fn(lease);
    } catch (const sql::SQLException& e) {
      if (mode.run_again_on_lost_connection && IsConnectionLost(e) && attempt < kStartAttempts) {
        lease.MarkBroken();
        continue;
      }
      return Fail(lease, e);
    } catch (const std::exception&) {
      RollbackQuietly(lease);
      // what() of an arbitrary exception may carry data; keep only that it happened.
      return absl::InternalError("unexpected exception in a database transaction");
    }
    if (mode.autocommit) {
      // Every statement committed itself: nothing to commit or roll back.
      internal::LeaseAccess::MarkTransactionClosed(lease);
      return status;
    }
    if (!status.ok()) {
      RollbackQuietly(lease);
      return status;
    }
    try {
      // A read leaves nothing to commit (transaction.h, RunReadOnly); a write's last statement
      // may have proved the session already.
      const bool checked = mode.read_only || internal::LeaseAccess::SessionConfirmed(lease);
      if (!checked && !SameSession(lease)) {
        // Whatever the replacement session received is rolled back with it; the original
        // session's work died with that session.
        RollbackQuietly(lease);
        lease.MarkBroken();
        return SessionLost();
      }
      // COMMIT cannot move to a new session after this check: the client libraries never
      // reconnect while the last reply said a transaction is open, so a COMMIT that loses its
      // session fails (2006/2013) instead.
      lease.Commit();
      internal::LeaseAccess::MarkTransactionClosed(lease);
    } catch (const sql::SQLException& e) {
      // A commit that lost its connection may or may not have been applied; UNAVAILABLE tells the
      // caller to retry, which idempotency (request_id) makes safe.
      return Fail(lease, e);
    }
    return absl::OkStatus();
  }
}

}  // namespace

absl::Status RunInTransaction(ConnectionPool& pool,
                              absl::FunctionRef<absl::Status(ConnectionPool::Lease&)> fn) {
  return Run(pool, kWrite, fn);
}

absl::Status RunRepeatableWrite(ConnectionPool& pool,
                                absl::FunctionRef<absl::Status(ConnectionPool::Lease&)> fn) {
  return Run(pool, kRepeatableWrite, fn);
}

absl::Status RunReadOnly(ConnectionPool& pool,
                         absl::FunctionRef<absl::Status(ConnectionPool::Lease&)> fn) {
  return Run(pool, kRead, fn);
}

absl::Status RunAutocommitReads(ConnectionPool& pool,
                                absl::FunctionRef<absl::Status(ConnectionPool::Lease&)> fn) {
  return Run(pool, kAutocommitReads, fn);
}

}  // namespace huikuan::store
