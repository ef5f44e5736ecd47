// The one-pass fast path of ComputeKpisByGroup (kpi.h), shared by the epoch-day entry point and
// TryKpisByGroupTicks. Internal to kpi.cc and kpi_dense.cc.
//
// Thread-safe: pure functions of their arguments.
#ifndef HUIKUAN_SERVER_CORE_KPI_DENSE_H_
#define HUIKUAN_SERVER_CORE_KPI_DENSE_H_

#include <optional>

#include "server/core/kpi.h"

namespace huikuan::core::kpi_internal {

// ComputeKpisByGroup's table for valid input whose keys are few enough for a table indexed by
// key - min_key; nullopt for anything else (an invalid column, a settlement the general path would
// reject, an overflow, no invoices, keys too spread), which the general path then decides. The
// period must be valid.
std::optional<KpiTable> KpisByGroupDense(const InvoiceColumns& invoices,
                                         const SettlementColumns& settlements,
                                         const Period& period);

}  // namespace huikuan::core::kpi_internal

#endif  // HUIKUAN_SERVER_CORE_KPI_DENSE_H_
