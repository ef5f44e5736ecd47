// The demo's arrangements (issue 9), made through the same operations as the RPCs, by the demo
// users whose duty they are, on the days they would have happened:
//   - E集团's risk signals (issue 10): its bank line cut by 30% and two supplier lawsuits;
//   - E集团 (seed 000): a promise to pay made 25 days ago and broken, then its 8,000,000 yuan of
//     overdue invoices restructured today into six monthly instalments with a mortgage and a
//     guarantee (分期付款 + 抵押担保), approved by the finance head and the general manager (above
//     the credit authority bands);
//   - a promise kept (the payment arrived two days ago) and one still open;
//   - two disputes raised by finance (quality, still open; quantity, resolved 30 days ago);
//   - a goods-for-debt settlement (以货抵债, seed 000's F/G case) of a customer on credit hold,
//     approved by the general manager;
//   - a legal case of a customer in litigation: lawyer letter 60 days ago, filed 30 days ago;
// then the day's evaluations (promises, payment plans, limitation reminders) as the daily run
// would make them. Customers a small demo lacks are skipped. Runs inside the caller's transaction.
#ifndef HUIKUAN_SERVER_DEMO_ARRANGEMENTS_LOADER_H_
#define HUIKUAN_SERVER_DEMO_ARRANGEMENTS_LOADER_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/demo/demo_history.h"
#include "server/store/connection_pool.h"

namespace huikuan::demo {

struct ArrangementsSummary {
  int32_t promises = 0;
  int32_t disputes = 0;
  int32_t payment_plans = 0;
  int32_t settlements = 0;
  int32_t legal_cases = 0;
  int32_t signals = 0;     // E集团's risk signals (issue 10)
  int32_t payments = 0;    // recorded for the kept promise
  int32_t work_items = 0;  // made by the day's evaluations
};

absl::StatusOr<ArrangementsSummary> LoadDemoArrangements(store::ConnectionPool::Lease& db,
                                                         const DemoHistory& history,
                                                         const std::vector<int64_t>& customer_ids,
                                                         absl::Time now);

}  // namespace huikuan::demo

#endif  // HUIKUAN_SERVER_DEMO_ARRANGEMENTS_LOADER_H_
