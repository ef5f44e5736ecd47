// The meeting pack's early-payment discount section (issue 14, R-DISC-3): what the discounts
// honoured in the month cost against the DSO days they saved, scoped like the rest of the pack.
#ifndef HUIKUAN_SERVER_OPS_DISCOUNT_REPORT_H_
#define HUIKUAN_SERVER_OPS_DISCOUNT_REPORT_H_

#include "server/core/kpi.h"
#include "server/ops/report_ledger.h"
#include "server/ops/scopes.h"
#include "server/reports/report_types.h"

namespace huikuan::ops {

reports::DiscountCost MeetingDiscountCost(ReadScope& read, const ReportScope& scope,
                                          const core::Period& period);

}  // namespace huikuan::ops

#endif  // HUIKUAN_SERVER_OPS_DISCOUNT_REPORT_H_
