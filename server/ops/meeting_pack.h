// The monthly joint meeting's pack (定期联席会议, seed 000; issue 11): every section for a month
// from one load of the ledger, as of the month's last day (today for the running month):
// aging by salesperson, KPIs by salesperson (with the 24-month trend) and by department,
// commission, RFM segments, the ten customers with the most overdue, warnings by level, broken
// promises and defaulted payment plans of the month. Scoped like every report.
//
// Warnings: the risk run (issue 10) is not on main yet, so MeetingWarningsSource is the hook it
// plugs into; until then the pack says warnings_available = false.
#ifndef HUIKUAN_SERVER_OPS_MEETING_PACK_H_
#define HUIKUAN_SERVER_OPS_MEETING_PACK_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "server/core/kpi.h"
#include "server/ops/report_ledger.h"
#include "server/ops/scopes.h"
#include "server/reports/report_types.h"

namespace huikuan::ops {

inline constexpr int kTopOverdueCustomers = 10;

// HOOK for issue 10 (risk warnings): the warnings raised for the scoped customers up to
// `last_day`, by level. Returns false while no warning data exists (the section then reads "not
// available"). Replace the body when the warnings table lands.
bool MeetingWarningsSource(ReadScope& read, const ReportScope& scope, core::EpochDay last_day,
                           std::vector<reports::MeetingWarning>& warnings);

// INVALID_ARGUMENT "month: ..." when the month starts after today.
absl::StatusOr<reports::MeetingPack> BuildMeetingPack(ReadScope& read, const std::string& month,
                                                      const core::Period& period);

}  // namespace huikuan::ops

#endif  // HUIKUAN_SERVER_OPS_MEETING_PACK_H_
