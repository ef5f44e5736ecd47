// The daily `risk` run against the test MariaDB (issue 10): the salesperson's overdue rate rising
// two months in a row (R-WARN-3, seed 002 建议五) computed from the ledger as of the day, and
// seed 000's G超市: 1,200,000 yuan overdue goes orange with tasks for investment, legal and
// finance; a goods-for-debt settlement clears it, the next run lowers the level, and the audit
// trail shows run -> level -> items -> settlement -> level. Notices go to the owner's own email
// address, or to <username>@<staff_email_domain> for a user without one.
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "huikuan/v1/arrangement_service.grpc.pb.h"
#include "huikuan/v1/risk_service.grpc.pb.h"
#include "server/jobs/risk_job.h"
#include "server/store/transaction.h"
#include "tests/service/case_fixtures.h"

namespace huikuan::testing {
namespace {

class RiskRunTest : public ::testing::Test {
 protected:
  ServiceTestEnv& env = ServiceTestEnv::Get();
  std::unique_ptr<v1::RiskService::Stub> stub = v1::RiskService::NewStub(env.channel());
  const core::EpochDay today = Today();
  jobs::RiskJob job{ops::RiskSettings()};

  core::EpochDay MonthsBefore(int months) {
    absl::StatusOr<core::EpochDay> day = core::AddMonths(today, -months);
    EXPECT_TRUE(day.ok()) << day.status();
    return day.value_or(today);
  }

  v1::CustomerRisk Risk(int64_t customer) {
    v1::GetCustomerRiskRequest get;
    get.set_customer(CustomerName(customer));
    v1::GetCustomerRiskResponse got;
    grpc::ClientContext context;
    env.Authorize(context, "finance_head");
    const grpc::Status status = stub->GetCustomerRisk(&context, get, &got);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return got.risk();
  }

  void Run(core::EpochDay day) {
    absl::StatusOr<jobs::JobOutcome> run = RunJobDay(env, job, day);
    ASSERT_TRUE(run.ok()) << run.status();
  }

  void Exec(const std::string& sql) {
    ASSERT_TRUE(store::RunInTransaction(env.pool(),
                                        [&](store::ConnectionPool::Lease& db) {
                                          db.Prepare(sql).executeUpdate();
                                          return absl::OkStatus();
                                        })
                    .ok())
        << sql;
  }

  static bool HasRule(const v1::CustomerRisk& risk, const std::string& rule) {
    for (const v1::RiskReason& r : risk.reasons()) {
      if (r.rule() == rule) return true;
    }
    return false;
  }
};

// Two salespeople, each with one customer that has a large invoice not yet due and a small one
// overdue since a month ago. The first one's second small invoice fell due five days ago: the
// salesperson's overdue rate went 0% -> 8.33% -> 16.66% (rose twice), and the customer, whose own
// figures break no rule, is yellow with the R-WARN-3 reason. The second salesperson's rate went
// 0% -> 8.33% -> 8.33% (rose once, then flat): green.
TEST_F(RiskRunTest, SalespersonOverdueRateRisingTwoMonthsInARowWarnsTheirCustomers) {
  const core::EpochDay m2 = MonthsBefore(2);
  const core::EpochDay m1 = MonthsBefore(1);
  const int64_t rising_owner =
      env.CreateUserWithToken("t.rising_sales", "sales", "staff", std::nullopt, "rising_sales");
  const int64_t flat_owner =
      env.CreateUserWithToken("t.flat_sales", "sales", "staff", std::nullopt, "flat_sales");
  const int64_t rising = NewCustomer(env, "Rising Owner Co", rising_owner);
  const int64_t flat = NewCustomer(env, "Flat Owner Co", flat_owner);
  for (int64_t customer : {rising, flat}) {
    // A limit well above what is overdue (without one, anything overdue is over 80% of it).
    Exec(absl::StrCat("UPDATE customers SET credit_limit_fen = 50000000 WHERE id = ", customer));
    NewInvoice(env, customer, 10'000'000, m2 - 10, today + 30);  // never overdue
    NewInvoice(env, customer, 1'000'000, m1 - 35, m1 - 5);       // overdue a month ago
  }
  NewInvoice(env, rising, 1'000'000, today - 35, today - 5);  // overdue since five days
  NewInvoice(env, flat, 1'000'000, today - 35, today + 5);    // not yet due

  Run(today);
  const v1::CustomerRisk warned = Risk(rising);
  EXPECT_EQ(warned.level(), v1::WARNING_LEVEL_YELLOW);
  ASSERT_EQ(warned.reasons_size(), 1) << warned.DebugString();
  EXPECT_EQ(warned.reasons(0).rule(), "R-WARN-3");
  EXPECT_NE(warned.reasons(0).text().find("0.00% -> 8.33% -> 16.66%"), std::string::npos)
      << warned.reasons(0).text();
  // The yellow response: finance reconciles with the customer; the owner is told.
  EXPECT_GE(QueryInt(env, absl::StrCat("SELECT COUNT(*) FROM work_items WHERE kind = 'warning' "
                                       "AND department = 'finance' AND customer_id = ",
                                       rising)),
            1);
  EXPECT_EQ(QueryInt(env, absl::StrCat("SELECT COUNT(*) FROM outbox_messages WHERE customer_id = ",
                                       rising, " AND recipient LIKE 't.rising_sales@%'")),
            1);

  const v1::CustomerRisk quiet = Risk(flat);
  EXPECT_EQ(quiet.level(), v1::WARNING_LEVEL_GREEN);
  EXPECT_FALSE(HasRule(quiet, "R-WARN-3"));

  // Sales staff list only their own customers' risk; a head lists anyone's.
  auto list = [&](const std::string& role, const std::string& owner) {
    v1::ListCustomerRisksRequest request;
    request.set_owner(owner);
    request.set_page_size(1000);
    v1::ListCustomerRisksResponse response;
    grpc::ClientContext context;
    env.Authorize(context, role);
    const grpc::Status status = stub->ListCustomerRisks(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    std::vector<std::string> customers;
    for (const v1::CustomerRisk& r : response.risks()) customers.push_back(r.customer());
    return customers;
  };
  EXPECT_EQ(list("rising_sales", ""), std::vector<std::string>{CustomerName(rising)});
  EXPECT_EQ(list("flat_sales", ""), std::vector<std::string>{CustomerName(flat)});
  EXPECT_EQ(list("finance_head", absl::StrCat("users/", flat_owner)),
            std::vector<std::string>{CustomerName(flat)});
  const std::vector<std::string> others = list("sales_staff", "");
  EXPECT_EQ(std::count(others.begin(), others.end(), CustomerName(rising)), 0);

  // A signal judges the customer alone (RecordRiskSignal): the owner's rates are the same there.
  v1::RecordRiskSignalRequest signal;
  signal.set_request_id(NewRequestId());
  signal.set_customer(CustomerName(rising));
  signal.mutable_signal()->set_kind(v1::RISK_SIGNAL_KIND_BUSINESS_ANOMALY);
  signal.mutable_signal()->set_source("gsxt");
  signal.mutable_signal()->set_reference(absl::StrCat("anomaly-", rising));
  signal.mutable_signal()->set_signal_date(Date(today));
  signal.mutable_signal()->set_evidence("经营异常名录");
  v1::RecordRiskSignalResponse recorded;
  {
    grpc::ClientContext context;
    env.Authorize(context, "finance_head");
    const grpc::Status status = stub->RecordRiskSignal(&context, signal, &recorded);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }
  EXPECT_FALSE(recorded.level_changed());
  EXPECT_TRUE(HasRule(recorded.risk(), "R-WARN-3")) << recorded.risk().DebugString();

  // The same day again changes nothing.
  const int64_t changes = QueryInt(env, "SELECT COUNT(*) FROM risk_changes");
  Run(today);
  EXPECT_EQ(QueryInt(env, "SELECT COUNT(*) FROM risk_changes"), changes);
}

// Seed 000's G超市: 1,200,000 yuan (120,000,000 fen) overdue 45 days, all of its balance.
TEST_F(RiskRunTest, GSupermarketGoesOrangeAndAGoodsForDebtSettlementClearsIt) {
  const int64_t owner =
      env.CreateUserWithToken("t.g_sales", "sales", "staff", std::nullopt, "g_sales");
  // The owner has a work email; the heads of the test database have none (the domain rule).
  Exec(absl::StrCat("UPDATE users SET email = 'g.sales@corp.example.com' WHERE id = ", owner));
  const int64_t customer = NewCustomer(env, "G超市", owner);
  const int64_t invoice = NewInvoice(env, customer, 120'000'000, today - 75, today - 45);
  const std::string id = std::to_string(customer);

  Run(today);
  const v1::CustomerRisk orange = Risk(customer);
  EXPECT_EQ(orange.level(), v1::WARNING_LEVEL_ORANGE);
  EXPECT_TRUE(HasRule(orange, "R-WARN-3")) << orange.DebugString();  // > 50% over 30 days
  EXPECT_EQ(orange.overdue_fen(), 120'000'000);
  const std::vector<std::string> departments = {"finance", "investment", "legal"};
  for (const std::string& department : departments) {
    EXPECT_EQ(QueryInt(env, absl::StrCat("SELECT COUNT(*) FROM work_items WHERE kind = 'warning' "
                                         "AND step = 'warning_orange' AND department = '",
                                         department, "' AND customer_id = ", id)),
              1)
        << department;
  }
  EXPECT_EQ(QueryInt(env, "SELECT COUNT(*) FROM work_items WHERE customer_id = " + id), 3);
  EXPECT_EQ(QueryInt(env, absl::StrCat("SELECT COUNT(*) FROM outbox_messages WHERE customer_id = ",
                                       id, " AND recipient = 'g.sales@corp.example.com'")),
            1);
  EXPECT_EQ(QueryInt(env, absl::StrCat("SELECT COUNT(*) FROM outbox_messages WHERE customer_id = ",
                                       id, " AND recipient LIKE 't.g_sales@%'")),
            0);
  for (const std::string& department : departments) {
    EXPECT_EQ(
        QueryInt(env, absl::StrCat("SELECT COUNT(*) FROM outbox_messages WHERE customer_id = ", id,
                                   " AND recipient = 't.", department, "_head@huikuan.local'")),
        1)
        << department;
  }

  // 以货抵债: goods for the whole debt, approved by management.
  auto arrangements = v1::ArrangementService::NewStub(env.channel());
  v1::RequestSettlementRequest request;
  request.set_request_id(NewRequestId());
  request.set_invoice(InvoiceName(invoice));
  request.set_amount_fen(120'000'000);
  request.set_goods_description("等值商品 (超市货架与库存)");
  request.set_valuation_basis("出厂价");
  request.set_reason("以货抵债");
  v1::RequestSettlementResponse requested;
  {
    grpc::ClientContext context;
    env.Authorize(context, "finance_staff");
    const grpc::Status status = arrangements->RequestSettlement(&context, request, &requested);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }
  v1::ApproveSettlementRequest approve;
  approve.set_request_id(NewRequestId());
  approve.set_name(requested.settlement().name());
  v1::ApproveSettlementResponse approved;
  {
    grpc::ClientContext context;
    env.Authorize(context, "management_head");
    const grpc::Status status = arrangements->ApproveSettlement(&context, approve, &approved);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }
  EXPECT_EQ(approved.invoice_open_fen(), 0);

  Run(today + 1);
  const v1::CustomerRisk cleared = Risk(customer);
  EXPECT_EQ(cleared.level(), v1::WARNING_LEVEL_GREEN);
  EXPECT_EQ(cleared.overdue_fen(), 0);
  EXPECT_EQ(QueryInt(env, "SELECT COUNT(*) FROM risk_changes WHERE customer_id = " + id), 2);
  EXPECT_EQ(QueryInt(env,
                     "SELECT COUNT(*) FROM risk_changes WHERE to_level = 'green' AND "
                     "from_level = 'orange' AND customer_id = " +
                         id),
            1);
  // Lowering creates no items.
  EXPECT_EQ(QueryInt(env, "SELECT COUNT(*) FROM work_items WHERE customer_id = " + id), 3);

  // The audit trail, in order: the run's level change, its work items, the settlement requested
  // and approved, the next run's level change.
  const std::string risk = absl::StrCat("'customers/", id, "/risk'");
  const std::string items = absl::StrCat(
      "(SELECT CONCAT('workItems/', w.id) FROM work_items w WHERE w.customer_id = ", id, ")");
  const std::string settlement = absl::StrCat("'", requested.settlement().name(), "'");
  auto first = [&](const std::string& where) {
    return QueryInt(env, "SELECT MIN(id) FROM audit_events WHERE " + where);
  };
  auto last = [&](const std::string& where) {
    return QueryInt(env, "SELECT MAX(id) FROM audit_events WHERE " + where);
  };
  EXPECT_EQ(QueryInt(env, "SELECT COUNT(*) FROM audit_events WHERE resource = " + risk), 2);
  EXPECT_EQ(QueryInt(env, absl::StrCat("SELECT COUNT(*) FROM audit_events WHERE resource = ", risk,
                                       " AND after_json LIKE '%orange%' AND method = 'job/risk'")),
            1);
  EXPECT_EQ(QueryInt(env, "SELECT COUNT(*) FROM audit_events WHERE resource IN " + items), 3);
  EXPECT_EQ(QueryInt(env, "SELECT COUNT(*) FROM audit_events WHERE resource = " + settlement), 2);
  const int64_t raised = first("resource = " + risk);
  EXPECT_GT(raised, 0);
  EXPECT_LT(raised, first("resource IN " + items));
  EXPECT_LT(last("resource IN " + items), first("resource = " + settlement));
  EXPECT_LT(last("resource = " + settlement), last("resource = " + risk));
  EXPECT_EQ(
      QueryInt(env, absl::StrCat("SELECT COUNT(*) FROM audit_events WHERE id = ",
                                 last("resource = " + risk), " AND after_json LIKE '%green%'")),
      1);
}

}  // namespace
}  // namespace huikuan::testing
