#include "server/store/connection_pool.h"

#include <cppconn/connection.h>
#include <cppconn/driver.h>
#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <mysql_driver.h>

#include <memory>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "server/store/lease_access_internal.h"
#include "server/store/mysql_errors.h"

namespace huikuan::store {

// One pooled connection and the statements prepared on it. Members are destroyed in reverse
// order, so the statements are closed before their connection.
struct ConnectionPool::Lease::Slot {
  std::unique_ptr<sql::Connection> connection;
  // CONNECTION_ID() when the connection opened.
  int64_t session_id = 0;
  // Lease::writer_id().
  uint32_t writer_id = 0;
  absl::flat_hash_map<std::string, std::unique_ptr<sql::PreparedStatement>> statements;
  absl::Time last_used = absl::InfinitePast();
  // The pool's suspect epoch when this connection was last known to be alive.
  uint64_t epoch = 0;
  // False while a borrower may have left a transaction open (autocommit is off, so any statement
  // opens one).
  bool transaction_closed = true;
  // Lease::NoteSessionConfirmed() since the last Prepare().
  bool session_confirmed = false;
};

namespace internal {
void LeaseAccess::MarkTransactionClosed(ConnectionPool::Lease& lease) {
  if (lease.slot_ != nullptr) lease.slot_->transaction_closed = true;
}
bool LeaseAccess::SessionConfirmed(const ConnectionPool::Lease& lease) {
  return lease.slot_ != nullptr && lease.slot_->session_confirmed;
}
}  // namespace internal

namespace {

// A connection idle for longer than this is pinged before it is lent: after a database restart
// every pooled connection is dead, and the first call must not be the one that finds out.
constexpr absl::Duration kValidateAfterIdle = absl::Seconds(1);

// Prepared statements kept per connection before the cache is emptied (on return to the pool,
// never while a borrower may hold references). Far above the number of distinct queries we run;
// only guards the server's max_prepared_stmt_count against unbounded growth.
constexpr size_t kMaxCachedStatements = 512;

// Connector/C++ 1.1's driver singleton initialises the client library and is not thread-safe to
// create; a function-local static makes the first call the only one.
sql::Driver* Driver() {
  static sql::Driver* const driver = sql::mysql::get_mysql_driver_instance();
  return driver;
}

bool IsValidIdentifier(const std::string& name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name) {
    const bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return true;
}

absl::Status ValidateConfig(const DbConfig& config) {
  if (!IsValidIdentifier(config.database)) {
    return absl::InvalidArgumentError(
        "database name must be 1-64 characters of letters, digits and '_'");
  }
  if (config.port <= 0 || config.port > 65535) {
    return absl::InvalidArgumentError(absl::StrCat("invalid database port ", config.port));
  }
  if (config.pool_size < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("database pool size must be at least 1, got ", config.pool_size));
  }
  return absl::OkStatus();
}

// Errors while opening a connection: the refused/unreachable ones are UNAVAILABLE (retry later);
// the rest (bad credentials, unknown database) keep their mapping so an operator sees the number.
absl::Status ConnectError(const sql::SQLException& e) {
  // Connector/C++ reports some connect failures without an error number.
  if (IsConnectionLost(e) || e.getErrorCode() == 0) {
    return absl::UnavailableError(absl::StrCat(
        "database unavailable: cannot open a connection (database error ", e.getErrorCode(), ")"));
  }
  absl::Status mapped = FromSqlException(e);
  return absl::Status(mapped.code(),
                      absl::StrCat("cannot open a database connection: ", mapped.message()));
}

// Runs on every session the client library opens, the first and any reconnect (connection_pool.h,
// "Sessions"): a session that replaced a lost one must not autocommit what a transaction sends
// it after the loss. An autocommit pool (DbConfig::autocommit) runs no transactions to protect.
constexpr char kSessionInit[] = "SET SESSION autocommit = 0, time_zone = '+00:00'";
constexpr char kAutocommitSessionInit[] = "SET SESSION autocommit = 1, time_zone = '+00:00'";

struct OpenedConnection {
  std::unique_ptr<sql::Connection> connection;
  int64_t session_id = 0;
};

// Opens one session configured as connection_pool.h promises. `with_schema` false connects
// without a default database (to create or drop it).
absl::StatusOr<OpenedConnection> OpenConnection(const DbConfig& config, bool with_schema) {
  sql::ConnectOptionsMap options;
  options["hostName"] = sql::SQLString(absl::StrCat("tcp://", config.host, ":", config.port));
  options["userName"] = sql::SQLString(config.user);
  options["password"] = sql::SQLString(config.password);
  if (with_schema) options["schema"] = sql::SQLString(config.database);
  options["OPT_CONNECT_TIMEOUT"] = config.connect_timeout_seconds;
  options["OPT_READ_TIMEOUT"] = config.io_timeout_seconds;
  options["OPT_WRITE_TIMEOUT"] = config.io_timeout_seconds;
  // A silent reconnect would drop the session state (autocommit, time zone, open transaction)
  // behind our back; a lost connection is discarded instead.
  options["OPT_RECONNECT"] = false;
  options["preInit"] = sql::SQLString(config.autocommit ? kAutocommitSessionInit : kSessionInit);
  // One statement per call: a parameter can never smuggle in a second statement.
  options["CLIENT_MULTI_STATEMENTS"] = false;
  options["OPT_CHARSET_NAME"] = sql::SQLString("utf8mb4");
  try {
    OpenedConnection opened;
    opened.connection.reset(Driver()->connect(options));
    // Connector/C++ turns autocommit on after the init command; this sets the pool's mode again
    // and keeps the connector's own idea of it (getAutoCommit) right.
    opened.connection->setAutoCommit(config.autocommit);
    std::unique_ptr<sql::Statement> statement(opened.connection->createStatement());
    std::unique_ptr<sql::ResultSet> rows(
        statement->executeQuery("SELECT CONNECTION_ID(), @@session.autocommit"));
    if (!rows->next() || rows->getInt(2) != (config.autocommit ? 1 : 0)) {
      return absl::InternalError("a new database session did not take the pool's autocommit mode");
    }
    opened.session_id = rows->getInt64(1);
    return opened;
  } catch (const sql::SQLException& e) {
    return ConnectError(e);
  }
}

// A cheap round trip; false when the server is gone (the connection is then discarded).
bool IsAlive(sql::Connection& connection) {
  try {
    return !connection.isClosed() && connection.isValid();
  } catch (const sql::SQLException&) {
    return false;
  }
}

}  // namespace

class ConnectionPool::Impl {
 public:
  Impl(const DbConfig& config, absl::Duration acquire_timeout)
      : config(config), acquire_timeout(acquire_timeout) {}

  static bool CanLend(Impl* impl) ABSL_EXCLUSIVE_LOCKS_REQUIRED(impl->mu) {
    return !impl->idle.empty() || impl->open < impl->config.pool_size;
  }

  const DbConfig config;
  const absl::Duration acquire_timeout;

  absl::Mutex mu;
  // Most recently returned last: lending from the back keeps few connections warm under low load.
  std::vector<std::unique_ptr<Lease::Slot>> idle ABSL_GUARDED_BY(mu);
  // Connections that exist or are being opened: idle + leased + connecting.
  int open ABSL_GUARDED_BY(mu) = 0;
  // Bumped whenever a connection turns out dead: idle connections last seen alive in an older
  // epoch are pinged before they are lent, however recently they were used.
  uint64_t suspect_epoch ABSL_GUARDED_BY(mu) = 0;
};

ConnectionPool::Lease::Lease(ConnectionPool* pool, std::unique_ptr<Slot> slot)
    : pool_(pool), slot_(std::move(slot)), connection_(slot_->connection.get()) {}

ConnectionPool::Lease::Lease(Lease&& other) noexcept
    : pool_(std::exchange(other.pool_, nullptr)),
      slot_(std::move(other.slot_)),
      connection_(std::exchange(other.connection_, nullptr)),
      broken_(std::exchange(other.broken_, false)) {}

ConnectionPool::Lease& ConnectionPool::Lease::operator=(Lease&& other) noexcept {
  if (this != &other) {
    if (pool_ != nullptr && slot_ != nullptr) pool_->Release(std::move(slot_), broken_);
    pool_ = std::exchange(other.pool_, nullptr);
    slot_ = std::move(other.slot_);
    connection_ = std::exchange(other.connection_, nullptr);
    broken_ = std::exchange(other.broken_, false);
  }
  return *this;
}

ConnectionPool::Lease::~Lease() {
  if (pool_ != nullptr && slot_ != nullptr) pool_->Release(std::move(slot_), broken_);
}

namespace {

// Runs COMMIT or ROLLBACK through the statement API, which reports the server's answer.
void EndTransaction(sql::Connection& connection, const char* sql) {
  std::unique_ptr<sql::Statement> statement(connection.createStatement());
  statement->execute(sql);
}

}  // namespace

void ConnectionPool::Lease::Commit() { EndTransaction(*connection_, "COMMIT"); }

void ConnectionPool::Lease::Rollback() { EndTransaction(*connection_, "ROLLBACK"); }

int64_t ConnectionPool::Lease::session_id() const { return slot_->session_id; }

uint32_t ConnectionPool::Lease::writer_id() const { return slot_->writer_id; }

void ConnectionPool::Lease::NoteSessionConfirmed() { slot_->session_confirmed = true; }

sql::PreparedStatement& ConnectionPool::Lease::Prepare(absl::string_view sql) {
  // A statement after the confirming one may run on another session: confirm again.
  slot_->session_confirmed = false;
  auto it = slot_->statements.find(sql);
  if (it != slot_->statements.end()) {
    // Unbound parameters must fail loudly rather than silently reuse the previous call's values.
    it->second->clearParameters();
    return *it->second;
  }
  std::unique_ptr<sql::PreparedStatement> statement(
      connection_->prepareStatement(sql::SQLString(sql.data(), sql.size())));
  sql::PreparedStatement& result = *statement;
  slot_->statements.emplace(std::string(sql), std::move(statement));
  return result;
}

absl::StatusOr<std::unique_ptr<ConnectionPool>> ConnectionPool::Create(
    const DbConfig& config, absl::Duration acquire_timeout) {
  absl::Status valid = ValidateConfig(config);
  if (!valid.ok()) return valid;
  Driver();  // initialise the client library here, on one thread, not in concurrent Acquires
  return std::unique_ptr<ConnectionPool>(
      new ConnectionPool(std::make_unique<Impl>(config, acquire_timeout)));
}

ConnectionPool::ConnectionPool(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

// Every Lease must have been destroyed first (they point back at the pool).
ConnectionPool::~ConnectionPool() = default;

const DbConfig& ConnectionPool::config() const { return impl_->config; }

absl::StatusOr<ConnectionPool::Lease> ConnectionPool::Acquire() {
  Impl& impl = *impl_;
  const absl::Time deadline = absl::Now() + impl.acquire_timeout;
  std::unique_ptr<Lease::Slot> slot;
  bool validate = false;
  uint64_t epoch = 0;
  {
    absl::MutexLock lock(&impl.mu);
    if (!impl.mu.AwaitWithDeadline(absl::Condition(&Impl::CanLend, &impl), deadline)) {
      return absl::UnavailableError(absl::StrCat(
          "database connection pool exhausted: all ", impl.config.pool_size,
          " connections stayed in use for ", absl::FormatDuration(impl.acquire_timeout)));
    }
    epoch = impl.suspect_epoch;
    if (!impl.idle.empty()) {
      slot = std::move(impl.idle.back());
      impl.idle.pop_back();
      validate = slot->epoch < epoch || absl::Now() - slot->last_used > kValidateAfterIdle;
    } else {
      ++impl.open;  // reserve the place; the connection is opened outside the lock
    }
  }

  if (slot != nullptr && validate && !IsAlive(*slot->connection)) {
    // Keep the reserved place and open a fresh connection in it; tell the other idle ones they
    // are suspect too (a dead one usually means the server restarted).
    slot.reset();
    absl::MutexLock lock(&impl.mu);
    epoch = ++impl.suspect_epoch;
  }
  if (slot == nullptr) {
    absl::StatusOr<OpenedConnection> opened = OpenConnection(impl.config, /*with_schema=*/true);
    if (!opened.ok()) {
      absl::MutexLock lock(&impl.mu);
      --impl.open;
      return opened.status();
    }
    slot = std::make_unique<Lease::Slot>();
    slot->connection = std::move(opened->connection);
    slot->session_id = opened->session_id;
    slot->writer_id = std::random_device{}();
  }
  slot->epoch = epoch;
  slot->transaction_closed = false;
  slot->session_confirmed = false;
  return Lease(this, std::move(slot));
}

void ConnectionPool::Release(std::unique_ptr<Lease::Slot> slot, bool broken) {
  if (!broken && !slot->transaction_closed) {
    // The borrower used the connection directly: end whatever transaction it left open so the
    // next borrower does not inherit its locks or its REPEATABLE READ snapshot.
    try {
      EndTransaction(*slot->connection, "ROLLBACK");
    } catch (const sql::SQLException&) {
      broken = true;
    }
  }
  if (broken) {
    slot.reset();  // closes the statements and the connection, outside the lock
    absl::MutexLock lock(&impl_->mu);
    --impl_->open;
    ++impl_->suspect_epoch;
    return;
  }
  if (slot->statements.size() > kMaxCachedStatements) slot->statements.clear();
  slot->transaction_closed = true;
  slot->last_used = absl::Now();
  absl::MutexLock lock(&impl_->mu);
  impl_->idle.push_back(std::move(slot));
}

namespace {

// Runs one DDL statement on a connection without a default schema. The name was validated, and
// identifiers cannot be bound as parameters, so this is the one place SQL is built from a value.
absl::Status RunOnServer(const DbConfig& config, const std::string& sql) {
  absl::Status valid = ValidateConfig(config);
  if (!valid.ok()) return valid;
  Driver();
  absl::StatusOr<OpenedConnection> opened = OpenConnection(config, /*with_schema=*/false);
  if (!opened.ok()) return opened.status();
  try {
    std::unique_ptr<sql::Statement> statement(opened->connection->createStatement());
    statement->execute(sql);
    return absl::OkStatus();
  } catch (const sql::SQLException& e) {
    return FromSqlException(e);
  }
}

}  // namespace

absl::Status EnsureDatabaseExists(const DbConfig& config) {
  // No CHARACTER SET/COLLATE: the database inherits the server's (scripts/db.sh starts MariaDB
  // with utf8mb4/utf8mb4_bin); naming only the character set would pick its default collation.
  return RunOnServer(config, absl::StrCat("CREATE DATABASE IF NOT EXISTS `", config.database, "`"));
}

absl::Status DropDatabase(const DbConfig& config) {
  return RunOnServer(config, absl::StrCat("DROP DATABASE IF EXISTS `", config.database, "`"));
}

}  // namespace huikuan::store
