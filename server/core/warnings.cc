#include "server/core/warnings.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "server/core/column_checks.h"
#include "server/core/status_macros.h"

namespace huikuan::core {
namespace {

// Which rules fired, without strings: shared by the scalar and the batch path.
struct Triggers {
  bool dso_over_industry = false;
  bool dso_over_threshold = false;
  bool red_dso_and_orders = false;
  bool overdue_over_limit = false;
  bool over30_share = false;

  WarningLevel level() const {
    if (red_dso_and_orders) return WarningLevel::kRed;
    if (overdue_over_limit || over30_share) return WarningLevel::kOrange;
    if (dso_over_industry || dso_over_threshold) return WarningLevel::kYellow;
    return WarningLevel::kGreen;
  }
};

bool FiniteNonNegative(double x) { return std::isfinite(x) && x >= 0; }

absl::Status ValidateConfig(const WarningConfig& c) {
  if (c.dso_over_industry_pct < 0 || c.red_order_drop_pct < 0 || c.red_order_drop_pct > 100 ||
      c.overdue_of_limit_pct < 0 || c.over30_share_of_balance_pct < 0) {
    return absl::InvalidArgumentError(
        "config: percentages must be >= 0 (red_order_drop_pct at most 100)");
  }
  if (!FiniteNonNegative(c.red_dso_days)) {
    return absl::InvalidArgumentError("red_dso_days: must be finite and >= 0");
  }
  if (c.dso_threshold_days.has_value() && !FiniteNonNegative(*c.dso_threshold_days)) {
    return absl::InvalidArgumentError("dso_threshold_days: must be finite and >= 0");
  }
  return absl::OkStatus();
}

// Validates one row; `suffix` is "" for the scalar API and "[i]" for the batch.
absl::Status ValidateRow(double dso, double industry_avg, bool has_industry, Fen orders_now,
                         Fen orders_prior, Fen overdue, Fen limit, Fen balance, Fen over30,
                         absl::string_view suffix) {
  if (!FiniteNonNegative(dso)) {
    return absl::InvalidArgumentError(
        absl::StrCat("dso_days", suffix, ": ", dso, " is not a finite non-negative number"));
  }
  if (has_industry && !FiniteNonNegative(industry_avg)) {
    return absl::InvalidArgumentError(absl::StrCat("industry_avg_dso_days", suffix, ": ",
                                                   industry_avg,
                                                   " is not a finite non-negative number"));
  }
  HK_RETURN_IF_ERROR(ValidateAmount(orders_now, absl::StrCat("orders_this_period", suffix)));
  HK_RETURN_IF_ERROR(ValidateAmount(orders_prior, absl::StrCat("orders_prior_period", suffix)));
  HK_RETURN_IF_ERROR(ValidateAmount(overdue, absl::StrCat("overdue_total", suffix)));
  HK_RETURN_IF_ERROR(ValidateAmount(limit, absl::StrCat("credit_limit", suffix)));
  HK_RETURN_IF_ERROR(ValidateAmount(balance, absl::StrCat("balance", suffix)));
  HK_RETURN_IF_ERROR(ValidateAmount(over30, absl::StrCat("balance_over_30_days_overdue", suffix)));
  if (over30 > balance) {
    return absl::InvalidArgumentError(absl::StrCat("balance_over_30_days_overdue", suffix, ": ",
                                                   over30, " is greater than balance ", balance));
  }
  return absl::OkStatus();
}

Triggers Evaluate(double dso, double industry_avg, bool has_industry, Fen orders_now,
                  Fen orders_prior, Fen overdue, Fen limit, Fen balance, Fen over30,
                  const WarningConfig& c) {
  Triggers t;
  // Percent comparisons scaled by 100 so that integer-valued inputs compare exactly.
  t.dso_over_industry =
      has_industry && dso * 100.0 > industry_avg * (100.0 + c.dso_over_industry_pct);
  t.dso_over_threshold = c.dso_threshold_days.has_value() && dso > *c.dso_threshold_days;
  const bool orders_down =
      orders_prior > 0 && static_cast<Int128>(orders_now) * 100 <=
                              static_cast<Int128>(orders_prior) * (100 - c.red_order_drop_pct);
  t.red_dso_and_orders = dso > c.red_dso_days && orders_down;
  t.overdue_over_limit =
      static_cast<Int128>(overdue) * 100 > static_cast<Int128>(limit) * c.overdue_of_limit_pct;
  t.over30_share = static_cast<Int128>(over30) * 100 >
                   static_cast<Int128>(balance) * c.over30_share_of_balance_pct;
  return t;
}

}  // namespace

absl::string_view WarningLevelName(WarningLevel level) {
  switch (level) {
    case WarningLevel::kGreen:
      return "green";
    case WarningLevel::kYellow:
      return "yellow";
    case WarningLevel::kOrange:
      return "orange";
    case WarningLevel::kRed:
      return "red";
  }
  return "unknown";
}

absl::StatusOr<WarningResult> EvaluateCustomerWarning(const CustomerWarningInput& in,
                                                      const WarningConfig& c) {
  HK_RETURN_IF_ERROR(ValidateConfig(c));
  const bool has_industry = in.industry_avg_dso_days.has_value();
  const double avg = in.industry_avg_dso_days.value_or(0);
  HK_RETURN_IF_ERROR(ValidateRow(in.dso_days, avg, has_industry, in.orders_this_period,
                                 in.orders_prior_period, in.overdue_total, in.credit_limit,
                                 in.balance, in.balance_over_30_days_overdue, ""));
  const Triggers t =
      Evaluate(in.dso_days, avg, has_industry, in.orders_this_period, in.orders_prior_period,
               in.overdue_total, in.credit_limit, in.balance, in.balance_over_30_days_overdue, c);
  WarningResult r;
  r.level = t.level();
  if (t.dso_over_industry) {
    r.reasons.push_back({"R-WARN-1", WarningLevel::kYellow,
                         absl::StrFormat("DSO %.1f days is more than %d%% over the industry "
                                         "average %.1f days",
                                         in.dso_days, c.dso_over_industry_pct, avg)});
  }
  if (t.dso_over_threshold) {
    r.reasons.push_back({"R-WARN-1", WarningLevel::kYellow,
                         absl::StrFormat("DSO %.1f days is over the threshold %.1f days",
                                         in.dso_days, *c.dso_threshold_days)});
  }
  if (t.red_dso_and_orders) {
    const double drop =
        100.0 * (1.0 - static_cast<double>(in.orders_this_period) / in.orders_prior_period);
    r.reasons.push_back(
        {"R-WARN-2", WarningLevel::kRed,
         absl::StrFormat("DSO %.1f days is over %.0f days and orders fell %.1f%% (at least %d%%)",
                         in.dso_days, c.red_dso_days, drop, c.red_order_drop_pct)});
  }
  if (t.overdue_over_limit) {
    r.reasons.push_back({"R-WARN-3", WarningLevel::kOrange,
                         absl::StrCat("overdue ", FormatYuan(in.overdue_total), " yuan is over ",
                                      c.overdue_of_limit_pct, "% of the credit limit ",
                                      FormatYuan(in.credit_limit), " yuan")});
  }
  if (t.over30_share) {
    r.reasons.push_back(
        {"R-WARN-3", WarningLevel::kOrange,
         absl::StrFormat("%.1f%% of the balance is more than 30 days overdue (over %d%%)",
                         100.0 * in.balance_over_30_days_overdue / in.balance,
                         c.over30_share_of_balance_pct)});
  }
  return r;
}

absl::Status EvaluateWarningsBatch(const WarningColumns& cols, const WarningConfig& c,
                                   absl::Span<int8_t> levels) {
  HK_RETURN_IF_ERROR(ValidateConfig(c));
  const size_t n = cols.dso_days.size();
  HK_RETURN_IF_ERROR(CheckLength("industry_avg_dso_days", cols.industry_avg_dso_days.size(), n));
  HK_RETURN_IF_ERROR(CheckLength("orders_this_period", cols.orders_this_period.size(), n));
  HK_RETURN_IF_ERROR(CheckLength("orders_prior_period", cols.orders_prior_period.size(), n));
  HK_RETURN_IF_ERROR(CheckLength("overdue_total", cols.overdue_total.size(), n));
  HK_RETURN_IF_ERROR(CheckLength("credit_limit", cols.credit_limit.size(), n));
  HK_RETURN_IF_ERROR(CheckLength("balance", cols.balance.size(), n));
  HK_RETURN_IF_ERROR(
      CheckLength("balance_over_30_days_overdue", cols.balance_over_30_days_overdue.size(), n));
  HK_RETURN_IF_ERROR(CheckLength("levels", levels.size(), n));
  for (size_t i = 0; i < n; ++i) {
    const double avg = cols.industry_avg_dso_days[i];
    const bool has_industry = !std::isnan(avg);
    HK_RETURN_IF_ERROR(ValidateRow(
        cols.dso_days[i], avg, has_industry, cols.orders_this_period[i],
        cols.orders_prior_period[i], cols.overdue_total[i], cols.credit_limit[i], cols.balance[i],
        cols.balance_over_30_days_overdue[i], absl::StrCat("[", i, "]")));
    levels[i] = static_cast<int8_t>(
        Evaluate(cols.dso_days[i], avg, has_industry, cols.orders_this_period[i],
                 cols.orders_prior_period[i], cols.overdue_total[i], cols.credit_limit[i],
                 cols.balance[i], cols.balance_over_30_days_overdue[i], c)
            .level());
  }
  return absl::OkStatus();
}

absl::StatusOr<bool> SalespersonOverdueTrend(
    absl::Span<const BasisPoints> monthly_rates_oldest_first) {
  const auto& r = monthly_rates_oldest_first;
  for (size_t i = 0; i < r.size(); ++i) {
    if (r[i] < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("monthly_rates_oldest_first[", i, "]: ", r[i], " is negative"));
    }
  }
  const size_t n = r.size();
  if (n < 3) return false;
  return r[n - 3] < r[n - 2] && r[n - 2] < r[n - 1];
}

GradedResponse ResponseFor(WarningLevel level) {
  GradedResponse g;
  g.level = level;
  switch (level) {
    case WarningLevel::kGreen:
      g.action = "normal management";
      break;
    case WarningLevel::kYellow:
      g.departments = {Department::kFinance};
      g.action =
          "finance reconciles with the customer, finds the cause of the overdue and agrees a "
          "repayment plan";
      g.notify_within_hours = 24;
      break;
    case WarningLevel::kOrange:
      g.departments = {Department::kInvestment, Department::kLegal, Department::kFinance};
      g.action =
          "investment manager, legal and finance visit the customer together, verify its "
          "operations and ask for a guarantee or collateral";
      g.notify_within_hours = 24;
      break;
    case WarningLevel::kRed:
      g.departments = {Department::kSales, Department::kLegal, Department::kFinance};
      g.action =
          "stop supply (credit hold) and start legal proceedings: property preservation, debt "
          "restructuring";
      g.credit_hold = true;
      g.notify_within_hours = 24;
      break;
  }
  return g;
}

absl::string_view LimitationStateName(LimitationState state) {
  switch (state) {
    case LimitationState::kRunning:
      return "running";
    case LimitationState::kWarning:
      return "warning";
    case LimitationState::kExpired:
      return "expired";
  }
  return "unknown";
}

absl::StatusOr<LimitationStatus> EvaluateLimitation(EpochDay due_day,
                                                    std::optional<EpochDay> last_interruption_day,
                                                    EpochDay as_of,
                                                    const LimitationConfig& config) {
  HK_RETURN_IF_ERROR(ValidateEpochDay(due_day, "due_day"));
  HK_RETURN_IF_ERROR(ValidateEpochDay(as_of, "as_of"));
  if (last_interruption_day.has_value()) {
    HK_RETURN_IF_ERROR(ValidateEpochDay(*last_interruption_day, "last_interruption_day"));
  }
  if (config.years < 1) {
    return absl::InvalidArgumentError(absl::StrCat("years: ", config.years, " is less than 1"));
  }
  if (config.warn_days_before < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("warn_days_before: ", config.warn_days_before, " is negative"));
  }
  LimitationStatus s;
  s.start_day = due_day + 1;
  if (last_interruption_day.has_value() && *last_interruption_day > s.start_day) {
    s.start_day = *last_interruption_day;
  }
  HK_ASSIGN_OR_RETURN(const EpochDay end, AddYears(s.start_day, config.years));
  s.last_day = end - 1;
  s.days_remaining = s.last_day - as_of;
  if (s.days_remaining < 0) {
    s.state = LimitationState::kExpired;
  } else if (s.days_remaining <= config.warn_days_before) {
    s.state = LimitationState::kWarning;
  } else {
    s.state = LimitationState::kRunning;
  }
  return s;
}

}  // namespace huikuan::core
