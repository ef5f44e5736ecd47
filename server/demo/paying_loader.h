// The demo's paying-made-easy data (issue 14), through the same operations as the RPCs, by the
// demo users whose duty it is: last month's statement (so with a payment reference) for the first
// few customers; a second portal user, "customer02", for the first customer on credit terms with
// open invoices not due for two weeks (customer01's company buys on prepayment: nothing of it can
// be paid early), with last month's statement and two early-payment discount offers: one accepted
// and taken by a payment two days ago (so the meeting pack shows a discount's cost and the DSO
// days it saved), one waiting in its portal. Skipped when no customer qualifies. Runs inside the
// caller's transaction.
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
  int32_t users = 0;  // the second portal user
};

absl::StatusOr<PayingSummary> LoadDemoPaying(store::ConnectionPool::Lease& db,
                                             const std::vector<int64_t>& customer_ids,
                                             absl::Time now, core::EpochDay today);

}  // namespace huikuan::demo

#endif  // HUIKUAN_SERVER_DEMO_PAYING_LOADER_H_
