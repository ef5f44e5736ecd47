// What the credit-term health score (core/health_score.h) is computed from, for every customer as
// of today in set-based reads: the open figures and the year's sales (the covering index of
// migration 0085) and the disputes raised in the last 365 days, read live; the punctuality of the
// invoices due in the last 180 days (cash by due date, one index lookup per invoice: the slow
// read), computed by the daily `health` job into health_snapshots (migration 0620) and read back
// from the newest snapshot.
#ifndef HUIKUAN_SERVER_STORE_HEALTH_STORE_H_
#define HUIKUAN_SERVER_STORE_HEALTH_STORE_H_

#include <cstdint>
#include <optional>
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

// Every customer, in id order, without the punctuality counts (recent_due, recent_on_time,
// prior_due, prior_on_time: see below). `today`: the company's day; disputes count from
// `year_start_time` (the first instant of today - 364).
std::vector<HealthFacts> LoadHealthFacts(ConnectionPool::Lease& db, core::EpochDay today,
                                         absl::Time year_start_time);

// The punctuality of a customer's invoices due in the 180 days before a day.
struct Punctuality {
  int64_t customer_id = 0;
  int32_t recent_due = 0;  // due in the 90 days before the day
  int32_t recent_on_time = 0;
  int32_t prior_due = 0;  // due in the 90 days before those
  int32_t prior_on_time = 0;
};
// Computed from the ledger as of `day` (an invoice is on time when the cash received by its due
// date covers what was not cleared otherwise), for the customers with an invoice due in the
// window, in customer id order.
std::vector<Punctuality> ComputePunctuality(ConnectionPool::Lease& db, core::EpochDay day);

// Writes the snapshot of `day` (health_snapshots); rows already there are kept. Returns the rows
// written.
int64_t InsertHealthSnapshot(ConnectionPool::Lease& db, core::EpochDay day,
                             const std::vector<Punctuality>& rows, absl::Time now);
struct PunctualitySnapshot {
  core::EpochDay day = 0;
  std::vector<Punctuality> rows;  // customer id order
};
// The newest snapshot of a day in [`oldest`, `newest`]; none when there is none.
std::optional<PunctualitySnapshot> LoadNewestHealthSnapshot(ConnectionPool::Lease& db,
                                                            core::EpochDay oldest,
                                                            core::EpochDay newest);

// When the ledger last changed, by the database's clock: the newest update_time of invoices
// (every payment, allocation, write-off, settlement and dispute stamps its invoice) and of
// customers (industry, tier), both read from their update_time indexes (migrations 0400/0401),
// and the newest health snapshot's day (0: none).
struct HealthLedgerMark {
  absl::Time now;
  absl::Time invoices_changed;
  absl::Time customers_changed;
  core::EpochDay newest_snapshot = 0;
};
HealthLedgerMark LoadHealthLedgerMark(ConnectionPool::Lease& db);

}  // namespace huikuan::store

#endif  // HUIKUAN_SERVER_STORE_HEALTH_STORE_H_
