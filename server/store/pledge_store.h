// Pledged and factored invoices (migration 0560; core/pledge.h). Same conventions as
// ledger_store.h: inside the caller's RunInTransaction, prepared statements only, SQL errors
// throw; writers hold the customer's row lock first, then the invoice's, then the pledge's.
#ifndef HUIKUAN_SERVER_STORE_PLEDGE_STORE_H_
#define HUIKUAN_SERVER_STORE_PLEDGE_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/core/civil_date.h"
#include "server/core/money.h"
#include "server/core/pledge.h"
#include "server/store/connection_pool.h"
#include "server/store/lock_mode.h"

namespace huikuan::store {

struct PledgeRecord {
  int64_t id = 0;
  int64_t invoice_id = 0;
  int64_t customer_id = 0;
  int64_t owner_user_id = 0;   // read only (joined from customers), for row scoping
  std::string invoice_number;  // read only (joined)
  std::string customer_name;   // read only (joined)
  core::PledgeKind kind = core::PledgeKind::kPledge;
  std::string financier;
  core::Fen amount = 0;
  core::EpochDay pledged_day = 0;
  std::string reference;
  std::string note;
  int64_t created_by = 0;
  std::optional<core::EpochDay> released_day;
  std::string release_reference;
  std::optional<int64_t> released_by;
  absl::Time create_time;
  absl::Time update_time;

  bool active() const { return !released_day.has_value(); }
};

// Sets id. A second active pledge of the invoice fails on the unique key (ALREADY_EXISTS).
void InsertPledge(ConnectionPool::Lease& db, PledgeRecord& pledge);
// NOT_FOUND when absent.
absl::StatusOr<PledgeRecord> GetPledge(ConnectionPool::Lease& db, int64_t id, Lock lock);
// The invoice's active pledge, if any.
std::optional<PledgeRecord> GetActivePledge(ConnectionPool::Lease& db, int64_t invoice_id,
                                            Lock lock);
// Writes released_date, release_reference, released_by, update_time and clears the active key.
void UpdatePledgeRelease(ConnectionPool::Lease& db, const PledgeRecord& pledge);

struct PledgeFilter {
  std::optional<int64_t> customer_id;
  std::optional<int64_t> owner_user_id;
  std::optional<int64_t> invoice_id;
  // Active at the end of this day: pledged on or before it and not released by it.
  std::optional<core::EpochDay> active_on;
};
// Matching pledges with id > after_id in id order, at most `limit`.
std::vector<PledgeRecord> ListPledges(ConnectionPool::Lease& db, const PledgeFilter& filter,
                                      int64_t after_id, int limit);

// A pledge active at the end of a day with its invoice's open amount then
// (store/ledger_as_of.h): what aging and the meeting pack count as pledged is the smaller.
struct PledgeAsOf {
  PledgeRecord pledge;
  core::Fen open = 0;
  core::EpochDay due_day = 0;
};
std::vector<PledgeAsOf> ListPledgesActiveOn(ConnectionPool::Lease& db,
                                            std::optional<int64_t> owner_user_id,
                                            core::EpochDay day, absl::Time end_of_day);

}  // namespace huikuan::store

#endif  // HUIKUAN_SERVER_STORE_PLEDGE_STORE_H_
