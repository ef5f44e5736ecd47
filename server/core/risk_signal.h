// External risk signals (issue 10): credit-report grade changes, lawsuits and enforcement (诉讼,
// 被执行人, 失信被执行人), tax credit grade changes, bank credit line changes, business anomalies
// (经营异常, 行政处罚). Each comes from a source with its own reference (deduplicated by the pair),
// has a day, an amount where it has one and an evidence link or text, and sets a warning level of
// its own while it is recent (RiskConfig::signal_window_days, risk_level.h).
//
//   RiskSignal s{.kind = SignalKind::kBankLine, .amount = 4'200'000'000,
//                .previous_amount = 6'000'000'000};
//   SignalVerdict v = JudgeSignal(s, SignalConfig());   // orange: the line cut by 30%
//
// Thread-safe: pure functions of their arguments, no global state, no I/O.
#ifndef HUIKUAN_SERVER_CORE_RISK_SIGNAL_H_
#define HUIKUAN_SERVER_CORE_RISK_SIGNAL_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "server/core/civil_date.h"
#include "server/core/money.h"
#include "server/core/scorecard.h"
#include "server/core/warnings.h"

namespace huikuan::core {

// Stable numeric values.
enum class SignalKind : int8_t {
  kCreditReportGrade = 0,      // a credit bureau's grade changed; value = new grade
  kLawsuit = 1,                // 诉讼: sued (by a supplier, a bank); amount = the claim
  kEnforcement = 2,            // 被执行人: a court enforces a judgment; amount = the sum
  kDishonestDebtor = 3,        // 失信被执行人: listed as a dishonest judgment debtor
  kTaxGrade = 4,               // 纳税信用等级 changed; value = "A", "B", "M", "C" or "D"
  kBankLine = 5,               // bank credit line changed; amount = the new line
  kBusinessAnomaly = 6,        // 经营异常: listed for abnormal operations
  kAdministrativePenalty = 7,  // 行政处罚; amount = the fine
};
inline constexpr int kSignalKindCount = 8;
// "credit_report_grade", "lawsuit", "enforcement", "dishonest_debtor", "tax_grade", "bank_line",
// "business_anomaly", "administrative_penalty".
absl::string_view SignalKindName(SignalKind kind);
std::optional<SignalKind> ParseSignalKind(absl::string_view name);
std::optional<TaxCreditGrade> ParseTaxCreditGrade(absl::string_view name);  // "A" .. "D"

struct RiskSignal {
  SignalKind kind = SignalKind::kLawsuit;
  std::string source;         // who reported it: "qichacha", "pboc_credit_report", "court", ...
  std::string reference;      // the source's id for it; (source, reference) is unique
  EpochDay day = 0;           // when it happened (the filing, the change)
  std::optional<Fen> amount;  // claim, sum, fine, or the new bank line
  std::optional<Fen> previous_amount;  // bank line before (from the profile when recorded)
  std::string value;                   // new grade (credit report, tax)
  std::string previous_value;          // grade before
  std::string evidence;                // a link or the text
};

// INVALID_ARGUMENT naming the field ("signal.reference: is required", "signal.amount: ...").
// `today`: a signal cannot be dated in the future. Bank line signals need an amount; tax grade
// signals a value that ParseTaxCreditGrade reads.
absl::Status ValidateSignal(const RiskSignal& signal, EpochDay today, absl::string_view prefix);

struct SignalConfig {
  int32_t bank_cut_orange_pct = 30;  // the line cut by at least this much -> orange
  int32_t bank_cut_yellow_pct = 10;  // ... by at least this much -> yellow
};

struct SignalVerdict {
  WarningLevel level = WarningLevel::kGreen;  // green: the signal is no warning (an upgrade)
  std::string rule;                           // "SIGNAL-LAWSUIT", ...
  std::string text;                           // why, with the figures
};
// Lawsuit -> orange; enforcement, dishonest debtor -> red; tax grade C/D -> orange, M -> yellow;
// bank line cut >= 30% -> orange, >= 10% -> yellow; a credit-report downgrade (a later letter or
// more plus/minus signs: "AA" -> "A", "B+" -> "B") -> yellow; business anomaly, penalty -> yellow.
SignalVerdict JudgeSignal(const RiskSignal& signal, const SignalConfig& config = SignalConfig());

}  // namespace huikuan::core

#endif  // HUIKUAN_SERVER_CORE_RISK_SIGNAL_H_
