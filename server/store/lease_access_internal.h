// Private to huikuan_store: what transaction.cc may tell the pool about a lease. Not for callers.
#ifndef HUIKUAN_SERVER_STORE_LEASE_ACCESS_INTERNAL_H_
#define HUIKUAN_SERVER_STORE_LEASE_ACCESS_INTERNAL_H_

#include "server/store/connection_pool.h"

namespace huikuan::store::internal {

class LeaseAccess {
 public:
  // The lease's transaction was committed or rolled back: returning the connection to the pool
  // needs no defensive ROLLBACK round trip.
  static void MarkTransactionClosed(ConnectionPool::Lease& lease);
  // Lease::NoteSessionConfirmed() was called and no statement was prepared since.
  static bool SessionConfirmed(const ConnectionPool::Lease& lease);
};

}  // namespace huikuan::store::internal

#endif  // HUIKUAN_SERVER_STORE_LEASE_ACCESS_INTERNAL_H_
