// Running a whole transaction again when it lost a conflict: a deadlock, a lock wait timeout or a
// Galera certification failure at COMMIT (all ABORTED and marked by FromSqlException, see
// mysql_errors.h). Shared by the RPC runtime and the daily jobs, which both own transactions.
//
//   absl::Status s = RetryConflicts([&] { return RunInTransaction(pool, work); });
#ifndef HUIKUAN_SERVER_STORE_CONFLICT_RETRY_H_
#define HUIKUAN_SERVER_STORE_CONFLICT_RETRY_H_

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"

namespace huikuan::store {

// Runs `attempt` again while it fails on a transaction conflict (IsRetryableConflict), at most
// `max_attempts` times in all, sleeping a jittered, growing backoff in between. `attempt` must
// start from scratch each time (a fresh transaction). Thread-safe.
absl::Status RetryConflicts(absl::FunctionRef<absl::Status()> attempt, int max_attempts = 6);

}  // namespace huikuan::store

#endif  // HUIKUAN_SERVER_STORE_CONFLICT_RETRY_H_
