#include "server/core/promise.h"

#include <algorithm>
#include <vector>

#include "absl/strings/str_cat.h"
#include "server/core/enum_names.h"
#include "server/core/status_macros.h"
#include "server/core/violations.h"

namespace huikuan::core {

absl::string_view PromiseStatusName(PromiseStatus status) {
  switch (status) {
    case PromiseStatus::kOpen:
      return "open";
    case PromiseStatus::kKept:
      return "kept";
    case PromiseStatus::kPartiallyKept:
      return "partially_kept";
    case PromiseStatus::kBroken:
      return "broken";
  }
  return "open";
}

std::optional<PromiseStatus> ParsePromiseStatus(absl::string_view name) {
  return ParseEnumName<PromiseStatus, kPromiseStatusCount>(name, PromiseStatusName);
}

EpochDay PromiseDeadline(const PromiseTerms& terms) {
  return terms.promised_day + terms.tolerance_days;
}

absl::Status ValidatePromise(const PromiseTerms& terms, Fen open_total, EpochDay today) {
  if (terms.amount <= 0 || terms.amount > open_total) {
    return FieldViolation("amount_fen",
                          absl::StrCat("must be > 0 and at most what the invoices have open (",
                                       MoneyText(open_total), ")"));
  }
  if (terms.promised_day < today || terms.promised_day > today + kMaxPromiseHorizonDays) {
    return FieldViolation("promised_date",
                          absl::StrCat("must be from today to ", kMaxPromiseHorizonDays,
                                       " days ahead (longer: a payment plan)"));
  }
  if (terms.tolerance_days < 0 || terms.tolerance_days > kMaxPromiseToleranceDays) {
    return FieldViolation("tolerance_days",
                          absl::StrCat("must be 0 to ", kMaxPromiseToleranceDays));
  }
  return absl::OkStatus();
}

absl::StatusOr<PromiseEvaluation> EvaluatePromise(const PromiseTerms& terms,
                                                  absl::Span<const DatedAmount> cash,
                                                  EpochDay as_of) {
  HK_RETURN_IF_ERROR(ValidateAmount(terms.amount, "amount"));
  HK_RETURN_IF_ERROR(ValidateEpochDay(terms.made_day, "made_day"));
  HK_RETURN_IF_ERROR(ValidateEpochDay(terms.promised_day, "promised_day"));
  HK_RETURN_IF_ERROR(ValidateEpochDay(as_of, "as_of"));
  const EpochDay deadline = PromiseDeadline(terms);
  std::vector<DatedAmount> counted;
  for (size_t i = 0; i < cash.size(); ++i) {
    HK_RETURN_IF_ERROR(ValidateAmount(cash[i].amount, absl::StrCat("cash[", i, "].amount")));
    if (cash[i].day < terms.made_day || cash[i].day > deadline || cash[i].day > as_of) continue;
    counted.push_back(cash[i]);
  }
  // In day order, so the day the amount became complete is known.
  std::sort(counted.begin(), counted.end(),
            [](const DatedAmount& a, const DatedAmount& b) { return a.day < b.day; });
  PromiseEvaluation evaluation;
  for (const DatedAmount& receipt : counted) {
    HK_ASSIGN_OR_RETURN(evaluation.paid, AddFen(evaluation.paid, receipt.amount));
    if (evaluation.paid >= terms.amount && !evaluation.decided_day) {
      evaluation.status = PromiseStatus::kKept;
      evaluation.decided_day = receipt.day;
    }
  }
  if (evaluation.status == PromiseStatus::kKept || as_of <= deadline) return evaluation;
  evaluation.status = evaluation.paid > 0 ? PromiseStatus::kPartiallyKept : PromiseStatus::kBroken;
  evaluation.decided_day = deadline + 1;
  return evaluation;
}

}  // namespace huikuan::core
