// The demo's relationship cadence and joint promotions (issue 14; seed 000 客户关系维护,
// 账期政策设计), made through the same operations as the RPCs by the demo users whose duty they
// are: the general manager sets the cadence (monthly reconciliation for every tier but the
// potential one, quarterly reviews for strategic core and key partners, the annual strategy
// meeting for strategic core, with "what is coming" for the monthly message) before the replayed
// days, so the daily run's replay leaves cadence items on the worklists; the investment manager
// records four joint promotions of strategic and key customers and the sales head approves two
// (last month's gives this month's invoices the +10 days), rejects one and leaves one in the
// approvals inbox. Runs inside the caller's transaction.
#ifndef HUIKUAN_SERVER_DEMO_RELATIONSHIP_LOADER_H_
#define HUIKUAN_SERVER_DEMO_RELATIONSHIP_LOADER_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/core/civil_date.h"
#include "server/store/connection_pool.h"

namespace huikuan::demo {

struct RelationshipSummary {
  int32_t promotions = 0;
  int32_t approved = 0;
};

absl::StatusOr<RelationshipSummary> LoadDemoRelationship(store::ConnectionPool::Lease& db,
                                                         core::EpochDay today, absl::Time now);

}  // namespace huikuan::demo

#endif  // HUIKUAN_SERVER_DEMO_RELATIONSHIP_LOADER_H_
