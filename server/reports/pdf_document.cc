#include "server/reports/pdf_document.h"

#include <cairo-pdf.h>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace huikuan::reports {
namespace {

cairo_status_t AppendBytes(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

// Draws into `bytes`; returns the number of pages.
absl::StatusOr<int> Render(const std::string& title, double page_width, double page_height,
                           absl::FunctionRef<int(cairo_t*, int)> draw, int total_pages,
                           std::string& bytes) {
  cairo_surface_t* surface =
      cairo_pdf_surface_create_for_stream(AppendBytes, &bytes, page_width, page_height);
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title.c_str());
  cairo_t* cr = cairo_create(surface);
  const int pages = draw(cr, total_pages);
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  const cairo_status_t status = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  if (status != CAIRO_STATUS_SUCCESS) {
    return absl::InternalError(absl::StrCat("pdf: ", cairo_status_to_string(status)));
  }
  return pages;
}

}  // namespace

absl::StatusOr<std::string> RenderTwoPassPdf(absl::string_view title, double page_width,
                                             double page_height,
                                             absl::FunctionRef<int(cairo_t*, int)> draw) {
  const std::string title_text(title);
  std::string counting;
  absl::StatusOr<int> pages = Render(title_text, page_width, page_height, draw, 0, counting);
  if (!pages.ok()) return pages.status();
  std::string bytes;
  absl::StatusOr<int> again = Render(title_text, page_width, page_height, draw, *pages, bytes);
  if (!again.ok()) return again.status();
  return bytes;
}

}  // namespace huikuan::reports
