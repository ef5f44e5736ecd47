#include "server/store/discount_offer_store.h"

#include "absl/strings/str_cat.h"
#include "server/core/violations.h"
#include "server/store/sql_values.h"

namespace huikuan::store {
namespace {

constexpr char kOfferColumns[] =
    "SELECT o.id, o.invoice_id, o.customer_id, c.owner_user_id, i.invoice_number, o.open_fen, "
    "DATEDIFF(o.due_date, '1970-01-01') AS due_day, "
    "DATEDIFF(o.pay_by_date, '1970-01-01') AS pay_by_day, o.policy_version, o.bp_per_day, "
    "o.days_early, o.discount_fen, o.status, o.proposed_by, o.accepted_by, o.accept_time, "
    "o.payment_id, DATEDIFF(o.honoured_date, '1970-01-01') AS honoured_day, o.create_time, "
    "o.update_time FROM discount_offers o JOIN customers c ON c.id = o.customer_id "
    "JOIN invoices i ON i.id = o.invoice_id ";

DiscountOfferRecord ReadOffer(sql::ResultSet& rows) {
  DiscountOfferRecord offer;
  offer.id = rows.getInt64("id");
  offer.invoice_id = rows.getInt64("invoice_id");
  offer.customer_id = rows.getInt64("customer_id");
  offer.owner_user_id = rows.getInt64("owner_user_id");
  offer.invoice_number = GetString(rows, "invoice_number");
  offer.open = rows.getInt64("open_fen");
  offer.due_day = GetDay(rows, "due_day");
  offer.pay_by_day = GetDay(rows, "pay_by_day");
  offer.policy_version = rows.getInt64("policy_version");
  offer.bp_per_day = rows.getInt("bp_per_day");
  offer.days_early = rows.getInt("days_early");
  offer.discount = rows.getInt64("discount_fen");
  offer.status = GetEnum<core::DiscountOfferStatus, core::kDiscountOfferStatusCount>(
      rows, "status", core::DiscountOfferStatusName);
  offer.proposed_by = rows.getInt64("proposed_by");
  offer.accepted_by = GetOptionalInt64(rows, "accepted_by");
  offer.accept_time = GetOptionalTimestamp(rows, "accept_time");
  offer.payment_id = GetOptionalInt64(rows, "payment_id");
  if (std::optional<int64_t> day = GetOptionalInt64(rows, "honoured_day")) {
    offer.honoured_day = static_cast<core::EpochDay>(*day);
  }
  offer.create_time = GetTimestamp(rows, "create_time");
  offer.update_time = GetTimestamp(rows, "update_time");
  return offer;
}

std::vector<DiscountOfferRecord> ReadOffers(sql::PreparedStatement& select) {
  auto rows = Query(select);
  std::vector<DiscountOfferRecord> offers;
  while (rows->next()) offers.push_back(ReadOffer(*rows));
  return offers;
}

}  // namespace

void InsertDiscountOffer(ConnectionPool::Lease& db, DiscountOfferRecord& offer) {
  auto& insert = db.Prepare(
      "INSERT INTO discount_offers (invoice_id, customer_id, open_fen, due_date, pay_by_date, "
      "policy_version, bp_per_day, days_early, discount_fen, status, proposed_by, create_time, "
      "update_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  Params(insert)
      .Int64(offer.invoice_id)
      .Int64(offer.customer_id)
      .Int64(offer.open)
      .Day(offer.due_day)
      .Day(offer.pay_by_day)
      .Int64(offer.policy_version)
      .Int(offer.bp_per_day)
      .Int(offer.days_early)
      .Int64(offer.discount)
      .Name(offer.status, core::DiscountOfferStatusName)
      .Int64(offer.proposed_by)
      .Time(offer.create_time)
      .Time(offer.update_time);
  insert.executeUpdate();
  offer.id = LastInsertId(db);
}

absl::StatusOr<DiscountOfferRecord> GetDiscountOffer(ConnectionPool::Lease& db, int64_t id,
                                                     Lock lock) {
  auto& select = db.Prepare(absl::StrCat(kOfferColumns, "WHERE o.id = ?", LockClause(lock)));
  Params(select).Int64(id);
  std::vector<DiscountOfferRecord> offers = ReadOffers(select);
  if (offers.empty()) return core::NotFoundError(absl::StrCat("discountOffers/", id));
  return offers.front();
}

std::vector<DiscountOfferRecord> ListDiscountOffers(ConnectionPool::Lease& db,
                                                    const DiscountOfferFilter& filter,
                                                    int64_t after_id, int limit) {
  auto& select = db.Prepare(
      absl::StrCat(kOfferColumns,
                   "WHERE o.id > ? AND (? IS NULL OR o.customer_id = ?) "
                   "AND (? IS NULL OR c.owner_user_id = ?) AND (? IS NULL OR o.invoice_id = ?) "
                   "ORDER BY o.id LIMIT ?"));
  Params(select)
      .Int64(after_id)
      .OptionalInt64(filter.customer_id)
      .OptionalInt64(filter.customer_id)
      .OptionalInt64(filter.owner_user_id)
      .OptionalInt64(filter.owner_user_id)
      .OptionalInt64(filter.invoice_id)
      .OptionalInt64(filter.invoice_id)
      .Int(limit);
  return ReadOffers(select);
}

void UpdateDiscountOffer(ConnectionPool::Lease& db, const DiscountOfferRecord& offer) {
  auto& update = db.Prepare(
      "UPDATE discount_offers SET status = ?, accepted_by = ?, accept_time = ?, payment_id = ?, "
      "honoured_date = ?, update_time = ? WHERE id = ?");
  Params(update)
      .Name(offer.status, core::DiscountOfferStatusName)
      .OptionalInt64(offer.accepted_by)
      .OptionalTime(offer.accept_time)
      .OptionalInt64(offer.payment_id)
      .OptionalDay(offer.honoured_day)
      .Time(offer.update_time)
      .Int64(offer.id);
  update.executeUpdate();
}

std::vector<DiscountOfferRecord> LockAcceptedOffers(ConnectionPool::Lease& db, int64_t customer_id,
                                                    core::EpochDay received_day) {
  auto& select = db.Prepare(
      absl::StrCat(kOfferColumns,
                   "WHERE o.customer_id = ? AND o.status = 'accepted' AND o.pay_by_date >= ? "
                   "ORDER BY o.id FOR UPDATE"));
  Params(select).Int64(customer_id).Day(received_day);
  return ReadOffers(select);
}

std::vector<DiscountOfferRecord> LockOffersHonouredBy(ConnectionPool::Lease& db,
                                                      int64_t payment_id) {
  auto& select = db.Prepare(absl::StrCat(
      kOfferColumns, "WHERE o.payment_id = ? AND o.status = 'honoured' ORDER BY o.id FOR UPDATE"));
  Params(select).Int64(payment_id);
  return ReadOffers(select);
}

DiscountRate DiscountRateOn(ConnectionPool::Lease& db, core::EpochDay day) {
  auto& select = db.Prepare(
      "SELECT version, early_discount_bp_per_day FROM term_policies WHERE effective_date <= ? "
      "ORDER BY effective_date DESC, version DESC LIMIT 1");
  Params(select).Day(day);
  auto rows = Query(select);
  DiscountRate rate;
  if (rows->next()) {
    rate.policy_version = rows->getInt64("version");
    rate.bp_per_day = rows->getInt("early_discount_bp_per_day");
  }
  return rate;
}

void SetDiscountRate(ConnectionPool::Lease& db, int64_t version, int32_t bp_per_day) {
  auto& update =
      db.Prepare("UPDATE term_policies SET early_discount_bp_per_day = ? WHERE version = ?");
  Params(update).Int(bp_per_day).Int64(version);
  update.executeUpdate();
}

DiscountPeriodFacts LoadDiscountPeriodFacts(ConnectionPool::Lease& db, core::EpochDay first,
                                            core::EpochDay last,
                                            std::optional<int64_t> owner_user_id) {
  DiscountPeriodFacts facts;
  auto& honoured = db.Prepare(
      "SELECT o.discount_fen, o.open_fen - o.discount_fen AS cash, "
      "DATEDIFF(o.due_date, o.honoured_date) AS days_early FROM discount_offers o "
      "JOIN customers c ON c.id = o.customer_id WHERE o.status = 'honoured' "
      "AND o.honoured_date BETWEEN ? AND ? AND (? IS NULL OR c.owner_user_id = ?) ORDER BY o.id");
  Params(honoured).Day(first).Day(last).OptionalInt64(owner_user_id).OptionalInt64(owner_user_id);
  auto rows = Query(honoured);
  while (rows->next()) {
    facts.honoured.push_back(core::HonouredDiscount{
        rows->getInt64("discount_fen"), rows->getInt64("cash"), rows->getInt("days_early")});
  }
  auto& sales = db.Prepare(
      "SELECT COALESCE(SUM(i.amount_fen), 0) AS sales FROM invoices i "
      "JOIN customers c ON c.id = i.customer_id WHERE i.invoice_date BETWEEN ? AND ? "
      "AND (? IS NULL OR c.owner_user_id = ?)");
  Params(sales).Day(first).Day(last).OptionalInt64(owner_user_id).OptionalInt64(owner_user_id);
  auto total = Query(sales);
  if (total->next()) facts.credit_sales = total->getInt64("sales");
  return facts;
}

}  // namespace huikuan::store
