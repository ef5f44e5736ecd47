// Deterministic demo data for `make run`: users for every department and level, a few hundred
// customers with owners, and one demo bearer token per role. Same seed, same data.
#ifndef HUIKUAN_SERVER_DEMO_DATA_H_
#define HUIKUAN_SERVER_DEMO_DATA_H_

#include <cstdint>
#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "server/store/connection_pool.h"

namespace huikuan {

struct DemoDataOptions {
  uint64_t seed = 20261124;
  int customers = 300;
};

struct DemoDataSummary {
  bool created = false;  // false: the database already had customers, nothing was written
  int users = 0;
  int customers = 0;
};

// Loads the demo data when the database has no customers yet (one transaction, audited as
// method "huikuan-server seed-demo").
absl::StatusOr<DemoDataSummary> LoadDemoDataIfEmpty(store::ConnectionPool& pool,
                                                    const DemoDataOptions& options);

// Issues a fresh token for one demo user per role ("sales_staff" -> secret). Demo only.
absl::StatusOr<std::map<std::string, std::string>> IssueDemoTokens(store::ConnectionPool& pool);

// Ensures the `admin` user exists and issues it a token valid for `ttl`.
absl::StatusOr<std::string> IssueAdminToken(store::ConnectionPool& pool, absl::Duration ttl);

}  // namespace huikuan

#endif  // HUIKUAN_SERVER_DEMO_DATA_H_
