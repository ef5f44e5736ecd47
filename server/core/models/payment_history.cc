#include "server/core/models/payment_history.h"

#include <algorithm>
#include <numeric>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace huikuan::core {
namespace {

absl::Status SameLength(const char* name, size_t got, size_t want) {
  if (got == want) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat(name, ": ", got, " rows, expected ", want));
}

}  // namespace

absl::StatusOr<std::vector<EpochDay>> SettleDays(absl::Span<const Fen> amounts,
                                                 absl::Span<const int64_t> invoice_index,
                                                 absl::Span<const EpochDay> days,
                                                 absl::Span<const Fen> settle_amounts,
                                                 EpochDay as_of) {
  if (absl::Status s = SameLength("days", days.size(), invoice_index.size()); !s.ok()) return s;
  if (absl::Status s = SameLength("settle_amounts", settle_amounts.size(), invoice_index.size());
      !s.ok()) {
    return s;
  }
  std::vector<size_t> order;
  order.reserve(invoice_index.size());
  for (size_t s = 0; s < invoice_index.size(); ++s) {
    if (invoice_index[s] < 0 || static_cast<size_t>(invoice_index[s]) >= amounts.size()) {
      return absl::InvalidArgumentError(
          absl::StrCat("invoice_index[", s, "]: ", invoice_index[s], " out of range"));
    }
    if (days[s] <= as_of) order.push_back(s);
  }
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return days[a] < days[b]; });
  std::vector<Fen> paid(amounts.size(), 0);
  std::vector<EpochDay> settled(amounts.size(), kNotSettled);
  for (size_t s : order) {
    const size_t i = static_cast<size_t>(invoice_index[s]);
    paid[i] += settle_amounts[s];
    if (settled[i] == kNotSettled && paid[i] >= amounts[i]) settled[i] = days[s];
  }
  return settled;
}

double LatenessProfile::MeanDaysLate(int64_t key) const {
  auto it = index.find(key);
  return it == index.end() ? overall_mean_days_late : mean_days_late[it->second];
}

double LatenessProfile::LateShare(int64_t key) const {
  auto it = index.find(key);
  return it == index.end() ? overall_late_share : late_share[it->second];
}

absl::StatusOr<LatenessProfile> ProfileLateness(absl::Span<const int64_t> keys,
                                                absl::Span<const EpochDay> due_days,
                                                absl::Span<const Fen> amounts,
                                                absl::Span<const EpochDay> settle_days,
                                                EpochDay first_day, EpochDay last_day) {
  if (absl::Status s = SameLength("due_days", due_days.size(), keys.size()); !s.ok()) return s;
  if (absl::Status s = SameLength("amounts", amounts.size(), keys.size()); !s.ok()) return s;
  if (absl::Status s = SameLength("settle_days", settle_days.size(), keys.size()); !s.ok()) {
    return s;
  }
  LatenessProfile profile;
  std::vector<double> weight, weighted_days, weighted_late;
  double all_weight = 0, all_days = 0, all_late = 0;
  for (size_t i = 0; i < keys.size(); ++i) {
    const EpochDay settled = settle_days[i];
    if (settled == kNotSettled || settled < first_day || settled > last_day) continue;
    auto [it, inserted] = profile.index.try_emplace(keys[i], weight.size());
    if (inserted) {
      weight.push_back(0);
      weighted_days.push_back(0);
      weighted_late.push_back(0);
      profile.settled_count.push_back(0);
    }
    const double w = static_cast<double>(amounts[i]);
    const double late = static_cast<double>(settled - due_days[i]);
    weight[it->second] += w;
    weighted_days[it->second] += w * late;
    weighted_late[it->second] += late > 0 ? w : 0;
    profile.settled_count[it->second] += 1;
    all_weight += w;
    all_days += w * late;
    all_late += late > 0 ? w : 0;
  }
  for (size_t k = 0; k < weight.size(); ++k) {
    profile.mean_days_late.push_back(weight[k] > 0 ? weighted_days[k] / weight[k] : 0);
    profile.late_share.push_back(weight[k] > 0 ? weighted_late[k] / weight[k] : 0);
  }
  if (all_weight > 0) {
    profile.overall_mean_days_late = all_days / all_weight;
    profile.overall_late_share = all_late / all_weight;
  }
  return profile;
}

absl::StatusOr<std::vector<Fen>> SumByWeek(absl::Span<const EpochDay> days,
                                           absl::Span<const Fen> amounts, EpochDay first_day,
                                           int32_t weeks) {
  if (absl::Status s = SameLength("amounts", amounts.size(), days.size()); !s.ok()) return s;
  if (weeks < 1 || weeks > 104) {
    return absl::InvalidArgumentError(absl::StrCat("weeks: ", weeks, " outside 1..104"));
  }
  std::vector<Fen> sums(weeks, 0);
  for (size_t i = 0; i < days.size(); ++i) {
    if (amounts[i] < 0) {
      return absl::InvalidArgumentError(absl::StrCat("amounts[", i, "]: negative"));
    }
    const int64_t week = days[i] < first_day ? 0 : (days[i] - first_day) / 7;
    if (week < weeks) sums[week] += amounts[i];
  }
  return sums;
}

}  // namespace huikuan::core
