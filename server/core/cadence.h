// The relationship cadence (issue 14; seed 000, 客户关系维护: 三级沟通机制): a monthly
// reconciliation message from the salesperson (月度对账沟通: the month's statement and a short
// summary), a quarterly business review with management and the sales head (季度业务沟通), and an
// annual strategy meeting (年度战略沟通), each configurable per tier. The daily run asks which of
// them fall on a day for a tier; each becomes a work item on that day exactly once.
//
//   TierCadences cadence = DefaultCadence();
//   std::vector<CadenceKind> due = DueCadence(cadence[0], day);   // strategic core on `day`
//
// Thread-safe: pure functions of their arguments, no global state, no I/O.
#ifndef HUIKUAN_SERVER_CORE_CADENCE_H_
#define HUIKUAN_SERVER_CORE_CADENCE_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "server/core/department.h"
#include "server/core/tiering.h"

namespace huikuan::core {

// Stable numeric values.
enum class CadenceKind : int8_t {
  kMonthlyReconciliation = 0,  // 月度对账沟通: the salesperson writes to the customer
  kQuarterlyReview = 1,        // 季度业务沟通: management and the sales head meet the buyer
  kAnnualStrategy = 2,         // 年度战略沟通: both sides' leadership plan the next year
};
inline constexpr int kCadenceKindCount = 3;
// "monthly_reconciliation", "quarterly_review", "annual_strategy": also the work items' step.
absl::string_view CadenceKindName(CadenceKind kind);
std::optional<CadenceKind> ParseCadenceKind(absl::string_view name);

// One tier's rhythm. A day of the month beyond the month's length means its last day (31: month
// end). 0 turns a level off for the tier.
struct TierCadence {
  int32_t monthly_day = 0;      // 0-31
  int32_t quarterly_month = 0;  // 0-3: which month of each quarter (1: Jan, Apr, Jul, Oct)
  int32_t quarterly_day = 1;    // 1-31
  int32_t annual_month = 0;     // 0-12
  int32_t annual_day = 1;       // 1-31
  // "What is coming" in the monthly message (seed 000: 下月我们计划推出XX新品...); may be empty.
  std::string upcoming_note;

  bool operator==(const TierCadence&) const = default;
};
inline constexpr size_t kMaxUpcomingNoteChars = 500;
using TierCadences = std::array<TierCadence, 4>;  // indexed by Tier

// Seed 000's three levels: every tier gets the monthly message (on the 3rd, for the month just
// closed); strategic core and key partners a quarterly review (10th of the quarter's first month);
// strategic core also the annual strategy meeting (15 January).
TierCadences DefaultCadence();

// INVALID_ARGUMENT naming "<prefix>.monthly_day" etc. for a value out of range.
absl::Status ValidateTierCadence(const TierCadence& cadence, absl::string_view prefix);

// The kinds that fall on `day` for a tier with `cadence`, in kind order.
std::vector<CadenceKind> DueCadence(const TierCadence& cadence, absl::CivilDay day);

// Who does it: the monthly message is the salesperson's (sales, assigned to the customer's
// owner); a review and the strategy meeting are management's and the sales head's (one item for
// each department's list).
std::vector<Department> CadenceDepartments(CadenceKind kind);
// Days from the item's day to its due day: 3 to send the message, 14 to hold a review, 30 to hold
// the strategy meeting.
int32_t CadenceDaysToAct(CadenceKind kind);

}  // namespace huikuan::core

#endif  // HUIKUAN_SERVER_CORE_CADENCE_H_
