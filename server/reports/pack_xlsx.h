// The meeting pack as an XLSX workbook (libxlsxwriter): one sheet per section, money as yuan
// numbers with a "¥#,##0.00" format (not text), ratios with "0.0%", an aging chart and a trend
// chart (DSO and collection rate over 24 months). Cells a reader checks against the RPC:
//   Summary!B4 = the total open receivables in yuan at month end; sheet "Aging" row 2 onwards
//   one salesperson per row with the buckets in columns B.. and the total last.
#ifndef HUIKUAN_SERVER_REPORTS_PACK_XLSX_H_
#define HUIKUAN_SERVER_REPORTS_PACK_XLSX_H_

#include <string>

#include "absl/status/statusor.h"
#include "server/reports/report_types.h"

namespace huikuan::reports {

// The workbook's bytes. INTERNAL when libxlsxwriter fails (temporary file, disk full).
absl::StatusOr<std::string> RenderPackXlsx(const MeetingPack& pack);

}  // namespace huikuan::reports

#endif  // HUIKUAN_SERVER_REPORTS_PACK_XLSX_H_
