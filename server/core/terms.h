// Effective credit terms for one order (R-TERM-1..4): the tier's base term, the new-customer
// ladder, dynamic adjustments and the policy cap, with a breakdown that explains every step.
//
//   OrderTermsInput in;
//   in.tier_terms = TieringConfig().terms[static_cast<int>(Tier::kKeyPartner)];  // 45 days
//   in.prior_orders = 10;
//   in.last_month_orders = 150'000'000;   // 1.5M yuan in fen
//   in.last_month_paid_early = true;      // -> +15 days
//   in.joint_promotion = true;            // -> +10 days
//   in.order_amount = 1'000'000;
//   absl::StatusOr<EffectiveTerms> t = ComputeEffectiveTerms(in);
//   // 45 + 15 + 10 = 70, capped at 60: t->credit_days == 60; t->steps has 4 entries
//
// Order of the steps (each appended to `steps` with the days after it):
//   1. "tier_base"      the tier's base term and prepayment (R-TIER-2).
//   2. "new_customer_ladder" (R-TERM-2), when enabled and prior_orders < the ladder's length: the
//      ladder step replaces the terms (1st order 100% prepaid; 2nd 50% prepaid, rest at 45 days).
//      From the 3rd order the customer is on standard terms (the tier's base; the seed's example
//      standard is 60 days). While on the ladder no dynamic bonus applies: the ladder exists to
//      limit risk on customers we do not know yet. The ladder never goes back: when, at the order
//      right after it, the tier's standard terms extend less credit than the ladder's last step
//      (unpaid share x days: the potential tier's "30% prepaid, rest on delivery" is 0, the 2nd
//      step's "50% prepaid, rest at 45 days" is 22.5 yuan-days per yuan), that order keeps the
//      last step's terms. From the order after that, the tier's terms apply as for any customer
//      (R-TIER-2): by then the customer's payments have been scored.
//   3. "volume_early_payment" (R-TERM-1): last month's orders > 1,000,000 yuan (strictly) and paid
//      early -> +15 days.
//   4. "joint_promotion" (R-TERM-1): +10 days.
//   5. "policy_cap": min(days, max_term_days) (contract example: at most 60 days from invoice
//   date).
//      Recorded only when it changes the result.
// The term counts from the invoice date (R-TERM-4): due_day = invoice_day + credit_days.
//
// Thread-safe: pure functions of their arguments, no global state, no I/O.
#ifndef HUIKUAN_SERVER_CORE_TERMS_H_
#define HUIKUAN_SERVER_CORE_TERMS_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "server/core/civil_date.h"
#include "server/core/money.h"
#include "server/core/tiering.h"

namespace huikuan::core {

// One step of the new-customer ladder: prepaid share, and the term of the rest.
struct LadderStep {
  BasisPoints prepayment_bp = 10'000;
  int32_t term_days = 0;
};

struct TermsPolicy {
  // R-TERM-1.
  Fen volume_threshold = 100'000'000;  // 1,000,000 yuan; "超百万": strictly more
  int32_t volume_early_payment_bonus_days = 15;
  int32_t joint_promotion_bonus_days = 10;
  // Contract cap ("最长不超过60天").
  int32_t max_term_days = 60;
  // R-TERM-2: orders 1 and 2; order 3 onwards is on standard (tier) terms.
  bool new_customer_ladder = true;
  std::vector<LadderStep> ladder = {LadderStep{10'000, 0}, LadderStep{5'000, 45}};
};

absl::Status ValidateTermsPolicy(const TermsPolicy& policy);

// A published term policy version's rules (R-TERM-1..3, R-TIER-2): the order rules, the term
// matrix per tier and the order-share thresholds of the tiers. The core's defaults when nothing
// is published.
struct TermPolicyRules {
  TermsPolicy terms;
  // Base terms indexed by Tier (R-TIER-2).
  std::array<TierTerms, 4> matrix = TieringConfig().terms;
  // The least order shares of strategic core, key partner and general (R-TIER-2).
  std::array<BasisPoints, 3> min_order_share_bp = {TieringConfig().strategic_min_share_bp,
                                                   TieringConfig().key_min_share_bp,
                                                   TieringConfig().general_min_share_bp};

  // The tiering configuration under these rules.
  TieringConfig Tiering() const;
};

// INVALID_ARGUMENT naming the problem: ValidateTermsPolicy and ValidateTieringConfig.
absl::Status ValidateTermPolicyRules(const TermPolicyRules& rules);

struct OrderTermsInput {
  TierTerms tier_terms;                // from AssignTier / the term matrix
  int32_t prior_orders = 0;            // orders this customer placed before this one; 0 = 1st order
  Fen last_month_orders = 0;           // order volume of the previous calendar month, fen
  bool last_month_paid_early = false;  // previous month's invoices were paid before due
  bool joint_promotion = false;        // the customer runs a joint market promotion with us
  Fen order_amount = 0;                // this order's amount, >= 0
  std::optional<EpochDay> invoice_day;  // when set, due_day is computed
};

struct TermStep {
  std::string step;        // "tier_base", "new_customer_ladder", "volume_early_payment", ...
  int32_t days_after = 0;  // credit days after this step
  std::string explanation;
};

// What an invoice keeps of how its terms came about, shown with it: the tier and policy version
// that priced it, how many orders came before, and the steps.
struct TermsBreakdown {
  std::optional<Tier> tier;  // absent for invoices imported with the source system's due dates
  int32_t prior_orders = 0;
  int64_t policy_version = 0;  // 0: the core's defaults (no version published yet)
  std::vector<TermStep> steps;
};

struct EffectiveTerms {
  int32_t credit_days = 0;          // days from invoice date for the credit part
  BasisPoints prepayment_bp = 0;    // share paid before delivery
  Fen prepayment = 0;               // order_amount * prepayment_bp / 10000, rounded half-up
  Fen credit_amount = 0;            // order_amount - prepayment
  std::optional<EpochDay> due_day;  // invoice_day + credit_days when invoice_day was given
  std::vector<TermStep> steps;
};

// Errors: INVALID_ARGUMENT for negative inputs, an amount above kMaxAbsFen, invoice/due day out of
// range, an invalid policy or tier terms (any day count outside 0..100000, prepayment outside
// 0..10000).
absl::StatusOr<EffectiveTerms> ComputeEffectiveTerms(const OrderTermsInput& input,
                                                     const TermsPolicy& policy = TermsPolicy());

// R-TERM-3: a policy version may take effect no earlier than 30 days after it is published.
// FAILED_PRECONDITION "effective_day ... is less than 30 days after published_day ..." when
// violated; INVALID_ARGUMENT for out-of-range dates.
absl::Status CheckPolicyNoticePeriod(EpochDay published_day, EpochDay effective_day,
                                     int32_t min_notice_days = 30);

// R-TERM-3: the index of the version in force on `day`: the one with the latest effective day <=
// day (ties: the later index). NOT_FOUND when no version is in force yet; INVALID_ARGUMENT for
// out-of-range dates.
absl::StatusOr<size_t> PolicyVersionInForce(absl::Span<const EpochDay> effective_days,
                                            EpochDay day);

}  // namespace huikuan::core

#endif  // HUIKUAN_SERVER_CORE_TERMS_H_
