// How outcomes respond to term length, and what a term policy change would do (issue 11, the
// term-policy simulator; seed 000: "账期每延长10天,坏账风险增加18%,但订单量增长12%").
//
//   HK_ASSIGN_OR_RETURN(Slope s, FitSlope(credit_days, days_late));
//   s.slope  // days late per extra credit day; s.Low95() .. s.High95() its 95% interval
//   HK_ASSIGN_OR_RETURN(std::vector<MonthCash> cash,
//                       SimulateCash({.sales = S, .bad_debt_rate = p, .delay_days = 52}, draft,
//                       12));
//
// Thread-safe: pure functions of their arguments, no global state, no I/O.
#ifndef HUIKUAN_SERVER_CORE_MODELS_TERM_RESPONSE_H_
#define HUIKUAN_SERVER_CORE_MODELS_TERM_RESPONSE_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "server/core/money.h"

namespace huikuan::core {

// Ordinary least squares of y on x with an intercept, and the slope's standard error.
struct Slope {
  double intercept = 0;
  double slope = 0;
  double slope_se = 0;
  int64_t n = 0;
  // How much x varied: the root mean square of x about its mean (its group's, within groups).
  double x_spread = 0;
  double Low95() const { return slope - 1.96 * slope_se; }
  double High95() const { return slope + 1.96 * slope_se; }
};
// INVALID_ARGUMENT: length mismatch; FAILED_PRECONDITION: fewer than 3 rows or x without
// variation (nothing to fit the response to).
absl::StatusOr<Slope> FitSlope(absl::Span<const double> x, absl::Span<const double> y);

// The same slope within groups (fixed effects): x and y less their group's means, so that what
// differs between groups (large customers get long terms and order more) does not pass for a
// response to terms; only changes within a group count (the same customer before and after a
// policy change). The intercept is 0; the standard error uses n - groups - 1 degrees of freedom.
// INVALID_ARGUMENT: length mismatch; FAILED_PRECONDITION: no more rows than groups + 1, or x
// without variation within its groups.
absl::StatusOr<Slope> FitSlopeWithinGroups(absl::Span<const double> x, absl::Span<const double> y,
                                           absl::Span<const int64_t> group);

// One regime of a tier: monthly credit sales, the share never collected, and the days from sale
// to cash.
struct CashRegime {
  Fen monthly_sales = 0;
  double bad_debt_rate = 0;  // 0..1
  double delay_days = 0;     // >= 0
};
struct MonthCash {
  Fen sales = 0;
  Fen collections = 0;
};
// Month by month for `months` months after a change from `before` (in force for ever until
// month 1) to `after` (from month 1 on): the sales of each month and the cash collected in it.
// A sale of month k is collected (1 - bad_debt_rate) in month k + delay/30, split between the two
// neighbouring months by the fraction. INVALID_ARGUMENT for rates outside 0..1, negative delays
// or sales, months outside 1..120.
absl::StatusOr<std::vector<MonthCash>> SimulateCash(const CashRegime& before,
                                                    const CashRegime& after, int32_t months);

}  // namespace huikuan::core

#endif  // HUIKUAN_SERVER_CORE_MODELS_TERM_RESPONSE_H_
