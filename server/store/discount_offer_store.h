// Early-payment discount offers (issue 14, migration 0552) and the term policy's discount rate
// (0550). Same conventions as ledger_store.h: inside the caller's transaction, prepared statements
// only; writes follow the ledger's locking order (the customer row first).
#ifndef HUIKUAN_SERVER_STORE_DISCOUNT_OFFER_STORE_H_
#define HUIKUAN_SERVER_STORE_DISCOUNT_OFFER_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/core/civil_date.h"
#include "server/core/early_discount.h"
#include "server/core/money.h"
#include "server/store/connection_pool.h"
#include "server/store/lock_mode.h"

namespace huikuan::store {

struct DiscountOfferRecord {
  int64_t id = 0;
  int64_t invoice_id = 0;
  int64_t customer_id = 0;
  int64_t owner_user_id = 0;   // read only (the customer's)
  std::string invoice_number;  // read only
  core::Fen open = 0;          // the invoice's open amount the offer was made on
  core::EpochDay due_day = 0;
  core::EpochDay pay_by_day = 0;
  int64_t policy_version = 0;  // 0: the core's default rate
  int32_t bp_per_day = 0;
  int32_t days_early = 0;
  core::Fen discount = 0;
  core::DiscountOfferStatus status = core::DiscountOfferStatus::kProposed;
  int64_t proposed_by = 0;
  std::optional<int64_t> accepted_by;
  std::optional<absl::Time> accept_time;
  std::optional<int64_t> payment_id;
  std::optional<core::EpochDay> honoured_day;
  absl::Time create_time;
  absl::Time update_time;
};

struct DiscountOfferFilter {
  std::optional<int64_t> customer_id;
  std::optional<int64_t> owner_user_id;
  std::optional<int64_t> invoice_id;
};

void InsertDiscountOffer(ConnectionPool::Lease& db, DiscountOfferRecord& offer);
// NOT_FOUND when absent.
absl::StatusOr<DiscountOfferRecord> GetDiscountOffer(ConnectionPool::Lease& db, int64_t id,
                                                     Lock lock);
// Offers with id > after_id in id order, at most `limit`.
std::vector<DiscountOfferRecord> ListDiscountOffers(ConnectionPool::Lease& db,
                                                    const DiscountOfferFilter& filter,
                                                    int64_t after_id, int limit);
// Writes status, accepted_by, accept_time, payment_id, honoured_date and update_time.
void UpdateDiscountOffer(ConnectionPool::Lease& db, const DiscountOfferRecord& offer);
// The customer's accepted offers with pay_by_date >= `received_day`, locked, in id order.
std::vector<DiscountOfferRecord> LockAcceptedOffers(ConnectionPool::Lease& db, int64_t customer_id,
                                                    core::EpochDay received_day);
// The offers a payment honoured, locked.
std::vector<DiscountOfferRecord> LockOffersHonouredBy(ConnectionPool::Lease& db,
                                                      int64_t payment_id);

// The discount rate of the term policy version in force on `day` (the newest version with
// effective_date <= day): {version, bp per day}; {0, core default} when none is.
struct DiscountRate {
  int64_t policy_version = 0;
  int32_t bp_per_day = core::kDefaultEarlyDiscountBpPerDay;
};
DiscountRate DiscountRateOn(ConnectionPool::Lease& db, core::EpochDay day);
// Sets a published version's rate (PublishTermPolicy, in the same transaction).
void SetDiscountRate(ConnectionPool::Lease& db, int64_t version, int32_t bp_per_day);

// R-DISC-3's inputs for a period: every offer honoured in [first, last] and the invoices dated in
// it (credit sales), of customers owned by `owner_user_id` when set.
struct DiscountPeriodFacts {
  std::vector<core::HonouredDiscount> honoured;
  core::Fen credit_sales = 0;
};
DiscountPeriodFacts LoadDiscountPeriodFacts(ConnectionPool::Lease& db, core::EpochDay first,
                                            core::EpochDay last,
                                            std::optional<int64_t> owner_user_id);

}  // namespace huikuan::store

#endif  // HUIKUAN_SERVER_STORE_DISCOUNT_OFFER_STORE_H_
