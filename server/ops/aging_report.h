// The aging report (R-AGING-1, issue 11): open receivables per group and bucket as of today or a
// past day, reconstructed from the ledger's history (store/ledger_as_of.h) so last month's
// figures do not move when a payment arrives today. Scoped: sales staff age only their own
// customers.
#ifndef HUIKUAN_SERVER_OPS_AGING_REPORT_H_
#define HUIKUAN_SERVER_OPS_AGING_REPORT_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "absl/status/statusor.h"
#include "server/core/aging.h"
#include "server/core/civil_date.h"
#include "server/core/money.h"
#include "server/ops/ledger_cache.h"
#include "server/ops/report_groups.h"
#include "server/ops/scopes.h"
#include "server/reports/report_types.h"

namespace huikuan::ops {

struct AgingQuery {
  std::optional<core::EpochDay> as_of;  // none: today
  reports::Grouping grouping = reports::Grouping::kCompany;
  std::vector<int32_t> upper_bounds;  // empty: the R-AGING-1 bounds
};

// With a cache, refreshed in this transaction: as of today from the ledger's open amounts as they
// stand, as of a past day from the cached history (report_ledger.h). Without one: each invoice
// reconstructed in SQL (store/ledger_as_of.h). They agree (tests/service/report_test.cc,
// report_cache_test.cc), except that an honoured early-payment discount lowers today's open
// amount while the history (like ledger_as_of.h) does not count discounts.
// INVALID_ARGUMENT "as_of_date: ..." for a day after today, "upper_bounds: ..." for bad bounds.
absl::StatusOr<reports::AgingReport> BuildAgingReport(ReadScope& read, const AgingQuery& query,
                                                      LedgerCache* cache = nullptr);

// The report from one group key per open invoice (ReportGroups' keys).
absl::StatusOr<reports::AgingReport> AgeKeyedInvoices(
    const ReportGroups& groups, reports::Grouping grouping, const std::vector<int64_t>& keys,
    const std::vector<core::Fen>& open, const std::vector<core::EpochDay>& due_days,
    core::EpochDay as_of, const core::AgingConfig& config);

// The report from already loaded open amounts (one row per open invoice), for the meeting pack.
absl::StatusOr<reports::AgingReport> AgeOpenInvoices(const ReportGroups& groups,
                                                     reports::Grouping grouping,
                                                     const std::vector<int64_t>& customer_ids,
                                                     const std::vector<core::Fen>& open,
                                                     const std::vector<core::EpochDay>& due_days,
                                                     core::EpochDay as_of,
                                                     const core::AgingConfig& config);

}  // namespace huikuan::ops

#endif  // HUIKUAN_SERVER_OPS_AGING_REPORT_H_
