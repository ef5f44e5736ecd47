// What an operation gets from whoever calls it (a gRPC handler, a job, an import, the demo): the
// transaction's connection, the caller, one clock reading for the whole operation and the
// company's day at that moment; a write also gets its audit trail. The operation runs inside the
// caller's transaction and never commits.
#ifndef HUIKUAN_SERVER_OPS_SCOPES_H_
#define HUIKUAN_SERVER_OPS_SCOPES_H_

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "server/core/civil_date.h"
#include "server/ops/audit_trail.h"
#include "server/ops/caller.h"
#include "server/ops/clock.h"
#include "server/store/connection_pool.h"

namespace huikuan::ops {

struct ReadScope {
  ReadScope(store::ConnectionPool::Lease& db, const Caller& caller, absl::Time now)
      : ReadScope(db, caller, now, CompanyDay(now)) {}
  // A job running "as of" a past day reads and writes as of that day.
  ReadScope(store::ConnectionPool::Lease& db, const Caller& caller, absl::Time now,
            core::EpochDay today)
      : db(db), caller(caller), now(now), today(today) {}

  store::ConnectionPool::Lease& db;
  const Caller& caller;
  const absl::Time now;
  const core::EpochDay today;  // in the company's time zone
};

struct WriteScope : ReadScope {
  WriteScope(store::ConnectionPool::Lease& db, const Caller& caller, absl::Time now,
             AuditTrail& audit)
      : ReadScope(db, caller, now), audit(audit) {}
  WriteScope(store::ConnectionPool::Lease& db, const Caller& caller, absl::Time now,
             core::EpochDay today, AuditTrail& audit)
      : ReadScope(db, caller, now, today), audit(audit) {}

  AuditTrail& audit;
};

// Runs `fn` as a write of `caller` outside an RPC (a job, the CLI, the demo, a test), inside the
// caller's transaction on `db`, then writes the audit events it recorded under `method`.
absl::Status RunWrite(store::ConnectionPool::Lease& db, const Caller& caller,
                      absl::string_view method, absl::string_view request_id, absl::Time now,
                      absl::FunctionRef<absl::Status(WriteScope&)> fn);
// The same as of `today` (a job's day).
absl::Status RunWriteAsOf(store::ConnectionPool::Lease& db, const Caller& caller,
                          absl::string_view method, absl::string_view request_id, absl::Time now,
                          core::EpochDay today, absl::FunctionRef<absl::Status(WriteScope&)> fn);

}  // namespace huikuan::ops

#endif  // HUIKUAN_SERVER_OPS_SCOPES_H_
