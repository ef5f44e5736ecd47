// Non-cash settlements, goods for debt (migration 0229): requested by finance, decided by a
// management head. Same conventions as ledger_store.h: inside the caller's RunInTransaction,
// prepared statements only, SQL errors throw; writers hold the customer's row lock first, then
// the settlement's and the invoice's rows.
#ifndef HUIKUAN_SERVER_STORE_SETTLEMENT_STORE_H_
#define HUIKUAN_SERVER_STORE_SETTLEMENT_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/core/civil_date.h"
#include "server/core/decision_state.h"
#include "server/core/money.h"
#include "server/core/settlement.h"
#include "server/store/connection_pool.h"
#include "server/store/lock_mode.h"

namespace huikuan::store {

struct SettlementRecord {
  int64_t id = 0;
  int64_t invoice_id = 0;
  int64_t customer_id = 0;
  int64_t owner_user_id = 0;  // read only (joined from customers), for row scoping
  core::SettlementKind kind = core::SettlementKind::kGoodsForDebt;
  core::Fen amount = 0;
  std::string goods_description;
  std::string valuation_basis;
  std::string reason;
  core::DecisionStatus status = core::DecisionStatus::kRequested;
  int64_t requested_by = 0;
  std::optional<int64_t> decided_by;
  std::string decision_comment;
  std::optional<core::EpochDay> decided_day;
  absl::Time create_time;
  absl::Time update_time;
};

// Sets id.
void InsertSettlement(ConnectionPool::Lease& db, SettlementRecord& settlement);
// NOT_FOUND when absent.
absl::StatusOr<SettlementRecord> GetSettlement(ConnectionPool::Lease& db, int64_t id, Lock lock);

struct SettlementFilter {
  std::optional<int64_t> customer_id;
  std::optional<int64_t> owner_user_id;
  std::optional<core::DecisionStatus> status;
};
// Matching settlements with id > after_id in id order, at most `limit`.
std::vector<SettlementRecord> ListSettlements(ConnectionPool::Lease& db,
                                              const SettlementFilter& filter, int64_t after_id,
                                              int limit);

// Writes status, decided_by, decision_comment, decided_day and update_time.
void UpdateSettlementDecision(ConnectionPool::Lease& db, const SettlementRecord& settlement);

}  // namespace huikuan::store

#endif  // HUIKUAN_SERVER_STORE_SETTLEMENT_STORE_H_
