// The demo's recent past of the daily run: after the demo history is loaded, the jobs that make
// work (promises, payment plans, limitation, the dunning ladder, escalation) run for each of the
// last days through the lease runner, as the scheduler would have run them, so worklists, the
// outbox and the heads' escalations exist on the first start. `late_fees` is left to the
// scheduler (its first run charges every overdue day of the history at once). Demo only.
#ifndef HUIKUAN_SERVER_DEMO_JOBS_H_
#define HUIKUAN_SERVER_DEMO_JOBS_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "server/core/civil_date.h"
#include "server/jobs/job_registry.h"
#include "server/ops/clock.h"
#include "server/store/connection_pool.h"

namespace huikuan {

struct DemoJobsReplay {
  int32_t days = 0;
  int32_t runs = 0;     // (job, day) runs that ran now
  int64_t created = 0;  // work items and emails
  int64_t changed = 0;  // promises and plans decided, items escalated
};

// Runs every job of `jobs` except late_fees for each day of [last - days + 1, last], day by day
// in the registry's order. Days that already ran are left as they are.
absl::StatusOr<DemoJobsReplay> ReplayDemoJobs(store::ConnectionPool& pool,
                                              const jobs::JobRegistry& jobs,
                                              const ops::Clock& clock, core::EpochDay last,
                                              int32_t days);

}  // namespace huikuan

#endif  // HUIKUAN_SERVER_DEMO_JOBS_H_
