// The audit trail of one write (DESIGN.md: every state change is evidence): who, as what role,
// through which method and request, changed which resource from what to what. Operations record
// a before and after image of each resource they create or change (audit_images.h); the events go
// into the write's own transaction with one multi-row INSERT when the write flushes them, so they
// commit or roll back with the change itself, as the next links of the writer connection's hash
// chain of the company day of `now` (store/audit_chain.h).
//
//   write.audit.Record("invoices/7", InvoiceImage(before), InvoiceImage(after));
#ifndef HUIKUAN_SERVER_OPS_AUDIT_TRAIL_H_
#define HUIKUAN_SERVER_OPS_AUDIT_TRAIL_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "server/core/json.h"
#include "server/ops/caller.h"
#include "server/store/audit_store.h"
#include "server/store/connection_pool.h"

namespace huikuan::ops {

class AuditTrail {
 public:
  // `method`: "/huikuan.v1.LedgerService/RecordPayment", "job/dunning", "huikuan-server seed-demo".
  AuditTrail(const Caller& caller, std::string method, std::string request_id, absl::Time now);

  // A change of `resource`; a null image means it did not exist before / does not exist after.
  void Record(absl::string_view resource, const core::Json& before, const core::Json& after);
  // The same with images already serialized (empty: did not exist).
  void RecordJson(absl::string_view resource, std::string before_json, std::string after_json);

  int count() const { return static_cast<int>(pending_.size()) + flushed_; }
  // Writes what was recorded since the last flush into the caller's transaction.
  void Flush(store::ConnectionPool::Lease& db);
  // Forgets what was recorded and not flushed (the transaction is retried from the start).
  void Discard();

 private:
  const Caller& caller_;
  std::string method_;
  std::string request_id_;
  absl::Time now_;
  std::vector<store::AuditRecord> pending_;
  int flushed_ = 0;
};

}  // namespace huikuan::ops

#endif  // HUIKUAN_SERVER_OPS_AUDIT_TRAIL_H_
