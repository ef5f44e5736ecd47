// RiskService through a real channel against the test MariaDB (issue 10): a lawsuit signal for a
// green customer raises it to orange with tasks for investment, legal and finance and a notice to
// the owner through the outbox; the same signal again changes nothing; an enforcement signal turns
// the customer red and places the credit hold; other sales staff cannot see the customer's risk.
#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "huikuan/v1/ledger_service.grpc.pb.h"
#include "huikuan/v1/risk_service.grpc.pb.h"
#include "tests/service/case_fixtures.h"

namespace huikuan::testing {
namespace {

class RiskTest : public ::testing::Test {
 protected:
  ServiceTestEnv& env = ServiceTestEnv::Get();
  std::unique_ptr<v1::RiskService::Stub> stub = v1::RiskService::NewStub(env.channel());
  const core::EpochDay today = Today();

  grpc::Status Record(const std::string& role, int64_t customer_id, v1::RiskSignalKind kind,
                      const std::string& reference, v1::RecordRiskSignalResponse& response) {
    v1::RecordRiskSignalRequest request;
    request.set_request_id(NewRequestId());
    request.set_customer(CustomerName(customer_id));
    request.mutable_signal()->set_kind(kind);
    request.mutable_signal()->set_source("court");
    request.mutable_signal()->set_reference(reference);
    request.mutable_signal()->set_signal_date(Date(today - 1));
    request.mutable_signal()->set_amount_fen(150'000'000);
    request.mutable_signal()->set_has_amount(true);
    request.mutable_signal()->set_evidence("https://wenshu.court.gov.cn/...");
    grpc::ClientContext context;
    env.Authorize(context, role);
    return stub->RecordRiskSignal(&context, request, &response);
  }
};

TEST_F(RiskTest, LawsuitRaisesAGreenCustomerAndTellsTheOwnerOnce) {
  const int64_t customer = NewCustomer(env, "Lawsuit Co");
  NewInvoice(env, customer, 50'000'000, today - 10, today + 20);
  v1::RecordRiskSignalResponse response;
  grpc::Status status =
      Record("legal_staff", customer, v1::RISK_SIGNAL_KIND_LAWSUIT, "(2025)沪01民初7号", response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_TRUE(response.created());
  EXPECT_TRUE(response.level_changed());
  EXPECT_EQ(response.risk().level(), v1::WARNING_LEVEL_ORANGE);
  const std::string id = std::to_string(customer);
  EXPECT_EQ(QueryInt(env,
                     "SELECT COUNT(*) FROM work_items WHERE kind = 'warning' AND "
                     "customer_id = " +
                         id),
            3);  // investment, legal, finance
  const int64_t owner_notices = QueryInt(
      env, absl::StrCat("SELECT COUNT(*) FROM outbox_messages m JOIN users u ON m.recipient = "
                        "CONCAT(u.username, '@huikuan.local') JOIN customers c ON c.owner_user_id "
                        "= u.id AND c.id = m.customer_id WHERE m.customer_id = ",
                        id));
  EXPECT_EQ(owner_notices, 1);
  const int64_t changes =
      QueryInt(env, "SELECT COUNT(*) FROM risk_changes WHERE customer_id = " + id);
  EXPECT_EQ(changes, 1);

  // The same (source, reference) again: nothing changes.
  v1::RecordRiskSignalResponse again;
  ASSERT_TRUE(
      Record("legal_staff", customer, v1::RISK_SIGNAL_KIND_LAWSUIT, "(2025)沪01民初7号", again)
          .ok());
  EXPECT_FALSE(again.created());
  EXPECT_FALSE(again.level_changed());
  EXPECT_EQ(QueryInt(env, "SELECT COUNT(*) FROM risk_changes WHERE customer_id = " + id), changes);
  EXPECT_EQ(QueryInt(env,
                     "SELECT COUNT(*) FROM work_items WHERE kind = 'warning' AND "
                     "customer_id = " +
                         id),
            3);

  // Sales staff who do not own it cannot see its risk.
  v1::GetCustomerRiskRequest get;
  get.set_customer(CustomerName(customer));
  v1::GetCustomerRiskResponse got;
  grpc::ClientContext other;
  env.Authorize(other, ServiceTestEnv::kOtherSales);
  EXPECT_EQ(stub->GetCustomerRisk(&other, get, &got).error_code(), grpc::StatusCode::NOT_FOUND);
  grpc::ClientContext own;
  env.Authorize(own, "sales_staff");
  ASSERT_TRUE(stub->GetCustomerRisk(&own, get, &got).ok());
  EXPECT_EQ(got.risk().level(), v1::WARNING_LEVEL_ORANGE);
  ASSERT_EQ(got.history_size(), 1);
  EXPECT_GE(got.history(0).seconds_to_notice(), 0);
  EXPECT_LE(got.history(0).seconds_to_notice(), 24 * 3600);
}

TEST_F(RiskTest, EnforcementTurnsRedAndPlacesTheHold) {
  const int64_t customer = NewCustomer(env, "Enforced Co");
  NewInvoice(env, customer, 80'000'000, today - 70, today - 25);
  v1::RecordRiskSignalResponse response;
  ASSERT_TRUE(
      Record("finance_head", customer, v1::RISK_SIGNAL_KIND_ENFORCEMENT, "(2025)执123号", response)
          .ok());
  EXPECT_EQ(response.risk().level(), v1::WARNING_LEVEL_RED);
  EXPECT_EQ(
      QueryInt(env, absl::StrCat("SELECT credit_status = 'on_hold' FROM customers WHERE id = ",
                                 customer)),
      1);
  // The seed's "立即停止供货": the next order on credit is refused with the hold's type.
  auto ledger = v1::LedgerService::NewStub(env.channel());
  v1::CreateInvoiceRequest order;
  order.set_request_id(NewRequestId());
  order.mutable_invoice()->set_customer(CustomerName(customer));
  order.mutable_invoice()->set_order_number(absl::StrCat("AFTER-RED-", customer));
  order.mutable_invoice()->set_amount_fen(10'000'000);
  order.mutable_invoice()->set_invoice_date(Date(today));
  grpc::ClientContext context;
  env.Authorize(context, "finance_staff");
  v1::CreateInvoiceResponse created;
  const grpc::Status refused = ledger->CreateInvoice(&context, order, &created);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(PreconditionTypes(refused), std::vector<std::string>{"CREDIT_HOLD"});
}

TEST_F(RiskTest, SalesStaffCannotRecordSignals) {
  const int64_t customer = NewCustomer(env, "Scoped Co");
  v1::RecordRiskSignalResponse response;
  EXPECT_EQ(
      Record("sales_staff", customer, v1::RISK_SIGNAL_KIND_LAWSUIT, "x-1", response).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
}

}  // namespace
}  // namespace huikuan::testing
