// One PDF document drawn with cairo twice: the first pass counts the pages, the second draws
// again knowing the total, so that every footer can say "page N / M". Shared by the meeting pack
// and the contact evidence file.
#ifndef HUIKUAN_SERVER_REPORTS_PDF_DOCUMENT_H_
#define HUIKUAN_SERVER_REPORTS_PDF_DOCUMENT_H_

#include <cairo.h>

#include <string>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace huikuan::reports {

// `draw(cr, total_pages)` lays the document out on `cr` (total_pages is 0 in the counting pass)
// and returns how many pages it drew. INTERNAL when cairo fails.
absl::StatusOr<std::string> RenderTwoPassPdf(
    absl::string_view title, double page_width, double page_height,
    absl::FunctionRef<int(cairo_t* cr, int total_pages)> draw);

}  // namespace huikuan::reports

#endif  // HUIKUAN_SERVER_REPORTS_PDF_DOCUMENT_H_
