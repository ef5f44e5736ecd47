// The one transaction helper: everything that touches the database runs inside it.
//
//   absl::Status s = RunInTransaction(pool, [&](ConnectionPool::Lease& db) -> absl::Status {
//     auto& insert = db.Prepare("INSERT INTO t (a) VALUES (?)");
//     insert.setInt64(1, 42);
//     insert.executeUpdate();
//     return absl::OkStatus();
//   });
//
// Commits when `fn` returns OK, rolls back otherwise. A sql::SQLException thrown by `fn` (or by
// commit) is caught, mapped by FromSqlException, and the transaction rolled back; a connection
// that lost its server is discarded. std::exceptions other than SQLException become INTERNAL.
//
// OK means the whole transaction committed on the one server session it started on. When that
// session is lost (a database restart, KILL, a cut connection, a Galera node leaving), the result
// is UNAVAILABLE, never OK, and nothing of `fn` was committed, unless the loss hit the COMMIT
// itself, whose outcome the client cannot know (the retry with the same request_id finds out).
// Before COMMIT one round trip checks that CONNECTION_ID() is still the session's: if the client
// library had replaced the session behind our back, that session's part is rolled back and the
// result is UNAVAILABLE ("the database connection was lost during the transaction; ...").
// The check costs nothing extra when the transaction's last statement made it already
// (Lease::NoteSessionConfirmed, as the stored response of every write does).
// The transaction starts with an explicit START TRANSACTION; a pooled connection found dead there
// (before `fn` runs) is replaced by a fresh one, so the first call after a database restart does
// not fail. Apart from that no retry happens here: ABORTED/UNAVAILABLE go back to the caller (the
// client retries with the same request_id, which idempotency makes safe). `fn` runs at most
// once.
#ifndef HUIKUAN_SERVER_STORE_TRANSACTION_H_
#define HUIKUAN_SERVER_STORE_TRANSACTION_H_

#include <optional>
#include <utility>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "server/store/connection_pool.h"

namespace huikuan::store {

absl::Status RunInTransaction(ConnectionPool& pool,
                              absl::FunctionRef<absl::Status(ConnectionPool::Lease&)> fn);

// The same for a write whose `fn` is safe to run again from the start, in one round trip fewer:
// no START TRANSACTION (autocommit is off, so `fn`'s first statement opens the transaction, with
// the same REPEATABLE READ snapshot), and a connection lost under `fn`, before COMMIT (a dead
// pooled one, a database restart), is replaced and `fn` runs again on a fresh one, up to three
// times in all: nothing of a transaction outlives its lost session. RpcRuntime::Write runs every
// RPC's write so: its `fn` keeps nothing from one run to the next but what it reads.
absl::Status RunRepeatableWrite(ConnectionPool& pool,
                                absl::FunctionRef<absl::Status(ConnectionPool::Lease&)> fn);

// The same for `fn` that leaves nothing to commit (RPC reads, authentication), in two round trips
// fewer: no START TRANSACTION (autocommit is off, so `fn`'s first statement opens the transaction,
// with the same REPEATABLE READ snapshot) and no session check before COMMIT. `fn` may take locks,
// and may write when it undoes the writes before it returns (a validate-only import rolls back
// to a savepoint: on a replacement session that ROLLBACK TO SAVEPOINT fails, so its writes never
// reach the COMMIT). A connection lost under `fn` (a dead pooled one, a database restart) is
// replaced and `fn` runs again on a fresh one, up to three times in all: `fn` must be safe to run
// again, as reads are. Not START TRANSACTION READ ONLY: MariaDB refuses locking reads and
// savepoint-undone writes in it.
absl::Status RunReadOnly(ConnectionPool& pool,
                         absl::FunctionRef<absl::Status(ConnectionPool::Lease&)> fn);

// The same for `fn` whose statements need no common snapshot (each reads facts the others do
// not depend on, so each may see the newest committed rows), on a pool of autocommit sessions
// (DbConfig::autocommit): every statement is a transaction of its own and nothing is committed at
// the end, one round trip fewer than RunReadOnly (a one-statement read makes one instead of two).
// `fn` must not write nor rely on locks (they end with each statement). A lost connection is
// replaced and `fn` runs again, as in RunReadOnly. INTERNAL when `pool` keeps autocommit off
// (and the other Run functions refuse an autocommit pool).
absl::Status RunAutocommitReads(ConnectionPool& pool,
                                absl::FunctionRef<absl::Status(ConnectionPool::Lease&)> fn);

template <typename T>
absl::StatusOr<T> RunReadOnly(ConnectionPool& pool,
                              absl::FunctionRef<absl::StatusOr<T>(ConnectionPool::Lease&)> fn) {
  std::optional<T> result;
  absl::Status status = RunReadOnly(pool, [&](ConnectionPool::Lease& db) -> absl::Status {
    absl::StatusOr<T> value = fn(db);
    if (!value.ok()) return value.status();
    result.emplace(*std::move(value));
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return *std::move(result);
}

template <typename T>
absl::StatusOr<T> RunInTransaction(
    ConnectionPool& pool, absl::FunctionRef<absl::StatusOr<T>(ConnectionPool::Lease&)> fn) {
  std::optional<T> result;
  absl::Status status = RunInTransaction(pool, [&](ConnectionPool::Lease& db) -> absl::Status {
    absl::StatusOr<T> value = fn(db);
    if (!value.ok()) return value.status();
    result.emplace(*std::move(value));
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return *std::move(result);
}

}  // namespace huikuan::store

#endif  // HUIKUAN_SERVER_STORE_TRANSACTION_H_
