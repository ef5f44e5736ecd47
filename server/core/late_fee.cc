#include "server/core/late_fee.h"

#include <algorithm>
#include <limits>

#include "absl/strings/str_cat.h"
#include "server/core/column_checks.h"
#include "server/core/status_macros.h"

namespace huikuan::core {
namespace {

absl::Status ValidateConfig(const LateFeeConfig& config) {
  if (config.rate_bp_per_day < 0 || config.rate_bp_per_day > kBasisPointsPerUnit) {
    return absl::InvalidArgumentError(absl::StrCat("rate_bp_per_day: ", config.rate_bp_per_day,
                                                   " is outside 0..", kBasisPointsPerUnit));
  }
  if (config.grace_days < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("grace_days: ", config.grace_days, " is negative"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<Fen> LateFee(Fen overdue_amount, int32_t days_overdue, const LateFeeConfig& config) {
  HK_RETURN_IF_ERROR(ValidateConfig(config));
  HK_RETURN_IF_ERROR(ValidateAmount(overdue_amount, "overdue_amount"));
  if (days_overdue < 0) {
    return absl::InvalidArgumentError(absl::StrCat("days_overdue: ", days_overdue, " is negative"));
  }
  const int32_t chargeable = std::max(0, days_overdue - config.grace_days);
  // amount <= 1e17, rate <= 1e4, days < 2^31: the product fits in 128 bits; the quotient may not
  // fit in int64 for absurd inputs, which DivideRounded reports.
  return DivideRounded(static_cast<Int128>(overdue_amount) * config.rate_bp_per_day * chargeable,
                       kBasisPointsPerUnit, config.rounding, "late_fee");
}

absl::StatusOr<int32_t> DaysOverdue(EpochDay invoice_day, int32_t term_days, EpochDay as_of) {
  HK_RETURN_IF_ERROR(ValidateEpochDay(invoice_day, "invoice_day"));
  HK_RETURN_IF_ERROR(ValidateEpochDay(as_of, "as_of"));
  if (term_days < 0) {
    return absl::InvalidArgumentError(absl::StrCat("term_days: ", term_days, " is negative"));
  }
  const int64_t due = static_cast<int64_t>(invoice_day) + term_days;
  return static_cast<int32_t>(std::max<int64_t>(0, as_of - due));
}

absl::StatusOr<Fen> LateFeesBatch(absl::Span<const Fen> overdue_amounts,
                                  absl::Span<const EpochDay> due_days, EpochDay as_of,
                                  const LateFeeConfig& config, absl::Span<Fen> fees) {
  HK_RETURN_IF_ERROR(ValidateConfig(config));
  HK_RETURN_IF_ERROR(CheckLength("due_days", due_days.size(), overdue_amounts.size()));
  HK_RETURN_IF_ERROR(CheckLength("fees", fees.size(), overdue_amounts.size()));
  HK_RETURN_IF_ERROR(ValidateEpochDay(as_of, "as_of"));
  HK_RETURN_IF_ERROR(ValidateEpochDays(due_days, "due_days"));
  HK_RETURN_IF_ERROR(CheckAmounts("overdue_amounts", overdue_amounts));
  Int128 total = 0;
  for (size_t i = 0; i < overdue_amounts.size(); ++i) {
    // int64: a huge grace_days must not wrap.
    const int64_t chargeable =
        std::max<int64_t>(0, int64_t{as_of} - due_days[i] - config.grace_days);
    // Validated ranges: amount <= 1e17, rate <= 1e4, days <= ~1.1e5: the fee is < 1.1e22 / 1e4,
    // well inside int64, so no per-row overflow check is needed.
    HK_ASSIGN_OR_RETURN(fees[i], DivideRounded(static_cast<Int128>(overdue_amounts[i]) *
                                                   config.rate_bp_per_day * chargeable,
                                               kBasisPointsPerUnit, config.rounding, "late_fee"));
    total += fees[i];
  }
  if (total > std::numeric_limits<int64_t>::max()) {
    return absl::InvalidArgumentError("fees: total overflows int64");
  }
  return static_cast<Fen>(total);
}

absl::StatusOr<std::vector<DailyLateFee>> AccrueDailyLateFees(const LateFeeSchedule& schedule,
                                                              EpochDay as_of,
                                                              const LateFeeConfig& config) {
  HK_RETURN_IF_ERROR(ValidateConfig(config));
  HK_RETURN_IF_ERROR(ValidateEpochDay(schedule.due_day, "due_day"));
  HK_RETURN_IF_ERROR(ValidateEpochDay(as_of, "as_of"));
  HK_RETURN_IF_ERROR(ValidateAmount(schedule.open_now, "open_now"));
  std::vector<std::pair<EpochDay, Fen>> receipts = schedule.receipts_after_due;
  std::sort(receipts.begin(), receipts.end());
  Fen received_later = 0;  // cash received after the day being charged
  for (const auto& [day, amount] : receipts) {
    HK_RETURN_IF_ERROR(ValidateAmount(amount, "receipts_after_due"));
    HK_ASSIGN_OR_RETURN(received_later, AddFen(received_later, amount));
  }
  EpochDay day = schedule.due_day + 1;
  if (schedule.last_accrued_day.has_value()) {
    day = std::max(day, *schedule.last_accrued_day + 1);
  }
  std::vector<DailyLateFee> fees;
  auto receipt = receipts.begin();
  for (; day <= as_of; ++day) {
    for (; receipt != receipts.end() && receipt->first <= day; ++receipt) {
      received_later -= receipt->second;
    }
    HK_ASSIGN_OR_RETURN(const Fen base, AddFen(schedule.open_now, received_later));
    if (base == 0) break;  // paid in full: nothing more to charge
    const int32_t days_overdue = day - schedule.due_day;
    HK_ASSIGN_OR_RETURN(const Fen through_day, LateFee(base, days_overdue, config));
    HK_ASSIGN_OR_RETURN(const Fen through_previous, LateFee(base, days_overdue - 1, config));
    fees.push_back(DailyLateFee{day, base, through_day - through_previous});
  }
  return fees;
}

}  // namespace huikuan::core
