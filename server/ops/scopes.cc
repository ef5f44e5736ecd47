#include "server/ops/scopes.h"

#include <string>

namespace huikuan::ops {

absl::Status RunWrite(store::ConnectionPool::Lease& db, const Caller& caller,
                      absl::string_view method, absl::string_view request_id, absl::Time now,
                      absl::FunctionRef<absl::Status(WriteScope&)> fn) {
  return RunWriteAsOf(db, caller, method, request_id, now, CompanyDay(now), fn);
}

absl::Status RunWriteAsOf(store::ConnectionPool::Lease& db, const Caller& caller,
                          absl::string_view method, absl::string_view request_id, absl::Time now,
                          core::EpochDay today, absl::FunctionRef<absl::Status(WriteScope&)> fn) {
  AuditTrail audit(caller, std::string(method), std::string(request_id), now);
  WriteScope write(db, caller, now, today, audit);
  absl::Status status = fn(write);
  if (status.ok()) audit.Flush(db);
  return status;
}

}  // namespace huikuan::ops
