#include "server/core/early_discount.h"

#include "absl/strings/str_cat.h"
#include "server/core/column_checks.h"
#include "server/core/violations.h"

namespace huikuan::core {
namespace {

// Tenths of a / b, rounded half up; a >= 0, b > 0.
int64_t TenthsHalfUp(Int128 a, Int128 b) { return static_cast<int64_t>((a * 20 + b) / (2 * b)); }

}  // namespace

absl::StatusOr<DiscountQuote> QuoteEarlyDiscount(Fen open, EpochDay due_day, EpochDay today,
                                                 EpochDay pay_by_day, int32_t bp_per_day,
                                                 absl::string_view invoice_name) {
  if (pay_by_day < today) return FieldViolation("pay_by_date", "is in the past");
  if (pay_by_day >= due_day) {
    return FieldViolation("pay_by_date", "must be before the invoice's due date");
  }
  const auto refuse = [&](absl::string_view why) {
    return RuleViolation(kDiscountNotOffered, invoice_name,
                         absl::StrCat("no early-payment discount for ", invoice_name, ": ", why));
  };
  if (open <= 0) return refuse("nothing is open");
  if (bp_per_day <= 0) return refuse("the term policy in force sets no discount rate");
  DiscountQuote quote;
  quote.days_early = due_day - pay_by_day;
  quote.bp_per_day = bp_per_day;
  quote.rate_bp = static_cast<int64_t>(bp_per_day) * quote.days_early;
  if (quote.rate_bp >= kBasisPoints) return refuse("the rate would reach 100%");
  quote.discount = static_cast<Fen>(static_cast<Int128>(open) * quote.rate_bp / kBasisPoints);
  if (quote.discount <= 0) return refuse("the discount rounds to 0 fen");
  quote.to_pay = open - quote.discount;
  return quote;
}

absl::string_view DiscountOfferStatusName(DiscountOfferStatus status) {
  switch (status) {
    case DiscountOfferStatus::kProposed:
      return "proposed";
    case DiscountOfferStatus::kAccepted:
      return "accepted";
    case DiscountOfferStatus::kHonoured:
      return "honoured";
  }
  return "unknown";
}

std::optional<DiscountOfferStatus> ParseDiscountOfferStatus(absl::string_view name) {
  for (int k = 0; k < kDiscountOfferStatusCount; ++k) {
    const auto status = static_cast<DiscountOfferStatus>(k);
    if (DiscountOfferStatusName(status) == name) return status;
  }
  return std::nullopt;
}

bool OfferExpired(DiscountOfferStatus status, EpochDay pay_by_day, EpochDay today) {
  return status != DiscountOfferStatus::kHonoured && today > pay_by_day;
}

absl::Status AcceptOffer(DiscountOfferStatus& status, EpochDay pay_by_day, EpochDay today,
                         absl::string_view offer_name) {
  if (status != DiscountOfferStatus::kProposed) {
    return RuleViolation(kOfferNotProposed, offer_name,
                         absl::StrCat(offer_name, " is ", DiscountOfferStatusName(status),
                                      ": only a proposed offer can be accepted"));
  }
  if (OfferExpired(status, pay_by_day, today)) {
    return RuleViolation(kOfferExpired, offer_name,
                         absl::StrCat(offer_name, " expired: its pay-by date has passed"));
  }
  status = DiscountOfferStatus::kAccepted;
  return absl::OkStatus();
}

bool OfferHonourable(DiscountOfferStatus status, EpochDay pay_by_day, Fen offer_open,
                     EpochDay received_day, Fen invoice_open) {
  return status == DiscountOfferStatus::kAccepted && received_day <= pay_by_day &&
         offer_open == invoice_open && invoice_open > 0;
}

absl::Status GrantDiscount(InvoiceBalance& balance, Fen amount, absl::string_view invoice_name) {
  if (balance.status != InvoiceStatus::kOpen) {
    return RuleViolation(kInvoiceNotOpen, invoice_name,
                         absl::StrCat(invoice_name, " is ", InvoiceStatusName(balance.status),
                                      ": a discount is booked on an open invoice only"));
  }
  if (amount <= 0) return FieldViolation("discount_fen", "must be positive");
  if (amount > balance.open) {
    return RuleViolation(
        kExceedsOpen, invoice_name,
        absl::StrCat("discount ", MoneyText(amount), " exceeds the open amount of ", invoice_name,
                     " (", MoneyText(balance.open), ")"));
  }
  balance.open -= amount;
  balance.discounted += amount;
  if (balance.open == 0) balance.status = InvoiceStatus::kPaid;
  return absl::OkStatus();
}

void ReturnDiscount(InvoiceBalance& balance, Fen amount) {
  balance.open += amount;
  balance.discounted -= amount;
  if (balance.status == InvoiceStatus::kPaid && balance.open > 0) {
    balance.status = InvoiceStatus::kOpen;
  }
}

DiscountEffect SummariseDiscounts(const std::vector<HonouredDiscount>& honoured, Fen credit_sales) {
  DiscountEffect effect;
  for (const HonouredDiscount& h : honoured) {
    ++effect.count;
    effect.cost += h.discount;
    effect.cash_early += h.cash;
    effect.fen_days += h.cash * static_cast<int64_t>(h.days_early > 0 ? h.days_early : 0);
  }
  if (credit_sales > 0) effect.dso_days_x10 = TenthsHalfUp(effect.fen_days, credit_sales);
  if (effect.cash_early > 0) {
    effect.avg_days_early_x10 = TenthsHalfUp(effect.fen_days, effect.cash_early);
  }
  return effect;
}

}  // namespace huikuan::core
