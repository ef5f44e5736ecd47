// What the KPI functions (kpi.h, kpi_periods.h) share: the input checks, so every entry point
// names a bad column or settlement with the same words, and the countback walk, so every DSO
// countback gives the same doubles. Internal to the core's KPI files.
//
// Thread-safe: pure functions of their arguments.
#ifndef HUIKUAN_SERVER_CORE_KPI_INTERNAL_H_
#define HUIKUAN_SERVER_CORE_KPI_INTERNAL_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "server/core/civil_date.h"
#include "server/core/column_checks.h"
#include "server/core/kpi.h"
#include "server/core/money.h"
#include "server/core/status_macros.h"

namespace huikuan::core::kpi_internal {

// Column lengths, amounts and days of both tables (group_keys optional).
inline absl::Status ValidateColumns(const InvoiceColumns& invoices,
                                    const SettlementColumns& settlements) {
  const size_t n = invoices.amounts.size();
  HK_RETURN_IF_ERROR(CheckOptionalLength("invoices.group_keys", invoices.group_keys.size(), n));
  HK_RETURN_IF_ERROR(CheckLength("invoices.invoice_days", invoices.invoice_days.size(), n));
  HK_RETURN_IF_ERROR(CheckLength("invoices.due_days", invoices.due_days.size(), n));
  HK_RETURN_IF_ERROR(CheckAmounts("invoices.amounts", invoices.amounts));
  HK_RETURN_IF_ERROR(ValidateEpochDays(invoices.invoice_days, "invoices.invoice_days"));
  HK_RETURN_IF_ERROR(ValidateEpochDays(invoices.due_days, "invoices.due_days"));
  const size_t m = settlements.amounts.size();
  HK_RETURN_IF_ERROR(CheckLength("settlements.invoice_index", settlements.invoice_index.size(), m));
  HK_RETURN_IF_ERROR(CheckLength("settlements.days", settlements.days.size(), m));
  HK_RETURN_IF_ERROR(
      CheckOptionalLength("settlements.is_write_off", settlements.is_write_off.size(), m));
  HK_RETURN_IF_ERROR(CheckAmounts("settlements.amounts", settlements.amounts));
  HK_RETURN_IF_ERROR(ValidateEpochDays(settlements.days, "settlements.days"));
  return absl::OkStatus();
}

// Checks settlement `j` against its invoice (a row of `invoices`, not before its date, the
// invoice's settlements within its amount) and adds it to `settled` (one entry per invoice).
// Inline: the general paths call it once per settlement.
inline absl::Status CheckSettlement(const InvoiceColumns& invoices,
                                    const SettlementColumns& settlements, size_t j,
                                    std::vector<Fen>& settled) {
  const size_t n = invoices.amounts.size();
  const int64_t inv = settlements.invoice_index[j];
  if (inv < 0 || static_cast<uint64_t>(inv) >= n) {
    return absl::InvalidArgumentError(absl::StrCat("settlements.invoice_index[", j, "]: ", inv,
                                                   " is not a row of invoices (", n, " rows)"));
  }
  const EpochDay day = settlements.days[j];
  if (day < invoices.invoice_days[inv]) {
    return absl::InvalidArgumentError(absl::StrCat("settlements.days[", j, "]: ", FormatDate(day),
                                                   " is before its invoice's date ",
                                                   FormatDate(invoices.invoice_days[inv])));
  }
  settled[inv] += settlements.amounts[j];  // both <= 1e17: no overflow before the check
  if (settled[inv] > invoices.amounts[inv]) {
    return absl::InvalidArgumentError(absl::StrCat("settlements.amounts[", j,
                                                   "]: settlements of invoice row ", inv,
                                                   " exceed its amount ", invoices.amounts[inv]));
  }
  return absl::OkStatus();
}

// The countback walk of DsoCountback, DsoCountbackByGroup and ComputeKpisByPeriod over `months`
// months, most recent first; inputs validated.
inline double CountbackDays(Fen ending_ar, const Fen* sales, const int32_t* days, size_t months) {
  Fen remaining = ending_ar;
  int64_t full_days = 0;
  for (size_t i = 0; i < months && remaining > 0; ++i) {
    if (remaining >= sales[i]) {
      remaining -= sales[i];
      full_days += days[i];
    } else {
      return static_cast<double>(full_days) + static_cast<double>(days[i]) *
                                                  static_cast<double>(remaining) /
                                                  static_cast<double>(sales[i]);
    }
  }
  return static_cast<double>(full_days);
}

}  // namespace huikuan::core::kpi_internal

#endif  // HUIKUAN_SERVER_CORE_KPI_INTERNAL_H_
