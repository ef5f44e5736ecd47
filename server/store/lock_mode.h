// How a read treats the rows it returns: a plain snapshot read, or one that locks them until the
// transaction ends (FOR UPDATE) so the write that follows decides on the latest committed state.
// Named at call sites: GetInvoice(db, id, Lock::kForUpdate), never a bare `true`.
#ifndef HUIKUAN_SERVER_STORE_LOCK_MODE_H_
#define HUIKUAN_SERVER_STORE_LOCK_MODE_H_

namespace huikuan::store {

enum class Lock { kNone, kForUpdate };

// For reads of many rows that feed a decision: kLocking is a shared locking read (LOCK IN SHARE
// MODE) that sees rows committed after the transaction's REPEATABLE READ snapshot.
enum class Read { kSnapshot, kLocking };

inline const char* LockClause(Lock lock) { return lock == Lock::kForUpdate ? " FOR UPDATE" : ""; }
inline const char* ReadClause(Read read) {
  return read == Read::kLocking ? " LOCK IN SHARE MODE" : "";
}

}  // namespace huikuan::store

#endif  // HUIKUAN_SERVER_STORE_LOCK_MODE_H_
