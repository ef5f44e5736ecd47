#include "server/core/models/term_response.h"

#include <cmath>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "server/core/status_macros.h"

namespace huikuan::core {
namespace {

absl::Status CheckRegime(const char* name, const CashRegime& r) {
  if (r.monthly_sales < 0 || r.monthly_sales > kMaxAbsFen) {
    return absl::InvalidArgumentError(absl::StrCat(name, ".monthly_sales: out of range"));
  }
  if (!(r.bad_debt_rate >= 0 && r.bad_debt_rate <= 1)) {
    return absl::InvalidArgumentError(absl::StrCat(name, ".bad_debt_rate: outside 0..1"));
  }
  if (!(r.delay_days >= 0 && r.delay_days < 3650)) {
    return absl::InvalidArgumentError(absl::StrCat(name, ".delay_days: outside 0..3650"));
  }
  return absl::OkStatus();
}

// The share of a sale collected `offset` months after it (0, 1, ...).
double Weight(const CashRegime& r, int64_t offset) {
  const double months = r.delay_days / 30.0;
  const int64_t whole = static_cast<int64_t>(std::floor(months));
  const double part = months - static_cast<double>(whole);
  const double collected = 1.0 - r.bad_debt_rate;
  if (offset == whole) return collected * (1.0 - part);
  if (offset == whole + 1) return collected * part;
  return 0;
}

}  // namespace

namespace {

// OLS of y on x given each row's centre (its group's means, or the overall means); `parameters`
// is what the centring and the slope used up of the degrees of freedom.
absl::StatusOr<Slope> CentredSlope(absl::Span<const double> x, absl::Span<const double> y,
                                   absl::Span<const double> x_centre,
                                   absl::Span<const double> y_centre, size_t parameters) {
  const size_t n = x.size();
  if (n < parameters + 1) {
    return absl::FailedPreconditionError(
        absl::StrCat(n, " rows are too few to fit ", parameters, " parameters"));
  }
  double sxx = 0, sxy = 0;
  for (size_t i = 0; i < n; ++i) {
    sxx += (x[i] - x_centre[i]) * (x[i] - x_centre[i]);
    sxy += (x[i] - x_centre[i]) * (y[i] - y_centre[i]);
  }
  if (sxx <= 1e-9 * static_cast<double>(n)) {
    return absl::FailedPreconditionError("x has no variation to fit a response to");
  }
  Slope s;
  s.n = static_cast<int64_t>(n);
  s.slope = sxy / sxx;
  s.x_spread = std::sqrt(sxx / static_cast<double>(n));
  double ssr = 0;
  for (size_t i = 0; i < n; ++i) {
    const double e = (y[i] - y_centre[i]) - s.slope * (x[i] - x_centre[i]);
    ssr += e * e;
  }
  s.slope_se = std::sqrt(ssr / static_cast<double>(n - parameters) / sxx);
  return s;
}

}  // namespace

absl::StatusOr<Slope> FitSlope(absl::Span<const double> x, absl::Span<const double> y) {
  if (x.size() != y.size()) {
    return absl::InvalidArgumentError(absl::StrCat("y: ", y.size(), " rows, expected ", x.size()));
  }
  const size_t n = x.size();
  if (n < 3) return absl::FailedPreconditionError("fewer than 3 rows to fit");
  double mx = 0, my = 0;
  for (size_t i = 0; i < n; ++i) {
    mx += x[i];
    my += y[i];
  }
  mx /= static_cast<double>(n);
  my /= static_cast<double>(n);
  const std::vector<double> x_centre(n, mx), y_centre(n, my);
  HK_ASSIGN_OR_RETURN(Slope s, CentredSlope(x, y, x_centre, y_centre, 2));
  s.intercept = my - s.slope * mx;
  return s;
}

absl::StatusOr<Slope> FitSlopeWithinGroups(absl::Span<const double> x, absl::Span<const double> y,
                                           absl::Span<const int64_t> group) {
  if (x.size() != y.size() || x.size() != group.size()) {
    return absl::InvalidArgumentError(
        absl::StrCat("y, group: ", y.size(), " and ", group.size(), " rows, expected ", x.size()));
  }
  struct Sums {
    double x = 0, y = 0;
    int64_t n = 0;
  };
  absl::flat_hash_map<int64_t, Sums> sums;
  for (size_t i = 0; i < x.size(); ++i) {
    Sums& g = sums[group[i]];
    g.x += x[i];
    g.y += y[i];
    ++g.n;
  }
  std::vector<double> x_centre(x.size()), y_centre(x.size());
  for (size_t i = 0; i < x.size(); ++i) {
    const Sums& g = sums.at(group[i]);
    x_centre[i] = g.x / static_cast<double>(g.n);
    y_centre[i] = g.y / static_cast<double>(g.n);
  }
  return CentredSlope(x, y, x_centre, y_centre, sums.size() + 1);
}

absl::StatusOr<std::vector<MonthCash>> SimulateCash(const CashRegime& before,
                                                    const CashRegime& after, int32_t months) {
  if (absl::Status s = CheckRegime("before", before); !s.ok()) return s;
  if (absl::Status s = CheckRegime("after", after); !s.ok()) return s;
  if (months < 1 || months > 120) {
    return absl::InvalidArgumentError(absl::StrCat("months: ", months, " outside 1..120"));
  }
  // Sales before month 1 were made under `before`: a delay of at most ~122 months reaches in.
  const int64_t reach = static_cast<int64_t>(before.delay_days / 30.0) + 2;
  std::vector<MonthCash> out(months);
  for (int32_t m = 1; m <= months; ++m) {
    double cash = 0;
    for (int64_t k = m - reach; k <= 0; ++k) {
      cash += static_cast<double>(before.monthly_sales) * Weight(before, m - k);
    }
    for (int64_t k = 1; k <= m; ++k) {
      cash += static_cast<double>(after.monthly_sales) * Weight(after, m - k);
    }
    out[m - 1].sales = after.monthly_sales;
    out[m - 1].collections = static_cast<Fen>(std::llround(cash));
  }
  return out;
}

}  // namespace huikuan::core
