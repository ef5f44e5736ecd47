// Schema migrations in the golang-migrate layout: `NNNN_title.up.sql` / `NNNN_title.down.sql`,
// applied in version order and recorded in `schema_migrations(version, dirty)`.
//
//   HK_ASSIGN_OR_RETURN(std::vector<Migration> all, LoadMigrations("migrations"));
//   Migrator migrator(*pool, std::move(all));
//   HK_RETURN_IF_ERROR(migrator.Up());            // all pending
//   HK_RETURN_IF_ERROR(migrator.Down(1));         // roll back the newest one
//
// MariaDB commits DDL implicitly, so a migration is not atomic: the version row is written with
// dirty=1 before the file runs and cleared after; a failure leaves it dirty and every later
// Up/Down refuses (FAILED_PRECONDITION) until an operator fixes the schema and calls Force.
// Concurrent migrators (N replicas starting at once, possibly on different Galera nodes) are
// serialised by a lock row in `schema_migrations_lock`, which the migrator creates before anything
// else: claimed by a conditional write when free or expired (a crashed migrator's claim expires
// after the lock ttl), renewed with every write of the version row (which fails if another
// migrator took the lock over), released at the end. Galera does not replicate GET_LOCK, so a
// named lock alone would let migrators on two nodes run at once; the migrator still takes the
// earlier releases' GET_LOCK(MigrationLockName(database)) too, so that old and new binaries
// exclude each other during a rolling upgrade on one server. Migrators of other databases on the
// server do not wait.
// A file may hold several statements separated by `;` at line end; `--` comment lines are ignored.
#ifndef HUIKUAN_SERVER_STORE_MIGRATOR_H_
#define HUIKUAN_SERVER_STORE_MIGRATOR_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "server/store/connection_pool.h"

namespace huikuan::store {

struct Migration {
  int64_t version = 0;
  std::string name;  // "0001_create_users"
  std::string up_sql;
  std::string down_sql;
};

// Reads every NNNN_*.up.sql / .down.sql pair in `dir`, sorted by version. INVALID_ARGUMENT for a
// missing half, a duplicate version or a malformed `*.sql` file name (other files are ignored);
// NOT_FOUND when `dir` does not exist.
absl::StatusOr<std::vector<Migration>> LoadMigrations(const std::string& dir);

// The server-wide GET_LOCK name guarding `database`'s migrations: "huikuan.migrate.<database>".
std::string MigrationLockName(absl::string_view database);

struct MigrationState {
  int64_t current_version = 0;  // 0: nothing applied
  bool dirty = false;
  std::vector<int64_t> pending;  // known versions above current_version, ascending
};

class Migrator {
 public:
  Migrator(ConnectionPool& pool, std::vector<Migration> migrations);

  absl::StatusOr<MigrationState> State();
  // Applies up to `count` pending migrations (all when count < 0).
  absl::Status Up(int count = -1);
  // Rolls back the newest `count` applied migrations (all when count < 0).
  absl::Status Down(int count);
  // Sets the recorded version and clears the dirty flag without running anything. `version` is 0
  // or a known migration's version, else INVALID_ARGUMENT.
  absl::Status Force(int64_t version);

  // How long Up/Down/Force wait for another migrator's lock before giving up with ABORTED.
  void set_lock_timeout(absl::Duration timeout) { lock_timeout_ = timeout; }
  // How long a claim of the lock row lasts without renewal (every recorded step renews it);
  // another migrator takes over an older one. Longer than the slowest single migration statement
  // is best: a takeover while a statement runs finds the version dirty and stops there.
  void set_lock_ttl(absl::Duration ttl) { lock_ttl_ = ttl; }

 private:
  ConnectionPool& pool_;
  std::vector<Migration> migrations_;  // sorted by version
  absl::Duration lock_timeout_ = absl::Seconds(60);
  absl::Duration lock_ttl_ = absl::Minutes(2);
};

}  // namespace huikuan::store

#endif  // HUIKUAN_SERVER_STORE_MIGRATOR_H_
