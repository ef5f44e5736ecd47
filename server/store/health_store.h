// What the credit-term health score (core/health_score.h) is computed from, for every customer as
// of today in three set-based reads: the open figures and the year's sales (the covering index of
// migration 0085), the punctuality of the invoices due in the last 180 days (cash by due date,
// one index lookup per invoice), and the disputes raised in the last 365 days.
#ifndef HUIKUAN_SERVER_STORE_HEALTH_STORE_H_
#define HUIKUAN_SERVER_STORE_HEALTH_STORE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "server/core/civil_date.h"
#include "server/core/health_score.h"
#include "server/store/connection_pool.h"

namespace huikuan::store {

struct HealthFacts {
  int64_t customer_id = 0;
  int64_t owner_user_id = 0;
  std::string display_name;
  std::string industry;
  std::string tier;
  core::HealthInput input;  // industry_dso_days left empty: the caller sums the industry
};

// Every customer, in id order. `today`: the company's day; disputes count from
// `year_start_time` (the first instant of today - 364).
std::vector<HealthFacts> LoadHealthFacts(ConnectionPool::Lease& db, core::EpochDay today,
                                         absl::Time year_start_time);

// When the ledger last changed, by the database's clock: the newest update_time of invoices
// (every payment, allocation, write-off, settlement and dispute stamps its invoice) and of
// customers (industry, tier), both read from their update_time indexes (migrations 0400/0401).
struct HealthLedgerMark {
  absl::Time now;
  absl::Time invoices_changed;
  absl::Time customers_changed;
};
HealthLedgerMark LoadHealthLedgerMark(ConnectionPool::Lease& db);

}  // namespace huikuan::store

#endif  // HUIKUAN_SERVER_STORE_HEALTH_STORE_H_
