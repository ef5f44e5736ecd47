// The one place MySQL/MariaDB errors become absl::Status (STYLE.md):
//   1062 duplicate key            -> ALREADY_EXISTS
//   1213 deadlock, 1205 lock wait, 1020 record changed -> ABORTED (retry the transaction)
//   lost/refused connection (2002, 2003, 2006, 2013, 2055, 1927, 1053, SQLSTATE 08xxx, HY000 with
//   no error number while connecting) -> UNAVAILABLE (retry the call)
//   a prepared statement invalidated by its lost session (2030, 2056) -> UNAVAILABLE, the
//   connection discarded
//   1047 from a Galera node outside the primary component ("WSREP has not yet prepared node for
//   application use") -> UNAVAILABLE; the connection is discarded like a lost one
//   anything else                 -> INTERNAL "database error <number>"
// The message never contains the SQL text or data values: it is safe to send to a client.
#ifndef HUIKUAN_SERVER_STORE_MYSQL_ERRORS_H_
#define HUIKUAN_SERVER_STORE_MYSQL_ERRORS_H_

#include <cppconn/exception.h>

#include "absl/status/status.h"

namespace huikuan::store {

absl::Status FromSqlException(const sql::SQLException& e);

// True when the connection that raised `e` must not be reused.
bool IsConnectionLost(const sql::SQLException& e);

// True for a status FromSqlException made from a transaction conflict (deadlock, lock wait
// timeout, a Galera certification failure at COMMIT, a changed record): running the whole
// transaction again may succeed. A rule's own ABORTED (a stale etag) is not one of them.
bool IsRetryableConflict(const absl::Status& status);

}  // namespace huikuan::store

#endif  // HUIKUAN_SERVER_STORE_MYSQL_ERRORS_H_
