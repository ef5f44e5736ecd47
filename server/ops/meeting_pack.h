// The monthly joint meeting's pack (定期联席会议, seed 000; issue 11): every section for a month
// from one load of the ledger, as of the month's last day (today for the running month):
// aging by salesperson, KPIs by salesperson (with the 24-month trend) and by department,
// commission, RFM segments, the ten customers with the most overdue, warnings by level, broken
// promises and defaulted payment plans of the month. Scoped like every report.
//
// Warnings: the levels the risk run (issue 10) keeps per customer (store/risk_store.h), yellow,
// orange and red, highest first: for the running month the current levels; for a past month the
// level each customer had at the end of it, read from the history of level changes
// (risk_changes), so last month's pack does not show today's levels; "not available" for a month
// that ended before the risk run's first day (nothing says what the levels were then).
#ifndef HUIKUAN_SERVER_OPS_MEETING_PACK_H_
#define HUIKUAN_SERVER_OPS_MEETING_PACK_H_

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "server/core/kpi.h"
#include "server/ops/report_ledger.h"
#include "server/ops/scopes.h"
#include "server/reports/report_types.h"

namespace huikuan::ops {

inline constexpr int kTopOverdueCustomers = 10;

// The scoped customers' warning levels other than green, highest level then largest overdue
// first: as of today (last_day >= today) the risk run's current levels; as of a past last_day the
// level each customer had at the end of that day, ordered within a level by `overdue_at_end`
// (the customer's overdue on last_day). Returns whether warning data exists (the section reads
// "not available" otherwise, e.g. for a past day before the risk run's first day).
bool MeetingWarningsSource(ReadScope& read, const ReportScope& scope, core::EpochDay last_day,
                           const absl::flat_hash_map<int64_t, core::Fen>& overdue_at_end,
                           std::vector<reports::MeetingWarning>& warnings);

// INVALID_ARGUMENT "month: ..." when the month starts after today. `cache`: as BuildKpiReport's.
absl::StatusOr<reports::MeetingPack> BuildMeetingPack(ReadScope& read, const std::string& month,
                                                      const core::Period& period,
                                                      LedgerCache* cache = nullptr);

}  // namespace huikuan::ops

#endif  // HUIKUAN_SERVER_OPS_MEETING_PACK_H_
