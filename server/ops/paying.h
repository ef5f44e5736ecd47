// Paying made easy (seed 002, 建议四) and dynamic early-payment discounts (seed 000, 动态贴现),
// issue 14.
//
// Payment references: every statement has one (core/payment_reference.h, a function of its id).
// RecordPayment (payments.h) asks PlanPaymentMatch which invoices a payment clears first:
//   - an explicit reference (PaymentDraft::statement_id, RecordPayment's payment_reference field)
//     must be a statement of the paying customer, else INVALID_ARGUMENT on
//     "payment.payment_reference": staff typed it, so a wrong one is refused, not guessed;
//   - otherwise the first well-formed reference with a right check digit in the free-text memo
//     (what the bank file carries, also through the CSV import) is used when it is one of the
//     customer's statements, and ignored when not: the customer's own text never bounces cash,
//     which then goes by the ordinary rules (R-PAY-1).
// The statement's invoices that are still open are paid first, in the statement's order, then
// the ordinary rules take any remainder.
//
// Discount offers: finance proposes (rate from the term policy in force today, R-DISC-1), the
// customer's portal user accepts its own company's offer, cash application honours it (R-DISC-2)
// and BookDiscounts records the discount as its own ledger entry; ReversePayment gives it back.
#ifndef HUIKUAN_SERVER_OPS_PAYING_H_
#define HUIKUAN_SERVER_OPS_PAYING_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/core/cash_application.h"
#include "server/core/civil_date.h"
#include "server/ops/scopes.h"
#include "server/store/discount_offer_store.h"
#include "server/store/ledger_store.h"

namespace huikuan::ops {

inline constexpr absl::string_view kPaymentReferenceField = "payment.payment_reference";

struct PaymentMatchPlan {
  std::optional<int64_t> statement_id;  // the statement whose reference matched
  std::vector<int64_t> first_invoices;  // its invoices, in its order
  // Honourable accepted offers by invoice id (R-DISC-2), locked.
  absl::flat_hash_map<int64_t, store::DiscountOfferRecord> offers;
};

// Whether the customer's open invoices have accepted discount offers (known from the statement
// that locked them, store::LockCustomerAndOpenInvoices): without, none is read.
enum class AcceptedOffers { kNone, kSome };

// `explicit_statement_id`: the parsed payment_reference field, if given. `open`: the customer's
// open invoices, locked (the customer row is locked too).
absl::StatusOr<PaymentMatchPlan> PlanPaymentMatch(WriteScope& write, int64_t customer_id,
                                                  std::optional<int64_t> explicit_statement_id,
                                                  absl::string_view memo,
                                                  core::EpochDay received_day,
                                                  AcceptedOffers accepted_offers,
                                                  std::vector<core::OpenInvoice>& candidates);

// Books the discount of an allocation that earned one: the offer becomes honoured by the payment
// on its received day, the invoice's discount entry grows (core::GrantDiscount, after the cash).
absl::Status BookDiscount(WriteScope& write, PaymentMatchPlan& plan, int64_t payment_id,
                          core::EpochDay received_day, store::InvoiceRecord& invoice,
                          core::Fen discount);

// A reversed payment: each offer it honoured is accepted again and its invoice owes the discount
// again (the caller has already returned the cash). Returns the invoices it changed.
absl::Status ReturnDiscounts(WriteScope& write, int64_t payment_id);

// Sets a just published term policy version's discount rate (0-100, checked by the caller) and
// audits it beside the version (termPolicies/{v}).
void SetPolicyDiscountRate(WriteScope& write, int64_t version, int32_t bp_per_day);

// Offers.
absl::StatusOr<store::DiscountOfferRecord> ProposeDiscountOffer(WriteScope& write,
                                                                int64_t invoice_id,
                                                                absl::string_view invoice_name,
                                                                core::EpochDay pay_by_day);
absl::StatusOr<store::DiscountOfferRecord> AcceptDiscountOffer(WriteScope& write, int64_t id,
                                                               absl::string_view name);
absl::StatusOr<store::DiscountOfferRecord> GetDiscountOffer(ReadScope& read, int64_t id,
                                                            absl::string_view name);
std::vector<store::DiscountOfferRecord> ListDiscountOffers(ReadScope& read,
                                                           std::optional<int64_t> customer_id,
                                                           std::optional<int64_t> invoice_id,
                                                           int64_t after_id, int limit);

// What the portal shows a customer about paying.
struct StatementToPay {
  int64_t statement_id = 0;
  std::string month;
  int32_t version = 0;
  std::string payment_reference;
  core::Fen closing = 0;
  core::Fen open_now = 0;                      // what its invoices still owe today
  std::optional<core::EpochDay> next_due_day;  // earliest due day among them still owed
};
struct PaymentInstructions {
  std::vector<store::InvoiceRecord> due;   // open invoices, by due day
  std::vector<StatementToPay> statements;  // the newest version of each month, newest first
};
// NOT_FOUND naming `customer_name` outside the caller's scope.
absl::StatusOr<PaymentInstructions> GetPaymentInstructions(ReadScope& read, int64_t customer_id,
                                                           absl::string_view customer_name);

}  // namespace huikuan::ops

#endif  // HUIKUAN_SERVER_OPS_PAYING_H_
