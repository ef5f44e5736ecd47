#include "server/core/risk_signal.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "server/core/enum_names.h"
#include "server/core/text_fields.h"
#include "server/core/violations.h"

namespace huikuan::core {
namespace {

constexpr size_t kMaxText = 2000;

// A credit-report grade as a comparable number: the letter first (A best), then more letters
// better ("AAA" over "AA"), then "+" over none over "-". Lower is better.
int64_t GradeRank(absl::string_view grade) {
  if (grade.empty()) return 0;
  const char letter = absl::ascii_toupper(grade[0]);
  int repeats = 0;
  size_t i = 0;
  while (i < grade.size() && absl::ascii_toupper(grade[i]) == letter) ++repeats, ++i;
  int sign = 0;
  for (; i < grade.size(); ++i) {
    if (grade[i] == '+') sign = -1;
    if (grade[i] == '-') sign = 1;
  }
  return (letter - 'A') * 100 - repeats * 10 + sign;
}

std::string Field(absl::string_view prefix, absl::string_view name) {
  return prefix.empty() ? std::string(name) : absl::StrCat(prefix, ".", name);
}

}  // namespace

absl::string_view SignalKindName(SignalKind kind) {
  switch (kind) {
    case SignalKind::kCreditReportGrade:
      return "credit_report_grade";
    case SignalKind::kLawsuit:
      return "lawsuit";
    case SignalKind::kEnforcement:
      return "enforcement";
    case SignalKind::kDishonestDebtor:
      return "dishonest_debtor";
    case SignalKind::kTaxGrade:
      return "tax_grade";
    case SignalKind::kBankLine:
      return "bank_line";
    case SignalKind::kBusinessAnomaly:
      return "business_anomaly";
    case SignalKind::kAdministrativePenalty:
      return "administrative_penalty";
  }
  return "lawsuit";
}

std::optional<SignalKind> ParseSignalKind(absl::string_view name) {
  return ParseEnumName<SignalKind, kSignalKindCount>(name, SignalKindName);
}

std::optional<TaxCreditGrade> ParseTaxCreditGrade(absl::string_view name) {
  return ParseEnumName<TaxCreditGrade, 5>(name, TaxCreditGradeName);
}

absl::Status ValidateSignal(const RiskSignal& s, EpochDay today, absl::string_view prefix) {
  FieldViolations v;
  // Text fields follow the shared rules (text_fields.h): valid UTF-8, no control characters,
  // names and references not blank.
  v.AddAll(CheckName(Field(prefix, "source"), s.source, 64), Field(prefix, "source"));
  v.AddAll(CheckName(Field(prefix, "reference"), s.reference, 128), Field(prefix, "reference"));
  if (s.day > today) v.Add(Field(prefix, "signal_date"), "must not be after today");
  if (s.amount.has_value() && (*s.amount < 0 || *s.amount > kMaxAbsFen)) {
    v.Add(Field(prefix, "amount_fen"), "must be between 0 and the maximum amount");
  }
  if (s.kind == SignalKind::kBankLine && !s.amount.has_value()) {
    v.Add(Field(prefix, "amount_fen"), "is required for a bank line signal (the new line)");
  }
  if (s.kind == SignalKind::kTaxGrade && !ParseTaxCreditGrade(s.value)) {
    v.Add(Field(prefix, "value"), "must be a tax credit grade: A, B, M, C or D");
  } else if (s.kind == SignalKind::kCreditReportGrade && s.value.empty()) {
    v.Add(Field(prefix, "value"), "is required for a credit report grade (the new grade)");
  } else if (!s.value.empty()) {
    v.AddAll(CheckName(Field(prefix, "value"), s.value, 16), Field(prefix, "value"));
  }
  if (!s.previous_value.empty()) {
    v.AddAll(CheckName(Field(prefix, "previous_value"), s.previous_value, 16),
             Field(prefix, "previous_value"));
  }
  v.AddAll(CheckText(Field(prefix, "evidence"), s.evidence, Presence::kOptional, kMaxText),
           Field(prefix, "evidence"));
  return v.ToStatus();
}

SignalVerdict JudgeSignal(const RiskSignal& s, const SignalConfig& c) {
  SignalVerdict v;
  const std::string amount =
      s.amount ? absl::StrCat(" ", FormatYuan(*s.amount), " yuan") : std::string();
  switch (s.kind) {
    case SignalKind::kLawsuit:
      v = {WarningLevel::kOrange, "SIGNAL-LAWSUIT",
           absl::StrCat("lawsuit (诉讼)", amount, " from ", s.source, " ", s.reference)};
      break;
    case SignalKind::kEnforcement:
      v = {WarningLevel::kRed, "SIGNAL-ENFORCEMENT",
           absl::StrCat("judgment enforced (被执行人)", amount, " from ", s.source, " ",
                        s.reference)};
      break;
    case SignalKind::kDishonestDebtor:
      v = {WarningLevel::kRed, "SIGNAL-DISHONEST",
           absl::StrCat("listed as a dishonest judgment debtor (失信被执行人) by ", s.source, " ",
                        s.reference)};
      break;
    case SignalKind::kTaxGrade: {
      const std::optional<TaxCreditGrade> g = ParseTaxCreditGrade(s.value);
      if (g && (*g == TaxCreditGrade::kC || *g == TaxCreditGrade::kD)) {
        v = {WarningLevel::kOrange, "SIGNAL-TAX", absl::StrCat("tax credit grade now ", s.value)};
      } else if (g && *g == TaxCreditGrade::kM) {
        v = {WarningLevel::kYellow, "SIGNAL-TAX", absl::StrCat("tax credit grade now ", s.value)};
      }
      break;
    }
    case SignalKind::kBankLine: {
      if (!s.amount || !s.previous_amount || *s.previous_amount <= 0 ||
          *s.amount >= *s.previous_amount) {
        break;
      }
      // cut% = (before - after) / before, compared exactly in integers.
      const __int128 cut = static_cast<__int128>(*s.previous_amount - *s.amount) * 100;
      const __int128 before = *s.previous_amount;
      const std::string text = absl::StrFormat(
          "bank credit line cut %.1f%% from %s to %s yuan",
          100.0 * static_cast<double>(*s.previous_amount - *s.amount) / *s.previous_amount,
          FormatYuan(*s.previous_amount), FormatYuan(*s.amount));
      if (cut >= before * c.bank_cut_orange_pct) {
        v = {WarningLevel::kOrange, "SIGNAL-BANK-LINE", text};
      } else if (cut >= before * c.bank_cut_yellow_pct) {
        v = {WarningLevel::kYellow, "SIGNAL-BANK-LINE", text};
      }
      break;
    }
    case SignalKind::kCreditReportGrade:
      if (!s.previous_value.empty() && GradeRank(s.value) > GradeRank(s.previous_value)) {
        v = {WarningLevel::kYellow, "SIGNAL-CREDIT-REPORT",
             absl::StrCat("credit report grade down from ", s.previous_value, " to ", s.value, " (",
                          s.source, ")")};
      }
      break;
    case SignalKind::kBusinessAnomaly:
      v = {WarningLevel::kYellow, "SIGNAL-ANOMALY",
           absl::StrCat("listed for abnormal operations (经营异常) by ", s.source)};
      break;
    case SignalKind::kAdministrativePenalty:
      v = {WarningLevel::kYellow, "SIGNAL-PENALTY",
           absl::StrCat("administrative penalty (行政处罚)", amount, " from ", s.source)};
      break;
  }
  return v;
}

}  // namespace huikuan::core
