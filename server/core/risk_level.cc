#include "server/core/risk_level.h"

#include <algorithm>
#include <string>

#include "absl/strings/str_cat.h"
#include "server/core/enum_names.h"
#include "server/core/status_macros.h"

namespace huikuan::core {
namespace {

// 1234 -> "12.34%".
std::string FormatPercentBp(BasisPoints bp) {
  return absl::StrCat(bp / 100, ".", absl::Dec(bp % 100, absl::kZeroPad2), "%");
}

}  // namespace

std::optional<WarningLevel> ParseWarningLevel(absl::string_view name) {
  return ParseEnumName<WarningLevel, 4>(name, WarningLevelName);
}

absl::StatusOr<RiskEvaluation> EvaluateRisk(const RiskFacts& facts, EpochDay as_of,
                                            const RiskConfig& config) {
  if (config.signal_window_days < 0 || config.broken_promise_window_days < 0 ||
      config.broken_promises_for_yellow < 1) {
    return absl::InvalidArgumentError(
        "config: windows must be >= 0 and broken_promises_for_yellow >= 1");
  }
  if (facts.broken_promises < 0) {
    return absl::InvalidArgumentError("broken_promises: must be >= 0");
  }
  HK_ASSIGN_OR_RETURN(WarningResult ledger, EvaluateCustomerWarning(facts.ledger, config.warning));
  RiskEvaluation out;
  for (WarningReason& r : ledger.reasons) {
    out.reasons.push_back({std::move(r.rule), r.level, std::move(r.text)});
  }
  if (facts.broken_promises >= config.broken_promises_for_yellow) {
    out.reasons.push_back(
        {"PROMISES", WarningLevel::kYellow,
         absl::StrCat(facts.broken_promises, " promise(s) to pay broken in the last ",
                      config.broken_promise_window_days, " days")});
  }
  HK_ASSIGN_OR_RETURN(bool owner_trend, SalespersonOverdueTrend(facts.owner_overdue_rates_bp));
  if (owner_trend && facts.ledger.balance_over_30_days_overdue > 0 &&
      config.salesperson_trend_level != WarningLevel::kGreen) {
    const auto& r = facts.owner_overdue_rates_bp;
    const size_t n = r.size();
    out.reasons.push_back(
        {"R-WARN-3", config.salesperson_trend_level,
         absl::StrCat("the salesperson's overdue rate rose two months in a row: ",
                      FormatPercentBp(r[n - 3]), " -> ", FormatPercentBp(r[n - 2]), " -> ",
                      FormatPercentBp(r[n - 1]), " of the balance; this customer has ",
                      FormatYuan(facts.ledger.overdue_total), " yuan overdue, ",
                      FormatYuan(facts.ledger.balance_over_30_days_overdue),
                      " of it more than 30 days")});
  }
  for (const RiskSignal& signal : facts.signals) {
    if (signal.day > as_of || as_of - signal.day > config.signal_window_days) continue;
    SignalVerdict verdict = JudgeSignal(signal, config.signals);
    if (verdict.level == WarningLevel::kGreen) continue;
    out.reasons.push_back({std::move(verdict.rule), verdict.level,
                           absl::StrCat(verdict.text, " on ", FormatDate(signal.day))});
  }
  std::stable_sort(out.reasons.begin(), out.reasons.end(),
                   [](const RiskReason& a, const RiskReason& b) { return a.level > b.level; });
  if (!out.reasons.empty()) out.level = out.reasons.front().level;
  return out;
}

absl::StatusOr<CreditRecommendation> CapRecommendation(const CreditRecommendation& recommendation,
                                                       WarningLevel level, bool is_new_customer,
                                                       Fen monthly_purchases, Fen current_limit,
                                                       const RiskConfig& config) {
  if (level == WarningLevel::kGreen) return recommendation;
  const CreditGrade best = config.best_grade[static_cast<int>(level)];
  CreditRecommendation capped = recommendation;
  if (recommendation.grade < best) {
    HK_ASSIGN_OR_RETURN(capped, RecommendCredit(best, is_new_customer, monthly_purchases));
  }
  absl::StrAppend(&capped.reason, "; warning level ", WarningLevelName(level), ": at best grade ",
                  CreditGradeName(best));
  if (current_limit > 0 && capped.credit_limit > current_limit) {
    capped.credit_limit = current_limit;
    absl::StrAppend(&capped.reason, ", limit held at the current ", FormatYuan(current_limit),
                    " yuan");
  }
  return capped;
}

}  // namespace huikuan::core
