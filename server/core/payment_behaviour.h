// What the ledger says about how a customer pays now (R-SCORE-1's payment history, issue 10): open
// overdue amounts and days, DSO against the customer's own past and its industry, broken promises
// and disputes. The scorecard's payment-history component starts from the on-time share of paid
// invoices and loses the points below, each with its reason, so that a deteriorating customer's
// score, grade and credit recommendation fall while its paid history still looks clean.
//
//   PaymentBehaviour b{.balance = 2'000'000'000, .overdue = 1'600'000'000,
//                      .over_30_days_overdue = 1'600'000'000, .oldest_overdue_days = 33,
//                      .dso_days = 78, .past_dso_days = 45, .industry_avg_dso_days = 45};
//   std::vector<PaymentDeduction> d = PaymentDeductions(b, PaymentBehaviourConfig());
//   // 8 (31-60 days overdue) + 5 (over-30 share) + 8 (DSO vs own past) + 5 (industry) = 26
//
// Thread-safe: pure functions of their arguments, no global state, no I/O.
#ifndef HUIKUAN_SERVER_CORE_PAYMENT_BEHAVIOUR_H_
#define HUIKUAN_SERVER_CORE_PAYMENT_BEHAVIOUR_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "server/core/money.h"

namespace huikuan::core {

struct PaymentBehaviour {
  Fen balance = 0;                  // open receivables as of the day
  Fen overdue = 0;                  // part of balance past its due date
  Fen over_30_days_overdue = 0;     // part of balance more than 30 days past due
  int32_t oldest_overdue_days = 0;  // days past due of the oldest open overdue invoice (0: none)
  std::optional<double> dso_days;   // countback DSO as of the day (none: no sales)
  std::optional<double> past_dso_days;          // the same half a year earlier
  std::optional<double> industry_avg_dso_days;  // the industry's countback DSO as of the day
  int32_t broken_promises = 0;                  // promises judged broken in the last year
  int32_t open_disputes = 0;                    // invoices in dispute now
};

// Points taken from the payment-history component. Our defaults (the seeds give no points):
// the oldest overdue invoice by R-AGING-1's buckets; the R-WARN-3 share; R-WARN-1's 20% applied to
// the customer's own past DSO and to the industry's; broken promises and disputes capped.
struct PaymentBehaviourConfig {
  // 1-30, 31-60, 61-90, over 90 days past due.
  std::array<int32_t, 4> oldest_overdue_points = {3, 8, 12, 18};
  int32_t over30_share_pct = 50;  // more than this share of the balance over 30 days overdue ...
  int32_t over30_share_points = 5;
  int32_t dso_over_past_pct = 20;  // DSO more than 20% over its own DSO half a year ago
  int32_t dso_over_past_points = 8;
  int32_t dso_over_industry_pct = 20;  // DSO more than 20% over the industry's
  int32_t dso_over_industry_points = 5;
  int32_t points_per_broken_promise = 5;
  int32_t broken_promise_max_points = 10;
  int32_t points_per_open_dispute = 2;
  int32_t dispute_max_points = 6;
};

struct PaymentDeduction {
  std::string name;  // "oldest_overdue", "over30_share", "dso_over_past", ...
  int32_t points = 0;
  std::string reason;  // "oldest overdue invoice 33 days past due (31-60): -8"
};

// OK or INVALID_ARGUMENT naming the field (negative points or percentages).
absl::Status ValidatePaymentBehaviourConfig(const PaymentBehaviourConfig& config);
// INVALID_ARGUMENT naming the field: negative amounts or counts, overdue > balance, NaN DSO.
absl::Status ValidatePaymentBehaviour(const PaymentBehaviour& behaviour);

// The deductions that apply, in the order of the config's fields; empty for a clean ledger.
std::vector<PaymentDeduction> PaymentDeductions(const PaymentBehaviour& behaviour,
                                                const PaymentBehaviourConfig& config);

}  // namespace huikuan::core

#endif  // HUIKUAN_SERVER_CORE_PAYMENT_BEHAVIOUR_H_
