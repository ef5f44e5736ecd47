// What the daily collection run reads and the ladder configuration it reads it with (issue 9):
// ladder versions per tier (published like term policies), a customer's own ladder or exclusion,
// the invoices a ladder step may fall on as of a day, and the customers' contact details. Same
// conventions as ledger_store.h: inside the caller's RunInTransaction, prepared statements only,
// SQL errors throw.
#ifndef HUIKUAN_SERVER_STORE_DUNNING_STORE_H_
#define HUIKUAN_SERVER_STORE_DUNNING_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/time/time.h"
#include "server/core/civil_date.h"
#include "server/core/dunning.h"
#include "server/core/money.h"
#include "server/core/scorecard.h"
#include "server/core/tiering.h"
#include "server/store/connection_pool.h"
#include "server/store/lock_mode.h"

namespace huikuan::store {

struct LadderVersionRecord {
  int64_t version = 0;
  core::EpochDay published_day = 0;
  core::EpochDay effective_day = 0;
  core::TierLadders ladders;
  std::string comment;
  int64_t created_by = 0;
  absl::Time create_time;
};

// The highest published version, 0 when none; locks the last row so that concurrent publishers
// queue instead of taking the same number.
int64_t LockLatestLadderVersion(ConnectionPool::Lease& db);
void InsertLadderVersion(ConnectionPool::Lease& db, const LadderVersionRecord& record);
// Versions > after_version in version order, at most `limit`.
std::vector<LadderVersionRecord> ListLadderVersions(ConnectionPool::Lease& db,
                                                    int64_t after_version, int limit);
// The version in force on `day`: the latest effective on or before it (the highest version among
// those of that day). None: the core's defaults apply.
std::optional<LadderVersionRecord> LadderVersionInForce(ConnectionPool::Lease& db,
                                                        core::EpochDay day);

struct DunningOverrideRecord {
  int64_t customer_id = 0;
  bool excluded = false;
  std::optional<core::DunningLadder> ladder;  // the customer's own; none when excluded
  std::string reason;
  std::optional<core::EpochDay> expires_day;  // last day it applies; none: until removed
  int64_t created_by = 0;
  absl::Time create_time;
};

// Replaces the customer's override.
void UpsertDunningOverride(ConnectionPool::Lease& db, const DunningOverrideRecord& record);
// Whether there was one.
bool DeleteDunningOverride(ConnectionPool::Lease& db, int64_t customer_id);
std::optional<DunningOverrideRecord> GetDunningOverride(ConnectionPool::Lease& db,
                                                        int64_t customer_id, Lock lock);
// Customer id > after_customer_id in id order, at most `limit`; `not_expired_on` leaves out the
// ones that expired before that day.
std::vector<DunningOverrideRecord> ListDunningOverrides(
    ConnectionPool::Lease& db, std::optional<core::EpochDay> not_expired_on,
    int64_t after_customer_id, int limit);

// An invoice due on one of the days asked for, as the ledger stood at the end of `as_of`
// (`end_of_as_of`: the first instant of the next company day, for timestamps).
struct DunningCandidate {
  int64_t invoice_id = 0;
  int64_t customer_id = 0;
  std::string invoice_number;
  std::string order_number;
  core::EpochDay due_day = 0;
  // amount - cash applied from payments received on or before as_of - write-offs approved on or
  // before it - goods-for-debt settlements approved on or before it. A reversed allocation never
  // counts: the cash did not come.
  core::Fen open = 0;
  bool disputed = false;  // a dispute raised on or before as_of and not resolved by then
};
// Issued on or before as_of, due on one of `due_days`, in id order.
std::vector<DunningCandidate> ListDunningCandidates(ConnectionPool::Lease& db, core::EpochDay as_of,
                                                    absl::Time end_of_as_of,
                                                    const std::vector<core::EpochDay>& due_days);

// Whom collection writes to, and how much the customer's risk weighs.
struct DunningCustomer {
  int64_t id = 0;
  std::string name;
  int64_t owner_user_id = 0;
  core::Tier tier = core::Tier::kPotential;
  // The assessment's grade; D (unknown risk weighs like high risk) when never assessed.
  core::CreditGrade grade = core::CreditGrade::kD;
  std::string contact_name;
  std::string contact_email;
  std::string contact_phone;
  std::string preferred_language = "zh-CN";
  std::string contact_address;  // postal, for letters
};
absl::flat_hash_map<int64_t, DunningCustomer> GetDunningCustomers(
    ConnectionPool::Lease& db, const std::vector<int64_t>& customer_ids);

}  // namespace huikuan::store

#endif  // HUIKUAN_SERVER_STORE_DUNNING_STORE_H_
