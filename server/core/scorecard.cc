#include "server/core/scorecard.h"

#include <algorithm>
#include <limits>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "server/core/column_checks.h"
#include "server/core/count_below.h"
#include "server/core/status_macros.h"

namespace huikuan::core {
namespace {

struct Points {
  int32_t size = 0;
  int32_t tax = 0;
  int32_t bank = 0;
  int32_t history = 0;
  int bank_level = -1;  // index of the threshold reached, -1 if none
  int32_t total() const { return size + tax + bank + history; }
};

absl::Status CheckPoints(absl::string_view field, int32_t value, int32_t max) {
  if (value < 0 || value > max) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": ", value, " is outside 0..", max));
  }
  return absl::OkStatus();
}

// Inputs already validated; no allocation, used by the batch path too.
// no_history without paid invoices, else round half-up of history_max * on_time / paid, in
// integers; a 32-bit division when both operands fit (the common case, several times cheaper
// than a 64-bit one). Inputs validated.
[[gnu::always_inline]] inline int32_t HistoryPoints(int32_t paid, int32_t on_time,
                                                    int32_t history_max, int32_t no_history) {
  if (paid == 0) return no_history;
  const int64_t num = static_cast<int64_t>(history_max) * on_time;
  const uint64_t dividend = static_cast<uint64_t>(2 * num + paid);
  const uint64_t divisor = 2 * static_cast<uint64_t>(paid);
  return static_cast<int32_t>((dividend | divisor) <= std::numeric_limits<uint32_t>::max()
                                  ? static_cast<uint32_t>(dividend) / static_cast<uint32_t>(divisor)
                                  : static_cast<int64_t>(2 * num + paid) /
                                        static_cast<int64_t>(divisor));
}

// Inlined into ScoreBatch's loop (a call per customer cost more than the arithmetic).
[[gnu::always_inline]] inline Points ComputePoints(EnterpriseSize size, TaxCreditGrade tax,
                                                   Fen bank_line, int32_t paid, int32_t on_time,
                                                   const ScorecardConfig& c) {
  Points p;
  p.size = c.size_points[static_cast<int>(size)];
  p.tax = c.tax_points[static_cast<int>(tax)];
  // The first (highest) threshold the line reaches, without data-dependent branches: random credit
  // lines would mispredict an early exit.
  bool found = false;
  for (size_t i = 0; i < c.bank_thresholds.size(); ++i) {
    const bool hit = !found & (bank_line >= c.bank_thresholds[i]);
    p.bank = hit ? c.bank_points[i] : p.bank;
    p.bank_level = hit ? static_cast<int>(i) : p.bank_level;
    found |= hit;
  }
  p.history = HistoryPoints(paid, on_time, c.history_max, c.no_history_points);
  return p;
}

absl::Status ValidateInput(int8_t size, int8_t tax, Fen bank_line, int32_t paid, int32_t on_time,
                           absl::string_view suffix) {
  if (size < 0 || size > 3) {
    return absl::InvalidArgumentError(
        absl::StrCat("sizes", suffix, ": ", size, " is not an EnterpriseSize"));
  }
  if (tax < 0 || tax > 4) {
    return absl::InvalidArgumentError(
        absl::StrCat("tax_grades", suffix, ": ", tax, " is not a TaxCreditGrade"));
  }
  HK_RETURN_IF_ERROR(ValidateAmount(bank_line, absl::StrCat("bank_credit_lines", suffix)));
  if (paid < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("paid_invoices", suffix, ": ", paid, " is negative"));
  }
  if (on_time < 0 || on_time > paid) {
    return absl::InvalidArgumentError(
        absl::StrCat("paid_on_time", suffix, ": ", on_time, " is outside 0..", paid));
  }
  return absl::OkStatus();
}

std::string RiskBand(RiskLevel risk, const ScorecardConfig& c) {
  switch (risk) {
    case RiskLevel::kLow:
      return absl::StrCat(">=", c.low_risk_min);
    case RiskLevel::kMedium:
      return absl::StrCat(c.medium_risk_min, "-", c.low_risk_min - 1);
    case RiskLevel::kHigh:
      return absl::StrCat("<", c.medium_risk_min);
  }
  return "";
}

}  // namespace

absl::string_view EnterpriseSizeName(EnterpriseSize size) {
  switch (size) {
    case EnterpriseSize::kMicro:
      return "micro";
    case EnterpriseSize::kSmall:
      return "small";
    case EnterpriseSize::kMedium:
      return "medium";
    case EnterpriseSize::kLarge:
      return "large";
  }
  return "unknown";
}

absl::string_view TaxCreditGradeName(TaxCreditGrade grade) {
  switch (grade) {
    case TaxCreditGrade::kA:
      return "A";
    case TaxCreditGrade::kB:
      return "B";
    case TaxCreditGrade::kM:
      return "M";
    case TaxCreditGrade::kC:
      return "C";
    case TaxCreditGrade::kD:
      return "D";
  }
  return "unknown";
}

absl::string_view RiskLevelName(RiskLevel risk) {
  switch (risk) {
    case RiskLevel::kLow:
      return "low";
    case RiskLevel::kMedium:
      return "medium";
    case RiskLevel::kHigh:
      return "high";
  }
  return "unknown";
}

absl::string_view CreditGradeName(CreditGrade grade) {
  switch (grade) {
    case CreditGrade::kA:
      return "A";
    case CreditGrade::kB:
      return "B";
    case CreditGrade::kC:
      return "C";
    case CreditGrade::kD:
      return "D";
  }
  return "unknown";
}

absl::Status ValidateScorecardConfig(const ScorecardConfig& c) {
  for (auto [name, value] : {std::pair<absl::string_view, int32_t>{"size_max", c.size_max},
                             {"tax_max", c.tax_max},
                             {"bank_max", c.bank_max},
                             {"history_max", c.history_max}}) {
    if (value < 0)
      return absl::InvalidArgumentError(absl::StrCat(name, ": ", value, " is negative"));
  }
  const int64_t sum = int64_t{c.size_max} + c.tax_max + c.bank_max + c.history_max;
  if (sum != 100) {
    return absl::InvalidArgumentError(
        absl::StrCat("size_max + tax_max + bank_max + history_max: ", sum, " != 100"));
  }
  for (size_t i = 0; i < c.size_points.size(); ++i) {
    HK_RETURN_IF_ERROR(
        CheckPoints(absl::StrCat("size_points[", i, "]"), c.size_points[i], c.size_max));
  }
  for (size_t i = 0; i < c.tax_points.size(); ++i) {
    HK_RETURN_IF_ERROR(
        CheckPoints(absl::StrCat("tax_points[", i, "]"), c.tax_points[i], c.tax_max));
  }
  HK_RETURN_IF_ERROR(CheckLength("bank_points", c.bank_points.size(), c.bank_thresholds.size()));
  for (size_t i = 0; i < c.bank_thresholds.size(); ++i) {
    HK_RETURN_IF_ERROR(
        CheckPoints(absl::StrCat("bank_points[", i, "]"), c.bank_points[i], c.bank_max));
    HK_RETURN_IF_ERROR(
        ValidateAmount(c.bank_thresholds[i], absl::StrCat("bank_thresholds[", i, "]")));
    if (i > 0 && c.bank_thresholds[i] >= c.bank_thresholds[i - 1]) {
      return absl::InvalidArgumentError(
          absl::StrCat("bank_thresholds[", i, "]: not below the previous threshold"));
    }
  }
  HK_RETURN_IF_ERROR(CheckPoints("no_history_points", c.no_history_points, c.history_max));
  if (!(0 < c.medium_risk_min && c.medium_risk_min <= c.low_risk_min && c.low_risk_min <= 100)) {
    return absl::InvalidArgumentError(
        absl::StrCat("medium_risk_min/low_risk_min: ", c.medium_risk_min, "/", c.low_risk_min,
                     " must satisfy 0 < medium <= low <= 100"));
  }
  if (!(0 < c.grade_c_min && c.grade_c_min <= c.grade_b_min && c.grade_b_min <= c.grade_a_min &&
        c.grade_a_min <= 100)) {
    return absl::InvalidArgumentError(
        absl::StrCat("grade_c_min/grade_b_min/grade_a_min: ", c.grade_c_min, "/", c.grade_b_min,
                     "/", c.grade_a_min, " must satisfy 0 < C <= B <= A <= 100"));
  }
  return absl::OkStatus();
}

RiskLevel RiskForTotal(int32_t total, const ScorecardConfig& config) {
  if (total >= config.low_risk_min) return RiskLevel::kLow;
  if (total >= config.medium_risk_min) return RiskLevel::kMedium;
  return RiskLevel::kHigh;
}

CreditGrade GradeForTotal(int32_t total, const ScorecardConfig& config) {
  if (total >= config.grade_a_min) return CreditGrade::kA;
  if (total >= config.grade_b_min) return CreditGrade::kB;
  if (total >= config.grade_c_min) return CreditGrade::kC;
  return CreditGrade::kD;
}

absl::StatusOr<Scorecard> ScoreCustomer(const ScoreInput& in, const ScorecardConfig& c) {
  HK_RETURN_IF_ERROR(ValidateScorecardConfig(c));
  HK_RETURN_IF_ERROR(ValidateInput(static_cast<int8_t>(in.size), static_cast<int8_t>(in.tax_grade),
                                   in.bank_credit_line, in.paid_invoices, in.paid_on_time, ""));
  const Points p = ComputePoints(in.size, in.tax_grade, in.bank_credit_line, in.paid_invoices,
                                 in.paid_on_time, c);
  Scorecard s;
  s.components.push_back({"enterprise_size", p.size, c.size_max,
                          absl::StrCat("enterprise size ", EnterpriseSizeName(in.size), ": ",
                                       p.size, " of ", c.size_max, " points")});
  s.components.push_back({"tax_credit_grade", p.tax, c.tax_max,
                          absl::StrCat("tax credit grade ", TaxCreditGradeName(in.tax_grade), ": ",
                                       p.tax, " of ", c.tax_max, " points")});
  std::string bank_reason;
  if (p.bank_level >= 0) {
    bank_reason = absl::StrCat("bank credit line ", FormatYuan(in.bank_credit_line),
                               " yuan >= ", FormatYuan(c.bank_thresholds[p.bank_level]), " yuan");
  } else if (in.bank_credit_line == 0) {
    bank_reason = "no bank credit line";
  } else {
    bank_reason = absl::StrCat("bank credit line ", FormatYuan(in.bank_credit_line),
                               " yuan is below ", FormatYuan(c.bank_thresholds.back()), " yuan");
  }
  s.components.push_back({"bank_credit_line", p.bank, c.bank_max,
                          absl::StrCat(bank_reason, ": ", p.bank, " of ", c.bank_max, " points")});
  std::string history_reason =
      in.paid_invoices == 0
          ? std::string("no payment history (new customer)")
          : absl::StrFormat("%d of %d invoices paid on time (%.2f%%)", in.paid_on_time,
                            in.paid_invoices, 100.0 * in.paid_on_time / in.paid_invoices);
  int32_t history = p.history;
  if (in.behaviour.has_value()) {
    HK_RETURN_IF_ERROR(ValidatePaymentBehaviourConfig(c.behaviour));
    HK_RETURN_IF_ERROR(ValidatePaymentBehaviour(*in.behaviour));
    s.deductions = PaymentDeductions(*in.behaviour, c.behaviour);
    for (const PaymentDeduction& d : s.deductions) {
      history = std::max(0, history - d.points);
      absl::StrAppend(&history_reason, "; ", d.reason);
    }
  }
  s.components.push_back(
      {"payment_history", history, c.history_max,
       absl::StrCat(history_reason, ": ", history, " of ", c.history_max, " points")});
  s.total = p.total() - (p.history - history);
  s.risk = RiskForTotal(s.total, c);
  s.grade = GradeForTotal(s.total, c);
  s.summary = absl::StrCat(s.total, " points: ", RiskLevelName(s.risk), " risk (",
                           RiskBand(s.risk, c), "), grade ", CreditGradeName(s.grade));
  return s;
}

namespace {

// ScoreBatch's loop, the config validated. kBankSlots > 0: at most that many bank thresholds,
// taken from local tables (read through the config's vectors they would be reloaded every row).
// The thresholds descend, so the ones a line stays below come first and their count is the index
// of the first one reached (K when none, worth 0); unused slots hold INT64_MIN, never above a
// line. 0: ComputePoints' loop over any number of thresholds.
template <size_t kBankSlots>
absl::Status ScoreRows(const ScoreColumns& cols, const ScorecardConfig& c,
                       absl::Span<int32_t> totals, absl::Span<int8_t> risks,
                       absl::Span<int8_t> grades) {
  constexpr size_t kSlots = kBankSlots > 0 ? kBankSlots : 1;
  int64_t thresholds[kSlots];
  int32_t bank_points[kSlots + 1] = {};
  for (size_t j = 0; j < kSlots; ++j) {
    const bool used = j < c.bank_thresholds.size();
    thresholds[j] = used ? c.bank_thresholds[j] : std::numeric_limits<int64_t>::min();
    bank_points[j] = used ? c.bank_points[j] : 0;
  }
  int32_t size_points[4], tax_points[5];
  std::copy(c.size_points.begin(), c.size_points.end(), size_points);
  std::copy(c.tax_points.begin(), c.tax_points.end(), tax_points);
  const int32_t history_max = c.history_max, no_history = c.no_history_points;
  const int32_t low = c.low_risk_min, medium = c.medium_risk_min;
  const int32_t grade_a = c.grade_a_min, grade_b = c.grade_b_min, grade_c = c.grade_c_min;
  // Raw pointers in the hot loop: Debian's Abseil is hardened, so every Span[] is bounds-checked.
  const int8_t* size_col = cols.sizes.data();
  const int8_t* tax_col = cols.tax_grades.data();
  const Fen* bank_col = cols.bank_credit_lines.data();
  const int32_t* paid_col = cols.paid_invoices.data();
  const int32_t* on_time_col = cols.paid_on_time.data();
  int32_t* total_out = totals.data();
  int8_t* risk_out = risks.data();
  int8_t* grade_out = grades.data();
  const size_t n = totals.size();
  for (size_t i = 0; i < n; ++i) {
    const int8_t size = size_col[i];
    const int8_t tax = tax_col[i];
    const Fen bank = bank_col[i];
    const int32_t paid = paid_col[i];
    const int32_t on_time = on_time_col[i];
    // One combined range test per row; the message is built only on failure.
    if (size < 0 || size > 3 || tax < 0 || tax > 4 || bank < 0 || bank > kMaxAbsFen || paid < 0 ||
        on_time < 0 || on_time > paid) {
      return ValidateInput(size, tax, bank, paid, on_time, absl::StrCat("[", i, "]"));
    }
    int32_t total = 0;
    if constexpr (kBankSlots > 0) {
      total = size_points[size] + tax_points[tax] + bank_points[CountAbove(bank, thresholds)] +
              HistoryPoints(paid, on_time, history_max, no_history);
    } else {
      total = ComputePoints(static_cast<EnterpriseSize>(size), static_cast<TaxCreditGrade>(tax),
                            bank, paid, on_time, c)
                  .total();
    }
    total_out[i] = total;
    // RiskForTotal and GradeForTotal without branches (the cut-offs are ordered: validated).
    risk_out[i] = static_cast<int8_t>(static_cast<int>(RiskLevel::kHigh) - (total >= medium) -
                                      (total >= low));
    grade_out[i] = static_cast<int8_t>(static_cast<int>(CreditGrade::kD) - (total >= grade_c) -
                                       (total >= grade_b) - (total >= grade_a));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ScoreBatch(const ScoreColumns& cols, const ScorecardConfig& c,
                        absl::Span<int32_t> totals, absl::Span<int8_t> risks,
                        absl::Span<int8_t> grades) {
  HK_RETURN_IF_ERROR(ValidateScorecardConfig(c));
  const size_t n = cols.sizes.size();
  HK_RETURN_IF_ERROR(CheckLength("tax_grades", cols.tax_grades.size(), n));
  HK_RETURN_IF_ERROR(CheckLength("bank_credit_lines", cols.bank_credit_lines.size(), n));
  HK_RETURN_IF_ERROR(CheckLength("paid_invoices", cols.paid_invoices.size(), n));
  HK_RETURN_IF_ERROR(CheckLength("paid_on_time", cols.paid_on_time.size(), n));
  HK_RETURN_IF_ERROR(CheckLength("totals", totals.size(), n));
  HK_RETURN_IF_ERROR(CheckLength("risks", risks.size(), n));
  HK_RETURN_IF_ERROR(CheckLength("grades", grades.size(), n));
  const size_t thresholds = c.bank_thresholds.size();
  if (thresholds <= 4) return ScoreRows<4>(cols, c, totals, risks, grades);
  if (thresholds <= 8) return ScoreRows<8>(cols, c, totals, risks, grades);
  return ScoreRows<0>(cols, c, totals, risks, grades);
}

absl::StatusOr<CreditRecommendation> RecommendCredit(CreditGrade grade, bool is_new_customer,
                                                     Fen monthly_purchases,
                                                     const CreditPolicyConfig& config) {
  const int g = static_cast<int>(grade);
  if (g < 0 || g > 3) {
    return absl::InvalidArgumentError(absl::StrCat("grade: ", g, " is not a CreditGrade"));
  }
  const int cap = static_cast<int>(config.new_customer_best_grade);
  if (cap < 0 || cap > 3) {
    return absl::InvalidArgumentError(
        absl::StrCat("new_customer_best_grade: ", cap, " is not a CreditGrade"));
  }
  for (size_t i = 0; i < config.by_grade.size(); ++i) {
    const GradePolicy& p = config.by_grade[i];
    if (p.term_days < 0 || p.prepayment_bp < 0 || p.prepayment_bp > kBasisPointsPerUnit ||
        p.limit_months_of_purchases < 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          "by_grade[", i, "]: term_days and limit months must be >= 0, prepayment 0..10000 bp"));
    }
  }
  HK_RETURN_IF_ERROR(ValidateAmount(monthly_purchases, "monthly_purchases"));
  CreditRecommendation r;
  const int effective = is_new_customer ? std::max(g, cap) : g;
  r.grade = static_cast<CreditGrade>(effective);
  const GradePolicy& p = config.by_grade[effective];
  r.term_days = p.term_days;
  r.prepayment_bp = p.prepayment_bp;
  HK_ASSIGN_OR_RETURN(r.credit_limit,
                      MulDiv(monthly_purchases, p.limit_months_of_purchases, 1, Rounding::kHalfUp));
  r.reason = absl::StrCat(
      "grade ", CreditGradeName(r.grade),
      effective != g ? absl::StrCat(" (new customer: capped from ", CreditGradeName(grade), ")")
                     : std::string(),
      ": ", r.term_days, "-day term, ",
      r.prepayment_bp == 0 ? std::string("no prepayment")
                           : absl::StrFormat("%.2f%% prepayment", r.prepayment_bp / 100.0),
      ", limit ", p.limit_months_of_purchases,
      " x monthly purchases = ", FormatYuan(r.credit_limit), " yuan");
  return r;
}

}  // namespace huikuan::core
