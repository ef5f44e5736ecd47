// RFM segments (R-RFM-1, issue 11): recency, frequency and monetary value per customer over the
// orders (invoices) dated in a window ending on a day, the quintile scores, the seed's segment and
// its suggested term action (core/rfm.h), and a summary per segment. Scoped like every report.
#ifndef HUIKUAN_SERVER_OPS_RFM_REPORT_H_
#define HUIKUAN_SERVER_OPS_RFM_REPORT_H_

#include <cstdint>
#include <optional>

#include "absl/status/statusor.h"
#include "server/core/civil_date.h"
#include "server/ops/report_ledger.h"
#include "server/ops/scopes.h"
#include "server/reports/report_types.h"

namespace huikuan::ops {

inline constexpr int32_t kDefaultRfmWindowDays = 365;
inline constexpr int32_t kMaxRfmWindowDays = 3660;

struct RfmQuery {
  std::optional<core::EpochDay> as_of;  // none: today
  int32_t window_days = kDefaultRfmWindowDays;
};

// INVALID_ARGUMENT "as_of_date: ..." after today, "window_days: ..." outside 1..3660. `cache`: as
// BuildKpiReport's.
absl::StatusOr<reports::RfmReport> BuildRfmReport(ReadScope& read, const RfmQuery& query,
                                                  LedgerCache* cache = nullptr);
// Over an already loaded ledger (last_day >= as_of).
absl::StatusOr<reports::RfmReport> ComputeRfmReport(const ReportLedger& ledger,
                                                    core::EpochDay as_of, int32_t window_days);

}  // namespace huikuan::ops

#endif  // HUIKUAN_SERVER_OPS_RFM_REPORT_H_
