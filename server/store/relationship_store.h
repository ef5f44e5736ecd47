// The relationship cadence's settings and figures, and joint market promotions (issue 14). Same
// conventions as ledger_store.h: inside the caller's RunInTransaction, prepared statements only,
// SQL errors throw.
#ifndef HUIKUAN_SERVER_STORE_RELATIONSHIP_STORE_H_
#define HUIKUAN_SERVER_STORE_RELATIONSHIP_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/core/cadence.h"
#include "server/core/civil_date.h"
#include "server/core/decision_state.h"
#include "server/core/money.h"
#include "server/core/scorecard.h"
#include "server/core/tiering.h"
#include "server/store/connection_pool.h"
#include "server/store/lock_mode.h"

namespace huikuan::store {

struct CadenceSettingsRecord {
  core::TierCadences tiers = core::DefaultCadence();
  int64_t version = 0;  // 0: never changed (the core's defaults)
  std::optional<int64_t> updated_by;
  std::optional<absl::Time> update_time;
};
// The stored settings; tiers without a row keep the defaults. `lock` locks the rows there are.
CadenceSettingsRecord GetCadenceSettings(ConnectionPool::Lease& db, Lock lock);
// Writes all four tiers with record.version.
void SaveCadenceSettings(ConnectionPool::Lease& db, const CadenceSettingsRecord& record);

// A customer the cadence writes to or prepares a meeting for.
struct CadenceCustomer {
  int64_t id = 0;
  std::string name;
  int64_t owner_user_id = 0;
  std::string owner_name;  // the salesperson's display name
  core::Tier tier = core::Tier::kGeneral;
  core::CreditGrade grade = core::CreditGrade::kD;
  std::string contact_name;
  std::string contact_email;
  std::string preferred_language = "zh-CN";
  core::Fen credit_limit = 0;
};
// Every customer of the tiers, in id order.
std::vector<CadenceCustomer> ListCadenceCustomers(ConnectionPool::Lease& db,
                                                  const std::vector<core::Tier>& tiers);

struct CadenceInvoice {
  int64_t id = 0;
  int64_t customer_id = 0;
  std::string invoice_number;
  std::string order_number;
  core::Fen amount = 0;
  core::Fen open = 0;  // OpenInvoicesAsOf: still owed at the end of the day
  core::EpochDay invoice_day = 0;
  core::EpochDay due_day = 0;
};
// The customers' invoices dated in [from, to], by customer then invoice date.
absl::flat_hash_map<int64_t, std::vector<CadenceInvoice>> InvoicesDated(
    ConnectionPool::Lease& db, const std::vector<int64_t>& customer_ids, core::EpochDay from,
    core::EpochDay to);
// The customers' invoices dated on or before `as_of` still owed at its end (ledger_as_of.h), by
// customer then due date. `end_of_as_of`: the first instant of as_of + 1 in the company's zone.
absl::flat_hash_map<int64_t, std::vector<CadenceInvoice>> OpenInvoicesAsOf(
    ConnectionPool::Lease& db, const std::vector<int64_t>& customer_ids, core::EpochDay as_of,
    absl::Time end_of_as_of);

struct CustomerWarning {
  std::string level = "green";
  std::string reasons;  // "<level>\t<rule>\t<text>" per line (risk_store.cc's format)
};
// The current warning of each customer that has one (others are green).
absl::flat_hash_map<int64_t, CustomerWarning> CustomerWarnings(
    ConnectionPool::Lease& db, const std::vector<int64_t>& customer_ids);

struct PromotionRecord {
  int64_t id = 0;
  int64_t customer_id = 0;
  int64_t owner_user_id = 0;          // read only (joined), for row scoping
  std::string customer_display_name;  // read only (joined)
  std::string event;
  core::EpochDay event_day = 0;
  std::string evidence;
  core::DecisionStatus status = core::DecisionStatus::kRequested;
  int64_t requested_by = 0;
  std::optional<int64_t> decided_by;
  std::string decision_comment;
  absl::Time create_time;
  absl::Time update_time;
  int64_t version = 1;
};
void InsertPromotion(ConnectionPool::Lease& db, PromotionRecord& promotion);
// NOT_FOUND "promotions/N not found" when absent.
absl::StatusOr<PromotionRecord> GetPromotion(ConnectionPool::Lease& db, int64_t id, Lock lock);
struct PromotionFilter {
  std::optional<int64_t> customer_id;
  std::optional<int64_t> owner_user_id;
  std::optional<core::DecisionStatus> status;
};
// Newest first (by id), with id < before_id (0: from the newest), at most `limit`.
std::vector<PromotionRecord> ListPromotions(ConnectionPool::Lease& db,
                                            const PromotionFilter& filter, int64_t before_id,
                                            int limit);
// Writes status, decided_by, decision_comment and update_time if the version is still the
// record's (ABORTED otherwise); bumps it.
absl::Status UpdatePromotionDecision(ConnectionPool::Lease& db, PromotionRecord& promotion);

// For each customer with an approved promotion dated in [from, to]: the first such promotion's id.
absl::flat_hash_map<int64_t, int64_t> ApprovedPromotions(ConnectionPool::Lease& db,
                                                         const std::vector<int64_t>& customer_ids,
                                                         core::EpochDay from, core::EpochDay to);
// How many approved promotions each customer has dated in [from, to].
absl::flat_hash_map<int64_t, int64_t> CountApprovedPromotions(
    ConnectionPool::Lease& db, const std::vector<int64_t>& customer_ids, core::EpochDay from,
    core::EpochDay to);

}  // namespace huikuan::store

#endif  // HUIKUAN_SERVER_STORE_RELATIONSHIP_STORE_H_
