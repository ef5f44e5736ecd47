// The demo's pledged and factored invoices (seed 000, 增值服务: 应收账款质押融资; issue 14), made
// by finance through ops::PledgeInvoice as the RPC makes them: the largest current invoice of the
// first customers that have one, pledged to a bank or factored (two to 工商银行宁波分行, one to
// 平安商业保理), and one pledge made 60 days ago and released 10 days ago with the bank's release
// reference. Customers a small demo lacks are skipped. Runs inside the caller's transaction.
#ifndef HUIKUAN_SERVER_DEMO_PLEDGES_LOADER_H_
#define HUIKUAN_SERVER_DEMO_PLEDGES_LOADER_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/demo/demo_history.h"
#include "server/store/connection_pool.h"

namespace huikuan::demo {

// Returns how many pledges it made (the released one included).
absl::StatusOr<int32_t> LoadDemoPledges(store::ConnectionPool::Lease& db,
                                        const DemoHistory& history,
                                        const std::vector<int64_t>& customer_ids, absl::Time now);

}  // namespace huikuan::demo

#endif  // HUIKUAN_SERVER_DEMO_PLEDGES_LOADER_H_
