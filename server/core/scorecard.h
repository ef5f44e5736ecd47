// Credit scorecard (R-SCORE-1) and the grade -> credit limit / term recommendation (R-SCORE-2).
//
// Four components with the seed's maximum points: enterprise size 20, tax credit grade 25, bank
// credit line 20, payment history 35 (total 100). Total >= 90 is low risk, 70-89 medium, < 70 high.
// Each component reports its points and a human-readable reason.
//
//   ScoreInput in{.size = EnterpriseSize::kMedium, .tax_grade = TaxCreditGrade::kA,
//                 .bank_credit_line = 2'000'000'000, .paid_invoices = 20, .paid_on_time = 19};
//   absl::StatusOr<Scorecard> s = ScoreCustomer(in);
//   // s->total == 15 + 25 + 15 + 33 = 88, s->risk == RiskLevel::kMedium, s->grade == kB
//   absl::StatusOr<CreditRecommendation> r =
//       RecommendCredit(s->grade, /*is_new_customer=*/false, /*monthly_purchases=*/5'000'000);
//
// How a component maps to points is not in the seeds; the defaults below are ours, documented per
// field, and configurable. Within a component, points are integers (rounded half-up).
//
// Thread-safe: pure functions of their arguments, no global state, no I/O.
#ifndef HUIKUAN_SERVER_CORE_SCORECARD_H_
#define HUIKUAN_SERVER_CORE_SCORECARD_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "server/core/money.h"
#include "server/core/payment_behaviour.h"

namespace huikuan::core {

// Stable numeric values (columns of int8 codes in the batch API).
enum class EnterpriseSize : int8_t { kMicro = 0, kSmall = 1, kMedium = 2, kLarge = 3 };
// 纳税信用等级 of the State Taxation Administration: A, B, M, C, D.
enum class TaxCreditGrade : int8_t { kA = 0, kB = 1, kM = 2, kC = 3, kD = 4 };
enum class RiskLevel : int8_t { kLow = 0, kMedium = 1, kHigh = 2 };
enum class CreditGrade : int8_t { kA = 0, kB = 1, kC = 2, kD = 3 };

absl::string_view EnterpriseSizeName(EnterpriseSize size);   // "micro", "small", ...
absl::string_view TaxCreditGradeName(TaxCreditGrade grade);  // "A", "B", "M", "C", "D"
absl::string_view RiskLevelName(RiskLevel risk);             // "low", "medium", "high"
absl::string_view CreditGradeName(CreditGrade grade);        // "A", "B", "C", "D"

struct ScorecardConfig {
  // Maximum points (R-SCORE-1). Must sum to 100 so that the cut-offs keep their meaning.
  int32_t size_max = 20;
  int32_t tax_max = 25;
  int32_t bank_max = 20;
  int32_t history_max = 35;

  // Points per EnterpriseSize (micro, small, medium, large), each <= size_max. Seed 000 warns that
  // "large = low risk" is not a rule, so large and medium are close.
  std::array<int32_t, 4> size_points = {5, 10, 15, 20};
  // Points per TaxCreditGrade (A, B, M, C, D), each <= tax_max.
  std::array<int32_t, 5> tax_points = {25, 20, 15, 8, 0};
  // Bank credit line thresholds in fen, descending, with the points for reaching each; below the
  // last threshold the customer gets 0. Default: >= 50M yuan 20, >= 10M 15, >= 1M 10, > 0 5.
  std::vector<Fen> bank_thresholds = {5'000'000'000, 1'000'000'000, 100'000'000, 1};
  std::vector<int32_t> bank_points = {20, 15, 10, 5};
  // Payment history: history_max * paid_on_time / paid_invoices, rounded half-up. A customer with
  // no paid invoice yet (new) gets no_history_points, which keeps new customers out of the low-risk
  // band so they start on prepayment (R-SCORE-2, R-TERM-2).
  int32_t no_history_points = 0;

  // Cut-offs on the total (R-SCORE-1): total >= low_risk_min is low risk, >= medium_risk_min
  // medium, else high.
  int32_t low_risk_min = 90;
  int32_t medium_risk_min = 70;
  // Grades (R-SCORE-2; the seed names A/B/C/D without cut-offs): A = low risk (>= 90);
  // B = 80..89, C = 70..79 (medium risk split in two); D = high risk (< 70).
  int32_t grade_a_min = 90;
  int32_t grade_b_min = 80;
  int32_t grade_c_min = 70;

  // Points the payment-history component loses for what the ledger says now (issue 10).
  PaymentBehaviourConfig behaviour;
};

// OK or INVALID_ARGUMENT naming the bad field (maxima not summing to 100, points above a maximum,
// thresholds not descending, cut-offs not ordered, ...).
absl::Status ValidateScorecardConfig(const ScorecardConfig& config);

struct ScoreInput {
  EnterpriseSize size = EnterpriseSize::kSmall;
  TaxCreditGrade tax_grade = TaxCreditGrade::kB;
  Fen bank_credit_line = 0;   // total bank credit line (银行授信额度), >= 0
  int32_t paid_invoices = 0;  // invoices paid so far, >= 0
  int32_t paid_on_time = 0;   // of those, paid by their due date, 0..paid_invoices
  // The ledger as of the day (open overdue, DSO, promises, disputes): when set, the payment-history
  // points computed from paid invoices lose PaymentDeductions(*behaviour), down to 0.
  std::optional<PaymentBehaviour> behaviour;
};

struct ScoreComponent {
  std::string name;  // "enterprise_size", "tax_credit_grade", "bank_credit_line", "payment_history"
  int32_t points = 0;
  int32_t max_points = 0;
  std::string reason;  // e.g. "tax credit grade A: 25 of 25 points"
};

struct Scorecard {
  std::vector<ScoreComponent> components;  // always the four, in the order above
  int32_t total = 0;                       // 0..100
  RiskLevel risk = RiskLevel::kHigh;
  CreditGrade grade = CreditGrade::kD;
  std::string summary;                       // e.g. "88 points: medium risk (70-89), grade B"
  std::vector<PaymentDeduction> deductions;  // what the ledger took from payment history
};

// Errors: INVALID_ARGUMENT for an invalid config, negative bank line or counts, paid_on_time >
// paid_invoices, an enum value out of range.
absl::StatusOr<Scorecard> ScoreCustomer(const ScoreInput& input,
                                        const ScorecardConfig& config = ScorecardConfig());

// Risk level and grade of a total under a config (no validation beyond the config's own).
RiskLevel RiskForTotal(int32_t total, const ScorecardConfig& config = ScorecardConfig());
CreditGrade GradeForTotal(int32_t total, const ScorecardConfig& config = ScorecardConfig());

// Batch scoring without strings: codes are the enums' numeric values. Writes totals (0..100),
// risk codes and grade codes; output spans must have the input length. Same errors as
// ScoreCustomer, naming the column and index ("tax_grades[4]: 9 is not a TaxCreditGrade").
struct ScoreColumns {
  absl::Span<const int8_t> sizes;
  absl::Span<const int8_t> tax_grades;
  absl::Span<const Fen> bank_credit_lines;
  absl::Span<const int32_t> paid_invoices;
  absl::Span<const int32_t> paid_on_time;
};
absl::Status ScoreBatch(const ScoreColumns& columns, const ScorecardConfig& config,
                        absl::Span<int32_t> totals, absl::Span<int8_t> risks,
                        absl::Span<int8_t> grades);

// R-SCORE-2: what a grade gets. A: the longest term and the highest limit; new customers and low
// grades: prepayment, shorter terms, lower limits.
struct GradePolicy {
  int32_t term_days = 0;
  BasisPoints prepayment_bp = 0;          // share of each order paid before delivery
  int32_t limit_months_of_purchases = 0;  // credit limit = months x expected monthly purchases
};

struct CreditPolicyConfig {
  // Indexed by CreditGrade. Defaults: A 60 days, no prepayment, 3 months of purchases; B 45 days,
  // 2 months; C 30 days, 30% prepayment, 1 month; D no term, 100% prepayment, no limit.
  std::array<GradePolicy, 4> by_grade = {GradePolicy{60, 0, 3}, GradePolicy{45, 0, 2},
                                         GradePolicy{30, 3'000, 1}, GradePolicy{0, 10'000, 0}};
  // A customer without payment history is treated as at best this grade (new customers get
  // prepayment and shorter terms, R-SCORE-2); the R-TERM-2 ladder then applies per order.
  CreditGrade new_customer_best_grade = CreditGrade::kC;
};

struct CreditRecommendation {
  CreditGrade grade = CreditGrade::kD;  // after the new-customer cap
  int32_t term_days = 0;
  BasisPoints prepayment_bp = 0;
  Fen credit_limit = 0;
  std::string reason;  // e.g. "grade B: 45-day term, no prepayment, limit 2 x monthly purchases"
};

// `is_new_customer`: no payment history (paid_invoices == 0 in ScoreInput). Errors: negative or
// oversized monthly_purchases, overflow of the limit, an invalid policy (prepayment outside
// 0..10000 bp, negative days or months).
absl::StatusOr<CreditRecommendation> RecommendCredit(
    CreditGrade grade, bool is_new_customer, Fen monthly_purchases,
    const CreditPolicyConfig& config = CreditPolicyConfig());

}  // namespace huikuan::core

#endif  // HUIKUAN_SERVER_CORE_SCORECARD_H_
