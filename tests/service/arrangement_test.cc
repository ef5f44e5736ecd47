// ArrangementService through a real channel against the test MariaDB (issue 9): promises to pay
// kept, partially kept and broken (R-DUN-1's pause and the follow-up), disputes pausing and
// resuming collection (also those raised on statements), payment plans split exactly to the fen
// and approved by the roles the bands require, defaulting on a missed instalment (R-PAY-1), and
// goods-for-debt settlements inside the ledger invariants; the daily jobs run day by day as the
// runner runs them (idempotent, replayable). The ledger invariants are checked after every test.
#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "huikuan/v1/arrangement_service.grpc.pb.h"
#include "huikuan/v1/audit_service.grpc.pb.h"
#include "huikuan/v1/statement_service.grpc.pb.h"
#include "server/core/collection_hold.h"
#include "server/core/decision_state.h"
#include "server/core/dispute.h"
#include "server/core/payment_plan.h"
#include "server/core/promise.h"
#include "server/jobs/payment_plans_job.h"
#include "server/jobs/promises_job.h"
#include "server/ops/dunning.h"
#include "server/ops/dunning_holds.h"
#include "server/store/transaction.h"
#include "tests/service/case_fixtures.h"

namespace huikuan::testing {
namespace {

using ::grpc::StatusCode;

class ArrangementTest : public ::testing::Test {
 protected:
  ServiceTestEnv& env = ServiceTestEnv::Get();
  std::unique_ptr<v1::ArrangementService::Stub> stub =
      v1::ArrangementService::NewStub(env.channel());
  const core::EpochDay today = Today();

  void TearDown() override {
    const std::vector<std::string> violations = LedgerViolations(env);
    EXPECT_TRUE(violations.empty()) << violations.front();
  }

  // A customer with one open invoice of `amount` fen, 30 days overdue; returns the invoice id.
  int64_t OverdueInvoice(int64_t amount, int64_t* customer_id) {
    *customer_id = NewCustomer(env, "Arrangement Co");
    return NewInvoice(env, *customer_id, amount, today - 60, today - 30);
  }

  template <typename Request, typename Response>
  grpc::Status Call(grpc::Status (v1::ArrangementService::Stub::*method)(grpc::ClientContext*,
                                                                         const Request&, Response*),
                    const std::string& role, const Request& request, Response& response) {
    grpc::ClientContext context;
    env.Authorize(context, role);
    return (stub.get()->*method)(&context, request, &response);
  }

  v1::RecordPromiseRequest PromiseRequest(int64_t customer_id, std::vector<int64_t> invoices,
                                          int64_t amount, core::EpochDay promised) {
    v1::RecordPromiseRequest request;
    request.set_request_id(NewRequestId());
    request.set_customer(CustomerName(customer_id));
    for (int64_t id : invoices) request.add_invoices(InvoiceName(id));
    request.set_amount_fen(amount);
    request.set_promised_date(Date(promised));
    return request;
  }

  v1::Promise MustPromise(const v1::RecordPromiseRequest& request,
                          const std::string& role = "sales_staff") {
    v1::RecordPromiseResponse response;
    grpc::Status status =
        Call(&v1::ArrangementService::Stub::RecordPromise, role, request, response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.promise();
  }

  v1::Promise GetPromise(const std::string& name) {
    v1::GetPromiseRequest request;
    request.set_name(name);
    v1::GetPromiseResponse response;
    grpc::Status status =
        Call(&v1::ArrangementService::Stub::GetPromise, "finance_head", request, response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.promise();
  }

  std::vector<v1::CollectionHold> Holds(int64_t customer_id) {
    v1::ListCollectionHoldsRequest request;
    request.set_customer(CustomerName(customer_id));
    v1::ListCollectionHoldsResponse response;
    grpc::Status status =
        Call(&v1::ArrangementService::Stub::ListCollectionHolds, "sales_staff", request, response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return {response.holds().begin(), response.holds().end()};
  }

  // ops::GetDunningHolds as of `day`, as the dunning job asks.
  ops::DunningHolds HoldsOn(core::EpochDay day, std::vector<int64_t> invoice_ids) {
    ops::DunningHolds holds;
    absl::Status status = AsOf(env, day, [&](ops::WriteScope& write) -> absl::Status {
      absl::StatusOr<ops::DunningHolds> got = ops::GetDunningHolds(write, invoice_ids, day);
      if (!got.ok()) return got.status();
      holds = *std::move(got);
      return absl::OkStatus();
    });
    EXPECT_TRUE(status.ok()) << status;
    return holds;
  }

  v1::PaymentPlan RequestPlan(const v1::RequestPaymentPlanRequest& request,
                              grpc::Status* status_out = nullptr) {
    v1::RequestPaymentPlanResponse response;
    grpc::Status status =
        Call(&v1::ArrangementService::Stub::RequestPaymentPlan, "finance_staff", request, response);
    if (status_out != nullptr) {
      *status_out = status;
    } else {
      EXPECT_TRUE(status.ok()) << status.error_message();
    }
    return response.plan();
  }

  v1::RequestPaymentPlanRequest SplitPlan(int64_t customer_id, std::vector<int64_t> invoices,
                                          int32_t count, core::EpochDay first_due) {
    v1::RequestPaymentPlanRequest request;
    request.set_request_id(NewRequestId());
    request.set_customer(CustomerName(customer_id));
    for (int64_t id : invoices) request.add_invoices(InvoiceName(id));
    request.set_instalment_count(count);
    request.set_first_due_date(Date(first_due));
    request.set_collateral("厂房抵押");
    request.set_guarantee("股东连带保证");
    request.set_reason("资金周转困难");
    return request;
  }

  grpc::Status ApprovePlan(const std::string& role, const std::string& name,
                           v1::PaymentPlan* out = nullptr) {
    v1::ApprovePaymentPlanRequest request;
    request.set_request_id(NewRequestId());
    request.set_name(name);
    v1::ApprovePaymentPlanResponse response;
    grpc::Status status =
        Call(&v1::ArrangementService::Stub::ApprovePaymentPlan, role, request, response);
    if (out != nullptr) *out = response.plan();
    return status;
  }

  v1::Dispute Raise(int64_t invoice_id, v1::DisputeReason reason, grpc::Status* status_out) {
    v1::RaiseInvoiceDisputeRequest request;
    request.set_request_id(NewRequestId());
    request.set_invoice(InvoiceName(invoice_id));
    request.set_reason_code(reason);
    request.set_reason("客户反映货品有划痕");
    v1::RaiseInvoiceDisputeResponse response;
    *status_out = Call(&v1::ArrangementService::Stub::RaiseInvoiceDispute, "finance_staff", request,
                       response);
    return response.dispute();
  }

  // The work items a job created with this step for the customer.
  int64_t Items(int64_t customer_id, const std::string& step) {
    return QueryInt(env, absl::StrCat("SELECT COUNT(*) FROM work_items WHERE customer_id = ",
                                      customer_id, " AND step = '", step, "'"));
  }
};

// ---- Promises ----

TEST_F(ArrangementTest, R_DUN_1_PromiseKeptPausesUntilPaid) {
  int64_t customer = 0;
  const int64_t invoice = OverdueInvoice(500'000, &customer);
  const v1::Promise promise = MustPromise(PromiseRequest(customer, {invoice}, 500'000, today + 5));
  EXPECT_EQ(promise.status(), v1::PROMISE_STATUS_OPEN);
  EXPECT_EQ(promise.made_date(), Date(today));
  EXPECT_EQ(promise.tolerance_days(), core::kDefaultPromiseToleranceDays);
  ASSERT_EQ(promise.invoices_size(), 1);
  EXPECT_EQ(promise.invoices(0).open_fen(), 500'000);
  // The ladder pauses until the promised date + tolerance.
  std::vector<v1::CollectionHold> holds = Holds(customer);
  ASSERT_EQ(holds.size(), 1u);
  EXPECT_EQ(holds[0].paused(), v1::PAUSE_REASON_PROMISE);
  EXPECT_EQ(holds[0].paused_until(), Date(today + 8));
  EXPECT_TRUE(HoldsOn(today + 8, {invoice}).paused.contains(invoice));
  // A promise is a contact too (the evidence chain).
  EXPECT_EQ(QueryInt(env, absl::StrCat("SELECT COUNT(*) FROM contacts WHERE customer_id = ",
                                       customer, " AND outcome = 'promised_to_pay'")),
            1);

  ASSERT_TRUE(Pay(env, customer, 500'000, "", today).ok());
  jobs::PromisesJob job;
  absl::StatusOr<jobs::JobOutcome> run = RunJobDay(env, job, today);
  ASSERT_TRUE(run.ok()) << run.status();
  EXPECT_GE(run->changed, 1);
  const v1::Promise kept = GetPromise(promise.name());
  EXPECT_EQ(kept.status(), v1::PROMISE_STATUS_KEPT);
  EXPECT_EQ(kept.paid_fen(), 500'000);
  EXPECT_EQ(kept.decided_date(), Date(today));
  EXPECT_EQ(Items(customer, "promise_follow_up"), 0);
  EXPECT_TRUE(Holds(customer).empty());
}

TEST_F(ArrangementTest, R_DUN_1_PromiseBrokenResumesAtTheNextStepWithAFollowUp) {
  int64_t customer = 0;
  const int64_t invoice = OverdueInvoice(300'000, &customer);
  v1::RecordPromiseRequest request = PromiseRequest(customer, {invoice}, 300'000, today + 2);
  request.set_tolerance_days(1);
  const v1::Promise promise = MustPromise(request, "finance_staff");
  const core::EpochDay deadline = today + 3;
  jobs::PromisesJob job;
  // Day by day: nothing until the day after the deadline.
  for (core::EpochDay day = today; day <= deadline; ++day) {
    absl::StatusOr<jobs::JobOutcome> run = RunJobDay(env, job, day);
    ASSERT_TRUE(run.ok()) << run.status();
  }
  EXPECT_EQ(GetPromise(promise.name()).status(), v1::PROMISE_STATUS_OPEN);
  EXPECT_TRUE(HoldsOn(deadline, {invoice}).paused.contains(invoice));
  absl::StatusOr<jobs::JobOutcome> broken = RunJobDay(env, job, deadline + 1);
  ASSERT_TRUE(broken.ok()) << broken.status();
  EXPECT_GE(broken->created, 1);
  const v1::Promise after = GetPromise(promise.name());
  EXPECT_EQ(after.status(), v1::PROMISE_STATUS_BROKEN);
  EXPECT_EQ(after.decided_date(), Date(deadline + 1));
  // The follow-up goes to the owner (sales staff) at once.
  EXPECT_EQ(
      QueryInt(env, absl::StrCat("SELECT COUNT(*) FROM work_items WHERE customer_id = ", customer,
                                 " AND kind = 'promise_follow_up' AND "
                                 "department = 'sales' AND assignee_user_id = ",
                                 env.user_id("sales_staff"),
                                 " AND amount_fen = 300000 AND "
                                 "source_key = 'promise:",
                                 after.name().substr(9), ":follow_up'")),
      1);
  // The ladder resumes at its next step on the day after the deadline, and only that day.
  const ops::DunningHolds resume = HoldsOn(deadline + 1, {invoice});
  EXPECT_FALSE(resume.paused.contains(invoice));
  ASSERT_TRUE(resume.resumed.contains(invoice));
  EXPECT_EQ(resume.resumed.at(invoice), core::ResumeMode::kNextStep);
  EXPECT_TRUE(HoldsOn(deadline + 2, {invoice}).resumed.empty());
  // The same day twice creates nothing new; replaying an earlier day changes nothing either.
  absl::StatusOr<jobs::JobOutcome> again = RunJobDay(env, job, deadline + 1);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->created, 0);
  EXPECT_EQ(again->changed, 0);
  ASSERT_TRUE(RunJobDay(env, job, today).ok());
  EXPECT_EQ(GetPromise(promise.name()).status(), v1::PROMISE_STATUS_BROKEN);
  EXPECT_EQ(Items(customer, "promise_follow_up"), 1);
  // Counted for the risk figures: listed by status.
  v1::ListPromisesRequest list;
  list.set_customer(CustomerName(customer));
  list.set_status(v1::PROMISE_STATUS_BROKEN);
  v1::ListPromisesResponse listed;
  ASSERT_TRUE(
      Call(&v1::ArrangementService::Stub::ListPromises, "management_head", list, listed).ok());
  ASSERT_EQ(listed.promises_size(), 1);
  EXPECT_EQ(listed.promises(0).name(), promise.name());
}

TEST_F(ArrangementTest, R_DUN_1_PromisePartiallyKept) {
  int64_t customer = 0;
  const int64_t invoice = OverdueInvoice(400'000, &customer);
  v1::RecordPromiseRequest request = PromiseRequest(customer, {invoice}, 400'000, today);
  request.set_tolerance_days(0);
  const v1::Promise promise = MustPromise(request);
  ASSERT_TRUE(Pay(env, customer, 150'000, "", today).ok());
  jobs::PromisesJob job;
  ASSERT_TRUE(RunJobDay(env, job, today + 1).ok());
  const v1::Promise after = GetPromise(promise.name());
  EXPECT_EQ(after.status(), v1::PROMISE_STATUS_PARTIALLY_KEPT);
  EXPECT_EQ(after.paid_fen(), 150'000);
  // The follow-up chases what is left.
  EXPECT_EQ(QueryInt(env, absl::StrCat("SELECT amount_fen FROM work_items WHERE customer_id = ",
                                       customer, " AND step = 'promise_follow_up'")),
            250'000);
}

TEST_F(ArrangementTest, PromiseRefusesBadInputNamingTheField) {
  int64_t customer = 0;
  const int64_t invoice = OverdueInvoice(100'000, &customer);
  int64_t other_customer = 0;
  const int64_t other = OverdueInvoice(100'000, &other_customer);
  v1::RecordPromiseResponse response;
  grpc::Status status = Call(&v1::ArrangementService::Stub::RecordPromise, "sales_staff",
                             PromiseRequest(customer, {invoice}, 100'001, today + 1), response);
  EXPECT_EQ(status.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"amount_fen"});
  status = Call(&v1::ArrangementService::Stub::RecordPromise, "sales_staff",
                PromiseRequest(customer, {invoice, other}, 100, today + 1), response);
  EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"invoices[1]"});
  status = Call(&v1::ArrangementService::Stub::RecordPromise, "sales_staff",
                PromiseRequest(customer, {invoice}, 100, today - 1), response);
  EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"promised_date"});
  v1::RecordPromiseRequest bad = PromiseRequest(customer, {}, 0, today);
  bad.set_promised_date("2026-13-01");
  status = Call(&v1::ArrangementService::Stub::RecordPromise, "sales_staff", bad, response);
  EXPECT_EQ(ViolatedFields(status), (std::vector<std::string>{"amount_fen", "promised_date"}));
  // Sales staff act on their own customers only.
  status = Call(&v1::ArrangementService::Stub::RecordPromise, ServiceTestEnv::kOtherSales,
                PromiseRequest(customer, {invoice}, 100, today + 1), response);
  EXPECT_EQ(status.error_code(), StatusCode::NOT_FOUND);
  // A disputed invoice is not promised on.
  grpc::Status raised;
  Raise(invoice, v1::DISPUTE_REASON_PRICE, &raised);
  ASSERT_TRUE(raised.ok()) << raised.error_message();
  status = Call(&v1::ArrangementService::Stub::RecordPromise, "sales_staff",
                PromiseRequest(customer, {invoice}, 100, today + 1), response);
  EXPECT_EQ(status.error_code(), StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(PreconditionTypes(status), std::vector<std::string>{"INVOICE_NOT_OPEN"});
  // Idempotent by request id: the repeat returns the first promise and adds none.
  const v1::RecordPromiseRequest once = PromiseRequest(other_customer, {other}, 100, today + 1);
  const v1::Promise first = MustPromise(once);
  const v1::Promise repeat = MustPromise(once);
  EXPECT_EQ(repeat.name(), first.name());
  EXPECT_EQ(QueryInt(env, absl::StrCat("SELECT COUNT(*) FROM promises WHERE customer_id = ",
                                       other_customer)),
            1);
}

// ---- Disputes ----

TEST_F(ArrangementTest, R_DUN_1_DisputePausesCollectionUntilResolved) {
  int64_t customer = 0;
  const int64_t invoice = OverdueInvoice(200'000, &customer);
  grpc::Status status;
  v1::RaiseInvoiceDisputeRequest unspecified;
  unspecified.set_request_id(NewRequestId());
  unspecified.set_invoice(InvoiceName(invoice));
  unspecified.set_reason("x");
  v1::RaiseInvoiceDisputeResponse ignored;
  status = Call(&v1::ArrangementService::Stub::RaiseInvoiceDispute, "finance_staff", unspecified,
                ignored);
  EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"reason_code"});

  const v1::Dispute dispute = Raise(invoice, v1::DISPUTE_REASON_QUALITY, &status);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(dispute.source(), v1::DISPUTE_SOURCE_STAFF);
  EXPECT_EQ(dispute.reason_code(), v1::DISPUTE_REASON_QUALITY);
  EXPECT_EQ(dispute.raised_date(), Date(today));
  EXPECT_EQ(dispute.age_days(), 0);
  std::vector<v1::CollectionHold> holds = Holds(customer);
  ASSERT_EQ(holds.size(), 1u);
  EXPECT_EQ(holds[0].paused(), v1::PAUSE_REASON_DISPUTE);
  // The dispute's age as the days go by; replaying the day before it was raised sees no pause.
  EXPECT_TRUE(HoldsOn(today + 20, {invoice}).paused.contains(invoice));
  EXPECT_FALSE(HoldsOn(today - 1, {invoice}).paused.contains(invoice));
  // Cash application skips the disputed invoice: the payment stays unapplied.
  ASSERT_TRUE(Pay(env, customer, 200'000, "", today).ok());
  EXPECT_EQ(QueryInt(env, absl::StrCat("SELECT open_fen FROM invoices WHERE id = ", invoice)),
            200'000);
  Raise(invoice, v1::DISPUTE_REASON_PRICE, &status);
  EXPECT_EQ(PreconditionTypes(status), std::vector<std::string>{"INVOICE_NOT_OPEN"});

  v1::ListInvoiceDisputesRequest list;
  list.set_customer(CustomerName(customer));
  list.set_open_only(true);
  v1::ListInvoiceDisputesResponse listed;
  ASSERT_TRUE(
      Call(&v1::ArrangementService::Stub::ListInvoiceDisputes, "sales_staff", list, listed).ok());
  ASSERT_EQ(listed.disputes_size(), 1);
  EXPECT_EQ(listed.disputes(0).name(), dispute.name());
  EXPECT_EQ(listed.disputes(0).invoice_open_fen(), 200'000);
  ASSERT_TRUE(Call(&v1::ArrangementService::Stub::ListInvoiceDisputes, ServiceTestEnv::kOtherSales,
                   list, listed)
                  .ok());
  EXPECT_EQ(listed.disputes_size(), 0);

  // Only a finance head resolves it; then collection resumes.
  v1::ResolveInvoiceDisputeRequest resolve;
  resolve.set_request_id(NewRequestId());
  resolve.set_invoice(InvoiceName(invoice));
  resolve.set_resolution("核实后客户撤回异议");
  v1::ResolveInvoiceDisputeResponse resolved;
  EXPECT_EQ(
      Call(&v1::ArrangementService::Stub::ResolveInvoiceDispute, "finance_staff", resolve, resolved)
          .error_code(),
      StatusCode::PERMISSION_DENIED);
  status =
      Call(&v1::ArrangementService::Stub::ResolveInvoiceDispute, "finance_head", resolve, resolved);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(resolved.invoice_status(), v1::INVOICE_STATUS_OPEN);
  EXPECT_TRUE(Holds(customer).empty());
  EXPECT_FALSE(HoldsOn(today, {invoice}).paused.contains(invoice));
  list.set_open_only(false);
  ASSERT_TRUE(
      Call(&v1::ArrangementService::Stub::ListInvoiceDisputes, "finance_head", list, listed).ok());
  ASSERT_EQ(listed.disputes_size(), 1);
  EXPECT_EQ(listed.disputes(0).resolved_date(), Date(today));
  EXPECT_EQ(listed.disputes(0).resolution(), "核实后客户撤回异议");
  resolve.set_request_id(NewRequestId());
  status =
      Call(&v1::ArrangementService::Stub::ResolveInvoiceDispute, "finance_head", resolve, resolved);
  EXPECT_EQ(PreconditionTypes(status), std::vector<std::string>{"INVOICE_NOT_DISPUTED"});
}

TEST_F(ArrangementTest, R_STMT_1_StatementDisputesAreDisputesToo) {
  auto statements = v1::StatementService::NewStub(env.channel());
  const int64_t customer = env.portal_customer_id();
  const core::EpochDay first = *core::AddMonths(today, -2);
  const int64_t invoice = NewInvoice(env, customer, 77'700, first, first + 30);
  v1::GenerateStatementRequest generate;
  generate.set_request_id(NewRequestId());
  generate.set_customer(CustomerName(customer));
  generate.set_month(Date(first).substr(0, 7));
  v1::GenerateStatementResponse generated;
  grpc::ClientContext generate_context;
  env.Authorize(generate_context, "finance_staff");
  ASSERT_TRUE(statements->GenerateStatement(&generate_context, generate, &generated).ok());
  std::string number;
  for (const v1::StatementLine& line : generated.statement().lines()) {
    if (line.invoice() == InvoiceName(invoice)) number = line.invoice_number();
  }
  ASSERT_FALSE(number.empty());
  v1::DisputeStatementLinesRequest dispute;
  dispute.set_request_id(NewRequestId());
  dispute.set_name(generated.statement().name());
  dispute.add_invoice_numbers(number);
  dispute.set_reason("未收到这批货");
  v1::DisputeStatementLinesResponse disputed;
  grpc::ClientContext dispute_context;
  env.Authorize(dispute_context, "customer");
  grpc::Status status = statements->DisputeStatementLines(&dispute_context, dispute, &disputed);
  ASSERT_TRUE(status.ok()) << status.error_message();
  v1::ListInvoiceDisputesRequest list;
  list.set_customer(CustomerName(customer));
  list.set_open_only(true);
  v1::ListInvoiceDisputesResponse listed;
  ASSERT_TRUE(
      Call(&v1::ArrangementService::Stub::ListInvoiceDisputes, "finance_head", list, listed).ok());
  bool found = false;
  for (const v1::Dispute& d : listed.disputes()) {
    if (d.invoice() != InvoiceName(invoice)) continue;
    found = true;
    EXPECT_EQ(d.source(), v1::DISPUTE_SOURCE_STATEMENT);
    EXPECT_EQ(d.statement(), generated.statement().name());
    EXPECT_EQ(d.reason(), "未收到这批货");
  }
  EXPECT_TRUE(found);
  EXPECT_TRUE(HoldsOn(today, {invoice}).paused.contains(invoice));
  // StatementService.ResolveDispute resolves it the same way.
  v1::ResolveDisputeRequest resolve;
  resolve.set_request_id(NewRequestId());
  resolve.set_invoice(InvoiceName(invoice));
  resolve.set_resolution("已补发");
  v1::ResolveDisputeResponse resolved;
  grpc::ClientContext resolve_context;
  env.Authorize(resolve_context, "finance_head");
  ASSERT_TRUE(statements->ResolveDispute(&resolve_context, resolve, &resolved).ok());
  EXPECT_FALSE(HoldsOn(today, {invoice}).paused.contains(invoice));
  EXPECT_EQ(QueryInt(env, absl::StrCat("SELECT COUNT(*) FROM invoice_disputes WHERE invoice_id = ",
                                       invoice, " AND resolved_date IS NOT NULL")),
            1);
}

// ---- Payment plans ----

TEST_F(ArrangementTest, R_PAY_1_PlanSplitsTheOpenAmountExactlyAndTheFinanceHeadApproves) {
  int64_t customer = 0;
  const int64_t a = OverdueInvoice(60'000'000, &customer);
  const int64_t b = NewInvoice(env, customer, 40'000'001, today - 50, today - 20);
  const v1::PaymentPlan plan = RequestPlan(SplitPlan(customer, {a, b}, 3, today + 10));
  EXPECT_EQ(plan.status(), v1::PAYMENT_PLAN_STATUS_REQUESTED);
  EXPECT_EQ(plan.total_fen(), 100'000'001);
  ASSERT_EQ(plan.instalments_size(), 3);
  EXPECT_EQ(plan.instalments(0).amount_fen(), 33'333'300);
  EXPECT_EQ(plan.instalments(1).amount_fen(), 33'333'300);
  EXPECT_EQ(plan.instalments(2).amount_fen(), 33'333'401);
  EXPECT_EQ(plan.instalments(0).due_date(), Date(today + 10));
  EXPECT_EQ(std::vector<std::string>(plan.required_approver_roles().begin(),
                                     plan.required_approver_roles().end()),
            std::vector<std::string>{"finance_head"});
  EXPECT_EQ(plan.collateral(), "厂房抵押");
  // Requested, not yet active: the ladder still runs.
  EXPECT_TRUE(Holds(customer).empty());
  // Within the finance head's authority: a management head is not one of its approvers.
  grpc::Status status = ApprovePlan("management_head", plan.name());
  EXPECT_EQ(status.error_code(), StatusCode::PERMISSION_DENIED);
  v1::PaymentPlan approved;
  status = ApprovePlan("finance_head", plan.name(), &approved);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(approved.status(), v1::PAYMENT_PLAN_STATUS_ACTIVE);
  EXPECT_EQ(approved.start_date(), Date(today));
  std::vector<v1::CollectionHold> holds = Holds(customer);
  ASSERT_EQ(holds.size(), 2u);
  EXPECT_EQ(holds[0].paused(), v1::PAUSE_REASON_PAYMENT_PLAN);
  // Decided plans take no more decisions; an invoice is in one open plan at most.
  status = ApprovePlan("finance_head", plan.name());
  EXPECT_EQ(PreconditionTypes(status), std::vector<std::string>{"PLAN_NOT_REQUESTED"});
  RequestPlan(SplitPlan(customer, {b}, 2, today + 10), &status);
  EXPECT_EQ(PreconditionTypes(status), std::vector<std::string>{"INVOICE_IN_PLAN"});
}

TEST_F(ArrangementTest, R_PAY_1_AboveTheBandsAManagementHeadApprovesToo) {
  int64_t customer = 0;
  const int64_t invoice = OverdueInvoice(800'000'000, &customer);  // 8,000,000 yuan (E集团)
  const v1::PaymentPlan plan = RequestPlan(SplitPlan(customer, {invoice}, 6, today + 5));
  EXPECT_EQ(std::vector<std::string>(plan.required_approver_roles().begin(),
                                     plan.required_approver_roles().end()),
            (std::vector<std::string>{"finance_head", "management_head"}));
  v1::PaymentPlan after;
  ASSERT_TRUE(ApprovePlan("finance_head", plan.name(), &after).ok());
  EXPECT_EQ(after.status(), v1::PAYMENT_PLAN_STATUS_REQUESTED);
  ASSERT_TRUE(ApprovePlan("management_head", plan.name(), &after).ok());
  EXPECT_EQ(after.status(), v1::PAYMENT_PLAN_STATUS_ACTIVE);
  EXPECT_EQ(after.approvals_size(), 2);
}

TEST_F(ArrangementTest, R_PAY_1_PlanRefusesBadSchedulesAndStaleAmounts) {
  int64_t customer = 0;
  const int64_t invoice = OverdueInvoice(100'000, &customer);
  v1::RequestPaymentPlanRequest request = SplitPlan(customer, {invoice}, 0, today + 1);
  request.clear_instalment_count();
  request.clear_first_due_date();
  v1::Instalment* first = request.add_instalments();
  first->set_due_date(Date(today + 30));
  first->set_amount_fen(50'000);
  v1::Instalment* second = request.add_instalments();
  second->set_due_date(Date(today + 60));
  second->set_amount_fen(49'999);
  grpc::Status status;
  RequestPlan(request, &status);
  EXPECT_EQ(status.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"instalments"});
  second->set_amount_fen(50'000);
  second->set_due_date(Date(today + 30));
  RequestPlan(request, &status);
  EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"instalments[1].due_date"});
  second->set_due_date(Date(today + 60));
  const v1::PaymentPlan plan = RequestPlan(request);
  EXPECT_EQ(plan.instalments_size(), 2);
  // Cash since the request: the plan no longer restructures what is open.
  ASSERT_TRUE(Pay(env, customer, 10'000, "", today).ok());
  status = ApprovePlan("finance_head", plan.name());
  EXPECT_EQ(PreconditionTypes(status), std::vector<std::string>{"PLAN_STALE"});
  // A rejection needs a comment.
  v1::RejectPaymentPlanRequest reject;
  reject.set_request_id(NewRequestId());
  reject.set_name(plan.name());
  v1::RejectPaymentPlanResponse rejected;
  status = Call(&v1::ArrangementService::Stub::RejectPaymentPlan, "finance_head", reject, rejected);
  EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"comment"});
  reject.set_comment("金额已变, 重新申请");
  status = Call(&v1::ArrangementService::Stub::RejectPaymentPlan, "finance_head", reject, rejected);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(rejected.plan().status(), v1::PAYMENT_PLAN_STATUS_REJECTED);
}

TEST_F(ArrangementTest, R_PAY_1_PlanDefaultsOnAMissedInstalmentAndResumesEscalated) {
  int64_t customer = 0;
  const int64_t invoice = OverdueInvoice(90'000, &customer);
  v1::RequestPaymentPlanRequest request = SplitPlan(customer, {invoice}, 3, today + 5);
  request.set_grace_days(2);
  const v1::PaymentPlan plan = RequestPlan(request);
  ASSERT_TRUE(ApprovePlan("finance_head", plan.name()).ok());
  jobs::PaymentPlansJob job;
  const core::EpochDay due = today + 5;
  // Seven days before the first instalment: the owner's reminder, once however often the day runs.
  // (Other tests' plans share the database: items are counted per customer.)
  const std::string reminders =
      absl::StrCat("SELECT COUNT(*) FROM work_items WHERE customer_id = ", customer,
                   " AND kind = 'instalment' AND step = 'instalment_reminder' AND "
                   "assignee_user_id = ",
                   env.user_id("sales_staff"), " AND amount_fen = 30000");
  absl::StatusOr<jobs::JobOutcome> run = RunJobDay(env, job, today);
  ASSERT_TRUE(run.ok()) << run.status();
  EXPECT_GE(run->created, 1);
  EXPECT_EQ(QueryInt(env, reminders), 1);
  run = RunJobDay(env, job, today);
  ASSERT_TRUE(run.ok());
  EXPECT_EQ(run->created, 0);
  EXPECT_EQ(QueryInt(env, reminders), 1);
  // Day by day through the due date and the grace: finance's item on the due day.
  for (core::EpochDay day = today + 1; day <= due + 2; ++day) {
    ASSERT_TRUE(RunJobDay(env, job, day).ok());
  }
  EXPECT_EQ(Items(customer, "instalment_due"), 1);
  EXPECT_TRUE(HoldsOn(due + 2, {invoice}).paused.contains(invoice));
  // The day after the grace: defaulted, finance takes over, collection resumes escalated.
  run = RunJobDay(env, job, due + 3);
  ASSERT_TRUE(run.ok());
  EXPECT_GE(run->changed, 1);
  EXPECT_EQ(Items(customer, "plan_defaulted"), 1);
  v1::GetPaymentPlanRequest get;
  get.set_name(plan.name());
  v1::GetPaymentPlanResponse got;
  ASSERT_TRUE(Call(&v1::ArrangementService::Stub::GetPaymentPlan, "finance_staff", get, got).ok());
  EXPECT_EQ(got.plan().status(), v1::PAYMENT_PLAN_STATUS_DEFAULTED);
  EXPECT_EQ(got.plan().missed_instalment(), 1);
  EXPECT_EQ(got.plan().end_date(), Date(due + 3));
  const ops::DunningHolds resume = HoldsOn(due + 3, {invoice});
  EXPECT_FALSE(resume.paused.contains(invoice));
  ASSERT_TRUE(resume.resumed.contains(invoice));
  EXPECT_EQ(resume.resumed.at(invoice), core::ResumeMode::kEscalated);
  EXPECT_FALSE(HoldsOn(due + 4, {invoice}).paused.contains(invoice));
  // Replaying the whole stretch creates nothing new and keeps the verdict.
  const int64_t items =
      QueryInt(env, absl::StrCat("SELECT COUNT(*) FROM work_items WHERE customer_id = ", customer));
  for (core::EpochDay day = today; day <= due + 4; ++day) {
    ASSERT_TRUE(RunJobDay(env, job, day).ok()) << Date(day);
  }
  EXPECT_EQ(
      QueryInt(env, absl::StrCat("SELECT COUNT(*) FROM work_items WHERE customer_id = ", customer)),
      items);
}

TEST_F(ArrangementTest, R_PAY_1_PlanCompletesWhenPaid) {
  int64_t customer = 0;
  const int64_t invoice = OverdueInvoice(20'000, &customer);
  const v1::PaymentPlan plan = RequestPlan(SplitPlan(customer, {invoice}, 2, today + 20));
  ASSERT_TRUE(ApprovePlan("finance_head", plan.name()).ok());
  ASSERT_TRUE(Pay(env, customer, 20'000, "", today).ok());
  jobs::PaymentPlansJob job;
  absl::StatusOr<jobs::JobOutcome> run = RunJobDay(env, job, today);
  ASSERT_TRUE(run.ok());
  EXPECT_GE(run->changed, 1);
  EXPECT_EQ(
      QueryInt(env, absl::StrCat("SELECT COUNT(*) FROM work_items WHERE customer_id = ", customer)),
      0);
  v1::GetPaymentPlanRequest get;
  get.set_name(plan.name());
  v1::GetPaymentPlanResponse got;
  ASSERT_TRUE(Call(&v1::ArrangementService::Stub::GetPaymentPlan, "finance_staff", get, got).ok());
  EXPECT_EQ(got.plan().status(), v1::PAYMENT_PLAN_STATUS_COMPLETED);
}

// ---- The ladder's own run ----

TEST_F(ArrangementTest, R_DUN_1_LadderSkipsInvoicesUnderAPlanOrAPromise) {
  // Three customers with an invoice 3 days overdue: seed 000's dunning letter falls today.
  const int64_t promised_customer = NewCustomer(env, "Ladder Promise Co");
  const int64_t promised = NewInvoice(env, promised_customer, 80'000, today - 33, today - 3);
  const int64_t planned_customer = NewCustomer(env, "Ladder Plan Co");
  const int64_t planned = NewInvoice(env, planned_customer, 90'000, today - 33, today - 3);
  const int64_t plain_customer = NewCustomer(env, "Ladder Plain Co");
  NewInvoice(env, plain_customer, 70'000, today - 33, today - 3);
  MustPromise(PromiseRequest(promised_customer, {promised}, 80'000, today + 5));
  const v1::PaymentPlan plan = RequestPlan(SplitPlan(planned_customer, {planned}, 3, today + 30));
  ASSERT_TRUE(ApprovePlan("finance_head", plan.name()).ok());
  ops::DunningDay day;
  absl::Status status = AsOf(env, today, [&](ops::WriteScope& write) -> absl::Status {
    absl::StatusOr<ops::DunningDay> run = ops::RunDunningDay(write, today, {});
    if (!run.ok()) return run.status();
    day = *std::move(run);
    return absl::OkStatus();
  });
  ASSERT_TRUE(status.ok()) << status;
  EXPECT_GE(day.paused_arrangement, 2);
  const auto letters = [&](int64_t customer) {
    return QueryInt(env,
                    absl::StrCat("SELECT COUNT(*) FROM work_items WHERE customer_id = ", customer,
                                 " AND kind = 'dunning' AND step = 'dunning_letter'"));
  };
  EXPECT_EQ(letters(promised_customer), 0);
  EXPECT_EQ(letters(planned_customer), 0);
  EXPECT_EQ(letters(plain_customer), 1);
}

// ---- Goods-for-debt settlements ----

TEST_F(ArrangementTest, R_PAY_1_SettlementKeepsTheLedgerInvariants) {
  int64_t customer = 0;
  const int64_t invoice = OverdueInvoice(1'200'000, &customer);  // G超市's 120万 (seed 000)
  auto request = [&](int64_t amount) {
    v1::RequestSettlementRequest r;
    r.set_request_id(NewRequestId());
    r.set_invoice(InvoiceName(invoice));
    r.set_amount_fen(amount);
    r.set_goods_description("等值产品 300 箱");
    r.set_valuation_basis("出厂价");
    r.set_reason("以货抵债");
    return r;
  };
  v1::RequestSettlementResponse requested;
  grpc::Status status = Call(&v1::ArrangementService::Stub::RequestSettlement, "finance_staff",
                             request(1'200'001), requested);
  EXPECT_EQ(PreconditionTypes(status), std::vector<std::string>{"EXCEEDS_OPEN"});
  status = Call(&v1::ArrangementService::Stub::RequestSettlement, "finance_staff", request(700'000),
                requested);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(requested.settlement().status(), v1::SETTLEMENT_STATUS_REQUESTED);
  EXPECT_EQ(requested.settlement().kind(), v1::SETTLEMENT_KIND_GOODS_FOR_DEBT);
  // Requested: the invoice is untouched.
  EXPECT_EQ(QueryInt(env, absl::StrCat("SELECT open_fen FROM invoices WHERE id = ", invoice)),
            1'200'000);
  v1::ApproveSettlementRequest approve;
  approve.set_request_id(NewRequestId());
  approve.set_name(requested.settlement().name());
  v1::ApproveSettlementResponse approved;
  EXPECT_EQ(
      Call(&v1::ArrangementService::Stub::ApproveSettlement, "finance_head", approve, approved)
          .error_code(),
      StatusCode::PERMISSION_DENIED);
  status =
      Call(&v1::ArrangementService::Stub::ApproveSettlement, "management_head", approve, approved);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(approved.invoice_open_fen(), 500'000);
  EXPECT_EQ(approved.invoice_settled_fen(), 700'000);
  EXPECT_EQ(approved.invoice_status(), v1::INVOICE_STATUS_OPEN);
  EXPECT_EQ(approved.settlement().decided_date(), Date(today));
  EXPECT_TRUE(LedgerViolations(env).empty());
  approve.set_request_id(NewRequestId());
  status =
      Call(&v1::ArrangementService::Stub::ApproveSettlement, "management_head", approve, approved);
  EXPECT_EQ(PreconditionTypes(status), std::vector<std::string>{"NOT_REQUESTED"});
  // The rest in cash: paid; the invoice is closed by cash and goods together.
  ASSERT_TRUE(Pay(env, customer, 500'000, "", today).ok());
  EXPECT_EQ(QueryInt(env, absl::StrCat("SELECT COUNT(*) FROM invoices WHERE id = ", invoice,
                                       " AND status = 'paid' AND open_fen = 0 AND "
                                       "settled_fen = 700000")),
            1);
  EXPECT_TRUE(LedgerViolations(env).empty());
  // Audited under its own name.
  auto audit = v1::AuditService::NewStub(env.channel());
  v1::ListAuditEventsRequest events;
  events.set_resource(requested.settlement().name());
  v1::ListAuditEventsResponse listed;
  grpc::ClientContext context;
  env.Authorize(context, "management_head");
  ASSERT_TRUE(audit->ListAuditEvents(&context, events, &listed).ok());
  EXPECT_EQ(listed.audit_events_size(), 2);  // requested, approved
  // On the month's statement, apart from cash.
  auto statements = v1::StatementService::NewStub(env.channel());
  v1::GenerateStatementRequest generate;
  generate.set_request_id(NewRequestId());
  generate.set_customer(CustomerName(customer));
  generate.set_month(Date(today).substr(0, 7));
  v1::GenerateStatementResponse generated;
  grpc::ClientContext statement_context;
  env.Authorize(statement_context, "finance_staff");
  status = statements->GenerateStatement(&statement_context, generate, &generated);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(generated.statement().settled_in_kind_fen(), 700'000);
  EXPECT_EQ(generated.statement().received_fen(), 500'000);
  EXPECT_EQ(generated.statement().closing_balance_fen(), 0);
}

TEST_F(ArrangementTest, R_PAY_1_InvariantsQueryCatchesASettlementOffTheBooks) {
  int64_t customer = 0;
  const int64_t invoice = OverdueInvoice(10'000, &customer);
  // settled_fen without an approved settlement (and open not reduced): two violations.
  auto corrupt = [&](int64_t settled) {
    ASSERT_TRUE(store::RunInTransaction(env.pool(), [&](store::ConnectionPool::Lease& db) {
                  auto& update = db.Prepare("UPDATE invoices SET settled_fen = ? WHERE id = ?");
                  update.setInt64(1, settled);
                  update.setInt64(2, invoice);
                  update.executeUpdate();
                  return absl::OkStatus();
                }).ok());
  };
  corrupt(1'000);
  const std::vector<std::string> violations = LedgerViolations(env);
  EXPECT_GE(violations.size(), 2u);
  bool names_invoice = false;
  for (const std::string& violation : violations) {
    if (violation.find(InvoiceName(invoice) + ":") == 0) names_invoice = true;
  }
  EXPECT_TRUE(names_invoice);
  corrupt(0);
  EXPECT_TRUE(LedgerViolations(env).empty());
}

TEST_F(ArrangementTest, ProtoEnumsNameTheCoreValues) {
  // The conversion maps core value k to proto value k + 1 (arrangement_convert.h).
  const auto upper = [](absl::string_view name) { return absl::AsciiStrToUpper(name); };
  for (int k = 0; k < core::kPromiseStatusCount; ++k) {
    EXPECT_EQ(
        v1::PromiseStatus_Name(static_cast<v1::PromiseStatus>(k + 1)),
        "PROMISE_STATUS_" + upper(core::PromiseStatusName(static_cast<core::PromiseStatus>(k))));
  }
  for (int k = 0; k < core::kDisputeReasonCount; ++k) {
    EXPECT_EQ(
        v1::DisputeReason_Name(static_cast<v1::DisputeReason>(k + 1)),
        "DISPUTE_REASON_" + upper(core::DisputeReasonName(static_cast<core::DisputeReason>(k))));
  }
  for (int k = 0; k < core::kDisputeSourceCount; ++k) {
    EXPECT_EQ(
        v1::DisputeSource_Name(static_cast<v1::DisputeSource>(k + 1)),
        "DISPUTE_SOURCE_" + upper(core::DisputeSourceName(static_cast<core::DisputeSource>(k))));
  }
  for (int k = 0; k < core::kPlanStatusCount; ++k) {
    EXPECT_EQ(
        v1::PaymentPlanStatus_Name(static_cast<v1::PaymentPlanStatus>(k + 1)),
        "PAYMENT_PLAN_STATUS_" + upper(core::PlanStatusName(static_cast<core::PlanStatus>(k))));
  }
  for (int k = 0; k < core::kDecisionStatusCount; ++k) {
    EXPECT_EQ(v1::SettlementStatus_Name(static_cast<v1::SettlementStatus>(k + 1)),
              "SETTLEMENT_STATUS_" +
                  upper(core::DecisionStatusName(static_cast<core::DecisionStatus>(k))));
  }
  for (int k = 0; k < 3; ++k) {
    EXPECT_EQ(v1::PauseReason_Name(static_cast<v1::PauseReason>(k + 1)),
              "PAUSE_REASON_" + upper(core::PauseReasonName(static_cast<core::PauseReason>(k))));
  }
  for (int k = 0; k < 2; ++k) {
    EXPECT_EQ(v1::ResumeMode_Name(static_cast<v1::ResumeMode>(k + 1)),
              "RESUME_MODE_" + upper(core::ResumeModeName(static_cast<core::ResumeMode>(k))));
  }
}

}  // namespace
}  // namespace huikuan::testing
