// Deterministic demo data for `make run`: users for every department and level, 2,000 customers
// with owners and profiles, three years of ledger history (demo/demo_history.h: ~200,000 invoices
// with seasonality, on-time, late and deteriorating payers, E集团), and one demo bearer token per
// role; then the arrangements of issue 9 (demo/arrangements_loader.h: promises, disputes, E集团's
// payment plan, a goods-for-debt settlement, a legal case) and the day's evaluations. Same seed
// and day, same data; dates are relative to the day it is loaded.
#ifndef HUIKUAN_SERVER_DEMO_DATA_H_
#define HUIKUAN_SERVER_DEMO_DATA_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/core/civil_date.h"
#include "server/demo/arrangements_loader.h"
#include "server/store/connection_pool.h"

namespace huikuan {

struct DemoDataOptions {
  uint64_t seed = 20261124;
  int customers = 2000;
  int invoices_per_customer = 100;      // on average over the three years
  std::optional<core::EpochDay> today;  // the history's last day; default: today in Asia/Shanghai
};

struct DemoDataSummary {
  bool created = false;  // false: the database already had customers, nothing was written
  int users = 0;
  int customers = 0;
  int64_t invoices = 0;
  int64_t payments = 0;
  demo::ArrangementsSummary arrangements;  // promises, disputes, a plan, a settlement, a case
};

// Loads the demo data when the database has no customers yet, in one transaction: nothing is
// written when it fails. Audited as method "huikuan-server seed-demo": one event per user and
// customer, one summary event per month of history (ledger:seedMonth), not one per row.
absl::StatusOr<DemoDataSummary> LoadDemoDataIfEmpty(store::ConnectionPool& pool,
                                                    const DemoDataOptions& options);

// Issues a fresh token for one demo user per role ("sales_staff" -> secret). Demo only.
absl::StatusOr<std::map<std::string, std::string>> IssueDemoTokens(store::ConnectionPool& pool);

struct DemoLogin {
  std::string username;
  std::string password;
};

// Gives the demo user of each role (the one IssueDemoTokens picks) a fresh random password for
// the web login and returns them by role. Demo only: the passwords are printed by `make run`.
absl::StatusOr<std::map<std::string, DemoLogin>> SetDemoPasswords(store::ConnectionPool& pool);

// Ensures the `admin` user exists and issues it a token valid for `ttl`.
absl::StatusOr<std::string> IssueAdminToken(store::ConnectionPool& pool, absl::Duration ttl);

}  // namespace huikuan

#endif  // HUIKUAN_SERVER_DEMO_DATA_H_
