// Invoice disputes (migrations 0072, 0221-0222): raised by staff with a reason code, by the
// customer on a statement, or recorded by an import; resolved by finance. An invoice has at most
// one unresolved dispute (its status is 'disputed' meanwhile). Same conventions as
// ledger_store.h: inside the caller's RunInTransaction, prepared statements only, SQL errors
// throw; writers hold the invoice's customer row lock.
#ifndef HUIKUAN_SERVER_STORE_DISPUTE_STORE_H_
#define HUIKUAN_SERVER_STORE_DISPUTE_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "server/core/civil_date.h"
#include "server/core/dispute.h"
#include "server/core/money.h"
#include "server/store/connection_pool.h"

namespace huikuan::store {

struct DisputeRecord {
  int64_t id = 0;
  int64_t invoice_id = 0;
  std::optional<int64_t> statement_id;
  core::DisputeSource source = core::DisputeSource::kStaff;
  core::DisputeReason reason_code = core::DisputeReason::kOther;
  std::string reason;
  int64_t user_id = 0;
  core::EpochDay raised_day = 0;
  absl::Time create_time;
  std::optional<std::string> resolution;
  std::optional<int64_t> resolved_by;
  std::optional<core::EpochDay> resolved_day;
  std::optional<absl::Time> resolve_time;
  // Read only (joined from the invoice and its customer).
  int64_t customer_id = 0;
  int64_t owner_user_id = 0;
  std::string invoice_number;
  core::Fen invoice_open = 0;
};

// Inserts the disputes (resolved ones with their resolution) with multi-row statements; sets ids.
void InsertDisputes(ConnectionPool::Lease& db, std::vector<DisputeRecord>& disputes);

// Resolves the invoice's unresolved disputes on `day`; returns how many there were.
int ResolveDisputes(ConnectionPool::Lease& db, int64_t invoice_id, const std::string& resolution,
                    int64_t user_id, absl::Time now, core::EpochDay day);

struct DisputeFilter {
  std::optional<int64_t> customer_id;
  std::optional<int64_t> owner_user_id;  // disputes of customers this user owns (row scope)
  std::optional<int64_t> invoice_id;
  bool open_only = false;
};
// Matching disputes with id > after_id in id order, at most `limit`.
std::vector<DisputeRecord> ListDisputes(ConnectionPool::Lease& db, const DisputeFilter& filter,
                                        int64_t after_id, int limit);

// The disputes of these invoices raised on or before `as_of` (resolved or not), for the pauses of
// a day (ops/dunning_holds.h).
std::vector<DisputeRecord> DisputesOfInvoices(ConnectionPool::Lease& db,
                                              const std::vector<int64_t>& invoice_ids,
                                              core::EpochDay as_of);

}  // namespace huikuan::store

#endif  // HUIKUAN_SERVER_STORE_DISPUTE_STORE_H_
