#include "server/reports/evidence_pdf.h"

#include <cairo.h>
#include <pango/pangocairo.h>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "server/reports/pdf_document.h"

namespace huikuan::reports {
namespace {

constexpr double kPageWidth = 595;  // A4 portrait, points
constexpr double kPageHeight = 842;
constexpr double kMargin = 40;
constexpr char kFont[] = "Noto Sans CJK SC";

// Flowing paragraphs, page by page; run twice so that every footer says "page N / M".
class Writer {
 public:
  Writer(cairo_t* cr, const EvidenceFile& file, int total_pages)
      : cr_(cr), file_(file), total_pages_(total_pages) {
    StartPage();
  }
  ~Writer() { g_object_unref(layout_); }
  int pages() const { return page_; }
  void Finish() { FinishPage(); }

  void Paragraph(const std::string& text, double size = 9, bool bold = false, double indent = 0,
                 double grey = 0) {
    if (text.empty()) return;
    int height = Lay(text, size, bold, indent);
    if (y_ + height > kPageHeight - kMargin - 20 && y_ > kMargin + 40) {
      NewPage();
      // The new page's heading was laid out in the same layout: lay this paragraph out again.
      height = Lay(text, size, bold, indent);
    }
    cairo_set_source_rgb(cr_, grey, grey, grey);
    cairo_move_to(cr_, kMargin + indent, y_);
    pango_cairo_show_layout(cr_, layout_);
    y_ += height + 2;
  }
  void Space(double points) { y_ += points; }
  void Rule() {
    if (y_ + 30 > kPageHeight - kMargin - 20) {
      NewPage();
      return;
    }
    cairo_set_source_rgb(cr_, 0.7, 0.7, 0.7);
    cairo_set_line_width(cr_, 0.5);
    cairo_move_to(cr_, kMargin, y_ + 3);
    cairo_line_to(cr_, kPageWidth - kMargin, y_ + 3);
    cairo_stroke(cr_);
    y_ += 8;
  }

 private:
  void StartPage() {
    ++page_;
    y_ = kMargin;
    Paragraph(absl::StrCat("联系记录证据 Contact evidence · ", file_.customer_name, " (",
                           file_.customer, ")"),
              12, true);
    Space(6);
  }
  void FinishPage() {
    const std::string footer = total_pages_ > 0 ? absl::StrCat("page ", page_, " / ", total_pages_)
                                                : absl::StrCat("page ", page_);
    SetFont(7.5, false);
    pango_layout_set_width(layout_, -1);
    pango_layout_set_text(layout_, absl::StrCat(footer, " · ", file_.generated).c_str(), -1);
    cairo_set_source_rgb(cr_, 0.3, 0.3, 0.3);
    cairo_move_to(cr_, kMargin, kPageHeight - kMargin + 6);
    pango_cairo_show_layout(cr_, layout_);
    cairo_show_page(cr_);
  }
  void NewPage() {
    FinishPage();
    StartPage();
  }
  // Lays `text` out in the layout; returns its height.
  int Lay(const std::string& text, double size, bool bold, double indent) {
    SetFont(size, bold);
    pango_layout_set_width(layout_,
                           static_cast<int>((kPageWidth - 2 * kMargin - indent) * PANGO_SCALE));
    pango_layout_set_wrap(layout_, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_text(layout_, text.c_str(), -1);
    int width = 0, height = 0;
    pango_layout_get_pixel_size(layout_, &width, &height);
    return height;
  }
  void SetFont(double size, bool bold) {
    PangoFontDescription* font = pango_font_description_new();
    pango_font_description_set_family(font, kFont);
    pango_font_description_set_size(font, static_cast<int>(size * PANGO_SCALE));
    pango_font_description_set_weight(font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(layout_, font);
    pango_font_description_free(font);
  }

  cairo_t* cr_;
  const EvidenceFile& file_;
  const int total_pages_;
  PangoLayout* layout_ = pango_cairo_create_layout(cr_);
  int page_ = 0;
  double y_ = 0;
};

void WriteFile(Writer& out, const EvidenceFile& file) {
  out.Paragraph(absl::StrCat("Company 债权人: ", file.company));
  out.Paragraph(absl::StrCat("Customer 客户: ", file.customer_name, " (", file.customer, ")"));
  out.Paragraph(absl::StrCat("Generated 生成: ", file.generated));
  out.Paragraph(absl::StrCat("Contacts 联系记录: ", file.contacts.size()));
  out.Paragraph(
      "Every contact below is stored append-only and was recorded by an audit event that is a "
      "link of the audit hash chain (chain day/shard, link number, SHA-256); so is every event of "
      "the work item and the outbox message it belongs to (created, sent, failed, reassigned...), "
      "listed under it as related events. `huikuan-server audit verify --day=<chain day>` "
      "recomputes the chain and names any event changed, removed or added. "
      "每条联系记录均只可追加,并由审计事件记录;其所属待办与发件的每个事件(创建、发送、失败、转派等)"
      "亦列于其下。所有事件均为审计哈希链中的一环。",
      8, false, 0, 0.25);
  out.Space(6);
  for (size_t i = 0; i < file.contacts.size(); ++i) {
    const EvidenceContact& c = file.contacts[i];
    out.Rule();
    out.Paragraph(absl::StrCat("#", i + 1, "  ", c.when, "  ·  ", c.channel, "  ·  ", c.outcome),
                  9.5, true);
    out.Paragraph(absl::StrCat("Who 经办: ", c.who, "    Record 记录: ", c.name,
                               c.related.empty() ? "" : absl::StrCat("    (", c.related, ")")),
                  8.5);
    out.Paragraph(absl::StrCat("Content 内容:\n", c.content), 8.5, false, 10);
    if (!c.note.empty()) out.Paragraph(absl::StrCat("Note 备注: ", c.note), 8.5, false, 10);
    if (!c.compliance.empty()) {
      out.Paragraph(absl::StrCat("Compliance 合规: ", c.compliance), 8.5, true, 10);
    }
    for (const std::string& line : c.audit) out.Paragraph(line, 7.5, false, 10, 0.25);
    if (!c.related_events.empty()) {
      out.Paragraph("Related events 相关事件:", 8, true, 10);
      for (const EvidenceEvent& event : c.related_events) {
        out.Paragraph(event.summary, 7.5, false, 16, 0.1);
        for (const std::string& line : event.reference) out.Paragraph(line, 7, false, 24, 0.3);
      }
    }
  }
  if (file.contacts.empty()) out.Paragraph("No contact has been recorded with this customer.");
}

}  // namespace

absl::StatusOr<std::string> RenderEvidencePdf(const EvidenceFile& file) {
  return RenderTwoPassPdf(absl::StrCat("Contact evidence ", file.customer), kPageWidth, kPageHeight,
                          [&](cairo_t* cr, int total_pages) {
                            Writer writer(cr, file, total_pages);
                            WriteFile(writer, file);
                            writer.Finish();
                            return writer.pages();
                          });
}

}  // namespace huikuan::reports
