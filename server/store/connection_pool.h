// A fixed-size pool of Connector/C++ connections to one database.
//
//   HK_ASSIGN_OR_RETURN(auto pool, ConnectionPool::Create(config));
//   HK_ASSIGN_OR_RETURN(ConnectionPool::Lease lease, pool->Acquire());
//   auto stmt = lease.Prepare("SELECT id FROM customers WHERE id = ?");
//
// Thread-safe. Acquire() blocks while all `pool_size` connections are leased (up to
// `acquire_timeout`, then UNAVAILABLE). Connections are opened lazily, so Create() succeeds while
// the database is down; a connection that saw a connection-level error is discarded (MarkBroken or
// automatically by RunInTransaction) and replaced on a later Acquire, so the server recovers by
// itself after the database restarts. An idle connection unused for over a second (or idle while
// another one was found dead) is pinged before it is lent. Connections run with autocommit off,
// the server's default REPEATABLE READ isolation, utf8mb4 and `time_zone='+00:00'` (timestamps are
// UTC). A lease returned without RunInTransaction having ended its transaction is rolled back.
// The pool must outlive its leases.
//
// Sessions. A connection never reconnects by itself (OPT_RECONNECT off): a lost session shows up
// as an error (2006/2013) on the next statement, and the connection is discarded. Should the
// client library reconnect anyway (another library, a changed default), the new session starts
// with autocommit off and UTC (the pool sets both as the client library's init command, which
// runs on every reconnect), so nothing it runs commits by itself, and its CONNECTION_ID() differs
// from session_id(): RunInTransaction compares them before COMMIT.
#ifndef HUIKUAN_SERVER_STORE_CONNECTION_POOL_H_
#define HUIKUAN_SERVER_STORE_CONNECTION_POOL_H_

#include <cppconn/connection.h>
#include <cppconn/prepared_statement.h>

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "server/store/db_config.h"

namespace huikuan::store {

namespace internal {
// Lets transaction.cc tell the pool that a lease ended its transaction itself.
class LeaseAccess;
}  // namespace internal

class ConnectionPool {
 public:
  // A leased connection; returns it to the pool on destruction (or drops it if marked broken).
  class Lease {
   public:
    Lease(Lease&& other) noexcept;
    Lease& operator=(Lease&& other) noexcept;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease();

    sql::Connection& connection() { return *connection_; }
    // Prepares `sql` (cached per connection: the same text reuses the server-side statement).
    // Throws sql::SQLException like Connector/C++ does; RunInTransaction maps it.
    sql::PreparedStatement& Prepare(absl::string_view sql);
    // The connection will be closed instead of returned to the pool.
    void MarkBroken() { broken_ = true; }
    // The statement just executed proved that it ran on session_id() (it tested CONNECTION_ID()
    // and changed its row): a COMMIT right after it needs no session check of its own
    // (transaction.h). The next Prepare() withdraws the note.
    void NoteSessionConfirmed();

    // COMMIT and ROLLBACK as statements; throw sql::SQLException when the server or the network
    // fails them. Use these, never connection().commit()/rollback(): Connector/C++ 1.1 discards
    // the client library's result there, so a COMMIT that failed (the session was killed or lost,
    // a Galera certification conflict 1213) looks like success.
    void Commit();
    void Rollback();

    // CONNECTION_ID() of the server session this connection opened (read once, when it opened).
    int64_t session_id() const;
    // A random number drawn when this connection opened, kept for its life: writers that must not
    // contend with one another pick their rows by it (the audit chain's shard, audit_store.h). Two
    // connections may draw the same number (2^-32): they then contend, nothing worse.
    uint32_t writer_id() const;

   private:
    friend class ConnectionPool;
    friend class internal::LeaseAccess;
    struct Slot;
    Lease(ConnectionPool* pool, std::unique_ptr<Slot> slot);
    ConnectionPool* pool_ = nullptr;
    std::unique_ptr<Slot> slot_;
    sql::Connection* connection_ = nullptr;
    bool broken_ = false;
  };

  static absl::StatusOr<std::unique_ptr<ConnectionPool>> Create(
      const DbConfig& config, absl::Duration acquire_timeout = absl::Seconds(10));
  ~ConnectionPool();

  // UNAVAILABLE when no connection can be opened (database down) or the pool stays exhausted.
  absl::StatusOr<Lease> Acquire();

  const DbConfig& config() const;

  class Impl;

 private:
  explicit ConnectionPool(std::unique_ptr<Impl> impl);
  void Release(std::unique_ptr<Lease::Slot> slot, bool broken);
  std::unique_ptr<Impl> impl_;
};

// Creates `config.database` if it does not exist (connecting without a default schema).
absl::Status EnsureDatabaseExists(const DbConfig& config);

// Drops `config.database` if it exists (tests only).
absl::Status DropDatabase(const DbConfig& config);

}  // namespace huikuan::store

#endif  // HUIKUAN_SERVER_STORE_CONNECTION_POOL_H_
