// A read of a few rows outside any transaction of the caller's, in the fewest round trips: `fn`
// runs its statements (the first one opens the transaction; autocommit is off) and a COMMIT ends
// it. No START TRANSACTION and no session check (transaction.h): `fn` must only read, and must be
// safe to run again, because a pooled connection found dead on its first statement is replaced
// and `fn` runs again on a fresh one (as RunInTransaction does with its START TRANSACTION).
// Authentication uses it on every call.
#ifndef HUIKUAN_SERVER_STORE_SINGLE_READ_H_
#define HUIKUAN_SERVER_STORE_SINGLE_READ_H_

#include <optional>
#include <utility>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "server/store/connection_pool.h"

namespace huikuan::store {

absl::Status RunSingleRead(ConnectionPool& pool,
                           absl::FunctionRef<absl::Status(ConnectionPool::Lease&)> fn);

template <typename T>
absl::StatusOr<T> RunSingleRead(ConnectionPool& pool,
                                absl::FunctionRef<absl::StatusOr<T>(ConnectionPool::Lease&)> fn) {
  std::optional<T> result;
  absl::Status status = RunSingleRead(pool, [&](ConnectionPool::Lease& db) -> absl::Status {
    absl::StatusOr<T> value = fn(db);
    if (!value.ok()) return value.status();
    result.emplace(*std::move(value));
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return *std::move(result);
}

}  // namespace huikuan::store

#endif  // HUIKUAN_SERVER_STORE_SINGLE_READ_H_
