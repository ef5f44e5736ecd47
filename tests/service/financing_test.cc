// FinancingService and HealthService through a real channel against the test MariaDB (issue 14):
// a pledged or factored invoice refuses a write-off and a goods-for-debt settlement, on request
// and on approval, naming the financier, until finance releases it with the financier's release
// reference; pledges are idempotent and audited; aging and the meeting pack show the pledged
// amounts; the credit-term health score's components, percentile and advice on chosen invoices;
// the portal sees only its own score. The ledger invariants are checked after every test.
#include <grpcpp/grpcpp.h>

#include <cstdio>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "huikuan/v1/arrangement_service.grpc.pb.h"
#include "huikuan/v1/collections_service.grpc.pb.h"
#include "huikuan/v1/financing_service.grpc.pb.h"
#include "huikuan/v1/health_service.grpc.pb.h"
#include "huikuan/v1/job_service.grpc.pb.h"
#include "huikuan/v1/report_service.grpc.pb.h"
#include "server/store/health_store.h"
#include "server/store/sql_values.h"
#include "server/store/transaction.h"
#include "tests/service/case_fixtures.h"

namespace huikuan::testing {
namespace {

using ::grpc::StatusCode;

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

class FinancingTest : public ::testing::Test {
 protected:
  ServiceTestEnv& env = ServiceTestEnv::Get();
  std::unique_ptr<v1::FinancingService::Stub> financing =
      v1::FinancingService::NewStub(env.channel());
  std::unique_ptr<v1::HealthService::Stub> health = v1::HealthService::NewStub(env.channel());
  std::unique_ptr<v1::CollectionsService::Stub> collections =
      v1::CollectionsService::NewStub(env.channel());
  std::unique_ptr<v1::ArrangementService::Stub> arrangements =
      v1::ArrangementService::NewStub(env.channel());
  std::unique_ptr<v1::ReportService::Stub> reports = v1::ReportService::NewStub(env.channel());
  const core::EpochDay today = Today();

  void TearDown() override {
    const std::vector<std::string> violations = LedgerViolations(env);
    EXPECT_TRUE(violations.empty()) << violations.front();
  }

  template <typename Stub, typename Request, typename Response>
  grpc::Status Call(Stub& stub,
                    grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Response*),
                    const std::string& role, const Request& request, Response& response) {
    grpc::ClientContext context;
    env.Authorize(context, role);
    return (stub.*method)(&context, request, &response);
  }

  void Exec(const std::string& sql) {
    absl::Status status =
        store::RunInTransaction(env.pool(), [&](store::ConnectionPool::Lease& db) -> absl::Status {
          db.Prepare(sql).executeUpdate();
          return absl::OkStatus();
        });
    ASSERT_TRUE(status.ok()) << status;
  }

  v1::PledgeInvoiceRequest PledgeRequest(int64_t invoice, int64_t amount,
                                         const std::string& financier) {
    v1::PledgeInvoiceRequest request;
    request.set_request_id(NewRequestId());
    request.set_invoice(InvoiceName(invoice));
    request.set_kind(v1::PLEDGE_KIND_FACTORING);
    request.set_financier(financier);
    request.set_amount_fen(amount);
    request.set_reference("FC-2026-001");
    return request;
  }

  v1::Pledge MustPledge(int64_t invoice, int64_t amount, const std::string& financier) {
    v1::PledgeInvoiceResponse response;
    grpc::Status status =
        Call(*financing, &v1::FinancingService::Stub::PledgeInvoice, "finance_staff",
             PledgeRequest(invoice, amount, financier), response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.pledge();
  }

  grpc::Status Release(const std::string& name, const std::string& reference,
                       v1::ReleasePledgeResponse* out = nullptr) {
    v1::ReleasePledgeRequest request;
    request.set_request_id(NewRequestId());
    request.set_name(name);
    request.set_release_reference(reference);
    v1::ReleasePledgeResponse response;
    grpc::Status status = Call(*financing, &v1::FinancingService::Stub::ReleasePledge,
                               "finance_head", request, response);
    if (out != nullptr) *out = response;
    return status;
  }

  grpc::Status RequestWriteOff(int64_t invoice, int64_t amount, std::string* name = nullptr) {
    v1::RequestWriteOffRequest request;
    request.set_request_id(NewRequestId());
    request.set_invoice(InvoiceName(invoice));
    request.set_amount_fen(amount);
    request.set_reason("债务人破产清算");
    v1::RequestWriteOffResponse response;
    grpc::Status status = Call(*collections, &v1::CollectionsService::Stub::RequestWriteOff,
                               "finance_staff", request, response);
    if (name != nullptr) *name = response.write_off().name();
    return status;
  }

  grpc::Status ApproveWriteOff(const std::string& name) {
    v1::ApproveWriteOffRequest request;
    request.set_request_id(NewRequestId());
    request.set_name(name);
    v1::ApproveWriteOffResponse response;
    return Call(*collections, &v1::CollectionsService::Stub::ApproveWriteOff, "management_head",
                request, response);
  }

  grpc::Status RequestSettlement(int64_t invoice, int64_t amount, std::string* name = nullptr) {
    v1::RequestSettlementRequest request;
    request.set_request_id(NewRequestId());
    request.set_invoice(InvoiceName(invoice));
    request.set_amount_fen(amount);
    request.set_goods_description("钢材 10 吨");
    request.set_reason("客户无现金");
    v1::RequestSettlementResponse response;
    grpc::Status status = Call(*arrangements, &v1::ArrangementService::Stub::RequestSettlement,
                               "finance_staff", request, response);
    if (name != nullptr) *name = response.settlement().name();
    return status;
  }

  grpc::Status ApproveSettlement(const std::string& name) {
    v1::ApproveSettlementRequest request;
    request.set_request_id(NewRequestId());
    request.set_name(name);
    v1::ApproveSettlementResponse response;
    return Call(*arrangements, &v1::ArrangementService::Stub::ApproveSettlement, "management_head",
                request, response);
  }

  v1::CustomerHealth CustomerHealth(int64_t customer, const std::string& role = "finance_staff",
                                    grpc::Status* status_out = nullptr) {
    v1::GetCustomerHealthRequest request;
    request.set_customer(CustomerName(customer));
    v1::GetCustomerHealthResponse response;
    grpc::Status status =
        Call(*health, &v1::HealthService::Stub::GetCustomerHealth, role, request, response);
    if (status_out != nullptr) {
      *status_out = status;
    } else {
      EXPECT_TRUE(status.ok()) << status.error_message();
    }
    return response.health();
  }
};

TEST_F(FinancingTest, PledgedInvoiceRefusesWriteOffAndSettlementUntilReleased) {
  const int64_t customer = NewCustomer(env, "Pledge Co");
  const int64_t invoice = NewInvoice(env, customer, 100'000, today - 60, today - 30);
  const int64_t earlier = NewInvoice(env, customer, 50'000, today - 60, today - 30);
  // A write-off and a settlement requested before the pledge...
  std::string early_write_off, early_settlement;
  ASSERT_TRUE(RequestWriteOff(earlier, 10'000, &early_write_off).ok());
  ASSERT_TRUE(RequestSettlement(earlier, 10'000, &early_settlement).ok());

  // Sales may not pledge; finance may, once per request id.
  v1::PledgeInvoiceResponse refused;
  EXPECT_EQ(Call(*financing, &v1::FinancingService::Stub::PledgeInvoice, "sales_staff",
                 PledgeRequest(invoice, 80'000, "宁波银行"), refused)
                .error_code(),
            StatusCode::PERMISSION_DENIED);
  const v1::PledgeInvoiceRequest request = PledgeRequest(invoice, 80'000, "宁波银行");
  v1::PledgeInvoiceResponse first, again;
  ASSERT_TRUE(
      Call(*financing, &v1::FinancingService::Stub::PledgeInvoice, "finance_staff", request, first)
          .ok());
  ASSERT_TRUE(
      Call(*financing, &v1::FinancingService::Stub::PledgeInvoice, "finance_staff", request, again)
          .ok());
  EXPECT_EQ(first.pledge().name(), again.pledge().name());
  EXPECT_TRUE(first.pledge().active());
  EXPECT_EQ(first.pledge().amount_fen(), 80'000);
  EXPECT_EQ(first.pledge().pledged_date(), Date(today));
  EXPECT_EQ(QueryInt(env, absl::StrCat("SELECT COUNT(*) FROM invoice_pledges WHERE invoice_id = ",
                                       invoice)),
            1);
  // One active pledge per invoice; no more than is open; bad fields named.
  v1::PledgeInvoiceResponse second;
  grpc::Status twice = Call(*financing, &v1::FinancingService::Stub::PledgeInvoice, "finance_staff",
                            PledgeRequest(invoice, 1'000, "招商银行"), second);
  EXPECT_EQ(twice.error_code(), StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(PreconditionTypes(twice), std::vector<std::string>{"ALREADY_PLEDGED"});
  grpc::Status too_much = Call(*financing, &v1::FinancingService::Stub::PledgeInvoice,
                               "finance_staff", PledgeRequest(earlier, 50'001, "招商银行"), second);
  EXPECT_EQ(PreconditionTypes(too_much), std::vector<std::string>{"EXCEEDS_OPEN"});
  v1::PledgeInvoiceRequest no_financier = PledgeRequest(earlier, 1'000, "");
  EXPECT_EQ(Call(*financing, &v1::FinancingService::Stub::PledgeInvoice, "finance_staff",
                 no_financier, second)
                .error_code(),
            StatusCode::INVALID_ARGUMENT);

  // Pledged: write-off and settlement refused naming the financier.
  grpc::Status write_off = RequestWriteOff(invoice, 10'000);
  EXPECT_EQ(write_off.error_code(), StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(PreconditionTypes(write_off), std::vector<std::string>{"INVOICE_PLEDGED"});
  EXPECT_NE(write_off.error_message().find("宁波银行"), std::string::npos);
  grpc::Status settlement = RequestSettlement(invoice, 10'000);
  EXPECT_EQ(settlement.error_code(), StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(PreconditionTypes(settlement), std::vector<std::string>{"INVOICE_PLEDGED"});
  EXPECT_NE(settlement.error_message().find("宁波银行"), std::string::npos);
  // ... and the approval of requests made before the pledge is refused too.
  const v1::Pledge on_earlier = MustPledge(earlier, 40'000, "工商银行");
  EXPECT_EQ(PreconditionTypes(ApproveWriteOff(early_write_off)),
            std::vector<std::string>{"INVOICE_PLEDGED"});
  EXPECT_EQ(PreconditionTypes(ApproveSettlement(early_settlement)),
            std::vector<std::string>{"INVOICE_PLEDGED"});
  EXPECT_EQ(QueryInt(env, absl::StrCat("SELECT open_fen FROM invoices WHERE id = ", earlier)),
            50'000);

  // A release needs the financier's reference; then both are allowed.
  v1::ReleasePledgeResponse released;
  grpc::Status no_reference = Release(first.pledge().name(), "");
  EXPECT_EQ(no_reference.error_code(), StatusCode::INVALID_ARGUMENT);
  ASSERT_TRUE(Release(first.pledge().name(), "NBB-REL-77", &released).ok());
  EXPECT_FALSE(released.pledge().active());
  EXPECT_EQ(released.pledge().release_reference(), "NBB-REL-77");
  EXPECT_EQ(released.pledge().released_date(), Date(today));
  EXPECT_EQ(released.pledge().released_by(), env.user_name("finance_head"));
  EXPECT_EQ(PreconditionTypes(Release(first.pledge().name(), "again")),
            std::vector<std::string>{"NOT_PLEDGED"});
  std::string write_off_name, settlement_name;
  ASSERT_TRUE(RequestWriteOff(invoice, 10'000, &write_off_name).ok());
  ASSERT_TRUE(ApproveWriteOff(write_off_name).ok());
  ASSERT_TRUE(RequestSettlement(invoice, 20'000, &settlement_name).ok());
  ASSERT_TRUE(ApproveSettlement(settlement_name).ok());
  EXPECT_EQ(QueryInt(env, absl::StrCat("SELECT open_fen FROM invoices WHERE id = ", invoice)),
            70'000);
  ASSERT_TRUE(Release(on_earlier.name(), "ICBC-REL-1").ok());
  EXPECT_TRUE(ApproveWriteOff(early_write_off).ok());
  EXPECT_TRUE(ApproveSettlement(early_settlement).ok());
  // Audited: the pledge's creation and its release.
  EXPECT_EQ(QueryInt(env, absl::StrCat("SELECT COUNT(*) FROM audit_events WHERE resource = '",
                                       first.pledge().name(), "'")),
            2);
  // Listed for the customer, the active ones only on request.
  v1::ListPledgesRequest list;
  list.set_customer(CustomerName(customer));
  v1::ListPledgesResponse listed;
  ASSERT_TRUE(
      Call(*financing, &v1::FinancingService::Stub::ListPledges, "sales_staff", list, listed).ok());
  EXPECT_EQ(listed.pledges_size(), 2);
  list.set_active_only(true);
  ASSERT_TRUE(
      Call(*financing, &v1::FinancingService::Stub::ListPledges, "sales_staff", list, listed).ok());
  EXPECT_EQ(listed.pledges_size(), 0);
}

TEST_F(FinancingTest, AgingAndMeetingPackShowPledgedAmounts) {
  const int64_t customer = NewCustomer(env, "Pledged Aging Co");
  // The oldest first, so that cash applied oldest first pays it down.
  const int64_t paid_down = NewInvoice(env, customer, 50'000, today - 55, today - 25);
  const int64_t big = NewInvoice(env, customer, 100'000, today - 50, today - 20);
  NewInvoice(env, customer, 7'000, today - 10, today + 20);
  MustPledge(big, 60'000, "平安保理");
  MustPledge(paid_down, 50'000, "宁波银行");
  // 20,000 of the second comes in: only its open 30,000 counts as pledged.
  ASSERT_TRUE(Pay(env, customer, 20'000, "", today).ok());
  ASSERT_EQ(QueryInt(env, absl::StrCat("SELECT open_fen FROM invoices WHERE id = ", paid_down)),
            30'000);

  auto aging_row = [&](const std::string& as_of) {
    v1::GetAgingReportRequest request;
    request.set_group_by(v1::REPORT_GROUPING_CUSTOMER);
    request.set_as_of_date(as_of);
    v1::GetAgingReportResponse response;
    grpc::Status status =
        Call(*reports, &v1::ReportService::Stub::GetAgingReport, "finance_head", request, response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    for (const v1::AgingRow& row : response.report().rows()) {
      if (row.group() == CustomerName(customer)) return row;
    }
    ADD_FAILURE() << "no aging row for the customer";
    return v1::AgingRow();
  };
  const v1::AgingRow now = aging_row("");
  EXPECT_EQ(now.total_fen(), 157'000 - 20'000);
  EXPECT_EQ(now.pledged_fen(), 60'000 + 30'000);
  // Yesterday neither pledge existed.
  EXPECT_EQ(aging_row(Date(today - 1)).pledged_fen(), 0);

  v1::GetMeetingPackRequest pack_request;
  pack_request.set_month(Date(today).substr(0, 7));
  v1::GetMeetingPackResponse pack;
  ASSERT_TRUE(
      Call(*reports, &v1::ReportService::Stub::GetMeetingPack, "finance_head", pack_request, pack)
          .ok());
  int64_t mine = 0, pledged_open = 0;
  for (const v1::PackPledge& p : pack.pack().pledges()) {
    if (p.invoice() != InvoiceName(big) && p.invoice() != InvoiceName(paid_down)) continue;
    ++mine;
    pledged_open += p.pledged_open_fen();
    if (p.invoice() == InvoiceName(paid_down)) {
      EXPECT_EQ(p.financier(), "宁波银行");
      EXPECT_EQ(p.kind(), "factoring");
      EXPECT_EQ(p.amount_fen(), 50'000);
      EXPECT_EQ(p.open_fen(), 30'000);
      EXPECT_EQ(p.pledged_open_fen(), 30'000);
    }
  }
  EXPECT_EQ(mine, 2);
  EXPECT_EQ(pledged_open, 90'000);
  // The totals per financier add up to the pack's aging figure.
  int64_t total = 0;
  bool ping_an = false;
  for (const v1::FinancierTotal& t : pack.pack().pledge_totals()) {
    total += t.pledged_open_fen();
    if (t.financier() == "平安保理") ping_an = true;
  }
  EXPECT_TRUE(ping_an);
  EXPECT_EQ(total, pack.pack().aging().total().pledged_fen());
  EXPECT_GE(total, 90'000);

  // The exports: the XLSX's "Pledges" sheet and the aging's "pledged" column; the PDF's section.
  auto exported = [&](v1::ExportFormat format) {
    v1::ExportMeetingPackRequest request;
    request.set_month(pack_request.month());
    request.set_format(format);
    v1::ExportMeetingPackResponse response;
    EXPECT_TRUE(Call(*reports, &v1::ReportService::Stub::ExportMeetingPack, "finance_head", request,
                     response)
                    .ok());
    const std::string path = absl::StrCat(::testing::TempDir(), "/", response.filename());
    std::ofstream(path, std::ios::binary) << response.content();
    return path;
  };
  const std::string script = absl::StrCat(::testing::TempDir(), "/read_pledges.py");
  std::ofstream(script) << R"(import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
a = wb['Aging']
col = [c.value for c in a[1]].index('pledged') + 1
print('%g' % a.cell(row=a.max_row, column=col).value)
p = wb['Pledges']
for row in p.iter_rows(min_row=2, values_only=True):
    if row[0] and row[3] == sys.argv[2]:
        print(row[0], '%g' % row[5], '%g' % row[7])
)";
  const std::string xlsx = Shell(absl::StrCat("/usr/bin/python3 ", script, " ",
                                              exported(v1::EXPORT_FORMAT_XLSX), " 宁波银行 2>&1"));
  EXPECT_TRUE(absl::StartsWith(xlsx, absl::StrCat(total / 100, "\n"))) << xlsx;
  EXPECT_TRUE(absl::StrContains(xlsx, " 500 300\n")) << xlsx;  // amount 500 yuan, 300 pledged open
  const std::string pdf =
      Shell(absl::StrCat("pdftotext -layout ", exported(v1::EXPORT_FORMAT_PDF), " - 2>&1"));
  EXPECT_TRUE(absl::StrContains(pdf, "Pledged and factored invoices")) << pdf;
  EXPECT_TRUE(absl::StrContains(pdf, "平安保理")) << pdf;
  // The aging table has a pledged column: its header after "overdue", and the total row ends with
  // the pledged total (the sum per financier above).
  std::vector<std::string> header, total_row;
  for (absl::string_view line : absl::StrSplit(pdf, '\n')) {
    std::vector<std::string> cells = absl::StrSplit(line, ' ', absl::SkipWhitespace());
    if (header.empty() && cells.size() >= 3 && cells[0] == "salesperson") header = cells;
    if (!header.empty() && total_row.empty() && !cells.empty() && cells[0] == "total") {
      total_row = cells;
    }
  }
  ASSERT_GE(header.size(), 3u) << pdf;
  EXPECT_EQ(header[header.size() - 2], "overdue") << pdf;
  EXPECT_EQ(header.back(), "pledged") << pdf;
  ASSERT_EQ(total_row.size(), header.size()) << pdf;
  const std::string yuan = absl::StrCat(total / 100);
  std::string grouped;
  for (size_t i = 0; i < yuan.size(); ++i) {
    if (i > 0 && (yuan.size() - i) % 3 == 0) grouped.push_back(',');
    grouped.push_back(yuan[i]);
  }
  EXPECT_EQ(total_row.back(), absl::StrCat(grouped, ".", absl::StrFormat("%02d", total % 100)))
      << pdf;
}

TEST_F(FinancingTest, HealthScoreComponentsPercentileAndAdvice) {
  // Two customers alone in their industry and tier.
  const int64_t a = NewCustomer(env, "Health A");
  const int64_t b = NewCustomer(env, "Health B");
  Exec(
      absl::StrCat("UPDATE customers SET industry = 'health-test', tier = 'key_partner' "
                   "WHERE id IN (",
                   a, ", ", b, ")"));
  // A: 100,000 overdue (due 10 days ago, not paid: late), 100,000 current and disputed.
  NewInvoice(env, a, 100'000, today - 40, today - 10);
  const int64_t disputed = NewInvoice(env, a, 100'000, today - 20, today + 10);
  ASSERT_FALSE(RaiseDispute(env, disputed, v1::DISPUTE_REASON_PRICE, "单价不符").empty());
  // B: 730,000 invoiced 300 days ago and paid on time, 100,000 current.
  NewInvoice(env, b, 730'000, today - 300, today - 270);
  ASSERT_TRUE(Pay(env, b, 730'000, "", today - 280).ok());
  NewInvoice(env, b, 100'000, today - 5, today + 25);

  // The industry: balance 300,000 over sales 1,030,000 a year: 106.3 days.
  const v1::CustomerHealth ha = CustomerHealth(a);
  ASSERT_TRUE(ha.scored());
  EXPECT_NEAR(ha.industry_dso_days(), 300'000.0 * 365 / 1'030'000, 1e-9);
  EXPECT_DOUBLE_EQ(ha.dso_days(), 365.0);  // 200,000 x 365 / 200,000
  ASSERT_EQ(ha.components_size(), 4);
  EXPECT_EQ(ha.components(0).kind(), "dso");
  EXPECT_EQ(ha.components(0).points(), 0);  // more than twice the industry
  EXPECT_EQ(ha.components(1).kind(), "overdue");
  EXPECT_EQ(ha.components(1).points(), 15);  // half overdue: 30 x 1/2
  EXPECT_EQ(ha.components(2).kind(), "punctuality");
  EXPECT_EQ(ha.components(2).points(), 5);  // the one invoice due was late; no trend to lose
  EXPECT_EQ(ha.components(3).kind(), "disputes");
  EXPECT_EQ(ha.components(3).points(), 10);  // one dispute
  EXPECT_EQ(ha.score(), 30);
  EXPECT_EQ(ha.overdue_invoices(), 1);
  EXPECT_EQ(ha.overdue_fen(), 100'000);
  EXPECT_EQ(ha.peers(), 1);
  EXPECT_EQ(ha.percentile(), 0);
  // Paying the overdue invoice: DSO 182.5 days (1.717 x the industry: 35 x 0.283 / 0.8 -> 12)
  // and nothing overdue (30): 12 + 30 + 5 + 10 = 57, 27 more. Collecting down to 1.2 x the
  // industry's DSO (130,098 of the 200,000) would give 35 + 30 + 5 + 10 = 80: 50 more, first.
  ASSERT_EQ(ha.advice_size(), 4);
  EXPECT_EQ(ha.advice(0).kind(), "lower_dso");
  EXPECT_EQ(ha.advice(0).points(), 50);
  EXPECT_EQ(ha.advice(0).amount_fen(), 130'098);
  EXPECT_EQ(ha.advice(1).kind(), "pay_overdue");
  EXPECT_EQ(ha.advice(1).invoices(), 1);
  EXPECT_EQ(ha.advice(1).amount_fen(), 100'000);
  EXPECT_EQ(ha.advice(1).points(), 27);
  // The late invoice paid on time would give 15 + 5; no dispute 15.
  EXPECT_EQ(ha.advice(2).kind(), "pay_on_time");
  EXPECT_EQ(ha.advice(2).points(), 15);
  EXPECT_EQ(ha.advice(3).kind(), "no_disputes");
  EXPECT_EQ(ha.advice(3).points(), 5);

  const v1::CustomerHealth hb = CustomerHealth(b);
  EXPECT_EQ(hb.score(), 100);  // 44 days against 106: full; nothing overdue, late or disputed
  EXPECT_EQ(hb.percentile(), 100);
  EXPECT_EQ(hb.advice_size(), 0);

  // Row scope: another salesperson and the portal do not see them.
  grpc::Status hidden;
  CustomerHealth(a, ServiceTestEnv::kOtherSales, &hidden);
  EXPECT_EQ(hidden.error_code(), StatusCode::NOT_FOUND);
  CustomerHealth(a, "customer", &hidden);
  EXPECT_EQ(hidden.error_code(), StatusCode::NOT_FOUND);
}

TEST_F(FinancingTest, PortalSeesOnlyItsOwnScore) {
  const int64_t own = env.portal_customer_id();
  grpc::Status status;
  const v1::CustomerHealth mine = CustomerHealth(own, "customer", &status);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(mine.customer(), CustomerName(own));
  v1::ListCustomerHealthRequest list;
  list.set_page_size(1000);
  v1::ListCustomerHealthResponse listed;
  ASSERT_TRUE(
      Call(*health, &v1::HealthService::Stub::ListCustomerHealth, "customer", list, listed).ok());
  ASSERT_EQ(listed.customers_size(), 1);
  EXPECT_EQ(listed.customers(0).customer(), CustomerName(own));
  v1::GetCompanyHealthResponse company;
  EXPECT_EQ(Call(*health, &v1::HealthService::Stub::GetCompanyHealth, "customer",
                 v1::GetCompanyHealthRequest(), company)
                .error_code(),
            StatusCode::PERMISSION_DENIED);
  // Staff get the company's score and the distribution of its customers' scores.
  ASSERT_TRUE(Call(*health, &v1::HealthService::Stub::GetCompanyHealth, "finance_head",
                   v1::GetCompanyHealthRequest(), company)
                  .ok());
  ASSERT_EQ(company.bands_size(), 5);
  int64_t banded = 0;
  for (int64_t n : company.bands()) banded += n;
  EXPECT_EQ(banded, company.customers_scored());
  EXPECT_GE(company.score(), 0);
  EXPECT_LE(company.score(), 100);
  int32_t sum = 0;
  for (const v1::HealthComponent& c : company.components()) sum += c.points();
  EXPECT_EQ(sum, company.score());
}

// The health score's punctuality comes from the daily snapshot (the `health` job, once per day);
// the rest is live. Last in this binary: it removes the day's snapshot at the end, so the other
// tests compute the punctuality on read as before.
TEST_F(FinancingTest, HealthReadsTheDailySnapshotForPunctualityAndTheRestLive) {
  struct RemoveSnapshot {
    ServiceTestEnv& env;
    core::EpochDay day;
    ~RemoveSnapshot() {
      absl::Status status =
          store::RunInTransaction(env.pool(), [&](store::ConnectionPool::Lease& db) {
            auto& remove = db.Prepare("DELETE FROM health_snapshots WHERE snapshot_date = ?");
            store::Params(remove).Day(day);
            remove.executeUpdate();
            return absl::OkStatus();
          });
      EXPECT_TRUE(status.ok()) << status;
    }
  } remove_snapshot{env, today};
  const int64_t customer = NewCustomer(env, "Health Snapshot");
  Exec(absl::StrCat("UPDATE customers SET industry = 'snapshot-test', tier = 'general' WHERE id = ",
                    customer));
  // Two invoices due in the last 90 days: one paid before its due date, one not paid.
  NewInvoice(env, customer, 50'000, today - 40, today - 10);
  ASSERT_TRUE(Pay(env, customer, 50'000, "", today - 12).ok());
  NewInvoice(env, customer, 80'000, today - 35, today - 5);
  auto company = [&] {
    v1::GetCompanyHealthResponse response;
    EXPECT_TRUE(Call(*health, &v1::HealthService::Stub::GetCompanyHealth, "finance_head",
                     v1::GetCompanyHealthRequest(), response)
                    .ok());
    return response;
  };
  // No snapshot yet: computed on read, as of today.
  const v1::CustomerHealth on_read = CustomerHealth(customer);
  EXPECT_EQ(on_read.punctuality_as_of(), Date(today));
  EXPECT_EQ(on_read.recent_on_time_bp(), 5'000);
  EXPECT_EQ(on_read.balance_fen(), 80'000);
  const v1::GetCompanyHealthResponse company_on_read = company();

  // The daily run's job writes the day's snapshot, once.
  auto jobs = v1::JobService::NewStub(env.channel());
  auto run = [&] {
    v1::RunJobRequest request;
    request.set_request_id(NewRequestId());
    request.set_job("health");
    request.set_as_of_date(Date(today));
    v1::RunJobResponse response;
    grpc::Status status = Call(*jobs, &v1::JobService::Stub::RunJob, "admin", request, response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  };
  const v1::RunJobResponse first = run();
  EXPECT_EQ(first.result(), v1::RUN_JOB_RESULT_RAN);
  const std::string snapshot_rows = absl::StrCat(
      "SELECT COUNT(*) FROM health_snapshots WHERE snapshot_date = '", Date(today), "'");
  const int64_t rows = QueryInt(env, snapshot_rows);
  EXPECT_GE(rows, 1);
  EXPECT_EQ(first.run().created_count(), rows);
  EXPECT_EQ(QueryInt(env, absl::StrCat("SELECT CONCAT(recent_due, recent_on_time, prior_due) "
                                       "FROM health_snapshots WHERE customer_id = ",
                                       customer)),
            210);
  EXPECT_EQ(run().result(), v1::RUN_JOB_RESULT_ALREADY_SUCCEEDED);
  EXPECT_EQ(QueryInt(env, snapshot_rows), rows);

  // Reads now take the punctuality from it, with the very figures computed on read.
  const v1::CustomerHealth from_snapshot = CustomerHealth(customer);
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(from_snapshot, on_read))
      << from_snapshot.DebugString() << " vs " << on_read.DebugString();
  const v1::GetCompanyHealthResponse company_from_snapshot = company();
  EXPECT_EQ(company_from_snapshot.punctuality_as_of(), Date(today));
  EXPECT_TRUE(
      google::protobuf::util::MessageDifferencer::Equals(company_from_snapshot, company_on_read));

  // The late invoice paid now with a transfer received the day before its due date: the balance
  // is live at once; the punctuality stays the snapshot's until the next day's (computed now it
  // would be 2 of 2 on time).
  ASSERT_TRUE(Pay(env, customer, 80'000, "", today - 6).ok());
  const v1::CustomerHealth paid = CustomerHealth(customer);
  EXPECT_EQ(paid.balance_fen(), 0);
  EXPECT_EQ(paid.overdue_fen(), 0);
  EXPECT_EQ(paid.recent_on_time_bp(), 5'000);
  EXPECT_EQ(paid.punctuality_as_of(), Date(today));
  auto now = store::RunInTransaction<std::vector<store::Punctuality>>(
      env.pool(),
      [&](store::ConnectionPool::Lease& db) -> absl::StatusOr<std::vector<store::Punctuality>> {
        return store::ComputePunctuality(db, today);
      });
  ASSERT_TRUE(now.ok()) << now.status();
  bool found = false;
  for (const store::Punctuality& p : *now) {
    if (p.customer_id != customer) continue;
    found = true;
    EXPECT_EQ(p.recent_on_time, 2);
  }
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace huikuan::testing
