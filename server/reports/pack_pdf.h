// The meeting pack as a PDF (cairo + pango, Noto CJK so Chinese names render): A4 landscape
// pages with the month and the generation time in every header, "page N / M" in every footer,
// the summary figures, tables for aging, KPIs, commission, RFM segments, the top overdue
// customers, warnings, broken promises and defaulted plans, and the 24-month trend chart.
#ifndef HUIKUAN_SERVER_REPORTS_PACK_PDF_H_
#define HUIKUAN_SERVER_REPORTS_PACK_PDF_H_

#include <string>

#include "absl/status/statusor.h"
#include "server/reports/report_types.h"

namespace huikuan::reports {

// The document's bytes. INTERNAL when cairo fails.
absl::StatusOr<std::string> RenderPackPdf(const MeetingPack& pack);

}  // namespace huikuan::reports

#endif  // HUIKUAN_SERVER_REPORTS_PACK_PDF_H_
