// Reading the evidence chain: audit events, newest first, by resource, actor or time.
#ifndef HUIKUAN_SERVER_OPS_AUDIT_EVENTS_H_
#define HUIKUAN_SERVER_OPS_AUDIT_EVENTS_H_

#include <cstdint>
#include <vector>

#include "server/ops/scopes.h"
#include "server/store/audit_store.h"

namespace huikuan::ops {

// Events with id < before_id (0: from the newest) matching `filter`, at most `limit`.
std::vector<store::AuditRecord> ListAuditEvents(ReadScope& read, const store::AuditFilter& filter,
                                                int64_t before_id, int limit);

}  // namespace huikuan::ops

#endif  // HUIKUAN_SERVER_OPS_AUDIT_EVENTS_H_
