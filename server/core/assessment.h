// A customer's assessment (R-TIER-1, R-SCORE-1/2, R-CREDIT-1's pre-review): the scorecard from the
// profile and the payment history, the credit recommendation for its grade and expected purchases,
// and its tier from the four dimensions under the term policy's thresholds, every figure with the
// reason behind it. AssessCustomer, the credit pre-review and imports all compute it here.
//
//   AssessmentFacts facts{.first_invoice_day = d, .paid_invoices = 40, .paid_on_time = 38,
//                         .invoiced = 120'000'000, .all_invoiced = 900'000'000};
//   absl::StatusOr<CustomerAssessment> a = AssessCustomer(profile, facts, today, TieringConfig());
//
// Thread-safe: pure functions of their arguments, no global state, no I/O.
#ifndef HUIKUAN_SERVER_CORE_ASSESSMENT_H_
#define HUIKUAN_SERVER_CORE_ASSESSMENT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "server/core/civil_date.h"
#include "server/core/money.h"
#include "server/core/payment_behaviour.h"
#include "server/core/scorecard.h"
#include "server/core/tiering.h"
#include "server/core/warnings.h"

namespace huikuan::core {

struct CustomerProfile {
  EnterpriseSize size = EnterpriseSize::kSmall;
  IndustryPosition position = IndustryPosition::kSme;
  TaxCreditGrade tax_grade = TaxCreditGrade::kM;
  Fen bank_credit_line = 0;
};

// What the ledger says over the assessment's window (the year up to the day).
struct AssessmentFacts {
  std::optional<EpochDay> first_invoice_day;  // ever, for the years of cooperation
  int32_t paid_invoices = 0;
  int32_t paid_on_time = 0;  // paid in full by the due date
  Fen invoiced = 0;          // this customer's invoices dated in the window
  Fen all_invoiced = 0;      // everyone's, for the order share
  // The ledger as of the day (issue 10): open overdue, DSO against its past and the industry,
  // broken promises, disputes; the payment-history points lose what it shows (payment_behaviour.h).
  std::optional<PaymentBehaviour> behaviour;
  // The customer's warning level and current limit: a non-green level caps the recommendation
  // (CapRecommendation, risk_level.h).
  WarningLevel warning_level = WarningLevel::kGreen;
  Fen current_limit = 0;
};

struct CustomerAssessment {
  int32_t score = 0;
  RiskLevel risk = RiskLevel::kHigh;
  CreditGrade grade = CreditGrade::kD;
  std::vector<ScoreComponent> components;
  std::vector<PaymentDeduction> deductions;  // what the ledger took from payment history
  std::string summary;
  Tier tier = Tier::kPotential;
  std::vector<std::string> tier_reasons;
  CreditRecommendation recommendation;
  int32_t cooperation_years = 0;
  BasisPoints order_share_bp = 0;
  int32_t paid_invoices = 0;
  int32_t paid_on_time = 0;
  Fen monthly_purchases = 0;  // the window's invoiced amount / 12
};

// Errors: INVALID_ARGUMENT for facts out of range (negative counts, on time > paid, amounts).
absl::StatusOr<CustomerAssessment> AssessCustomer(const CustomerProfile& profile,
                                                  const AssessmentFacts& facts, EpochDay as_of,
                                                  const TieringConfig& tiering);

// Completed years from `first` to `last` (0 when last is before first).
int32_t CompletedYears(EpochDay first, EpochDay last);

// Names of the industry position ("industry_head", "regional_leader", "sme", "startup").
absl::string_view IndustryPositionName(IndustryPosition position);

}  // namespace huikuan::core

#endif  // HUIKUAN_SERVER_CORE_ASSESSMENT_H_
