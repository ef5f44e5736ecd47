#include "server/reports/pack_xlsx.h"

#include <unistd.h>
#include <xlsxwriter.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "server/reports/pack_format.h"

namespace huikuan::reports {
namespace {

// The workbook being written, with its formats and one cursor per sheet.
class Sheets {
 public:
  explicit Sheets(lxw_workbook* book) : book_(book) {
    yuan_ = workbook_add_format(book);
    format_set_num_format(yuan_, "\xC2\xA5#,##0.00");  // ¥#,##0.00
    percent_ = workbook_add_format(book);
    format_set_num_format(percent_, "0.0%");
    days_ = workbook_add_format(book);
    format_set_num_format(days_, "0.0");
    header_ = workbook_add_format(book);
    format_set_bold(header_);
    format_set_bg_color(header_, 0xDDEBF7);
    title_ = workbook_add_format(book);
    format_set_bold(title_);
    format_set_font_size(title_, 14);
  }

  lxw_worksheet* Add(const char* name, const std::vector<std::string>& headers) {
    lxw_worksheet* sheet = workbook_add_worksheet(book_, name);
    for (size_t c = 0; c < headers.size(); ++c) {
      worksheet_write_string(sheet, 0, static_cast<lxw_col_t>(c), headers[c].c_str(), header_);
    }
    worksheet_set_column(sheet, 0, 0, 28, nullptr);
    worksheet_set_column(sheet, 1, static_cast<lxw_col_t>(headers.size()), 16, nullptr);
    worksheet_freeze_panes(sheet, 1, 0);
    return sheet;
  }
  void Text(lxw_worksheet* s, int r, int c, const std::string& text) {
    worksheet_write_string(s, r, c, text.c_str(), nullptr);
  }
  void Yuan(lxw_worksheet* s, int r, int c, core::Fen fen) {
    worksheet_write_number(s, r, c, YuanValue(fen), yuan_);
  }
  void Count(lxw_worksheet* s, int r, int c, int64_t n) {
    worksheet_write_number(s, r, c, static_cast<double>(n), nullptr);
  }
  // NaN ratios are left blank: "no sales" has no DSO.
  void Percent(lxw_worksheet* s, int r, int c, double ratio) {
    if (!std::isnan(ratio)) worksheet_write_number(s, r, c, ratio, percent_);
  }
  void Days(lxw_worksheet* s, int r, int c, double days) {
    if (!std::isnan(days)) worksheet_write_number(s, r, c, days, days_);
  }
  void Title(lxw_worksheet* s, int r, const std::string& text) {
    worksheet_write_string(s, r, 0, text.c_str(), title_);
  }
  lxw_workbook* book() { return book_; }

 private:
  lxw_workbook* book_;
  lxw_format* yuan_;
  lxw_format* percent_;
  lxw_format* days_;
  lxw_format* header_;
  lxw_format* title_;
};

const std::vector<std::string> kKpiHeaders = {
    "group",          "credit sales", "begin AR",      "end AR",           "end overdue AR",
    "collections",    "bad debt",     "due in period", "collected of due", "DSO (days)",
    "countback DSO",  "AR turnover",  "CEI",           "overdue rate",     "bad-debt rate",
    "collection rate"};

void WriteKpiRow(Sheets& x, lxw_worksheet* s, int r, const KpiReportRow& row) {
  const core::KpiRow& k = row.kpi;
  x.Text(s, r, 0, row.label);
  x.Yuan(s, r, 1, k.credit_sales);
  x.Yuan(s, r, 2, k.begin_ar);
  x.Yuan(s, r, 3, k.end_ar);
  x.Yuan(s, r, 4, k.end_overdue_ar);
  x.Yuan(s, r, 5, k.collections);
  x.Yuan(s, r, 6, k.bad_debt);
  x.Yuan(s, r, 7, k.due_in_period);
  x.Yuan(s, r, 8, k.collected_of_due);
  x.Days(s, r, 9, k.dso_days);
  x.Days(s, r, 10, row.countback_dso_days);
  if (!std::isnan(k.ar_turnover)) worksheet_write_number(s, r, 11, k.ar_turnover, nullptr);
  x.Percent(s, r, 12, k.cei);
  x.Percent(s, r, 13, k.overdue_rate);
  x.Percent(s, r, 14, k.bad_debt_rate);
  x.Percent(s, r, 15, k.collection_rate);
}

void WriteSummary(Sheets& x, const MeetingPack& pack) {
  lxw_worksheet* s = x.Add("Summary", {"item", "value"});
  x.Text(s, 1, 0, "month");
  x.Text(s, 1, 1, pack.month);
  x.Text(s, 2, 0, "generated (UTC)");
  x.Text(s, 2, 1, absl::FormatTime("%Y-%m-%d %H:%M:%S", pack.generate_time, absl::UTCTimeZone()));
  const KpiReportRow& t = pack.kpis_by_salesperson.total;
  x.Text(s, 3, 0, "open receivables at month end (yuan)");
  x.Yuan(s, 3, 1, pack.aging.total.total);
  x.Text(s, 4, 0, "overdue at month end (yuan)");
  x.Yuan(s, 4, 1, pack.aging.total.overdue);
  x.Text(s, 5, 0, "collections in the month (yuan)");
  x.Yuan(s, 5, 1, t.kpi.collections);
  x.Text(s, 6, 0, "collection rate");
  x.Percent(s, 6, 1, t.kpi.collection_rate);
  x.Text(s, 7, 0, "DSO (days)");
  x.Days(s, 7, 1, t.kpi.dso_days);
  x.Text(s, 8, 0, "countback DSO (days)");
  x.Days(s, 8, 1, t.countback_dso_days);
  x.Text(s, 9, 0, "overdue rate");
  x.Percent(s, 9, 1, t.kpi.overdue_rate);
  x.Text(s, 10, 0, "CEI");
  x.Percent(s, 10, 1, t.kpi.cei);
  x.Text(s, 11, 0, "bad-debt rate");
  x.Percent(s, 11, 1, t.kpi.bad_debt_rate);
  worksheet_set_column(s, 0, 0, 40, nullptr);
  worksheet_set_column(s, 1, 1, 22, nullptr);
}

void WriteAging(Sheets& x, const MeetingPack& pack) {
  std::vector<std::string> headers = {"salesperson"};
  for (const std::string& label : pack.aging.bucket_labels) headers.push_back(label);
  headers.push_back("total");
  headers.push_back("overdue");
  headers.push_back("pledged");
  lxw_worksheet* s = x.Add("Aging", headers);
  const int buckets = static_cast<int>(pack.aging.bucket_labels.size());
  int r = 1;
  auto write = [&](const AgingRow& row) {
    x.Text(s, r, 0, row.label);
    for (int b = 0; b < buckets; ++b) x.Yuan(s, r, 1 + b, row.bucket_fen[b]);
    x.Yuan(s, r, 1 + buckets, row.total);
    x.Yuan(s, r, 2 + buckets, row.overdue);
    x.Yuan(s, r, 3 + buckets, row.pledged);
    ++r;
  };
  for (const AgingRow& row : pack.aging.rows) write(row);
  const int last_data_row = r - 1;
  write(pack.aging.total);
  if (last_data_row < 1) return;
  lxw_chart* chart = workbook_add_chart(x.book(), LXW_CHART_COLUMN_STACKED);
  chart_title_set_name(chart, "Aging by salesperson (yuan)");
  for (int b = 0; b < buckets; ++b) {
    const std::string col(1, static_cast<char>('B' + b));
    lxw_chart_series* series = chart_add_series(
        chart, absl::StrCat("=Aging!$A$2:$A$", last_data_row + 1).c_str(),
        absl::StrCat("=Aging!$", col, "$2:$", col, "$", last_data_row + 1).c_str());
    chart_series_set_name(series, pack.aging.bucket_labels[b].c_str());
  }
  worksheet_insert_chart(s, r + 2, 0, chart);
}

void WriteKpis(Sheets& x, const char* name, const KpiReport& report) {
  lxw_worksheet* s = x.Add(name, kKpiHeaders);
  int r = 1;
  for (const KpiReportRow& row : report.rows) WriteKpiRow(x, s, r++, row);
  KpiReportRow total = report.total;
  total.label = "total";
  WriteKpiRow(x, s, r, total);
}

void WriteTrend(Sheets& x, const MeetingPack& pack) {
  std::vector<std::string> headers = kKpiHeaders;
  headers[0] = "month";
  lxw_worksheet* s = x.Add("Trend", headers);
  const auto& trend = pack.kpis_by_salesperson.trend;
  for (size_t i = 0; i < trend.size(); ++i) WriteKpiRow(x, s, static_cast<int>(i) + 1, trend[i]);
  if (trend.empty()) return;
  const std::string last = absl::StrCat(trend.size() + 1);
  // Two charts: libxlsxwriter 1.1.4 has no secondary axis for days next to a percentage.
  const std::string months = absl::StrCat("=Trend!$A$2:$A$", last);
  lxw_chart* dso = workbook_add_chart(x.book(), LXW_CHART_LINE);
  chart_title_set_name(dso, "DSO (days), 24 months");
  chart_series_set_name(
      chart_add_series(dso, months.c_str(), absl::StrCat("=Trend!$J$2:$J$", last).c_str()),
      "DSO (days)");
  lxw_chart* rate = workbook_add_chart(x.book(), LXW_CHART_LINE);
  chart_title_set_name(rate, "Collection rate, 24 months");
  chart_series_set_name(
      chart_add_series(rate, months.c_str(), absl::StrCat("=Trend!$P$2:$P$", last).c_str()),
      "collection rate");
  worksheet_insert_chart(s, static_cast<int>(trend.size()) + 3, 8, rate);
  worksheet_insert_chart(s, static_cast<int>(trend.size()) + 3, 0, dso);
}

void WriteCommission(Sheets& x, const MeetingPack& pack) {
  lxw_worksheet* s =
      x.Add("Commission", {"salesperson", "collected", "due", "collection rate", "target met",
                           "base rate (bp)", "commission", "bonus before cut", "bonus cut", "bonus",
                           "over 30 days overdue", "explanation"});
  int r = 1;
  for (const CommissionRow& row : pack.commission.rows) {
    x.Text(s, r, 0, row.salesperson_name);
    x.Yuan(s, r, 1, row.input.collected);
    x.Yuan(s, r, 2, row.input.due);
    x.Percent(s, r, 3, row.result.collection_rate);
    x.Text(s, r, 4, row.result.target_met ? "yes" : "no");
    x.Count(s, r, 5, row.input.base_rate_bp);
    x.Yuan(s, r, 6, row.result.commission);
    x.Yuan(s, r, 7, row.input.monthly_bonus);
    x.Yuan(s, r, 8, row.result.bonus_cut);
    x.Yuan(s, r, 9, row.result.bonus);
    x.Yuan(s, r, 10, row.input.over_30_days_overdue);
    std::string explanation;
    for (const std::string& line : row.result.explanation)
      absl::StrAppend(&explanation, line, "; ");
    x.Text(s, r, 11, explanation);
    ++r;
  }
  worksheet_set_column(s, 11, 11, 80, nullptr);
  r += 1;
  x.Title(s, r++, "Department KPI scores (R-COMM-2)");
  const char* heads[] = {"department", "collection weight (bp)", "collection score (bp)",
                         "other score (bp)", "KPI score (bp)"};
  for (int c = 0; c < 5; ++c) x.Text(s, r, c, heads[c]);
  ++r;
  for (const DepartmentScore& d : pack.commission.department_scores) {
    x.Text(s, r, 0, d.department);
    x.Count(s, r, 1, d.collection_weight_bp);
    x.Count(s, r, 2, d.collection_score_bp);
    x.Count(s, r, 3, d.other_score_bp);
    x.Count(s, r, 4, d.kpi_score_bp);
    ++r;
  }
}

void WriteRfm(Sheets& x, const MeetingPack& pack) {
  lxw_worksheet* s = x.Add("RFM", {"customer", "recency (days)", "frequency", "monetary", "R", "F",
                                   "M", "segment", "suggested term action"});
  int r = 1;
  for (const RfmRow& row : pack.rfm.rows) {
    x.Text(s, r, 0, row.customer_name);
    x.Count(s, r, 1, row.recency_days);
    x.Count(s, r, 2, row.frequency);
    x.Yuan(s, r, 3, row.monetary);
    x.Count(s, r, 4, row.r_score);
    x.Count(s, r, 5, row.f_score);
    x.Count(s, r, 6, row.m_score);
    x.Text(s, r, 7, row.segment);
    x.Text(s, r, 8, row.suggested_action);
    ++r;
  }
  lxw_worksheet* segments =
      x.Add("Segments", {"segment", "customers", "monetary", "suggested term action"});
  r = 1;
  for (const RfmSegmentSummary& seg : pack.rfm.segments) {
    x.Text(segments, r, 0, seg.segment);
    x.Count(segments, r, 1, seg.customers);
    x.Yuan(segments, r, 2, seg.monetary);
    x.Text(segments, r, 3, seg.suggested_action);
    ++r;
  }
}

void WriteRisk(Sheets& x, const MeetingPack& pack) {
  lxw_worksheet* s =
      x.Add("TopOverdue", {"customer", "salesperson", "open", "overdue", "over 90 days"});
  int r = 1;
  for (const OverdueCustomer& c : pack.top_overdue) {
    x.Text(s, r, 0, c.customer_name);
    x.Text(s, r, 1, c.salesperson_name);
    x.Yuan(s, r, 2, c.open);
    x.Yuan(s, r, 3, c.overdue);
    x.Yuan(s, r, 4, c.over_90_days);
    ++r;
  }
  lxw_worksheet* w = x.Add("Warnings", {"customer", "level", "reason"});
  if (!pack.warnings_available) {
    x.Text(w, 1, 0, "warnings not available (risk run, issue 10)");
  }
  r = 1;
  for (const MeetingWarning& warning : pack.warnings) {
    x.Text(w, r, 0, warning.customer_name);
    x.Text(w, r, 1, warning.level);
    x.Text(w, r, 2, warning.reason);
    ++r;
  }
  lxw_worksheet* p =
      x.Add("Promises", {"customer", "promised date", "promised", "paid", "judged broken on"});
  r = 1;
  for (const BrokenPromise& b : pack.broken_promises) {
    x.Text(p, r, 0, b.customer_name);
    x.Text(p, r, 1, core::FormatDate(b.promised_day));
    x.Yuan(p, r, 2, b.promised);
    x.Yuan(p, r, 3, b.paid);
    x.Text(p, r, 4, core::FormatDate(b.decided_day));
    ++r;
  }
  lxw_worksheet* plans = x.Add("Plans", {"customer", "total", "defaulted on"});
  r = 1;
  for (const DefaultedPlan& d : pack.defaulted_plans) {
    x.Text(plans, r, 0, d.customer_name);
    x.Yuan(plans, r, 1, d.total);
    x.Text(plans, r, 2, core::FormatDate(d.defaulted_day));
    ++r;
  }
  // Issue 14, R-DISC-3.
  lxw_worksheet* disc = x.Add("Discounts", {"discounts", "cost", "cash early", "credit sales",
                                            "avg days early", "DSO days saved"});
  x.Text(disc, 1, 0, absl::StrCat(pack.discounts.count));
  x.Yuan(disc, 1, 1, pack.discounts.cost);
  x.Yuan(disc, 1, 2, pack.discounts.cash_early);
  x.Yuan(disc, 1, 3, pack.discounts.credit_sales);
  x.Text(disc, 1, 4, TenthsText(pack.discounts.avg_days_early_x10));
  x.Text(disc, 1, 5, TenthsText(pack.discounts.dso_days_x10));
  // Issue 14: contacts made outside the contact limits, with their reasons.
  lxw_worksheet* flagged =
      x.Add("Flagged contacts", {"customer", "when", "who", "channel", "outside", "reason"});
  r = 1;
  for (const FlaggedContact& f : pack.flagged_contacts) {
    const std::string cells[] = {f.customer_name, f.when, f.who, f.channel, f.limits, f.reason};
    for (int c = 0; c < 6; ++c) x.Text(flagged, r, c, cells[c]);
    ++r;
  }
}

// Invoices pledged or factored at the month's end, then the totals per financier.
void WritePledges(Sheets& x, const MeetingPack& pack) {
  lxw_worksheet* s = x.Add("Pledges", {"invoice", "customer", "kind", "financier", "pledged on",
                                       "amount", "open", "pledged open"});
  int r = 1;
  for (const PledgeLine& p : pack.pledges) {
    x.Text(s, r, 0, p.invoice_number);
    x.Text(s, r, 1, p.customer_name);
    x.Text(s, r, 2, p.kind);
    x.Text(s, r, 3, p.financier);
    x.Text(s, r, 4, core::FormatDate(p.pledged_day));
    x.Yuan(s, r, 5, p.amount);
    x.Yuan(s, r, 6, p.open);
    x.Yuan(s, r, 7, p.pledged_open);
    ++r;
  }
  ++r;
  x.Title(s, r++, "per financier");
  for (const FinancierTotal& t : pack.pledge_totals) {
    x.Text(s, r, 0, t.financier);
    x.Count(s, r, 1, t.invoices);
    x.Yuan(s, r, 5, t.amount);
    x.Yuan(s, r, 7, t.pledged_open);
    ++r;
  }
}

}  // namespace

absl::StatusOr<std::string> RenderPackXlsx(const MeetingPack& pack) {
  // libxlsxwriter 1.1.4 writes only to a file: a private temporary one, removed afterwards.
  char path[] = "/tmp/huikuan-pack-XXXXXX.xlsx";
  const int fd = mkstemps(path, 5);
  if (fd < 0) return absl::InternalError("xlsx: cannot create a temporary file");
  close(fd);
  lxw_workbook* book = workbook_new(path);
  if (book == nullptr) {
    std::remove(path);
    return absl::InternalError("xlsx: cannot start the workbook");
  }
  Sheets x(book);
  WriteSummary(x, pack);
  WriteAging(x, pack);
  WriteKpis(x, "KPIs", pack.kpis_by_salesperson);
  WriteKpis(x, "Departments", pack.kpis_by_department);
  WriteTrend(x, pack);
  WriteCommission(x, pack);
  WriteRfm(x, pack);
  WriteRisk(x, pack);
  WritePledges(x, pack);
  const lxw_error error = workbook_close(book);
  if (error != LXW_NO_ERROR) {
    std::remove(path);
    return absl::InternalError(absl::StrCat("xlsx: ", lxw_strerror(error)));
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  std::remove(path);
  return bytes.str();
}

}  // namespace huikuan::reports
