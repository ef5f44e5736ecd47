#include "server/core/cadence.h"

#include "absl/strings/str_cat.h"
#include "server/core/enum_names.h"
#include "server/core/text_fields.h"
#include "server/core/violations.h"

namespace huikuan::core {
namespace {

// The day of `month` that `day_of_month` means: itself, or the month's last day when the month is
// shorter.
int DayInMonth(absl::CivilMonth month, int32_t day_of_month) {
  const int last = static_cast<int>((absl::CivilDay(month + 1) - 1).day());
  return day_of_month > last ? last : day_of_month;
}

bool FallsOn(absl::CivilDay day, int32_t day_of_month) {
  return day_of_month > 0 && day.day() == DayInMonth(absl::CivilMonth(day), day_of_month);
}

}  // namespace

absl::string_view CadenceKindName(CadenceKind kind) {
  switch (kind) {
    case CadenceKind::kMonthlyReconciliation:
      return "monthly_reconciliation";
    case CadenceKind::kQuarterlyReview:
      return "quarterly_review";
    case CadenceKind::kAnnualStrategy:
      return "annual_strategy";
  }
  return "unknown";
}

std::optional<CadenceKind> ParseCadenceKind(absl::string_view name) {
  return ParseEnumName<CadenceKind, kCadenceKindCount>(name, CadenceKindName);
}

TierCadences DefaultCadence() {
  TierCadences cadence;
  for (TierCadence& tier : cadence) tier.monthly_day = 3;
  for (Tier tier : {Tier::kStrategicCore, Tier::kKeyPartner}) {
    cadence[static_cast<int>(tier)].quarterly_month = 1;
    cadence[static_cast<int>(tier)].quarterly_day = 10;
  }
  cadence[static_cast<int>(Tier::kStrategicCore)].annual_month = 1;
  cadence[static_cast<int>(Tier::kStrategicCore)].annual_day = 15;
  return cadence;
}

absl::Status ValidateTierCadence(const TierCadence& cadence, absl::string_view prefix) {
  FieldViolations violations;
  auto check = [&](absl::string_view field, int32_t value, int32_t low, int32_t high) {
    if (value < low || value > high) {
      violations.Add(absl::StrCat(prefix, ".", field),
                     absl::StrCat("must be between ", low, " and ", high, ", got ", value));
    }
  };
  check("monthly_day", cadence.monthly_day, 0, 31);
  check("quarterly_month", cadence.quarterly_month, 0, 3);
  check("quarterly_day", cadence.quarterly_day, 1, 31);
  check("annual_month", cadence.annual_month, 0, 12);
  check("annual_day", cadence.annual_day, 1, 31);
  violations.AddAll(CheckText(absl::StrCat(prefix, ".upcoming_note"), cadence.upcoming_note,
                              Presence::kOptional, kMaxUpcomingNoteChars),
                    absl::StrCat(prefix, ".upcoming_note"));
  return violations.ToStatus();
}

std::vector<CadenceKind> DueCadence(const TierCadence& cadence, absl::CivilDay day) {
  std::vector<CadenceKind> due;
  if (FallsOn(day, cadence.monthly_day)) due.push_back(CadenceKind::kMonthlyReconciliation);
  const int month_in_quarter = static_cast<int>((day.month() - 1) % 3) + 1;
  if (cadence.quarterly_month > 0 && month_in_quarter == cadence.quarterly_month &&
      FallsOn(day, cadence.quarterly_day)) {
    due.push_back(CadenceKind::kQuarterlyReview);
  }
  if (cadence.annual_month > 0 && day.month() == cadence.annual_month &&
      FallsOn(day, cadence.annual_day)) {
    due.push_back(CadenceKind::kAnnualStrategy);
  }
  return due;
}

std::vector<Department> CadenceDepartments(CadenceKind kind) {
  if (kind == CadenceKind::kMonthlyReconciliation) return {Department::kSales};
  return {Department::kManagement, Department::kSales};
}

int32_t CadenceDaysToAct(CadenceKind kind) {
  switch (kind) {
    case CadenceKind::kMonthlyReconciliation:
      return 3;
    case CadenceKind::kQuarterlyReview:
      return 14;
    case CadenceKind::kAnnualStrategy:
      return 30;
  }
  return 3;
}

}  // namespace huikuan::core
