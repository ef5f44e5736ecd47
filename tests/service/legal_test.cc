// LegalService through a real channel against the test MariaDB (issue 9): legal cases move stage
// by stage, put the customer in litigation and leave it on hold when the last closes, and record
// every stage as evidence; limitation periods (R-LAW-1: three years from the due date, restarted
// by an acknowledgement, a promise, a partial payment, a lawyer letter or a suit) and the
// `limitation` job's reminders 180, 90 and 30 days before expiry, idempotent and replayable.
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "huikuan/v1/arrangement_service.grpc.pb.h"
#include "huikuan/v1/ledger_service.grpc.pb.h"
#include "huikuan/v1/legal_service.grpc.pb.h"
#include "server/core/legal_case.h"
#include "server/core/limitation.h"
#include "server/jobs/limitation_job.h"
#include "server/ops/clock.h"
#include "server/store/limitation_store.h"
#include "server/store/sql_values.h"
#include "server/store/transaction.h"
#include "tests/service/case_fixtures.h"

namespace huikuan::testing {
namespace {

using ::grpc::StatusCode;

class LegalTest : public ::testing::Test {
 protected:
  ServiceTestEnv& env = ServiceTestEnv::Get();
  std::unique_ptr<v1::LegalService::Stub> stub = v1::LegalService::NewStub(env.channel());
  const core::EpochDay today = Today();

  void TearDown() override {
    const std::vector<std::string> violations = LedgerViolations(env);
    EXPECT_TRUE(violations.empty()) << violations.front();
  }

  template <typename Request, typename Response>
  grpc::Status Call(grpc::Status (v1::LegalService::Stub::*method)(grpc::ClientContext*,
                                                                   const Request&, Response*),
                    const std::string& role, const Request& request, Response& response) {
    grpc::ClientContext context;
    env.Authorize(context, role);
    return (stub.get()->*method)(&context, request, &response);
  }

  v1::OpenLegalCaseRequest OpenRequest(int64_t customer, std::vector<int64_t> invoices,
                                       v1::LegalStage stage) {
    v1::OpenLegalCaseRequest request;
    request.set_request_id(NewRequestId());
    request.set_customer(CustomerName(customer));
    for (int64_t id : invoices) request.add_invoices(InvoiceName(id));
    request.set_stage(stage);
    request.set_title("货款纠纷");
    request.set_note("律师函已寄出");
    return request;
  }

  grpc::Status Advance(const std::string& name, v1::LegalStage stage,
                       v1::AdvanceLegalCaseResponse* out = nullptr,
                       const std::string& court_number = "") {
    v1::AdvanceLegalCaseRequest request;
    request.set_request_id(NewRequestId());
    request.set_name(name);
    request.set_stage(stage);
    request.set_note("阶段推进");
    request.set_court_case_number(court_number);
    v1::AdvanceLegalCaseResponse response;
    grpc::Status status =
        Call(&v1::LegalService::Stub::AdvanceLegalCase, "legal_staff", request, response);
    if (out != nullptr) *out = response;
    return status;
  }

  std::string CreditStatus(int64_t customer) {
    auto status = store::RunInTransaction<std::string>(
        env.pool(), [&](store::ConnectionPool::Lease& db) -> absl::StatusOr<std::string> {
          auto& select = db.Prepare("SELECT credit_status FROM customers WHERE id = ?");
          select.setInt64(1, customer);
          auto rows = store::Query(select);
          if (!rows->next()) return absl::NotFoundError("customer");
          return std::string(rows->getString(1));
        });
    return status.value_or("?");
  }

  std::vector<v1::LimitationPeriod> Periods(int64_t customer) {
    v1::ListLimitationPeriodsRequest request;
    request.set_customer(CustomerName(customer));
    v1::ListLimitationPeriodsResponse response;
    grpc::Status status =
        Call(&v1::LegalService::Stub::ListLimitationPeriods, "legal_staff", request, response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return {response.periods().begin(), response.periods().end()};
  }

  v1::RecordLimitationEventRequest EventRequest(int64_t invoice, v1::LimitationEventKind kind,
                                                core::EpochDay day) {
    v1::RecordLimitationEventRequest request;
    request.set_request_id(NewRequestId());
    request.set_invoice(InvoiceName(invoice));
    request.set_kind(kind);
    request.set_event_date(Date(day));
    request.set_note("债务人盖章确认对账单");
    return request;
  }
};

TEST_F(LegalTest, R_WARN_4_LegalCasePutsTheCustomerInLitigationUntilItsLastCaseCloses) {
  const int64_t customer = NewCustomer(env, "Legal Co");
  const int64_t first = NewInvoice(env, customer, 3'000'000, today - 120, today - 90);
  const int64_t second = NewInvoice(env, customer, 2'000'000, today - 100, today - 70);
  v1::OpenLegalCaseResponse opened;
  EXPECT_EQ(Call(&v1::LegalService::Stub::OpenLegalCase, "finance_head",
                 OpenRequest(customer, {first}, v1::LEGAL_STAGE_LAWYER_LETTER), opened)
                .error_code(),
            StatusCode::PERMISSION_DENIED);
  grpc::Status status = Call(&v1::LegalService::Stub::OpenLegalCase, "legal_staff",
                             OpenRequest(customer, {first}, v1::LEGAL_STAGE_JUDGMENT), opened);
  EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"stage"});
  status = Call(&v1::LegalService::Stub::OpenLegalCase, "legal_staff",
                OpenRequest(customer, {first}, v1::LEGAL_STAGE_LAWYER_LETTER), opened);
  ASSERT_TRUE(status.ok()) << status.error_message();
  const v1::LegalCase legal_case = opened.legal_case();  // a copy: `opened` is reused
  EXPECT_EQ(legal_case.stage(), v1::LEGAL_STAGE_LAWYER_LETTER);
  EXPECT_EQ(legal_case.claim_fen(), 3'000'000);
  EXPECT_EQ(legal_case.opened_date(), Date(today));
  ASSERT_EQ(legal_case.events_size(), 1);
  EXPECT_EQ(opened.credit_status(), v1::CREDIT_STATUS_IN_LITIGATION);
  EXPECT_EQ(CreditStatus(customer), "in_litigation");
  // No new invoices meanwhile.
  auto ledger = v1::LedgerService::NewStub(env.channel());
  v1::CreateInvoiceRequest invoice;
  invoice.set_request_id(NewRequestId());
  invoice.mutable_invoice()->set_customer(CustomerName(customer));
  invoice.mutable_invoice()->set_order_number("LEGAL-NEW-1");
  invoice.mutable_invoice()->set_amount_fen(1'000);
  invoice.mutable_invoice()->set_invoice_date(Date(today));
  v1::CreateInvoiceResponse created;
  grpc::ClientContext context;
  env.Authorize(context, "finance_staff");
  status = ledger->CreateInvoice(&context, invoice, &created);
  EXPECT_EQ(PreconditionTypes(status), std::vector<std::string>{"IN_LITIGATION"});

  // One stage at a time.
  status = Advance(legal_case.name(), v1::LEGAL_STAGE_JUDGMENT);
  EXPECT_EQ(PreconditionTypes(status), std::vector<std::string>{"LEGAL_STAGE_ORDER"});
  v1::AdvanceLegalCaseResponse advanced;
  status = Advance(legal_case.name(), v1::LEGAL_STAGE_FILED, &advanced, "(2026)沪0151民初1号");
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(advanced.legal_case().stage(), v1::LEGAL_STAGE_FILED);
  EXPECT_EQ(advanced.legal_case().court_case_number(), "(2026)沪0151民初1号");
  EXPECT_EQ(advanced.legal_case().events_size(), 2);
  // Every stage is a contact: the evidence chain.
  EXPECT_EQ(QueryInt(env, absl::StrCat("SELECT COUNT(*) FROM contacts WHERE customer_id = ",
                                       customer, " AND channel IN ('letter', 'court')")),
            2);

  // A second case, filed at once: closing the first keeps the customer in litigation.
  status = Call(&v1::LegalService::Stub::OpenLegalCase, "legal_head",
                OpenRequest(customer, {second}, v1::LEGAL_STAGE_FILED), opened);
  ASSERT_TRUE(status.ok()) << status.error_message();
  const std::string second_case = opened.legal_case().name();
  status = Advance(legal_case.name(), v1::LEGAL_STAGE_CLOSED, &advanced);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(advanced.credit_status(), v1::CREDIT_STATUS_IN_LITIGATION);
  EXPECT_EQ(advanced.legal_case().closed_date(), Date(today));
  // The last one closing leaves it on hold: supply resumes only when a head releases it.
  status = Advance(second_case, v1::LEGAL_STAGE_CLOSED, &advanced);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(advanced.credit_status(), v1::CREDIT_STATUS_ON_HOLD);
  EXPECT_EQ(CreditStatus(customer), "on_hold");
  status = Advance(second_case, v1::LEGAL_STAGE_ENFORCEMENT);
  EXPECT_EQ(PreconditionTypes(status), std::vector<std::string>{"LEGAL_CASE_CLOSED"});
  EXPECT_EQ(QueryInt(env, absl::StrCat("SELECT COUNT(*) FROM credit_holds WHERE customer_id = ",
                                       customer)),
            2);  // in litigation, then on hold

  // Row scope: the owner sees its customer's cases, another salesperson does not.
  v1::GetLegalCaseRequest get;
  get.set_name(second_case);
  v1::GetLegalCaseResponse got;
  EXPECT_TRUE(Call(&v1::LegalService::Stub::GetLegalCase, "sales_staff", get, got).ok());
  EXPECT_EQ(Call(&v1::LegalService::Stub::GetLegalCase, ServiceTestEnv::kOtherSales, get, got)
                .error_code(),
            StatusCode::NOT_FOUND);
  v1::ListLegalCasesRequest list;
  list.set_customer(CustomerName(customer));
  list.set_open_only(true);
  v1::ListLegalCasesResponse listed;
  ASSERT_TRUE(Call(&v1::LegalService::Stub::ListLegalCases, "management_head", list, listed).ok());
  EXPECT_EQ(listed.legal_cases_size(), 0);
  list.set_open_only(false);
  ASSERT_TRUE(Call(&v1::LegalService::Stub::ListLegalCases, "management_head", list, listed).ok());
  EXPECT_EQ(listed.legal_cases_size(), 2);

  // Nothing owed: no case.
  const int64_t paid = NewInvoice(env, customer, 5'000, today - 50, today - 20);
  ASSERT_TRUE(Pay(env, customer, 5'000, "", today).ok());
  status = Call(&v1::LegalService::Stub::OpenLegalCase, "legal_staff",
                OpenRequest(customer, {paid}, v1::LEGAL_STAGE_LAWYER_LETTER), opened);
  EXPECT_EQ(PreconditionTypes(status), std::vector<std::string>{"INVOICE_NOT_OPEN"});
}

TEST_F(LegalTest, R_LAW_1_LimitationRemindersAt180And90DaysBeforeExpiry) {
  const int64_t customer = NewCustomer(env, "Limitation Co");
  // Due so that the three years end 100 days from today.
  const core::EpochDay due = *core::AddYears(today + 100, -3);
  const core::EpochDay expiry = *core::AddYears(due, 3);
  const int64_t invoice = NewInvoice(env, customer, 654'321, due - 30, due);
  std::vector<v1::LimitationPeriod> periods = Periods(customer);
  ASSERT_EQ(periods.size(), 1u);
  EXPECT_EQ(periods[0].start_date(), Date(due));
  EXPECT_EQ(periods[0].expiry_date(), Date(expiry));
  EXPECT_EQ(periods[0].days_left(), expiry - today);
  EXPECT_EQ(periods[0].interruptions(), 0);

  jobs::LimitationJob job;
  absl::StatusOr<jobs::JobOutcome> run = RunJobDay(env, job, today);
  ASSERT_TRUE(run.ok()) << run.status();
  const std::string items_sql = absl::StrCat(
      "SELECT COUNT(*) FROM work_items WHERE customer_id = ", customer,
      " AND kind = 'limitation' AND department = 'legal' AND assignee_user_id IS NULL");
  EXPECT_EQ(QueryInt(env, items_sql + " AND step = 'limitation_180'"), 1);
  EXPECT_EQ(QueryInt(env, items_sql), 1);
  // The same day again, and the days up to the next window: nothing new.
  for (core::EpochDay day : {today, today + 1, expiry - 91}) {
    run = RunJobDay(env, job, day);
    ASSERT_TRUE(run.ok());
    EXPECT_EQ(run->created, 0) << Date(day);
  }
  run = RunJobDay(env, job, expiry - 90);
  ASSERT_TRUE(run.ok());
  EXPECT_EQ(run->created, 1);
  EXPECT_EQ(QueryInt(env, items_sql + " AND step = 'limitation_90'"), 1);
  // A past day replayed gives the same items: nothing new.
  run = RunJobDay(env, job, today);
  ASSERT_TRUE(run.ok());
  EXPECT_EQ(run->created, 0);
  EXPECT_EQ(QueryInt(env, items_sql), 2);
  EXPECT_EQ(QueryInt(env, absl::StrCat("SELECT amount_fen FROM work_items WHERE customer_id = ",
                                       customer, " AND step = 'limitation_90'")),
            654'321);
  (void)invoice;
}

TEST_F(LegalTest, R_LAW_1_LimitationInterruptionRestartsThePeriod) {
  const int64_t customer = NewCustomer(env, "Interruption Co");
  const core::EpochDay due = *core::AddYears(today + 20, -3);
  const int64_t invoice = NewInvoice(env, customer, 100'000, due - 30, due);
  ASSERT_EQ(Periods(customer).at(0).days_left(), *core::AddYears(due, 3) - today);

  v1::RecordLimitationEventResponse recorded;
  grpc::Status status =
      Call(&v1::LegalService::Stub::RecordLimitationEvent, "legal_staff",
           EventRequest(invoice, v1::LIMITATION_EVENT_KIND_ACKNOWLEDGEMENT, today + 1), recorded);
  EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"event_date"});
  status = Call(&v1::LegalService::Stub::RecordLimitationEvent, "legal_staff",
                EventRequest(invoice, v1::LIMITATION_EVENT_KIND_PROMISE, today), recorded);
  EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"kind"});
  status = Call(&v1::LegalService::Stub::RecordLimitationEvent, "finance_head",
                EventRequest(invoice, v1::LIMITATION_EVENT_KIND_ACKNOWLEDGEMENT, today), recorded);
  EXPECT_EQ(status.error_code(), StatusCode::PERMISSION_DENIED);

  // The debtor's acknowledgement today: three years from today.
  status = Call(&v1::LegalService::Stub::RecordLimitationEvent, "legal_staff",
                EventRequest(invoice, v1::LIMITATION_EVENT_KIND_ACKNOWLEDGEMENT, today), recorded);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_TRUE(recorded.created());
  EXPECT_EQ(recorded.period().start_date(), Date(today));
  EXPECT_EQ(recorded.period().expiry_date(), Date(*core::AddYears(today, 3)));
  EXPECT_EQ(recorded.period().interruptions(), 1);
  const std::string event_name = recorded.name();
  // Entered twice: one event.
  status = Call(&v1::LegalService::Stub::RecordLimitationEvent, "legal_head",
                EventRequest(invoice, v1::LIMITATION_EVENT_KIND_ACKNOWLEDGEMENT, today), recorded);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_FALSE(recorded.created());
  EXPECT_EQ(recorded.name(), event_name);
  // Within 20 days of the old expiry the job has nothing to say any more.
  jobs::LimitationJob job;
  absl::StatusOr<jobs::JobOutcome> run = RunJobDay(env, job, today);
  ASSERT_TRUE(run.ok());
  EXPECT_EQ(
      QueryInt(env, absl::StrCat("SELECT COUNT(*) FROM work_items WHERE customer_id = ", customer)),
      0);

  // The other interruptions come from their own records.
  ASSERT_TRUE(Pay(env, customer, 10'000, "", today).ok());  // a partial payment
  auto arrangements = v1::ArrangementService::NewStub(env.channel());
  v1::RecordPromiseRequest promise;
  promise.set_request_id(NewRequestId());
  promise.set_customer(CustomerName(customer));
  promise.add_invoices(InvoiceName(invoice));
  promise.set_amount_fen(90'000);
  promise.set_promised_date(Date(today + 10));
  v1::RecordPromiseResponse promised;
  grpc::ClientContext promise_context;
  env.Authorize(promise_context, "sales_staff");
  ASSERT_TRUE(arrangements->RecordPromise(&promise_context, promise, &promised).ok());
  v1::OpenLegalCaseResponse opened;
  ASSERT_TRUE(Call(&v1::LegalService::Stub::OpenLegalCase, "legal_staff",
                   OpenRequest(customer, {invoice}, v1::LEGAL_STAGE_LAWYER_LETTER), opened)
                  .ok());
  const std::vector<v1::LimitationPeriod> periods = Periods(customer);
  ASSERT_EQ(periods.size(), 1u);
  std::vector<std::string> kinds;
  std::vector<std::string> sources;
  for (const v1::LimitationEvent& event : periods[0].events()) {
    EXPECT_EQ(event.event_date(), Date(today));
    kinds.push_back(v1::LimitationEventKind_Name(event.kind()));
    sources.push_back(event.source().substr(0, event.source().find('/')));
  }
  std::sort(kinds.begin(), kinds.end());
  std::sort(sources.begin(), sources.end());
  EXPECT_EQ(kinds,
            (std::vector<std::string>{
                "LIMITATION_EVENT_KIND_ACKNOWLEDGEMENT", "LIMITATION_EVENT_KIND_PARTIAL_PAYMENT",
                "LIMITATION_EVENT_KIND_PROMISE", "LIMITATION_EVENT_KIND_WRITTEN_DEMAND"}));
  EXPECT_EQ(sources,
            (std::vector<std::string>{"legalCases", "limitationEvents", "payments", "promises"}));
  EXPECT_EQ(periods[0].interruptions(), 4);

  // The store reads a day as it was: yesterday none of this had happened.
  auto yesterday = store::RunInTransaction<std::vector<store::InvoiceInterruption>>(
      env.pool(),
      [&](store::ConnectionPool::Lease& db)
          -> absl::StatusOr<std::vector<store::InvoiceInterruption>> {
        return store::LoadInterruptions(db, {invoice}, today - 1, ops::StartOfCompanyDay(today));
      });
  ASSERT_TRUE(yesterday.ok()) << yesterday.status();
  EXPECT_TRUE(yesterday->empty());
}

TEST_F(LegalTest, ProtoEnumsNameTheCoreValues) {
  const auto upper = [](absl::string_view name) { return absl::AsciiStrToUpper(name); };
  for (int k = 0; k < core::kLegalStageCount; ++k) {
    EXPECT_EQ(v1::LegalStage_Name(static_cast<v1::LegalStage>(k + 1)),
              "LEGAL_STAGE_" + upper(core::LegalStageName(static_cast<core::LegalStage>(k))));
  }
  for (int k = 0; k < core::kInterruptionKindCount; ++k) {
    EXPECT_EQ(v1::LimitationEventKind_Name(static_cast<v1::LimitationEventKind>(k + 1)),
              "LIMITATION_EVENT_KIND_" +
                  upper(core::InterruptionKindName(static_cast<core::InterruptionKind>(k))));
  }
}

}  // namespace
}  // namespace huikuan::testing
