// ReportService through a real channel against the test MariaDB (issue 11): aging as of a past
// day does not move when a payment arrives today (R-AGING-1); KPIs (R-KPI-1) and commission
// (R-COMM-1/2) of a month equal a computation by hand; RFM segments (R-RFM-1); the row scope
// (sales staff see only their own customers and commission); INVALID_ARGUMENT names the field;
// the meeting pack's aging (computed from the history columns) equals the SQL reconstruction row
// for row; the XLSX and PDF exports are opened again (openpyxl, pdftotext) and their figures read.
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <tuple>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "huikuan/v1/ledger_service.grpc.pb.h"
#include "huikuan/v1/report_service.grpc.pb.h"
#include "server/core/rfm.h"
#include "server/ops/aging_report.h"
#include "server/ops/clock.h"
#include "server/ops/kpi_report.h"
#include "server/ops/open_invoice_cache.h"
#include "server/store/customer_store.h"
#include "server/store/ledger_store.h"
#include "server/store/risk_store.h"
#include "server/store/transaction.h"
#include "tests/service/history_fixture.h"
#include "tests/service/service_test_env.h"

namespace huikuan::testing {
namespace {

using ::grpc::StatusCode;

// Runs a shell command and returns its standard output.
std::string Shell(const std::string& command) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return out;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
  pclose(pipe);
  return out;
}

class ReportServiceTest : public HistoryFixture {
 protected:
  ReportServiceTest() : HistoryFixture("rpt") {}

  std::unique_ptr<v1::ReportService::Stub> reports = v1::ReportService::NewStub(env.channel());
  // Last calendar month: always wholly in the past.
  const core::Period month = ops::MonthOf(ops::MonthOf(today).first_day - 1);
  const std::string month_text = core::FormatDate(month.first_day).substr(0, 7);

  grpc::Status Aging(const std::string& role, v1::GetAgingReportRequest request,
                     v1::AgingReport* out) {
    grpc::ClientContext context;
    env.Authorize(context, role);
    v1::GetAgingReportResponse response;
    grpc::Status status = reports->GetAgingReport(&context, request, &response);
    *out = response.report();
    return status;
  }

  v1::AgingReport MustAging(const std::string& role, core::EpochDay as_of,
                            v1::ReportGrouping group_by) {
    v1::GetAgingReportRequest request;
    request.set_as_of_date(core::FormatDate(as_of));
    request.set_group_by(group_by);
    v1::AgingReport report;
    grpc::Status status = Aging(role, request, &report);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return report;
  }

  v1::KpiReport MustKpis(const std::string& role, v1::ReportGrouping group_by) {
    grpc::ClientContext context;
    env.Authorize(context, role);
    v1::GetKpiReportRequest request;
    request.set_month(month_text);
    request.set_group_by(group_by);
    v1::GetKpiReportResponse response;
    grpc::Status status = reports->GetKpiReport(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.report();
  }

  v1::CommissionReport MustCommission(const std::string& role, int64_t bonus) {
    grpc::ClientContext context;
    env.Authorize(context, role);
    v1::GetCommissionReportRequest request;
    request.set_month(month_text);
    request.set_monthly_bonus_fen(bonus);
    v1::GetCommissionReportResponse response;
    grpc::Status status = reports->GetCommissionReport(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.report();
  }

  v1::MeetingPack MustPack(const std::string& role) {
    grpc::ClientContext context;
    env.Authorize(context, role);
    v1::GetMeetingPackRequest request;
    request.set_month(month_text);
    v1::GetMeetingPackResponse response;
    grpc::Status status = reports->GetMeetingPack(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.pack();
  }

  v1::MeetingPack MustPackOf(const std::string& role, const std::string& month_name) {
    grpc::ClientContext context;
    env.Authorize(context, role);
    v1::GetMeetingPackRequest request;
    request.set_month(month_name);
    v1::GetMeetingPackResponse response;
    grpc::Status status = reports->GetMeetingPack(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.pack();
  }

  // The customer's level set as of `day` as the risk run (issue 10) stores it: the current level
  // and a change in its history.
  void SetLevel(int64_t customer, core::WarningLevel from, core::WarningLevel to,
                core::EpochDay day) {
    ASSERT_TRUE(store::RunInTransaction(env.pool(), [&](store::ConnectionPool::Lease& db) {
                  store::CustomerRiskRecord risk;
                  risk.customer_id = customer;
                  risk.level = to;
                  if (to != core::WarningLevel::kGreen) {
                    risk.reasons.push_back({"R-WARN-2", to, "DSO 75 days and orders down 40%"});
                  }
                  risk.as_of_day = day;
                  risk.level_since = risk.update_time = absl::Now();
                  store::UpsertCustomerRisk(db, risk);
                  store::RiskChangeRecord change;
                  change.source_key = absl::StrCat("run:", customer, ":", core::FormatDate(day));
                  change.customer_id = customer;
                  change.from = from;
                  change.to = to;
                  change.as_of_day = day;
                  change.reasons = risk.reasons;
                  change.trigger_time = change.create_time = absl::Now();
                  store::InsertRiskChange(db, change);
                  return absl::OkStatus();
                }).ok());
  }

  // Red since the month's last day (the running month's and the last month's packs show it).
  void RedWarning(int64_t customer) {
    SetLevel(customer, core::WarningLevel::kGreen, core::WarningLevel::kRed, month.last_day);
  }

  std::string MustExport(const std::string& role, v1::ExportFormat format) {
    grpc::ClientContext context;
    env.Authorize(context, role);
    v1::ExportMeetingPackRequest request;
    request.set_month(month_text);
    request.set_format(format);
    v1::ExportMeetingPackResponse response;
    grpc::Status status = reports->ExportMeetingPack(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    EXPECT_TRUE(absl::StartsWith(response.filename(), "huikuan-meeting-" + month_text));
    const std::string path = absl::StrCat(::testing::TempDir(), "/", response.filename());
    std::ofstream(path, std::ios::binary) << response.content();
    return path;
  }

  // The month's scenario for one salesperson (figures in fen; F = first day, L = last day):
  //   X 200,000 invoiced F-20, due F+10 (due in the month, unpaid)
  //   Y 100,000 invoiced F+5, due F+35 (the month's only credit sale, current at L)
  //   Z 300,000 invoiced F-100, due F-70 (> 30 days overdue at L)
  //   a payment of 190,000 received F+12: oldest first, all to Z (110,000 left)
  //   a payment of 50,000 received today: after the month, changes none of its figures
  struct Scenario {
    int64_t rep = 0;
    std::string key;
    int64_t customer = 0;
  };
  Scenario MonthScenario(const std::string& name) {
    Scenario s;
    std::tie(s.rep, s.key) = NewSalesperson();
    s.customer = NewCustomer(s.rep, name);
    Invoice(s.customer, 200'000, month.first_day - 20, 30);
    Invoice(s.customer, 100'000, month.first_day + 5, 30);
    Invoice(s.customer, 300'000, month.first_day - 100, 30);
    Pay(s.customer, 190'000, month.first_day + 12);
    Pay(s.customer, 50'000, today);
    return s;
  }
};

const v1::AgingRow* FindRow(const v1::AgingReport& report, const std::string& group) {
  for (const v1::AgingRow& row : report.rows()) {
    if (row.group() == group) return &row;
  }
  return nullptr;
}

const v1::KpiRow* FindRow(const v1::KpiReport& report, const std::string& group) {
  for (const v1::KpiRow& row : report.rows()) {
    if (row.group() == group) return &row;
  }
  return nullptr;
}

// R-AGING-1: the buckets as of the month's last day are reconstructed from the history; the
// payment received today moves today's figures only.
TEST_F(ReportServiceTest, AgingAsOfPastDayDoesNotMoveWithTodaysPayment) {
  const Scenario s = MonthScenario("测试客户 aging");
  const std::string group = absl::StrCat("customers/", s.customer);
  const v1::AgingReport past =
      MustAging("finance_head", month.last_day, v1::REPORT_GROUPING_CUSTOMER);
  ASSERT_EQ(past.bucket_labels_size(), 5);
  EXPECT_EQ(past.bucket_labels(0), "current");
  const v1::AgingRow* row = FindRow(past, group);
  ASSERT_NE(row, nullptr);
  EXPECT_EQ(row->label(), "测试客户 aging");
  // X: due F+10, L - (F+10) = days in month - 11 = 17..20 days past due -> 1-30.
  // Y: current. Z: 110,000 left, due F-70 -> more than 90 days past due.
  EXPECT_EQ(row->bucket_fen(0), 100'000);
  EXPECT_EQ(row->bucket_fen(1), 200'000);
  EXPECT_EQ(row->bucket_fen(2), 0);
  EXPECT_EQ(row->bucket_fen(3), 0);
  EXPECT_EQ(row->bucket_fen(4), 110'000);
  EXPECT_EQ(row->total_fen(), 410'000);
  EXPECT_EQ(row->overdue_fen(), 310'000);
  EXPECT_EQ(row->bucket_count(4), 1);

  // Today: the 50,000 received today went to Z (oldest first).
  const v1::AgingReport now = MustAging("finance_head", today, v1::REPORT_GROUPING_CUSTOMER);
  const v1::AgingRow* now_row = FindRow(now, group);
  ASSERT_NE(now_row, nullptr);
  EXPECT_EQ(now_row->total_fen(), 360'000);
  // Asked again, the past does not move.
  const v1::AgingReport past_again =
      MustAging("finance_head", month.last_day, v1::REPORT_GROUPING_CUSTOMER);
  const v1::AgingRow* again = FindRow(past_again, group);
  ASSERT_NE(again, nullptr);
  EXPECT_EQ(again->total_fen(), 410'000);

  // Custom buckets: {30}: <=30 and >30.
  v1::GetAgingReportRequest request;
  request.set_as_of_date(core::FormatDate(month.last_day));
  request.set_group_by(v1::REPORT_GROUPING_SALESPERSON);
  request.add_bucket_upper_bounds(30);
  v1::AgingReport custom;
  ASSERT_TRUE(Aging(s.key, request, &custom).ok());
  ASSERT_EQ(custom.rows_size(), 1);
  EXPECT_EQ(custom.rows(0).group(), absl::StrCat("users/", s.rep));
  EXPECT_EQ(custom.rows(0).bucket_fen(0), 300'000);
  EXPECT_EQ(custom.rows(0).bucket_fen(1), 110'000);
  EXPECT_EQ(custom.bucket_labels(1), ">30");
}

// R-KPI-1 by hand for the scenario's month (D = days in the month):
//   credit sales 100,000; begin AR 500,000; end AR 410,000; end current AR 100,000 (Y);
//   collections 190,000; due in period 200,000 (X), collected of due 0.
TEST_F(ReportServiceTest, KpisOfTheMonthEqualTheHandComputation) {
  const Scenario s = MonthScenario("KPI Co");
  const double days = month.days();
  for (const std::string& role : {std::string("finance_head"), s.key}) {
    const v1::KpiReport report = MustKpis(role, v1::REPORT_GROUPING_SALESPERSON);
    const v1::KpiRow* row = FindRow(report, absl::StrCat("users/", s.rep));
    ASSERT_NE(row, nullptr) << role;
    EXPECT_EQ(row->credit_sales_fen(), 100'000);
    EXPECT_EQ(row->begin_ar_fen(), 500'000);
    EXPECT_EQ(row->end_ar_fen(), 410'000);
    EXPECT_EQ(row->end_current_ar_fen(), 100'000);
    EXPECT_EQ(row->end_overdue_ar_fen(), 310'000);
    EXPECT_EQ(row->collections_fen(), 190'000);
    EXPECT_EQ(row->due_in_period_fen(), 200'000);
    EXPECT_EQ(row->collected_of_due_fen(), 0);
    EXPECT_DOUBLE_EQ(row->dso_days(), 410'000.0 / 100'000.0 * days);
    EXPECT_DOUBLE_EQ(row->ar_turnover(), 100'000.0 / ((500'000.0 + 410'000.0) / 2));
    EXPECT_DOUBLE_EQ(row->cei(), 190'000.0 / 500'000.0);
    EXPECT_DOUBLE_EQ(row->overdue_rate(), 310'000.0 / 410'000.0);
    EXPECT_DOUBLE_EQ(row->collection_rate(), 0.0);
    EXPECT_EQ(report.trend_size(), 24);
    EXPECT_EQ(report.trend(23).group(), month_text);
  }
  // The salesperson's own total is the same row: the scope holds only their customers.
  const v1::KpiReport own = MustKpis(s.key, v1::REPORT_GROUPING_COMPANY);
  EXPECT_EQ(own.total().end_ar_fen(), 410'000);
  EXPECT_EQ(own.rows_size(), 1);
}

// R-COMM-1: collected 190,000 of 200,000 due = 95% >= 90%: 1% x 1.05 on the cash; 110,000 more
// than 30 days overdue cuts 20% of the bonus. R-COMM-2 weights: sales 30%, finance 20%,
// investment 15%.
TEST_F(ReportServiceTest, CommissionFollowsTheCollectionRules) {
  const Scenario s = MonthScenario("Commission Co");
  const v1::CommissionReport own = MustCommission(s.key, 100'000);
  ASSERT_EQ(own.rows_size(), 1);
  const v1::CommissionRow& row = own.rows(0);
  EXPECT_EQ(row.salesperson(), absl::StrCat("users/", s.rep));
  EXPECT_EQ(row.collected_fen(), 190'000);
  EXPECT_EQ(row.due_fen(), 200'000);
  EXPECT_TRUE(row.target_met());
  EXPECT_EQ(row.base_rate_bp(), 100);
  EXPECT_EQ(row.commission_fen(), 1'995);
  EXPECT_EQ(row.over_30_days_overdue_fen(), 110'000);
  EXPECT_EQ(row.bonus_cut_fen(), 20'000);
  EXPECT_EQ(row.bonus_fen(), 80'000);
  EXPECT_GE(row.explanation_size(), 3);
  // Sales staff see no department scores (company-wide figures).
  EXPECT_EQ(own.department_scores_size(), 0);

  const v1::CommissionReport all = MustCommission("management_head", 100'000);
  bool found = false;
  for (const v1::CommissionRow& r : all.rows()) found |= r.salesperson() == row.salesperson();
  EXPECT_TRUE(found);
  ASSERT_EQ(all.department_scores_size(), 5);
  EXPECT_EQ(all.department_scores(0).department(), "sales");
  EXPECT_EQ(all.department_scores(0).collection_weight_bp(), 3000);
  EXPECT_EQ(all.department_scores(1).collection_weight_bp(), 2000);
  EXPECT_EQ(all.department_scores(2).department(), "investment");
  EXPECT_EQ(all.department_scores(2).collection_weight_bp(), 1500);
}

// Sales staff see only their own customers, commission and warnings; customer users are refused.
TEST_F(ReportServiceTest, ReadsFollowTheRowScope) {
  const Scenario s = MonthScenario("Scoped Co");
  RedWarning(s.customer);
  const std::string group = absl::StrCat("customers/", s.customer);
  EXPECT_NE(FindRow(MustAging(s.key, month.last_day, v1::REPORT_GROUPING_CUSTOMER), group),
            nullptr);
  const v1::AgingReport other =
      MustAging(ServiceTestEnv::kOtherSales, month.last_day, v1::REPORT_GROUPING_CUSTOMER);
  EXPECT_EQ(FindRow(other, group), nullptr);
  const v1::CommissionReport others = MustCommission(ServiceTestEnv::kOtherSales, 0);
  for (const v1::CommissionRow& r : others.rows()) {
    EXPECT_EQ(r.salesperson(), absl::StrCat("users/", env.user_id(ServiceTestEnv::kOtherSales)));
  }
  const v1::MeetingPack pack = MustPack(s.key);
  EXPECT_EQ(pack.aging().total().total_fen(), 410'000);
  ASSERT_EQ(pack.commission().rows_size(), 1);
  ASSERT_EQ(pack.warnings_size(), 1);
  EXPECT_EQ(pack.warnings(0).customer(), absl::StrCat("customers/", s.customer));
  EXPECT_EQ(pack.warnings(0).level(), "red");
  const v1::MeetingPack others_pack = MustPack(ServiceTestEnv::kOtherSales);
  for (const v1::MeetingWarning& w : others_pack.warnings()) {
    EXPECT_NE(w.customer(), pack.warnings(0).customer());
  }

  grpc::ClientContext context;
  env.Authorize(context, "customer");
  v1::GetAgingReportResponse response;
  EXPECT_EQ(reports->GetAgingReport(&context, v1::GetAgingReportRequest(), &response).error_code(),
            StatusCode::PERMISSION_DENIED);
}

// A past month's pack shows the level each customer had at the end of that month, not today's:
// red from a week before last month's end, green again today. Last month's pack lists it red; this
// month's pack (today's levels) does not list it; a customer that turned orange only today is not
// in last month's pack; the month before any level was known reads "not available".
TEST_F(ReportServiceTest, PastMonthPackShowsTheLevelsAtThatMonthsEnd) {
  const Scenario s = MonthScenario("Was Red Co");
  const int64_t later = NewCustomer(s.rep, "Orange Today Co");
  SetLevel(s.customer, core::WarningLevel::kGreen, core::WarningLevel::kRed, month.last_day - 7);
  SetLevel(s.customer, core::WarningLevel::kRed, core::WarningLevel::kGreen, today);
  SetLevel(later, core::WarningLevel::kGreen, core::WarningLevel::kOrange, today);
  const std::string was_red = absl::StrCat("customers/", s.customer);
  const std::string orange_today = absl::StrCat("customers/", later);

  const v1::MeetingPack last_month = MustPackOf(s.key, month_text);
  ASSERT_EQ(last_month.warnings_size(), 1);
  EXPECT_EQ(last_month.warnings(0).customer(), was_red);
  EXPECT_EQ(last_month.warnings(0).level(), "red");
  EXPECT_TRUE(absl::StrContains(last_month.warnings(0).reason(), "R-WARN-2"));

  const v1::MeetingPack this_month =
      MustPackOf(s.key, core::FormatDate(ops::MonthOf(today).first_day).substr(0, 7));
  ASSERT_EQ(this_month.warnings_size(), 1);
  EXPECT_EQ(this_month.warnings(0).customer(), orange_today);
  EXPECT_EQ(this_month.warnings(0).level(), "orange");

  // The month before: no risk run and no change by its end (this binary's levels start in the
  // last month), so nothing says what the levels were.
  const v1::MeetingPack before =
      MustPackOf(s.key, core::FormatDate(ops::MonthOf(month.first_day - 1).first_day).substr(0, 7));
  EXPECT_FALSE(before.warnings_available());
  EXPECT_EQ(before.warnings_size(), 0);
}

// R-RFM-1: one order 10,000 fen 200 days ago -> R > 90, F <= 2, M <= 500,000 yuan: churn risk.
TEST_F(ReportServiceTest, RfmSegmentsCarryTheSuggestedTermAction) {
  auto [rep, key] = NewSalesperson();
  const int64_t churn = NewCustomer(rep, "流失风险客户");
  Invoice(churn, 10'000, today - 200, 30);
  const int64_t loyal = NewCustomer(rep, "Loyal Co");
  for (int i = 0; i < 5; ++i) Invoice(loyal, 30'000'000, today - 10 - i, 30);

  grpc::ClientContext context;
  env.Authorize(context, key);
  v1::GetRfmReportRequest request;
  v1::GetRfmReportResponse response;
  ASSERT_TRUE(reports->GetRfmReport(&context, request, &response).ok());
  const v1::RfmReport& report = response.report();
  ASSERT_EQ(report.rows_size(), 2);
  EXPECT_EQ(report.window_days(), 365);
  EXPECT_EQ(report.rows(0).customer(), absl::StrCat("customers/", loyal));
  EXPECT_EQ(report.rows(0).segment(), "loyal_high_value");
  EXPECT_EQ(report.rows(0).frequency(), 5);
  EXPECT_EQ(report.rows(0).monetary_fen(), 150'000'000);
  EXPECT_EQ(report.rows(0).recency_days(), 10);
  EXPECT_EQ(report.rows(1).segment(), "low_value_churn_risk");
  EXPECT_EQ(report.rows(1).recency_days(), 200);
  EXPECT_EQ(report.rows(1).suggested_action(),
            std::string(core::RfmSegmentAdvice(core::RfmSegment::kLowValueChurnRisk)));
  ASSERT_EQ(report.segments_size(), 3);
  EXPECT_EQ(report.segments(0).segment(), "loyal_high_value");
  EXPECT_EQ(report.segments(0).customers(), 1);
}

TEST_F(ReportServiceTest, BadInputNamesTheField) {
  auto expect_field = [&](const grpc::Status& status, const std::string& field) {
    EXPECT_EQ(status.error_code(), StatusCode::INVALID_ARGUMENT) << field;
    const std::vector<std::string> fields = ViolatedFields(status);
    EXPECT_NE(std::find(fields.begin(), fields.end(), field), fields.end())
        << field << ": " << status.error_message();
  };
  v1::AgingReport aging;
  v1::GetAgingReportRequest bounds;
  bounds.add_bucket_upper_bounds(30);
  bounds.add_bucket_upper_bounds(10);
  expect_field(Aging("finance_head", bounds, &aging), "bucket_upper_bounds");
  v1::GetAgingReportRequest date;
  date.set_as_of_date("2026-13-01");
  expect_field(Aging("finance_head", date, &aging), "as_of_date");
  v1::GetAgingReportRequest future;
  future.set_as_of_date(core::FormatDate(today + 1));
  expect_field(Aging("finance_head", future, &aging), "as_of_date");
  {
    grpc::ClientContext context;
    env.Authorize(context, "finance_head");
    v1::GetKpiReportRequest request;
    request.set_month("2026/01");
    v1::GetKpiReportResponse response;
    expect_field(reports->GetKpiReport(&context, request, &response), "month");
  }
  {
    grpc::ClientContext context;
    env.Authorize(context, "finance_head");
    v1::GetKpiReportRequest request;
    request.set_month(month_text);
    request.set_trend_months(99);
    v1::GetKpiReportResponse response;
    expect_field(reports->GetKpiReport(&context, request, &response), "trend_months");
  }
  {
    grpc::ClientContext context;
    env.Authorize(context, "finance_head");
    v1::GetCommissionReportRequest request;
    request.set_month(month_text);
    request.set_base_rate_bp(20'000);
    v1::GetCommissionReportResponse response;
    expect_field(reports->GetCommissionReport(&context, request, &response), "base_rate_bp");
  }
  {
    grpc::ClientContext context;
    env.Authorize(context, "finance_head");
    v1::ExportMeetingPackRequest request;
    request.set_month(month_text);
    v1::ExportMeetingPackResponse response;
    expect_field(reports->ExportMeetingPack(&context, request, &response), "format");
  }
}

// The pack's aging comes from the history columns (one load for every section); GetAgingReport
// reconstructs each invoice in SQL (store/ledger_as_of.h). Every row of every bucket agrees.
TEST_F(ReportServiceTest, PackAgingEqualsTheSqlReconstruction) {
  RedWarning(MonthScenario("Pack Co A").customer);
  MonthScenario("Pack Co B");
  const v1::MeetingPack pack = MustPack("finance_head");
  const v1::AgingReport sql =
      MustAging("finance_head", month.last_day, v1::REPORT_GROUPING_SALESPERSON);
  ASSERT_EQ(pack.aging().rows_size(), sql.rows_size());
  for (int i = 0; i < sql.rows_size(); ++i) {
    EXPECT_EQ(pack.aging().rows(i).group(), sql.rows(i).group());
    for (int b = 0; b < sql.rows(i).bucket_fen_size(); ++b) {
      EXPECT_EQ(pack.aging().rows(i).bucket_fen(b), sql.rows(i).bucket_fen(b));
      EXPECT_EQ(pack.aging().rows(i).bucket_count(b), sql.rows(i).bucket_count(b));
    }
  }
  EXPECT_EQ(pack.aging().total().total_fen(), sql.total().total_fen());
  EXPECT_TRUE(pack.warnings_available());
  EXPECT_EQ(pack.kpis_by_salesperson().trend_size(), 24);
  EXPECT_GE(pack.kpis_by_department().rows_size(), 1);
}

// The fast path (today's aging from the open-invoice cache, refreshed by what changed) equals the
// straightforward recomputation (every invoice reconstructed in SQL), for every grouping, before
// and after more writes (the refresh reads only the changes) and for a salesperson's scope.
TEST_F(ReportServiceTest, FastPathEqualsTheRecomputation) {
  const Scenario s = MonthScenario("Fast Co");
  ops::OpenInvoiceCache cache;
  auto compare = [&](const ops::Caller& caller) {
    for (auto grouping : {reports::Grouping::kCompany, reports::Grouping::kCustomer,
                          reports::Grouping::kSalesperson, reports::Grouping::kDepartment,
                          reports::Grouping::kTier, reports::Grouping::kIndustry}) {
      auto both = store::RunInTransaction<std::pair<reports::AgingReport, reports::AgingReport>>(
          env.pool(),
          [&](store::ConnectionPool::Lease& db)
              -> absl::StatusOr<std::pair<reports::AgingReport, reports::AgingReport>> {
            ops::ReadScope read(db, caller, absl::Now());
            ops::AgingQuery query;
            query.grouping = grouping;
            absl::StatusOr<reports::AgingReport> fast = ops::BuildAgingReport(read, query, &cache);
            if (!fast.ok()) return fast.status();
            absl::StatusOr<reports::AgingReport> slow = ops::BuildAgingReport(read, query);
            if (!slow.ok()) return slow.status();
            return std::make_pair(*fast, *slow);
          });
      ASSERT_TRUE(both.ok()) << both.status();
      const auto& [fast, slow] = *both;
      ASSERT_EQ(fast.rows.size(), slow.rows.size());
      for (size_t i = 0; i < slow.rows.size(); ++i) {
        EXPECT_EQ(fast.rows[i].group, slow.rows[i].group);
        EXPECT_EQ(fast.rows[i].bucket_fen, slow.rows[i].bucket_fen);
        EXPECT_EQ(fast.rows[i].bucket_count, slow.rows[i].bucket_count);
      }
      EXPECT_EQ(fast.total.bucket_fen, slow.total.bucket_fen);
    }
  };
  const ops::Caller system = ops::Caller::System("report-test");
  compare(system);
  const size_t loaded = cache.invoice_count();
  EXPECT_GE(loaded, 3u);
  // More writes: a new invoice and a payment; the cache reads them as changes.
  Invoice(s.customer, 70'000, today - 3, 30);
  Pay(s.customer, 120'000, today);
  compare(system);
  EXPECT_EQ(cache.invoice_count(), loaded + 1);
  ops::Caller rep;
  rep.user_id = s.rep;
  rep.department = ops::Department::kSales;
  rep.level = ops::Level::kStaff;
  compare(rep);
}

// The XLSX opened again with openpyxl: the summary's open receivables is the yuan number of the
// pack's aging total with a yuan format; the commission sheet has the commission in yuan.
TEST_F(ReportServiceTest, XlsxExportHoldsThePacksFigures) {
  const Scenario s = MonthScenario("导出客户 XLSX");
  const std::string path = MustExport(s.key, v1::EXPORT_FORMAT_XLSX);
  // Numbers print with %g: 4100.0 -> "4100", 19.95 -> "19.95".
  const std::string script = absl::StrCat(::testing::TempDir(), "/read_pack.py");
  std::ofstream(script) << R"(import sys, openpyxl
g = lambda v: ('%g' % v) if isinstance(v, (int, float)) else str(v)
wb = openpyxl.load_workbook(sys.argv[1])
s = wb['Summary']
print(g(s['B2'].value)); print(g(s['B4'].value)); print(s['B4'].number_format)
c = wb['Commission']
print(g(c['G2'].value)); print(g(c['K2'].value))
a = wb['Aging']
print(a['A2'].value, g(a['F2'].value), g(a['G2'].value))
print(len(a._charts), len(wb['Trend']._charts))
print(wb['Trend'].max_row)
print(wb.sheetnames)
)";
  const std::string out = Shell(absl::StrCat("/usr/bin/python3 ", script, " ", path, " 2>&1"));
  const std::vector<std::string> lines = absl::StrSplit(out, '\n');
  ASSERT_GE(lines.size(), 8u) << out;
  EXPECT_EQ(lines[0], month_text);
  EXPECT_EQ(lines[1], "4100");  // 410,000 fen
  EXPECT_TRUE(absl::StrContains(lines[2], "#,##0.00")) << lines[2];
  EXPECT_EQ(lines[3], "19.95");  // commission 1,995 fen
  EXPECT_EQ(lines[4], "1100");   // 110,000 fen more than 30 days overdue
  EXPECT_EQ(lines[5], absl::StrCat("t.", s.key, " 1100 4100"));  // >90 bucket, total
  EXPECT_EQ(lines[6], "1 2");  // aging chart; DSO and collection-rate charts
  EXPECT_EQ(lines[7], "25");   // header + 24 months
  EXPECT_TRUE(absl::StrContains(lines[8], "'RFM'")) << lines[8];
}

// The PDF through pdftotext: the month, the generation line, page numbers, the Chinese customer
// name (fonts-noto-cjk) and the figures as yuan text.
TEST_F(ReportServiceTest, PdfExportHoldsThePacksFigures) {
  const Scenario s = MonthScenario("导出客户甲");
  RedWarning(s.customer);
  const std::string path = MustExport(s.key, v1::EXPORT_FORMAT_PDF);
  const std::string text = Shell(absl::StrCat("pdftotext -layout ", path, " - 2>&1"));
  EXPECT_TRUE(absl::StrContains(text, absl::StrCat("joint meeting pack · ", month_text))) << text;
  EXPECT_TRUE(absl::StrContains(text, "generated ")) << text;
  EXPECT_TRUE(absl::StrContains(text, "page 1 / ")) << text;
  EXPECT_TRUE(absl::StrContains(text, "导出客户甲")) << text;
  EXPECT_TRUE(absl::StrContains(text, "Open receivables at month end: 4,100.00 yuan")) << text;
  EXPECT_TRUE(absl::StrContains(text, "overdue: 3,100.00 yuan")) << text;
  EXPECT_TRUE(absl::StrContains(text, "19.95")) << text;  // the commission
  EXPECT_TRUE(absl::StrContains(text, "R-WARN-2: DSO 75 days and orders down 40%")) << text;
  const std::string pages = Shell(absl::StrCat("pdfinfo ", path, " | grep Pages"));
  EXPECT_TRUE(absl::StrContains(pages, "Pages:")) << pages;
}

}  // namespace
}  // namespace huikuan::testing
