#include "server/core/payment_plan.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "server/core/enum_names.h"
#include "server/core/status_macros.h"
#include "server/core/violations.h"

namespace huikuan::core {

absl::string_view PlanStatusName(PlanStatus status) {
  switch (status) {
    case PlanStatus::kRequested:
      return "requested";
    case PlanStatus::kActive:
      return "active";
    case PlanStatus::kRejected:
      return "rejected";
    case PlanStatus::kCompleted:
      return "completed";
    case PlanStatus::kDefaulted:
      return "defaulted";
  }
  return "requested";
}

std::optional<PlanStatus> ParsePlanStatus(absl::string_view name) {
  return ParseEnumName<PlanStatus, kPlanStatusCount>(name, PlanStatusName);
}

absl::StatusOr<std::vector<Instalment>> SplitInstalments(Fen total, int32_t count,
                                                         EpochDay first_due,
                                                         int32_t interval_months) {
  if (total <= 0 || total > kMaxAbsFen) {
    return FieldViolation("total", absl::StrCat("must be > 0 and at most ", kMaxAbsFen, " fen"));
  }
  if (count < 1 || count > kMaxInstalments) {
    return FieldViolation("count", absl::StrCat("must be 1 to ", kMaxInstalments));
  }
  if (interval_months < 1 || interval_months > 12) {
    return FieldViolation("interval_months", "must be 1 to 12");
  }
  // Whole yuan when every instalment gets at least one; fen otherwise.
  const Fen unit = total / count >= kFenPerYuan ? kFenPerYuan : 1;
  const Fen each = total / count / unit * unit;
  std::vector<Instalment> instalments;
  instalments.reserve(count);
  for (int32_t k = 0; k < count; ++k) {
    HK_ASSIGN_OR_RETURN(EpochDay due, AddMonths(first_due, k * interval_months));
    instalments.push_back({due, k + 1 < count ? each : total - each * (count - 1)});
  }
  return instalments;
}

absl::Status CheckSchedule(absl::Span<const Instalment> instalments, Fen total,
                           EpochDay earliest_due) {
  if (instalments.empty() || instalments.size() > static_cast<size_t>(kMaxInstalments)) {
    return FieldViolation("instalments",
                          absl::StrCat("must have 1 to ", kMaxInstalments, " instalments"));
  }
  Fen sum = 0;
  for (size_t k = 0; k < instalments.size(); ++k) {
    const std::string at = absl::StrCat("instalments[", k, "]");
    if (instalments[k].amount <= 0 || instalments[k].amount > kMaxAbsFen) {
      return FieldViolation(absl::StrCat(at, ".amount_fen"), "must be > 0");
    }
    if (!IsValidEpochDay(instalments[k].due_day) || instalments[k].due_day < earliest_due) {
      return FieldViolation(absl::StrCat(at, ".due_date"),
                            absl::StrCat("must be on or after ", FormatDate(earliest_due)));
    }
    if (k > 0 && instalments[k].due_day <= instalments[k - 1].due_day) {
      return FieldViolation(absl::StrCat(at, ".due_date"),
                            "must be after the previous instalment's due date");
    }
    HK_ASSIGN_OR_RETURN(sum, AddFen(sum, instalments[k].amount));
  }
  if (sum != total) {
    return FieldViolation("instalments",
                          absl::StrCat("sum to ", MoneyText(sum), ", not the open amount ",
                                       MoneyText(total), " (exactly, to the fen)"));
  }
  return absl::OkStatus();
}

std::vector<ApproverRole> PlanApprovers(Fen total, const ApprovalChainConfig& chain) {
  const Fen authority = chain.bands.empty() ? 0 : chain.bands.back().up_to;
  if (total > authority) return {ApproverRole::kFinanceHead, ApproverRole::kManagementHead};
  return {ApproverRole::kFinanceHead};
}

absl::StatusOr<PlanProgress> EvaluatePlan(absl::Span<const Instalment> instalments,
                                          EpochDay start_day, absl::Span<const DatedAmount> cash,
                                          int32_t grace_days, EpochDay as_of) {
  HK_RETURN_IF_ERROR(ValidateEpochDay(start_day, "start_day"));
  HK_RETURN_IF_ERROR(ValidateEpochDay(as_of, "as_of"));
  if (grace_days < 0 || grace_days > kMaxInstalmentGraceDays) {
    return absl::InvalidArgumentError("grace_days: out of range");
  }
  Fen total = 0;
  for (const Instalment& instalment : instalments) {
    HK_ASSIGN_OR_RETURN(total, AddFen(total, instalment.amount));
  }
  HK_RETURN_IF_ERROR(CheckSchedule(instalments, total, kMinEpochDay));
  std::vector<DatedAmount> counted;
  for (size_t i = 0; i < cash.size(); ++i) {
    HK_RETURN_IF_ERROR(ValidateAmount(cash[i].amount, absl::StrCat("cash[", i, "].amount")));
    if (cash[i].day >= start_day && cash[i].day <= as_of) counted.push_back(cash[i]);
  }
  std::sort(counted.begin(), counted.end(),
            [](const DatedAmount& a, const DatedAmount& b) { return a.day < b.day; });
  // Cash received up to the end of `day`.
  const auto paid_through = [&](EpochDay day) {
    Fen paid = 0;
    for (const DatedAmount& receipt : counted) {
      if (receipt.day > day) break;
      paid += receipt.amount;  // bounded by the sum checked below
    }
    return paid;
  };
  PlanProgress progress;
  std::optional<EpochDay> completed_day;
  for (const DatedAmount& receipt : counted) {
    HK_ASSIGN_OR_RETURN(progress.paid, AddFen(progress.paid, receipt.amount));
    if (!completed_day && progress.paid >= total) completed_day = receipt.day;
  }
  Fen due_through = 0;
  for (size_t k = 0; k < instalments.size(); ++k) {
    due_through += instalments[k].amount;
    const EpochDay deadline = instalments[k].due_day + grace_days;
    if (progress.paid >= due_through) ++progress.instalments_met;
    // A miss is known the day after the deadline; everything paid before it wins.
    if (as_of <= deadline || (completed_day && *completed_day <= deadline)) continue;
    if (paid_through(deadline) < due_through) {
      progress.status = PlanStatus::kDefaulted;
      progress.missed = k;
      progress.end_day = deadline + 1;
      progress.instalments_met = static_cast<int32_t>(k);
      return progress;
    }
  }
  if (completed_day) {
    progress.status = PlanStatus::kCompleted;
    progress.end_day = completed_day;
  }
  return progress;
}

}  // namespace huikuan::core
