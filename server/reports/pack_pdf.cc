#include "server/reports/pack_pdf.h"

#include <cairo.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "server/reports/pack_format.h"
#include "server/reports/pdf_document.h"

namespace huikuan::reports {
namespace {

constexpr double kPageWidth = 842;  // A4 landscape, points
constexpr double kPageHeight = 595;
constexpr double kMargin = 36;
constexpr double kRowHeight = 13;
constexpr char kFont[] = "Noto Sans CJK SC";

struct Column {
  std::string title;
  double width;
  bool right = false;  // numbers are right-aligned
};

// Lays the pack out page by page. Run twice: the first run counts the pages so that every
// footer can say "page N / M".
class Layout {
 public:
  Layout(cairo_t* cr, const MeetingPack& pack, int total_pages)
      : cr_(cr), pack_(pack), total_pages_(total_pages) {
    StartPage();
  }
  ~Layout() { g_object_unref(layout_); }

  int pages() const { return page_; }
  void Finish() { FinishPage(); }

  // A section title kept on one page with the first `following` points of its section.
  void Heading(const std::string& text, double following = kRowHeight * 3) {
    Need(30 + following);
    y_ += 6;
    Text(kMargin, y_, text, 12, true);
    y_ += 24;
  }
  // A paragraph wrapped to the page width.
  void Line(const std::string& text) {
    SetFont(9, false);
    pango_layout_set_width(layout_, static_cast<int>((kPageWidth - 2 * kMargin) * PANGO_SCALE));
    pango_layout_set_wrap(layout_, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_ellipsize(layout_, PANGO_ELLIPSIZE_NONE);
    pango_layout_set_alignment(layout_, PANGO_ALIGN_LEFT);
    pango_layout_set_text(layout_, text.c_str(), -1);
    int width = 0, height = 0;
    pango_layout_get_pixel_size(layout_, &width, &height);
    Need(height + 2);
    cairo_set_source_rgb(cr_, 0, 0, 0);
    cairo_move_to(cr_, kMargin, y_);
    pango_cairo_show_layout(cr_, layout_);
    y_ += height + 2;
  }
  void Table(const std::vector<Column>& columns,
             const std::vector<std::vector<std::string>>& rows) {
    Need(kRowHeight * 3);
    Row(columns, {}, true);
    for (const auto& row : rows) {
      if (y_ + kRowHeight > kPageHeight - kMargin - 16) {
        NewPage();
        Row(columns, {}, true);
      }
      Row(columns, row, false);
    }
    y_ += 6;
  }
  // A line chart of one or two series over the trend's months; each series is scaled to its
  // own axis (left: the first, right: the second).
  void Chart(const std::string& title, const std::vector<std::string>& labels,
             const std::vector<double>& left, const std::string& left_name,
             const std::vector<double>& right, const std::string& right_name) {
    const double height = 190;
    Need(height + 30);
    Text(kMargin, y_, title, 10, true);
    y_ += 16;
    const double x0 = kMargin + 40, x1 = kPageWidth - kMargin - 40;
    const double y0 = y_ + height - 20, y1 = y_;
    cairo_set_source_rgb(cr_, 0.6, 0.6, 0.6);
    cairo_set_line_width(cr_, 0.5);
    cairo_rectangle(cr_, x0, y1, x1 - x0, y0 - y1);
    cairo_stroke(cr_);
    const size_t n = labels.size();
    auto x_of = [&](size_t i) { return n < 2 ? x0 : x0 + (x1 - x0) * i / (n - 1); };
    auto draw = [&](const std::vector<double>& values, double r, double g, double b, double label_x,
                    const std::string& name, bool percent) {
      double hi = 0;
      for (double v : values) {
        if (!std::isnan(v)) hi = std::max(hi, v);
      }
      if (hi <= 0) hi = 1;
      cairo_set_source_rgb(cr_, r, g, b);
      cairo_set_line_width(cr_, 1.5);
      bool started = false;
      for (size_t i = 0; i < values.size(); ++i) {
        if (std::isnan(values[i])) {
          started = false;
          continue;
        }
        const double y = y0 - (y0 - y1) * values[i] / hi;
        if (started) {
          cairo_line_to(cr_, x_of(i), y);
        } else {
          cairo_move_to(cr_, x_of(i), y);
          started = true;
        }
      }
      cairo_stroke(cr_);
      Text(label_x, y1 - 2,
           absl::StrCat(name, " (max ", percent ? PercentText(hi) : DaysText(hi), ")"), 7, false, r,
           g, b);
    };
    draw(left, 0.1, 0.3, 0.8, x0, left_name, false);
    if (!right.empty()) draw(right, 0.85, 0.35, 0.1, x0 + 250, right_name, true);
    for (size_t i = 0; i < n; i += std::max<size_t>(1, n / 12)) {
      Text(x_of(i) - 14, y0 + 3, labels[i], 6, false);
    }
    y_ += height + 8;
  }

 private:
  void StartPage() {
    ++page_;
    y_ = kMargin;
    const std::string generated =
        absl::FormatTime("%Y-%m-%d %H:%M UTC", pack_.generate_time, absl::UTCTimeZone());
    Text(kMargin, y_, absl::StrCat("回款 huikuan · 联席会议 joint meeting pack · ", pack_.month),
         14, true);
    Text(kPageWidth - kMargin - 200, y_ + 4, absl::StrCat("generated ", generated), 8, false);
    y_ += 28;
  }
  void FinishPage() {
    const std::string footer = total_pages_ > 0 ? absl::StrCat("page ", page_, " / ", total_pages_)
                                                : absl::StrCat("page ", page_);
    Text(kPageWidth / 2 - 30, kPageHeight - kMargin + 8, footer, 8, false);
    Text(kMargin, kPageHeight - kMargin + 8, absl::StrCat("month ", pack_.month), 8, false);
    cairo_show_page(cr_);
  }
  void NewPage() {
    FinishPage();
    StartPage();
  }
  void Need(double height) {
    if (y_ + height > kPageHeight - kMargin - 16) NewPage();
  }
  void Row(const std::vector<Column>& columns, const std::vector<std::string>& cells, bool header) {
    double x = kMargin;
    if (header) {
      cairo_set_source_rgb(cr_, 0.87, 0.92, 0.97);
      double width = 0;
      for (const Column& c : columns) width += c.width;
      cairo_rectangle(cr_, kMargin, y_ - 1, width, kRowHeight);
      cairo_fill(cr_);
    }
    for (size_t i = 0; i < columns.size(); ++i) {
      const std::string& text = header ? columns[i].title : (i < cells.size() ? cells[i] : "");
      Cell(x, y_, columns[i].width, text, header, columns[i].right);
      x += columns[i].width;
    }
    y_ += kRowHeight;
  }
  void Cell(double x, double y, double width, const std::string& text, bool bold, bool right) {
    SetFont(7.5, bold);
    pango_layout_set_text(layout_, text.c_str(), -1);
    pango_layout_set_width(layout_, static_cast<int>((width - 4) * PANGO_SCALE));
    pango_layout_set_ellipsize(layout_, PANGO_ELLIPSIZE_END);
    pango_layout_set_alignment(layout_, right ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
    cairo_set_source_rgb(cr_, 0, 0, 0);
    cairo_move_to(cr_, x + 2, y);
    pango_cairo_show_layout(cr_, layout_);
  }
  void Text(double x, double y, const std::string& text, double size, bool bold, double r = 0,
            double g = 0, double b = 0) {
    SetFont(size, bold);
    pango_layout_set_width(layout_, -1);
    pango_layout_set_ellipsize(layout_, PANGO_ELLIPSIZE_NONE);
    pango_layout_set_alignment(layout_, PANGO_ALIGN_LEFT);
    pango_layout_set_text(layout_, text.c_str(), -1);
    cairo_set_source_rgb(cr_, r, g, b);
    cairo_move_to(cr_, x, y);
    pango_cairo_show_layout(cr_, layout_);
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
  const MeetingPack& pack_;
  const int total_pages_;
  PangoLayout* layout_ = pango_cairo_create_layout(cr_);
  int page_ = 0;
  double y_ = 0;
};

std::vector<std::string> KpiCells(const KpiReportRow& row) {
  const core::KpiRow& k = row.kpi;
  return {row.label,
          YuanText(k.credit_sales),
          YuanText(k.end_ar),
          YuanText(k.end_overdue_ar),
          YuanText(k.collections),
          YuanText(k.bad_debt),
          DaysText(k.dso_days),
          DaysText(row.countback_dso_days),
          PercentText(k.cei),
          PercentText(k.overdue_rate),
          PercentText(k.collection_rate)};
}

const std::vector<Column> kKpiColumns = {
    {"group", 120},           {"credit sales", 76, true}, {"end AR", 80, true},
    {"overdue AR", 80, true}, {"collections", 80, true},  {"bad debt", 64, true},
    {"DSO", 40, true},        {"CB DSO", 44, true},       {"CEI", 44, true},
    {"overdue", 48, true},    {"collected", 54, true}};

void LayOut(Layout& out, const MeetingPack& pack) {
  const KpiReportRow& total = pack.kpis_by_salesperson.total;
  out.Heading("Summary 摘要");
  out.Line(absl::StrCat("Open receivables at month end: ", YuanText(pack.aging.total.total),
                        " yuan; overdue: ", YuanText(pack.aging.total.overdue), " yuan"));
  out.Line(absl::StrCat("Collections in the month: ", YuanText(total.kpi.collections),
                        " yuan; collection rate ", PercentText(total.kpi.collection_rate), "; DSO ",
                        DaysText(total.kpi.dso_days), " days (countback ",
                        DaysText(total.countback_dso_days), "); CEI ", PercentText(total.kpi.cei),
                        "; overdue rate ", PercentText(total.kpi.overdue_rate), "; bad-debt rate ",
                        PercentText(total.kpi.bad_debt_rate)));

  out.Heading(
      absl::StrCat("Aging by salesperson 账龄 (as of ", core::FormatDate(pack.aging.as_of), ")"));
  // Pledged: the part of the total pledged or factored to a financier (issue 14), as in the XLSX.
  std::vector<Column> aging_columns = {{"salesperson", 124}};
  for (const std::string& label : pack.aging.bucket_labels) {
    aging_columns.push_back({label, 76, true});
  }
  aging_columns.push_back({"total", 86, true});
  aging_columns.push_back({"overdue", 86, true});
  aging_columns.push_back({"pledged", 86, true});
  std::vector<std::vector<std::string>> rows;
  auto aging_cells = [](const AgingRow& row) {
    std::vector<std::string> cells = {row.label};
    for (core::Fen fen : row.bucket_fen) cells.push_back(YuanText(fen));
    cells.push_back(YuanText(row.total));
    cells.push_back(YuanText(row.overdue));
    cells.push_back(YuanText(row.pledged));
    return cells;
  };
  for (const AgingRow& row : pack.aging.rows) rows.push_back(aging_cells(row));
  rows.push_back(aging_cells(pack.aging.total));
  out.Table(aging_columns, rows);

  out.Heading("KPIs by salesperson 业务员指标");
  rows.clear();
  for (const KpiReportRow& row : pack.kpis_by_salesperson.rows) rows.push_back(KpiCells(row));
  KpiReportRow labelled_total = total;
  labelled_total.label = "total";
  rows.push_back(KpiCells(labelled_total));
  out.Table(kKpiColumns, rows);

  out.Heading("KPIs by department 部门指标");
  rows.clear();
  for (const KpiReportRow& row : pack.kpis_by_department.rows) rows.push_back(KpiCells(row));
  out.Table(kKpiColumns, rows);

  const auto& trend = pack.kpis_by_salesperson.trend;
  std::vector<std::string> months;
  std::vector<double> dso, rate;
  rows.clear();
  for (const KpiReportRow& row : trend) {
    months.push_back(row.group);
    dso.push_back(row.kpi.dso_days);
    rate.push_back(row.kpi.collection_rate);
    rows.push_back(KpiCells(row));
  }
  out.Heading("Trend, 24 months 趋势", 230);
  out.Chart("DSO (days) and collection rate by month", months, dso, "DSO (days)", rate,
            "collection rate");
  out.Table(kKpiColumns, rows);

  out.Heading("Commission 提成 (R-COMM-1)");
  rows.clear();
  for (const CommissionRow& row : pack.commission.rows) {
    rows.push_back({row.salesperson_name, YuanText(row.input.collected), YuanText(row.input.due),
                    PercentText(row.result.collection_rate), row.result.target_met ? "yes" : "no",
                    YuanText(row.result.commission), YuanText(row.result.bonus_cut),
                    YuanText(row.result.bonus), YuanText(row.input.over_30_days_overdue)});
  }
  out.Table({{"salesperson", 120},
             {"collected", 80, true},
             {"due", 80, true},
             {"rate", 50, true},
             {"target", 40},
             {"commission", 80, true},
             {"bonus cut", 70, true},
             {"bonus", 70, true},
             {">30 days overdue", 90, true}},
            rows);
  for (const CommissionRow& row : pack.commission.rows) {
    for (const std::string& line : row.result.explanation) {
      out.Line(absl::StrCat(row.salesperson_name, ": ", line));
    }
  }
  if (!pack.commission.department_scores.empty()) {
    out.Heading("Department KPI scores 部门考核 (R-COMM-2)");
    rows.clear();
    for (const DepartmentScore& d : pack.commission.department_scores) {
      rows.push_back({d.department, absl::StrCat(d.collection_weight_bp),
                      absl::StrCat(d.collection_score_bp), absl::StrCat(d.other_score_bp),
                      absl::StrCat(d.kpi_score_bp)});
    }
    out.Table({{"department", 100},
               {"weight (bp)", 80, true},
               {"collection score (bp)", 110, true},
               {"other score (bp)", 90, true},
               {"KPI score (bp)", 90, true}},
              rows);
  }

  out.Heading(absl::StrCat("RFM segments 客户分层 (", pack.rfm.window_days, " days)"));
  rows.clear();
  for (const RfmSegmentSummary& s : pack.rfm.segments) {
    rows.push_back(
        {s.segment, absl::StrCat(s.customers), YuanText(s.monetary), s.suggested_action});
  }
  out.Table({{"segment", 130},
             {"customers", 60, true},
             {"monetary", 100, true},
             {"suggested term action", 260}},
            rows);
  rows.clear();
  for (const RfmRow& r : pack.rfm.rows) {
    if (r.segment != "low_value_churn_risk" || rows.size() >= 20) continue;
    rows.push_back({r.customer_name, absl::StrCat(r.recency_days), absl::StrCat(r.frequency),
                    YuanText(r.monetary)});
  }
  if (!rows.empty()) {
    out.Line("Churn-risk customers (largest first):");
    out.Table({{"customer", 200},
               {"recency (days)", 80, true},
               {"frequency", 60, true},
               {"monetary", 100, true}},
              rows);
  }

  out.Heading("Top overdue customers 逾期前十");
  rows.clear();
  for (const OverdueCustomer& c : pack.top_overdue) {
    rows.push_back({c.customer_name, c.salesperson_name, YuanText(c.open), YuanText(c.overdue),
                    YuanText(c.over_90_days)});
  }
  out.Table({{"customer", 200},
             {"salesperson", 100},
             {"open", 90, true},
             {"overdue", 90, true},
             {"over 90 days", 90, true}},
            rows);

  out.Heading("Warnings 预警");
  if (!pack.warnings_available) {
    out.Line("Warnings not available: no warning data.");
  } else {
    rows.clear();
    for (const MeetingWarning& w : pack.warnings) {
      rows.push_back({w.customer_name, w.level, w.reason});
    }
    out.Table({{"customer", 200}, {"level", 60}, {"reason", 400}}, rows);
  }

  out.Heading("Broken promises and defaulted plans 失信承诺与违约分期");
  rows.clear();
  for (const BrokenPromise& b : pack.broken_promises) {
    rows.push_back({b.customer_name, core::FormatDate(b.promised_day), YuanText(b.promised),
                    YuanText(b.paid), core::FormatDate(b.decided_day)});
  }
  out.Line(absl::StrCat(pack.broken_promises.size(), " promises judged broken in the month"));
  out.Table({{"customer", 200},
             {"promised date", 80},
             {"promised", 90, true},
             {"paid", 90, true},
             {"judged on", 80}},
            rows);
  rows.clear();
  for (const DefaultedPlan& d : pack.defaulted_plans) {
    rows.push_back({d.customer_name, YuanText(d.total), core::FormatDate(d.defaulted_day)});
  }
  out.Line(absl::StrCat(pack.defaulted_plans.size(), " payment plans defaulted in the month"));
  out.Table({{"customer", 200}, {"total", 90, true}, {"defaulted on", 80}}, rows);

  out.Heading("Pledged and factored invoices 应收账款质押/保理");
  rows.clear();
  for (const PledgeLine& p : pack.pledges) {
    rows.push_back({p.invoice_number, p.customer_name, p.kind, p.financier,
                    core::FormatDate(p.pledged_day), YuanText(p.amount), YuanText(p.pledged_open)});
  }
  out.Line(absl::StrCat(pack.pledges.size(), " invoices pledged or factored at the month's end"));
  out.Table({{"invoice", 110},
             {"customer", 150},
             {"kind", 60},
             {"financier", 120},
             {"pledged on", 70},
             {"amount", 90, true},
             {"pledged open", 90, true}},
            rows);
  rows.clear();
  for (const FinancierTotal& t : pack.pledge_totals) {
    rows.push_back(
        {t.financier, absl::StrCat(t.invoices), YuanText(t.amount), YuanText(t.pledged_open)});
  }
  out.Table({{"financier", 200},
             {"invoices", 60, true},
             {"amount", 100, true},
             {"pledged open", 100, true}},
            rows);
  out.Heading("Early-payment discounts 动态贴现");  // issue 14, R-DISC-3
  out.Line(absl::StrCat(pack.discounts.count, " discounts cost ", YuanText(pack.discounts.cost),
                        " yuan for ", YuanText(pack.discounts.cash_early), " yuan received early (",
                        TenthsText(pack.discounts.avg_days_early_x10), " days on average): ",
                        TenthsText(pack.discounts.dso_days_x10), " DSO days saved"));
  out.Heading("Contacts outside the contact limits 超出联系限制的联系");  // issue 14
  rows.clear();
  for (const FlaggedContact& f : pack.flagged_contacts) {
    rows.push_back({f.customer_name, f.when, f.who, f.channel, f.limits, f.reason});
  }
  out.Line(absl::StrCat(pack.flagged_contacts.size(), " contacts flagged in the month"));
  out.Table({{"customer", 130},
             {"when", 80},
             {"who", 90},
             {"channel", 50},
             {"outside", 170},
             {"reason", 250}},
            rows);
}

}  // namespace

absl::StatusOr<std::string> RenderPackPdf(const MeetingPack& pack) {
  return RenderTwoPassPdf(absl::StrCat("huikuan joint meeting ", pack.month), kPageWidth,
                          kPageHeight, [&](cairo_t* cr, int total_pages) {
                            Layout layout(cr, pack, total_pages);
                            LayOut(layout, pack);
                            layout.Finish();
                            return layout.pages();
                          });
}

}  // namespace huikuan::reports
