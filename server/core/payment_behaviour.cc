#include "server/core/payment_behaviour.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace huikuan::core {
namespace {

// value > base * (100 + pct) / 100, on doubles rounded to 0.01 day so boundaries are exact.
bool MoreThanPctOver(double value, double base, int32_t pct) {
  const int64_t v = std::llround(value * 100);
  const int64_t b = std::llround(base * 100);
  return v * 100 > b * (100 + pct);
}

absl::Status CheckNonNegative(absl::string_view field, int64_t value) {
  if (value < 0) return absl::InvalidArgumentError(absl::StrCat(field, ": must be >= 0"));
  return absl::OkStatus();
}

absl::Status CheckDso(absl::string_view field, const std::optional<double>& dso) {
  if (dso.has_value() && !(std::isfinite(*dso) && *dso >= 0 && *dso < 1e7)) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": must be finite and >= 0"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ValidatePaymentBehaviourConfig(const PaymentBehaviourConfig& c) {
  for (size_t i = 0; i < c.oldest_overdue_points.size(); ++i) {
    if (c.oldest_overdue_points[i] < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("behaviour.oldest_overdue_points[", i, "]: must be >= 0"));
    }
  }
  for (auto [field, value] :
       {std::pair<const char*, int32_t>{"over30_share_pct", c.over30_share_pct},
        {"over30_share_points", c.over30_share_points},
        {"dso_over_past_pct", c.dso_over_past_pct},
        {"dso_over_past_points", c.dso_over_past_points},
        {"dso_over_industry_pct", c.dso_over_industry_pct},
        {"dso_over_industry_points", c.dso_over_industry_points},
        {"points_per_broken_promise", c.points_per_broken_promise},
        {"broken_promise_max_points", c.broken_promise_max_points},
        {"points_per_open_dispute", c.points_per_open_dispute},
        {"dispute_max_points", c.dispute_max_points}}) {
    if (value < 0)
      return absl::InvalidArgumentError(absl::StrCat("behaviour.", field, ": must be >= 0"));
  }
  return absl::OkStatus();
}

absl::Status ValidatePaymentBehaviour(const PaymentBehaviour& b) {
  for (auto [field, value] : {std::pair<const char*, int64_t>{"balance", b.balance},
                              {"overdue", b.overdue},
                              {"over_30_days_overdue", b.over_30_days_overdue},
                              {"oldest_overdue_days", b.oldest_overdue_days},
                              {"broken_promises", b.broken_promises},
                              {"open_disputes", b.open_disputes}}) {
    if (absl::Status s = CheckNonNegative(field, value); !s.ok()) return s;
  }
  if (b.overdue > b.balance) return absl::InvalidArgumentError("overdue: exceeds balance");
  if (b.over_30_days_overdue > b.overdue) {
    return absl::InvalidArgumentError("over_30_days_overdue: exceeds overdue");
  }
  if (absl::Status s = CheckDso("dso_days", b.dso_days); !s.ok()) return s;
  if (absl::Status s = CheckDso("past_dso_days", b.past_dso_days); !s.ok()) return s;
  return CheckDso("industry_avg_dso_days", b.industry_avg_dso_days);
}

std::vector<PaymentDeduction> PaymentDeductions(const PaymentBehaviour& b,
                                                const PaymentBehaviourConfig& c) {
  std::vector<PaymentDeduction> out;
  if (b.overdue > 0 && b.oldest_overdue_days > 0) {
    const int32_t days = b.oldest_overdue_days;
    const int bucket = days <= 30 ? 0 : days <= 60 ? 1 : days <= 90 ? 2 : 3;
    static constexpr const char* kBuckets[] = {"1-30", "31-60", "61-90", "over 90"};
    const int32_t points = c.oldest_overdue_points[bucket];
    out.push_back({"oldest_overdue", points,
                   absl::StrCat(FormatYuan(b.overdue), " yuan overdue, the oldest ", days,
                                " days past due (", kBuckets[bucket], "): -", points)});
  }
  if (b.balance > 0 && static_cast<__int128>(b.over_30_days_overdue) * 100 >
                           static_cast<__int128>(b.balance) * c.over30_share_pct) {
    out.push_back(
        {"over30_share", c.over30_share_points,
         absl::StrFormat("%.1f%% of the balance more than 30 days overdue (over %d%%): -%d",
                         100.0 * b.over_30_days_overdue / b.balance, c.over30_share_pct,
                         c.over30_share_points)});
  }
  if (b.dso_days && b.past_dso_days && *b.past_dso_days > 0 &&
      MoreThanPctOver(*b.dso_days, *b.past_dso_days, c.dso_over_past_pct)) {
    out.push_back({"dso_over_past", c.dso_over_past_points,
                   absl::StrFormat("DSO %.1f days against %.1f half a year ago (more than %d%% "
                                   "longer): -%d",
                                   *b.dso_days, *b.past_dso_days, c.dso_over_past_pct,
                                   c.dso_over_past_points)});
  }
  if (b.dso_days && b.industry_avg_dso_days && *b.industry_avg_dso_days > 0 &&
      MoreThanPctOver(*b.dso_days, *b.industry_avg_dso_days, c.dso_over_industry_pct)) {
    out.push_back({"dso_over_industry", c.dso_over_industry_points,
                   absl::StrFormat("DSO %.1f days against the industry's %.1f (more than %d%% "
                                   "longer, R-WARN-1): -%d",
                                   *b.dso_days, *b.industry_avg_dso_days, c.dso_over_industry_pct,
                                   c.dso_over_industry_points)});
  }
  if (b.broken_promises > 0) {
    const int32_t points = static_cast<int32_t>(std::min<int64_t>(
        int64_t{b.broken_promises} * c.points_per_broken_promise, c.broken_promise_max_points));
    out.push_back(
        {"broken_promises", points,
         absl::StrCat(b.broken_promises, " promise(s) to pay broken in the last year: -", points)});
  }
  if (b.open_disputes > 0) {
    const int32_t points = static_cast<int32_t>(std::min<int64_t>(
        int64_t{b.open_disputes} * c.points_per_open_dispute, c.dispute_max_points));
    out.push_back({"open_disputes", points,
                   absl::StrCat(b.open_disputes, " invoice(s) in dispute: -", points)});
  }
  out.erase(std::remove_if(out.begin(), out.end(),
                           [](const PaymentDeduction& d) { return d.points == 0; }),
            out.end());
  return out;
}

}  // namespace huikuan::core
