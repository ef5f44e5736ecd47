// Text shared by the pack's renderers: section titles, yuan and percentages as people read them.
#ifndef HUIKUAN_SERVER_REPORTS_PACK_FORMAT_H_
#define HUIKUAN_SERVER_REPORTS_PACK_FORMAT_H_

#include <string>

#include "server/core/money.h"

namespace huikuan::reports {

// "1,234,567.89" from fen (exact: integer arithmetic), "-12.30" for negatives.
std::string YuanText(core::Fen fen);
// "12.3%" from a ratio; "n/a" for NaN.
std::string PercentText(double ratio);
// "45.2" days; "n/a" for NaN.
std::string DaysText(double days);
// "2.5" from tenths (25), exact; "-0.3" for negatives (issue 14's discount figures).
std::string TenthsText(int64_t tenths);
// Fen as a yuan number for a spreadsheet cell (exact to the fen below 2^53 fen).
inline double YuanValue(core::Fen fen) { return static_cast<double>(fen) / 100.0; }

}  // namespace huikuan::reports

#endif  // HUIKUAN_SERVER_REPORTS_PACK_FORMAT_H_
