#include "server/ops/audit_events.h"

namespace huikuan::ops {

std::vector<store::AuditRecord> ListAuditEvents(ReadScope& read, const store::AuditFilter& filter,
                                                int64_t before_id, int limit) {
  return store::ListAuditEvents(read.db, filter, before_id, limit);
}

}  // namespace huikuan::ops
