// The demo's paying-made-easy data (issue 14), through the same operations as the RPCs, by the
// demo users whose duty it is: last month's statement (so with a payment reference) for the first
// few customers, and early-payment discount offers on the portal customer's invoices not yet
// due: one proposed (waiting in the portal), one accepted and taken by a payment two days ago
// (so the meeting pack shows a discount's cost and the DSO days it saved). Customers without
// such invoices are skipped. Runs inside the caller's transaction.
#ifndef HUIKUAN_SERVER_DEMO_PAYING_LOADER_H_
#define HUIKUAN_SERVER_DEMO_PAYING_LOADER_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/core/civil_date.h"
#include "server/store/connection_pool.h"

namespace huikuan::demo {

struct PayingSummary {
  int32_t statements = 0;
  int32_t offers = 0;
  int32_t payments = 0;
};

absl::StatusOr<PayingSummary> LoadDemoPaying(store::ConnectionPool::Lease& db,
                                             const std::vector<int64_t>& customer_ids,
                                             absl::Time now, core::EpochDay today);

}  // namespace huikuan::demo

#endif  // HUIKUAN_SERVER_DEMO_PAYING_LOADER_H_
