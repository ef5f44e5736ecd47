#include "server/store/mysql_errors.h"

#include <string>

#include "absl/strings/cord.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace huikuan::store {
namespace {

// Server and client error numbers (mysqld_error.h / errmsg.h); spelled out here because the
// MariaDB client headers are not on Connector/C++'s include path.
constexpr int kErDupEntry = 1062;
constexpr int kErLockWaitTimeout = 1205;
constexpr int kErLockDeadlock = 1213;
constexpr int kErCheckread = 1020;  // "Record has changed since last read"
// ER_UNKNOWN_COM_ERROR, which a Galera node answers to every statement while it is not part of
// the primary component ("WSREP has not yet prepared node for application use"): after losing
// quorum, while joining, during a state transfer.
constexpr int kErUnknownCom = 1047;

// Marks the ABORTED statuses of transaction conflicts (IsRetryableConflict).
constexpr absl::string_view kRetryableConflictUrl = "huikuan.store/RetryableConflict";

absl::Status Conflict(absl::string_view message) {
  absl::Status status = absl::AbortedError(message);
  status.SetPayload(kRetryableConflictUrl, absl::Cord());
  return status;
}

// Errors after which the session is gone or unusable.
bool IsConnectionErrorNumber(int code) {
  switch (code) {
    case 1040:           // ER_CON_COUNT_ERROR: too many connections (refused)
    case kErUnknownCom:  // a Galera node not ready: another connection may reach one that is
    case 1053:           // ER_SERVER_SHUTDOWN
    case 1152:           // ER_ABORTING_CONNECTION
    case 1158:           // ER_NET_READ_ERROR
    case 1159:           // ER_NET_READ_INTERRUPTED
    case 1160:           // ER_NET_ERROR_ON_WRITE
    case 1161:           // ER_NET_WRITE_INTERRUPTED
    case 1927:           // ER_CONNECTION_KILLED
    case 4031:  // ER_CLIENT_INTERACTION_TIMEOUT (MariaDB: idle session closed by the server)
    case 2002:  // CR_CONNECTION_ERROR: cannot connect through the socket
    case 2003:  // CR_CONN_HOST_ERROR: cannot connect to host
    case 2005:  // CR_UNKNOWN_HOST
    case 2006:  // CR_SERVER_GONE_ERROR
    case 2013:  // CR_SERVER_LOST
    case 2026:  // CR_SSL_CONNECTION_ERROR
    // A prepared statement whose session the client library closed or replaced (a reconnect
    // invalidates every statement of the old session): only a new connection can prepare again.
    case 2030:  // CR_NO_PREPARE_STMT
    case 2056:  // CR_STMT_CLOSED
    case 2055:  // CR_SERVER_LOST_EXTENDED
      return true;
    default:
      return false;
  }
}

}  // namespace

bool IsConnectionLost(const sql::SQLException& e) {
  const int code = e.getErrorCode();
  if (IsConnectionErrorNumber(code)) return true;
  // SQLSTATE class 08 is "connection exception" in the SQL standard.
  if (absl::StartsWith(e.getSQLState(), "08")) return true;
  // CR_COMMANDS_OUT_OF_SYNC (2014): the protocol state is confused; the session cannot be trusted.
  if (code == 2014) return true;
  // Connector/C++ throws plain SQLException("Connection has been closed") (no number) when a
  // statement runs on a connection it already knows is dead.
  if (code == 0 && absl::StrContains(e.what(), "onnection has been closed")) return true;
  return false;
}

absl::Status FromSqlException(const sql::SQLException& e) {
  const int code = e.getErrorCode();
  // Messages name the error number only: e.what() may quote the statement or the duplicate key
  // value (data), and this status can travel to a client.
  switch (code) {
    case kErDupEntry:
      return absl::AlreadyExistsError("duplicate key (database error 1062)");
    case kErLockDeadlock:
      return Conflict("deadlock; retry the transaction (database error 1213)");
    case kErLockWaitTimeout:
      return Conflict("lock wait timeout; retry the transaction (database error 1205)");
    case kErCheckread:
      return Conflict(
          "record changed since last read; retry the transaction (database error 1020)");
    case kErUnknownCom:
      return absl::UnavailableError(
          "database node not ready (not in the cluster's primary component); retry (database "
          "error 1047)");
    default:
      break;
  }
  if (code != 2014 && IsConnectionLost(e)) {
    return absl::UnavailableError(
        absl::StrCat("database connection unavailable (database error ", code, ")"));
  }
  // SQLSTATE is a class code, never data: it helps tell a syntax error from a constraint failure.
  return absl::InternalError(
      absl::StrCat("database error ", code, " (SQLSTATE ", e.getSQLState(), ")"));
}

bool IsRetryableConflict(const absl::Status& status) {
  return absl::IsAborted(status) && status.GetPayload(kRetryableConflictUrl).has_value();
}

}  // namespace huikuan::store
