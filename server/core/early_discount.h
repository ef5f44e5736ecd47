// Dynamic early-payment discounts (seed 000, 前瞻: 动态贴现; issue 14). Finance offers a customer a
// discount for paying an open invoice in full by a date before its due date; the rate is the term
// policy's basis points per day paid early; the customer accepts in the portal; cash application
// honours an accepted, unexpired offer to the fen.
//
//   QuoteEarlyDiscount(100'000'00, due, today, due - 20, /*bp_per_day=*/2)
//   // days_early 20, rate 40 bp, discount 400'00 fen, to pay 99'600'00 fen
//
// R-DISC-1 discount = floor(open x bp_per_day x days_early / 10,000) fen: rounded down to the whole
// fen, so the customer never gets more than the rate; integer arithmetic only (128-bit product).
// days_early = due day - pay-by day >= 1; the pay-by day is today or later; the total rate
// (bp_per_day x days_early) stays below 10,000 bp; a discount that rounds to 0 is not offered.
// R-DISC-2 honoured when the offer is accepted, the payment is received on or before the pay-by
// day, the invoice's open amount is still the one the offer was made on, and one payment brings
// `open - discount` to it: then the invoice is settled in full, the cash as an allocation and the
// discount as its own ledger entry (InvoiceBalance::discounted). Otherwise no discount: cash
// application treats the invoice as any other.
// R-DISC-3 what the discounts bought (the meeting pack): cash collected early x days early, over
// the month's credit sales, is the DSO days they saved (DSO = average AR / sales x days, and
// collecting C fen d days early lowers the month's average AR by C x d / days).
//
// Thread-safe: pure functions of their arguments, no global state, no I/O.
#ifndef HUIKUAN_SERVER_CORE_EARLY_DISCOUNT_H_
#define HUIKUAN_SERVER_CORE_EARLY_DISCOUNT_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/core/civil_date.h"
#include "server/core/invoice_state.h"
#include "server/core/money.h"

namespace huikuan::core {

// The policy's default when a version does not say (0.02% a day, about 7.3% a year).
inline constexpr int32_t kDefaultEarlyDiscountBpPerDay = 2;
inline constexpr int32_t kMaxEarlyDiscountBpPerDay = 100;
inline constexpr int64_t kBasisPoints = 10'000;

// Rule types of the refusals below (FAILED_PRECONDITION).
inline constexpr absl::string_view kDiscountNotOffered = "DISCOUNT_NOT_OFFERED";
inline constexpr absl::string_view kOfferExpired = "OFFER_EXPIRED";
inline constexpr absl::string_view kOfferNotProposed = "OFFER_NOT_PROPOSED";

struct DiscountQuote {
  int32_t days_early = 0;
  int32_t bp_per_day = 0;
  int64_t rate_bp = 0;  // bp_per_day x days_early
  Fen discount = 0;     // > 0
  Fen to_pay = 0;       // open - discount
};

// R-DISC-1. INVALID_ARGUMENT "pay_by_date: ..." for a pay-by day in the past or not before the due
// day; FAILED_PRECONDITION DISCOUNT_NOT_OFFERED when the policy's rate is 0, the total rate reaches
// 100%, the invoice has nothing open, or the discount rounds to 0 fen.
absl::StatusOr<DiscountQuote> QuoteEarlyDiscount(Fen open, EpochDay due_day, EpochDay today,
                                                 EpochDay pay_by_day, int32_t bp_per_day,
                                                 absl::string_view invoice_name);

// Stable numeric values.
enum class DiscountOfferStatus : int8_t {
  kProposed = 0,  // finance offered it; the customer has not accepted (yet)
  kAccepted = 1,  // the customer accepted: a payment in time honours it
  kHonoured = 2,  // a payment settled the invoice with the discount
};
inline constexpr int kDiscountOfferStatusCount = 3;
absl::string_view DiscountOfferStatusName(DiscountOfferStatus status);  // "proposed", ...
std::optional<DiscountOfferStatus> ParseDiscountOfferStatus(absl::string_view name);

// Expired: not honoured and the pay-by day has passed.
bool OfferExpired(DiscountOfferStatus status, EpochDay pay_by_day, EpochDay today);

// The customer accepts: only a proposed offer (OFFER_NOT_PROPOSED), only until its pay-by day
// (OFFER_EXPIRED).
absl::Status AcceptOffer(DiscountOfferStatus& status, EpochDay pay_by_day, EpochDay today,
                         absl::string_view offer_name);

// R-DISC-2: may a payment received on `received_day` take the discount on an invoice whose open
// amount is now `invoice_open`? (Whether it brings the full `open - discount` is cash
// application's part: core/cash_application.h.)
bool OfferHonourable(DiscountOfferStatus status, EpochDay pay_by_day, Fen offer_open,
                     EpochDay received_day, Fen invoice_open);

// The discount booked on the invoice: open -= amount, discounted += amount; "paid" when nothing is
// left. Only while open (INVOICE_NOT_OPEN), never more than open (EXCEEDS_OPEN).
absl::Status GrantDiscount(InvoiceBalance& balance, Fen amount, absl::string_view invoice_name);
// The payment that took it was reversed: open += amount, discounted -= amount; a paid invoice is
// open again.
void ReturnDiscount(InvoiceBalance& balance, Fen amount);

// R-DISC-3 over the discounts honoured in a period.
struct DiscountEffect {
  int64_t count = 0;
  Fen cost = 0;                    // discounts given
  Fen cash_early = 0;              // cash received with them
  int64_t fen_days = 0;            // sum of cash x days early
  int64_t dso_days_x10 = 0;        // DSO days saved in tenths, half up; 0 without credit sales
  int64_t avg_days_early_x10 = 0;  // cash-weighted, tenths, half up
};
struct HonouredDiscount {
  Fen discount = 0;
  Fen cash = 0;
  int32_t days_early = 0;  // due day - received day, >= 0
};
DiscountEffect SummariseDiscounts(const std::vector<HonouredDiscount>& honoured, Fen credit_sales);

}  // namespace huikuan::core

#endif  // HUIKUAN_SERVER_CORE_EARLY_DISCOUNT_H_
