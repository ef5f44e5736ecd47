// The demo's contact compliance (issue 14), through the same operations as the RPCs: a finance
// head's proposal to soften the dunning letter, waiting for a legal head in the approvals inbox;
// and, for the first customer with an open dispute, finance's reply to the dispute and a call made
// while it is open with the reason given (flagged: it shows in this month's meeting pack).
// Runs inside the caller's transaction.
#ifndef HUIKUAN_SERVER_DEMO_COMPLIANCE_LOADER_H_
#define HUIKUAN_SERVER_DEMO_COMPLIANCE_LOADER_H_

#include <cstdint>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "server/store/connection_pool.h"

namespace huikuan::demo {

absl::Status LoadDemoCompliance(store::ConnectionPool::Lease& db,
                                const std::vector<int64_t>& customer_ids, absl::Time now);

}  // namespace huikuan::demo

#endif  // HUIKUAN_SERVER_DEMO_COMPLIANCE_LOADER_H_
