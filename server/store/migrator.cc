#include "server/store/migrator.h"

#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "server/store/mysql_errors.h"

// Bookkeeping, as golang-migrate's MySQL driver does it: `schema_migrations` holds at most one row,
// the current version and whether the file that moved to it stopped half-way (dirty). An empty
// table means nothing is applied. While a file runs (up or down) the row names that file's
// version with dirty=1, so "dirty at N" always means "migration N is partially applied".
namespace huikuan::store {
namespace {

// One statement of a migration file and the line it starts on (for error messages, which name the
// file and line but never quote SQL).
struct SqlStatement {
  std::string text;
  int line = 0;
};

// Splits on `;` at the end of a line; lines whose first non-blank characters are `--` are
// comments. A `;` at a line end inside a string literal would split too: migrations avoid that.
std::vector<SqlStatement> SplitStatements(absl::string_view sql) {
  std::vector<SqlStatement> statements;
  std::string current;
  int start_line = 0;
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(sql, '\n')) {
    ++line_number;
    absl::string_view trimmed = absl::StripAsciiWhitespace(line);
    if (trimmed.empty() || absl::StartsWith(trimmed, "--")) continue;
    if (current.empty()) start_line = line_number;
    const bool ends = absl::EndsWith(trimmed, ";");
    if (ends) trimmed.remove_suffix(1);
    if (!current.empty()) current.push_back('\n');
    current.append(trimmed.data(), trimmed.size());
    if (ends) {
      if (!absl::StripAsciiWhitespace(current).empty()) {
        statements.push_back({std::move(current), start_line});
      }
      current.clear();
    }
  }
  if (!absl::StripAsciiWhitespace(current).empty()) {
    statements.push_back({std::move(current), start_line});
  }
  return statements;
}

absl::StatusOr<std::string> ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path.string()));
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

// Adds the file's context to a mapped database error: which migration, which direction, which
// statement (by line). The code stays the mapped one.
absl::Status InMigration(const absl::Status& status, const Migration& migration, bool up,
                         int line) {
  return absl::Status(status.code(),
                      absl::StrCat("migration ", migration.name, up ? ".up.sql" : ".down.sql",
                                   " line ", line, ": ", status.message()));
}

// Two locks serialise migrators of one database, taken in this order and held for a whole
// Up/Down/Force:
//  1. The lock row in `schema_migrations_lock` (created here, before any migration), taken with
//     a conditional write: free (no owner) or expired rows are claimed, a live row of another
//     owner is waited for. On a Galera cluster this is what excludes migrators on other nodes:
//     a conditional UPDATE of the same row on two nodes conflicts at certification and one
//     COMMIT fails with 1213, retried here. The claim expires after `ttl` unless renewed, so a
//     crashed migrator's lock is taken over; every write of the version row renews it in the
//     same transaction and fails if another owner took it meanwhile (a fencing check), so two
//     migrators can never both record progress.
//  2. The session-level GET_LOCK(MigrationLockName(database)) of earlier releases, which is
//     released with the connection: excludes older binaries that know only that lock during a
//     rolling upgrade on one server. Galera does not replicate it (it is per node), hence 1.
class MigrationLock {
 public:
  static absl::StatusOr<std::unique_ptr<MigrationLock>> Acquire(ConnectionPool::Lease& lease,
                                                                const std::string& name,
                                                                absl::Duration ttl,
                                                                absl::Duration timeout) {
    const absl::Time deadline = absl::Now() + timeout;
    std::unique_ptr<MigrationLock> lock(new MigrationLock(lease, name, NewOwner(), ttl));
    try {
      CreateLockTable(lease);
      sql::PreparedStatement& get = lease.Prepare("SELECT GET_LOCK(?, ?)");
      get.setString(1, name);
      get.setDouble(2, absl::ToDoubleSeconds(timeout));
      std::unique_ptr<sql::ResultSet> rows(get.executeQuery());
      if (!rows->next() || rows->isNull(1)) {
        return absl::InternalError("GET_LOCK for schema migrations returned NULL");
      }
      if (rows->getInt(1) != 1) {
        return absl::AbortedError(absl::StrCat("another migrator holds the '", name,
                                               "' lock; gave up after ",
                                               absl::FormatDuration(timeout)));
      }
      lock->named_lock_held_ = true;
      lock->DetectGalera();
    } catch (const sql::SQLException& e) {
      if (IsConnectionLost(e)) lease.MarkBroken();
      return FromSqlException(e);
    }
    absl::Status claimed = lock->ClaimRow(deadline, timeout);
    if (!claimed.ok()) return claimed;
    return lock;
  }

  ~MigrationLock() {
    try {
      if (row_held_) {
        sql::PreparedStatement& release = lease_.Prepare(
            "UPDATE schema_migrations_lock SET owner = '', expires_at = ? "
            "WHERE id = 1 AND owner = ?");
        release.setString(1, kNoExpiry);
        release.setString(2, owner_);
        release.executeUpdate();
        lease_.Commit();
      }
      if (galera_) {
        // The connection goes back to the pool: leave its causality setting as the server's.
        std::unique_ptr<sql::Statement> statement(lease_.connection().createStatement());
        statement->execute("SET SESSION wsrep_sync_wait = DEFAULT");
      }
      if (named_lock_held_) {
        sql::PreparedStatement& release = lease_.Prepare("SELECT RELEASE_LOCK(?)");
        release.setString(1, name_);
        std::unique_ptr<sql::ResultSet> rows(release.executeQuery());
        lease_.Commit();
      }
    } catch (const sql::SQLException&) {
      // A lost connection released the named lock with the session; the row expires by itself.
      lease_.MarkBroken();
    }
  }

  // Extends the claim by the ttl within the caller's open transaction; the caller's COMMIT makes
  // it (and whatever the transaction wrote) stick only if nobody took the lock meanwhile.
  // Throws sql::SQLException; returns ABORTED when the row has another owner now.
  absl::Status Renew() {
    sql::PreparedStatement& renew = lease_.Prepare(
        "UPDATE schema_migrations_lock "
        "SET expires_at = UTC_TIMESTAMP(6) + INTERVAL ? MICROSECOND WHERE id = 1 AND owner = ?");
    renew.setInt64(1, absl::ToInt64Microseconds(ttl_));
    renew.setString(2, owner_);
    if (renew.executeUpdate() != 1) {
      lease_.Rollback();
      return absl::AbortedError(
          "lost the schema_migrations_lock row to another migrator (its claim expired, or a "
          "concurrent claim on another Galera node won); nothing more was recorded");
    }
    return absl::OkStatus();
  }

 private:
  static constexpr char kNoExpiry[] = "1970-01-01 00:00:01";

  MigrationLock(ConnectionPool::Lease& lease, std::string name, std::string owner,
                absl::Duration ttl)
      : lease_(lease), name_(std::move(name)), owner_(std::move(owner)), ttl_(ttl) {}

  // "host:pid:random": unique per Acquire, readable in the table by an operator.
  static std::string NewOwner() {
    char host[256] = {};
    if (gethostname(host, sizeof(host) - 1) != 0) host[0] = '\0';
    std::random_device random;
    const uint64_t nonce = (static_cast<uint64_t>(random()) << 32) | random();
    return absl::StrCat(std::string(host).substr(0, 100), ":", getpid(), ":",
                        absl::Hex(nonce, absl::kZeroPad16));
  }

  static void CreateLockTable(ConnectionPool::Lease& lease) {
    std::unique_ptr<sql::Statement> statement(lease.connection().createStatement());
    statement->execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations_lock ("
        "id TINYINT NOT NULL PRIMARY KEY, "
        "owner VARCHAR(190) NOT NULL, "
        "expires_at TIMESTAMP(6) NOT NULL)");
  }

  // On Galera, a committed claim is not yet proof of ownership: under load we saw two nodes'
  // conditional UPDATEs of this row both read it free and both commit (the lost update Jepsen
  // reports for healthy Galera clusters). All nodes apply both in the same order and end with the
  // later one, so the claimant waits a moment, reads the row causally (wsrep_sync_wait: after
  // everything certified so far is applied here) and keeps the claim only if it is still its own.
  // The version writes stay fenced by Renew either way. On one server this is a no-op.
  bool ClaimStuck() {
    if (!galera_) return true;
    absl::SleepFor(absl::Milliseconds(300));
    sql::PreparedStatement& who =
        lease_.Prepare("SELECT owner FROM schema_migrations_lock WHERE id = 1");
    std::unique_ptr<sql::ResultSet> rows(who.executeQuery());
    const bool mine = rows->next() && std::string(rows->getString(1)) == owner_;
    lease_.Commit();
    return mine;
  }

  // Whether the server replicates with Galera; then this session also reads causally.
  void DetectGalera() {
    std::unique_ptr<sql::Statement> statement(lease_.connection().createStatement());
    std::unique_ptr<sql::ResultSet> rows(statement->executeQuery("SHOW VARIABLES LIKE 'wsrep_on'"));
    galera_ = rows->next() && std::string(rows->getString(2)) == "ON";
    if (galera_) statement->execute("SET SESSION wsrep_sync_wait = 15");
  }

  // Claims the row (free or expired), retrying until `deadline`: while another owner's claim is
  // live, and after certification conflicts (1213) with a migrator on another node.
  absl::Status ClaimRow(absl::Time deadline, absl::Duration timeout) {
    std::string holder;
    absl::Duration pause = absl::Milliseconds(20);
    while (true) {
      try {
        sql::PreparedStatement& ensure = lease_.Prepare(
            "INSERT IGNORE INTO schema_migrations_lock (id, owner, expires_at) VALUES (1, '', ?)");
        ensure.setString(1, kNoExpiry);
        ensure.executeUpdate();
        lease_.Commit();
        sql::PreparedStatement& claim = lease_.Prepare(
            "UPDATE schema_migrations_lock "
            "SET owner = ?, expires_at = UTC_TIMESTAMP(6) + INTERVAL ? MICROSECOND "
            "WHERE id = 1 AND (owner = '' OR expires_at < UTC_TIMESTAMP(6))");
        claim.setString(1, owner_);
        claim.setInt64(2, absl::ToInt64Microseconds(ttl_));
        const int claimed = claim.executeUpdate();
        lease_.Commit();
        if (claimed == 1 && ClaimStuck()) {
          row_held_ = true;
          return absl::OkStatus();
        }
        sql::PreparedStatement& who = lease_.Prepare(
            "SELECT owner, CAST(expires_at AS CHAR) FROM schema_migrations_lock WHERE id = 1");
        std::unique_ptr<sql::ResultSet> rows(who.executeQuery());
        if (rows->next()) {
          holder = absl::StrCat(std::string(rows->getString(1)), " until ",
                                std::string(rows->getString(2)));
        }
        lease_.Commit();
      } catch (const sql::SQLException& e) {
        absl::Status status = FromSqlException(e);
        if (IsConnectionLost(e)) lease_.MarkBroken();
        // ABORTED: a certification conflict or deadlock with another claimant; try again.
        if (status.code() != absl::StatusCode::kAborted) return status;
        try {
          lease_.Rollback();
        } catch (const sql::SQLException&) {
          lease_.MarkBroken();
          return status;
        }
      }
      if (absl::Now() + pause > deadline) {
        return absl::AbortedError(
            absl::StrCat("another migrator holds the schema_migrations_lock row",
                         holder.empty() ? "" : absl::StrCat(" (", holder, " UTC)"),
                         "; gave up after ", absl::FormatDuration(timeout)));
      }
      absl::SleepFor(pause);
      pause = std::min(pause * 2, absl::Milliseconds(500));
    }
  }

  ConnectionPool::Lease& lease_;
  const std::string name_;
  const std::string owner_;
  const absl::Duration ttl_;
  bool named_lock_held_ = false;
  bool row_held_ = false;
  bool galera_ = false;
};

struct Recorded {
  int64_t version = 0;
  bool dirty = false;
};

// Reads the recorded version (0, clean when the table is empty). The table must exist.
Recorded ReadVersion(ConnectionPool::Lease& lease) {
  sql::PreparedStatement& select =
      lease.Prepare("SELECT version, dirty FROM schema_migrations ORDER BY version DESC LIMIT 1");
  std::unique_ptr<sql::ResultSet> rows(select.executeQuery());
  Recorded recorded;
  if (rows->next()) {
    recorded.version = rows->getInt64(1);
    recorded.dirty = rows->getInt(2) != 0;
  }
  return recorded;
}

void CreateTable(ConnectionPool::Lease& lease) {
  std::unique_ptr<sql::Statement> statement(lease.connection().createStatement());
  statement->execute(
      "CREATE TABLE IF NOT EXISTS schema_migrations ("
      "version BIGINT NOT NULL PRIMARY KEY, "
      "dirty TINYINT NOT NULL, "
      "applied_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6))");
}

// Replaces the one bookkeeping row and commits, so the record survives whatever the next
// statement does. version 0 and not dirty: nothing applied, no row. The migration lock is renewed
// in the same transaction: if another migrator took it over, nothing is written (ABORTED).
absl::Status WriteVersion(ConnectionPool::Lease& lease, MigrationLock& lock, int64_t version,
                          bool dirty) {
  absl::Status renewed = lock.Renew();
  if (!renewed.ok()) return renewed;
  lease.Prepare("DELETE FROM schema_migrations").executeUpdate();
  if (version != 0 || dirty) {
    sql::PreparedStatement& insert = lease.Prepare(
        "INSERT INTO schema_migrations (version, dirty, applied_at) "
        "VALUES (?, ?, UTC_TIMESTAMP(6))");
    insert.setInt64(1, version);
    insert.setInt(2, dirty ? 1 : 0);
    insert.executeUpdate();
  }
  lease.Commit();
  return absl::OkStatus();
}

absl::Status DirtyError(int64_t version) {
  return absl::FailedPreconditionError(absl::StrCat(
      "schema_migrations is dirty at version ", version,
      ": a migration stopped half-way; repair the schema by hand, then force a version"));
}

}  // namespace

std::string MigrationLockName(absl::string_view database) {
  // Lock names are server-wide and at most 64 characters; a long database name is replaced by a
  // stable hash (FNV-1a) so every replica, whatever its build, computes the same name.
  std::string name = absl::StrCat("huikuan.migrate.", database);
  if (name.size() <= 64) return name;
  uint64_t hash = 14695981039346656037ull;
  for (unsigned char c : database) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  return absl::StrCat("huikuan.migrate.", absl::Hex(hash, absl::kZeroPad16));
}

absl::StatusOr<std::vector<Migration>> LoadMigrations(const std::string& dir) {
  std::error_code error;
  if (!std::filesystem::is_directory(dir, error)) {
    return absl::NotFoundError(absl::StrCat("migrations directory ", dir, " does not exist"));
  }
  struct Halves {
    std::string up_name, down_name;
    std::filesystem::path up, down;
  };
  std::map<int64_t, Halves> found;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    const std::string file = entry.path().filename().string();
    if (!absl::EndsWith(file, ".sql")) continue;
    bool up = absl::EndsWith(file, ".up.sql");
    bool down = absl::EndsWith(file, ".down.sql");
    if (!up && !down) {
      return absl::InvalidArgumentError(
          absl::StrCat("migration file ", file, " must end in .up.sql or .down.sql"));
    }
    const std::string name = file.substr(0, file.size() - (up ? 7 : 9));
    const size_t underscore = name.find('_');
    int64_t version = 0;
    if (underscore == std::string::npos || underscore == 0 || underscore + 1 == name.size() ||
        !std::all_of(name.begin(), name.begin() + underscore,
                     [](char c) { return c >= '0' && c <= '9'; }) ||
        !absl::SimpleAtoi(absl::string_view(name).substr(0, underscore), &version) ||
        version <= 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("migration file ", file, " is not named NNNN_title.up.sql/.down.sql"));
    }
    Halves& halves = found[version];
    std::string& seen_name = up ? halves.up_name : halves.down_name;
    if (!seen_name.empty() || (!halves.up_name.empty() && halves.up_name != name) ||
        (!halves.down_name.empty() && halves.down_name != name)) {
      return absl::InvalidArgumentError(
          absl::StrCat("duplicate migration version ", version, " (", file, ")"));
    }
    seen_name = name;
    (up ? halves.up : halves.down) = entry.path();
  }

  std::vector<Migration> migrations;
  for (const auto& [version, halves] : found) {
    if (halves.up_name.empty() || halves.down_name.empty()) {
      const std::string& name = halves.up_name.empty() ? halves.down_name : halves.up_name;
      return absl::InvalidArgumentError(
          absl::StrCat("migration ", name, " has no ",
                       halves.up_name.empty() ? ".up.sql" : ".down.sql", " file"));
    }
    Migration migration;
    migration.version = version;
    migration.name = halves.up_name;
    absl::StatusOr<std::string> up_sql = ReadFile(halves.up);
    if (!up_sql.ok()) return up_sql.status();
    absl::StatusOr<std::string> down_sql = ReadFile(halves.down);
    if (!down_sql.ok()) return down_sql.status();
    migration.up_sql = *std::move(up_sql);
    migration.down_sql = *std::move(down_sql);
    migrations.push_back(std::move(migration));
  }
  return migrations;
}

Migrator::Migrator(ConnectionPool& pool, std::vector<Migration> migrations)
    : pool_(pool), migrations_(std::move(migrations)) {
  std::sort(migrations_.begin(), migrations_.end(),
            [](const Migration& a, const Migration& b) { return a.version < b.version; });
}

absl::StatusOr<MigrationState> Migrator::State() {
  absl::StatusOr<ConnectionPool::Lease> lease = pool_.Acquire();
  if (!lease.ok()) return lease.status();
  MigrationState state;
  try {
    // Read-only: a database that was never migrated has no table yet, which means version 0.
    sql::PreparedStatement& exists = lease->Prepare(
        "SELECT COUNT(*) FROM information_schema.TABLES "
        "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'schema_migrations'");
    std::unique_ptr<sql::ResultSet> rows(exists.executeQuery());
    if (rows->next() && rows->getInt(1) > 0) {
      Recorded recorded = ReadVersion(*lease);
      state.current_version = recorded.version;
      state.dirty = recorded.dirty;
    }
  } catch (const sql::SQLException& e) {
    if (IsConnectionLost(e)) lease->MarkBroken();
    return FromSqlException(e);
  }
  for (const Migration& migration : migrations_) {
    if (migration.version > state.current_version) state.pending.push_back(migration.version);
  }
  return state;
}

absl::Status Migrator::Up(int count) {
  absl::StatusOr<ConnectionPool::Lease> lease = pool_.Acquire();
  if (!lease.ok()) return lease.status();
  absl::StatusOr<std::unique_ptr<MigrationLock>> lock = MigrationLock::Acquire(
      *lease, MigrationLockName(pool_.config().database), lock_ttl_, lock_timeout_);
  if (!lock.ok()) return lock.status();

  const Migration* running = nullptr;
  int line = 0;
  try {
    CreateTable(*lease);
    const Recorded recorded = ReadVersion(*lease);
    if (recorded.dirty) return DirtyError(recorded.version);
    int applied = 0;
    for (const Migration& migration : migrations_) {
      if (migration.version <= recorded.version) continue;
      if (count >= 0 && applied >= count) break;
      running = &migration;
      line = 0;
      absl::Status marked = WriteVersion(*lease, **lock, migration.version, /*dirty=*/true);
      if (!marked.ok()) return marked;
      for (const SqlStatement& statement : SplitStatements(migration.up_sql)) {
        line = statement.line;
        std::unique_ptr<sql::Statement> executor(lease->connection().createStatement());
        executor->execute(statement.text);
      }
      line = 0;
      lease->Commit();  // DML in the file; DDL committed itself
      absl::Status recorded_up = WriteVersion(*lease, **lock, migration.version, /*dirty=*/false);
      if (!recorded_up.ok()) return recorded_up;
      running = nullptr;
      ++applied;
    }
  } catch (const sql::SQLException& e) {
    if (IsConnectionLost(e)) lease->MarkBroken();
    absl::Status status = FromSqlException(e);
    if (running == nullptr) return status;
    return InMigration(status, *running, /*up=*/true, line);
  }
  return absl::OkStatus();
}

absl::Status Migrator::Down(int count) {
  absl::StatusOr<ConnectionPool::Lease> lease = pool_.Acquire();
  if (!lease.ok()) return lease.status();
  absl::StatusOr<std::unique_ptr<MigrationLock>> lock = MigrationLock::Acquire(
      *lease, MigrationLockName(pool_.config().database), lock_ttl_, lock_timeout_);
  if (!lock.ok()) return lock.status();

  const Migration* running = nullptr;
  int line = 0;
  try {
    CreateTable(*lease);
    const Recorded recorded = ReadVersion(*lease);
    if (recorded.dirty) return DirtyError(recorded.version);
    // Applied migrations, newest first; the recorded version must be one we know, or we cannot
    // tell which down files undo it.
    std::vector<const Migration*> applied;
    bool known = recorded.version == 0;
    for (auto it = migrations_.rbegin(); it != migrations_.rend(); ++it) {
      if (it->version == recorded.version) known = true;
      if (it->version <= recorded.version) applied.push_back(&*it);
    }
    if (!known) {
      return absl::FailedPreconditionError(
          absl::StrCat("database is at version ", recorded.version,
                       " which is not among the known migrations; cannot roll back"));
    }
    const size_t steps =
        count < 0 ? applied.size() : std::min(applied.size(), static_cast<size_t>(count));
    for (size_t i = 0; i < steps; ++i) {
      const Migration& migration = *applied[i];
      const int64_t previous = i + 1 < applied.size() ? applied[i + 1]->version : 0;
      running = &migration;
      line = 0;
      absl::Status marked = WriteVersion(*lease, **lock, migration.version, /*dirty=*/true);
      if (!marked.ok()) return marked;
      for (const SqlStatement& statement : SplitStatements(migration.down_sql)) {
        line = statement.line;
        std::unique_ptr<sql::Statement> executor(lease->connection().createStatement());
        executor->execute(statement.text);
      }
      line = 0;
      lease->Commit();
      absl::Status recorded_down = WriteVersion(*lease, **lock, previous, /*dirty=*/false);
      if (!recorded_down.ok()) return recorded_down;
      running = nullptr;
    }
  } catch (const sql::SQLException& e) {
    if (IsConnectionLost(e)) lease->MarkBroken();
    absl::Status status = FromSqlException(e);
    if (running == nullptr) return status;
    return InMigration(status, *running, /*up=*/false, line);
  }
  return absl::OkStatus();
}

absl::Status Migrator::Force(int64_t version) {
  const bool known =
      version == 0 || std::any_of(migrations_.begin(), migrations_.end(),
                                  [&](const Migration& m) { return m.version == version; });
  if (!known) {
    return absl::InvalidArgumentError(
        absl::StrCat("cannot force version ", version, ": no such migration"));
  }
  absl::StatusOr<ConnectionPool::Lease> lease = pool_.Acquire();
  if (!lease.ok()) return lease.status();
  absl::StatusOr<std::unique_ptr<MigrationLock>> lock = MigrationLock::Acquire(
      *lease, MigrationLockName(pool_.config().database), lock_ttl_, lock_timeout_);
  if (!lock.ok()) return lock.status();
  try {
    CreateTable(*lease);
    absl::Status forced = WriteVersion(*lease, **lock, version, /*dirty=*/false);
    if (!forced.ok()) return forced;
  } catch (const sql::SQLException& e) {
    if (IsConnectionLost(e)) lease->MarkBroken();
    return FromSqlException(e);
  }
  return absl::OkStatus();
}

}  // namespace huikuan::store
