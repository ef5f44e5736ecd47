// CollectionsService through a real channel against the test MariaDB (issue 4): late fees
// (R-TERM-4) accrued per invoice and day idempotently, on the open amount of each day, waivers
// decided by the finance head; bad-debt write-offs (finance requests, a management head decides)
// with role denials, amounts above the open balance, idempotent replays and the ledger invariants
// checked after every test.
#include <grpcpp/grpcpp.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "huikuan/v1/collections_service.grpc.pb.h"
#include "huikuan/v1/ledger_service.grpc.pb.h"
#include "server/core/civil_date.h"
#include "server/core/status_macros.h"
#include "server/store/customer_store.h"
#include "server/store/ledger_store.h"
#include "server/store/sql_values.h"
#include "server/store/transaction.h"
#include "tests/service/service_test_env.h"

namespace huikuan::testing {
namespace {

using ::grpc::StatusCode;

class CollectionsTest : public ::testing::Test {
 protected:
  ServiceTestEnv& env = ServiceTestEnv::Get();
  std::unique_ptr<v1::CollectionsService::Stub> collections =
      v1::CollectionsService::NewStub(env.channel());
  std::unique_ptr<v1::LedgerService::Stub> ledger = v1::LedgerService::NewStub(env.channel());

  void TearDown() override { ExpectInvariants(); }

  void ExpectInvariants() {
    auto violations = store::RunInTransaction<std::vector<std::string>>(
        env.pool(),
        [&](store::ConnectionPool::Lease& db) -> absl::StatusOr<std::vector<std::string>> {
          return store::CheckLedgerInvariants(db);
        });
    ASSERT_TRUE(violations.ok()) << violations.status();
    EXPECT_TRUE(violations->empty()) << violations->front();
  }

  // A customer of the sales_staff user with one open invoice of `amount` fen, invoiced on
  // `invoice_date` and due `credit_days` later, inserted through the store (the test controls the
  // due date; CreateInvoice would apply the new-customer ladder). Returns the invoice id.
  int64_t NewInvoice(int64_t amount, const std::string& invoice_date = "2026-03-01",
                     int32_t credit_days = 30, int64_t* customer_id = nullptr) {
    static std::atomic<int> counter{0};
    auto id = store::RunInTransaction<int64_t>(
        env.pool(), [&](store::ConnectionPool::Lease& db) -> absl::StatusOr<int64_t> {
          store::CustomerRecord customer;
          customer.display_name = absl::StrCat("Collections Co ", counter++);
          customer.owner_user_id = env.user_id("sales_staff");
          customer.create_time = customer.update_time = absl::Now();
          customer = store::InsertCustomer(db, customer);
          if (customer_id != nullptr) *customer_id = customer.id;
          return InsertInvoice(db, customer.id, amount, invoice_date, credit_days);
        });
    EXPECT_TRUE(id.ok()) << id.status();
    return id.value_or(0);
  }

  // Another invoice of an existing customer.
  int64_t AddInvoice(int64_t customer_id, int64_t amount,
                     const std::string& invoice_date = "2026-03-01", int32_t credit_days = 30) {
    auto id = store::RunInTransaction<int64_t>(
        env.pool(), [&](store::ConnectionPool::Lease& db) -> absl::StatusOr<int64_t> {
          return InsertInvoice(db, customer_id, amount, invoice_date, credit_days);
        });
    EXPECT_TRUE(id.ok()) << id.status();
    return id.value_or(0);
  }

  static absl::StatusOr<int64_t> InsertInvoice(store::ConnectionPool::Lease& db,
                                               int64_t customer_id, int64_t amount,
                                               const std::string& invoice_date,
                                               int32_t credit_days) {
    static std::atomic<int> counter{0};
    const int n = counter++;
    std::vector<store::InvoiceRecord> invoices(1);
    store::InvoiceRecord& invoice = invoices[0];
    invoice.customer_id = customer_id;
    invoice.order_number = absl::StrCat("CO-", n);
    invoice.invoice_number = absl::StrCat("INV-CO-", n);
    invoice.amount = amount;
    invoice.balance = {core::InvoiceStatus::kOpen, amount, 0};
    HK_ASSIGN_OR_RETURN(invoice.invoice_day, core::ParseDate(invoice_date));
    invoice.due_day = invoice.invoice_day + credit_days;
    invoice.credit_days = credit_days;
    invoice.create_time = invoice.update_time = absl::Now();
    HK_RETURN_IF_ERROR(store::InsertInvoices(db, invoices));
    return invoice.id;
  }

  static std::string InvoiceName(int64_t id) { return absl::StrCat("invoices/", id); }

  grpc::Status RequestWriteOff(const std::string& role, int64_t invoice_id, int64_t amount,
                               v1::WriteOff* out = nullptr,
                               const std::string& request_id = NewRequestId(),
                               const std::string& reason = "customer bankrupt") {
    v1::RequestWriteOffRequest request;
    request.set_request_id(request_id);
    request.set_invoice(InvoiceName(invoice_id));
    request.set_amount_fen(amount);
    request.set_reason(reason);
    grpc::ClientContext context;
    env.Authorize(context, role);
    v1::RequestWriteOffResponse response;
    grpc::Status status = collections->RequestWriteOff(&context, request, &response);
    if (out != nullptr) *out = response.write_off();
    return status;
  }

  v1::WriteOff MustRequestWriteOff(int64_t invoice_id, int64_t amount) {
    v1::WriteOff out;
    grpc::Status status = RequestWriteOff("finance_staff", invoice_id, amount, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  grpc::Status ApproveWriteOff(const std::string& role, const std::string& name,
                               v1::ApproveWriteOffResponse* out = nullptr,
                               const std::string& request_id = NewRequestId()) {
    v1::ApproveWriteOffRequest request;
    request.set_request_id(request_id);
    request.set_name(name);
    request.set_comment("uncollectable");
    grpc::ClientContext context;
    env.Authorize(context, role);
    v1::ApproveWriteOffResponse response;
    grpc::Status status = collections->ApproveWriteOff(&context, request, &response);
    if (out != nullptr) *out = response;
    return status;
  }

  grpc::Status RejectWriteOff(const std::string& role, const std::string& name,
                              const std::string& comment,
                              v1::RejectWriteOffResponse* out = nullptr) {
    v1::RejectWriteOffRequest request;
    request.set_request_id(NewRequestId());
    request.set_name(name);
    request.set_comment(comment);
    grpc::ClientContext context;
    env.Authorize(context, role);
    v1::RejectWriteOffResponse response;
    grpc::Status status = collections->RejectWriteOff(&context, request, &response);
    if (out != nullptr) *out = response;
    return status;
  }

  v1::Invoice GetInvoice(int64_t id) {
    v1::GetInvoiceRequest request;
    request.set_name(InvoiceName(id));
    grpc::ClientContext context;
    env.Authorize(context, "admin");
    v1::GetInvoiceResponse response;
    grpc::Status status = ledger->GetInvoice(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.invoice();
  }

  grpc::Status PayInvoice(int64_t customer_id, int64_t amount, const std::string& reference,
                          const std::string& received_date, std::string* payment_name = nullptr) {
    v1::RecordPaymentRequest request;
    request.set_request_id(NewRequestId());
    request.mutable_payment()->set_customer(absl::StrCat("customers/", customer_id));
    request.mutable_payment()->set_amount_fen(amount);
    request.mutable_payment()->set_reference(reference);
    request.mutable_payment()->set_received_date(received_date);
    grpc::ClientContext context;
    env.Authorize(context, "finance_staff");
    v1::RecordPaymentResponse response;
    grpc::Status status = ledger->RecordPayment(&context, request, &response);
    if (payment_name != nullptr) *payment_name = response.payment().name();
    return status;
  }

  grpc::Status Accrue(const std::string& as_of, v1::AccrueLateFeesResponse* out = nullptr,
                      const std::string& request_id = NewRequestId(),
                      const std::string& role = "finance_staff") {
    v1::AccrueLateFeesRequest request;
    request.set_request_id(request_id);
    request.set_as_of_date(as_of);
    grpc::ClientContext context;
    env.Authorize(context, role);
    v1::AccrueLateFeesResponse response;
    grpc::Status status = collections->AccrueLateFees(&context, request, &response);
    if (out != nullptr) *out = response;
    return status;
  }

  void MustAccrue(const std::string& as_of) {
    grpc::Status status = Accrue(as_of);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  // The late fees of one invoice (all zero when it has none).
  v1::InvoiceLateFees Fees(int64_t invoice_id, const std::string& role = "finance_staff") {
    v1::ListLateFeesRequest request;
    request.set_invoice(InvoiceName(invoice_id));
    grpc::ClientContext context;
    env.Authorize(context, role);
    v1::ListLateFeesResponse response;
    grpc::Status status = collections->ListLateFees(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    EXPECT_LE(response.late_fees_size(), 1);
    return response.late_fees_size() == 1 ? response.late_fees(0) : v1::InvoiceLateFees();
  }

  grpc::Status RequestWaiver(const std::string& role, int64_t invoice_id, int64_t amount,
                             v1::LateFeeWaiver* out = nullptr) {
    v1::RequestLateFeeWaiverRequest request;
    request.set_request_id(NewRequestId());
    request.set_invoice(InvoiceName(invoice_id));
    request.set_amount_fen(amount);
    request.set_reason("typhoon closed the customer's port (force majeure)");
    grpc::ClientContext context;
    env.Authorize(context, role);
    v1::RequestLateFeeWaiverResponse response;
    grpc::Status status = collections->RequestLateFeeWaiver(&context, request, &response);
    if (out != nullptr) *out = response.waiver();
    return status;
  }

  grpc::Status ApproveWaiver(const std::string& role, const std::string& name,
                             v1::ApproveLateFeeWaiverResponse* out = nullptr) {
    v1::ApproveLateFeeWaiverRequest request;
    request.set_request_id(NewRequestId());
    request.set_name(name);
    grpc::ClientContext context;
    env.Authorize(context, role);
    v1::ApproveLateFeeWaiverResponse response;
    grpc::Status status = collections->ApproveLateFeeWaiver(&context, request, &response);
    if (out != nullptr) *out = response;
    return status;
  }

  grpc::Status RejectWaiver(const std::string& role, const std::string& name,
                            const std::string& comment) {
    v1::RejectLateFeeWaiverRequest request;
    request.set_request_id(NewRequestId());
    request.set_name(name);
    request.set_comment(comment);
    grpc::ClientContext context;
    env.Authorize(context, role);
    v1::RejectLateFeeWaiverResponse response;
    return collections->RejectLateFeeWaiver(&context, request, &response);
  }
};

// R-TERM-4 seed figure: 1,000,000 fen overdue 10 days at 0.05% per day is 5,000 fen. The invoice
// of 2026-03-01 on 30 days is due 2026-03-31; 2026-04-01..2026-04-10 are its 10 overdue days.
TEST_F(CollectionsTest, R_TERM_4_SeedFigureAccruesFiveThousandFenInTenDays) {
  const int64_t invoice = NewInvoice(1'000'000);
  MustAccrue("2026-04-10");
  const v1::InvoiceLateFees fees = Fees(invoice);
  EXPECT_EQ(fees.accrued_fen(), 5'000);
  EXPECT_EQ(fees.days_accrued(), 10);
  EXPECT_EQ(fees.accrued_through(), "2026-04-10");
  EXPECT_EQ(fees.waived_fen(), 0);
  EXPECT_EQ(fees.outstanding_fen(), 5'000);
  // Fees are tracked apart from the principal.
  EXPECT_EQ(GetInvoice(invoice).open_fen(), 1'000'000);
}

TEST_F(CollectionsTest, R_TERM_4_AccrualIsIdempotentPerInvoiceAndDay) {
  const int64_t invoice = NewInvoice(1'000'000);
  const int64_t not_yet_due = NewInvoice(1'000'000, "2026-04-05");  // due 2026-05-05
  MustAccrue("2026-04-10");
  MustAccrue("2026-04-10");
  EXPECT_EQ(Fees(invoice).accrued_fen(), 5'000);
  // An earlier day adds nothing; a later day adds only the missing days.
  MustAccrue("2026-04-03");
  EXPECT_EQ(Fees(invoice).accrued_fen(), 5'000);
  MustAccrue("2026-04-12");
  EXPECT_EQ(Fees(invoice).accrued_fen(), 6'000);
  EXPECT_EQ(Fees(invoice).days_accrued(), 12);
  EXPECT_EQ(Fees(not_yet_due).accrued_fen(), 0);

  // A replay returns the first response and accrues nothing more.
  const std::string request_id = NewRequestId();
  v1::AccrueLateFeesResponse first, replayed;
  ASSERT_TRUE(Accrue("2026-04-13", &first, request_id).ok());
  ASSERT_TRUE(Accrue("2026-04-13", &replayed, request_id).ok());
  EXPECT_EQ(first.SerializeAsString(), replayed.SerializeAsString());
  EXPECT_GE(first.fee_fen(), 500);
  EXPECT_EQ(Fees(invoice).accrued_fen(), 6'500);
  EXPECT_EQ(GetInvoice(invoice).open_fen(), 1'000'000);

  // A second run for the same day charges nothing more, and its audit event says so with its
  // counts rather than an empty body.
  v1::AccrueLateFeesResponse again;
  ASSERT_TRUE(Accrue("2026-04-13", &again).ok());
  EXPECT_EQ(again.days_accrued(), 0);
  v1::ListAuditEventsRequest audit_request;
  audit_request.set_resource("lateFees:accrue/2026-04-13");
  v1::ListAuditEventsResponse events;
  grpc::ClientContext audit_context;
  env.Authorize(audit_context, "admin");
  ASSERT_TRUE(env.audit().ListAuditEvents(&audit_context, audit_request, &events).ok());
  ASSERT_EQ(events.audit_events_size(), 2);
  EXPECT_EQ(events.audit_events(0).after_json(),
            R"({"as_of_date":"2026-04-13","invoices_accrued":0,"days_accrued":0,"fee_fen":0})");
}

// Concurrent runs for the same day serialise on the customers' row locks: each day is charged
// once whatever run gets there first.
TEST_F(CollectionsTest, R_TERM_4_ConcurrentRunsChargeEachDayOnce) {
  const int64_t invoice = NewInvoice(1'000'000);
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&] {
      if (!Accrue("2026-04-10").ok()) ++failures;
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(Fees(invoice).accrued_fen(), 5'000);
  EXPECT_EQ(Fees(invoice).days_accrued(), 10);
}

TEST_F(CollectionsTest, R_TERM_4_PartialPaymentLowersTheBaseFromTheNextAccrualDay) {
  int64_t customer = 0;
  const int64_t invoice = NewInvoice(1'000'000, "2026-03-01", 30, &customer);
  MustAccrue("2026-04-10");
  ASSERT_EQ(Fees(invoice).accrued_fen(), 5'000);
  ASSERT_TRUE(
      PayInvoice(customer, 400'000, GetInvoice(invoice).invoice_number(), "2026-04-11").ok());
  // 2026-04-11..15 on 600,000 fen open: 5 days x 300 fen.
  MustAccrue("2026-04-15");
  EXPECT_EQ(Fees(invoice).accrued_fen(), 6'500);
  EXPECT_EQ(GetInvoice(invoice).open_fen(), 600'000);
}

// Accrual is not necessarily run daily: a later run charges the missed days on what was open on
// each of them, including invoices paid late in the meantime.
TEST_F(CollectionsTest, R_TERM_4_CatchUpChargesAnInvoicePaidLateBeforeAnyRun) {
  int64_t customer = 0;
  const int64_t invoice = NewInvoice(1'000'000, "2026-03-01", 30, &customer);
  ASSERT_TRUE(
      PayInvoice(customer, 1'000'000, GetInvoice(invoice).invoice_number(), "2026-04-11").ok());
  ASSERT_EQ(GetInvoice(invoice).status(), v1::INVOICE_STATUS_PAID);
  // Paid on 2026-04-11: 2026-04-01..04-10 were overdue on 1,000,000 fen (the seed's 5,000 fen).
  MustAccrue("2026-04-15");
  v1::InvoiceLateFees fees = Fees(invoice);
  EXPECT_EQ(fees.accrued_fen(), 5'000);
  EXPECT_EQ(fees.days_accrued(), 10);
  EXPECT_EQ(fees.accrued_through(), "2026-04-10");
  // Nothing more is owed afterwards.
  MustAccrue("2026-04-30");
  EXPECT_EQ(Fees(invoice).accrued_fen(), 5'000);
}

TEST_F(CollectionsTest, R_TERM_4_CatchUpUsesTheAmountOpenOnEachDay) {
  int64_t customer = 0;
  const int64_t invoice = NewInvoice(1'000'000, "2026-03-01", 30, &customer);
  ASSERT_TRUE(
      PayInvoice(customer, 400'000, GetInvoice(invoice).invoice_number(), "2026-04-06").ok());
  // 2026-04-01..05 on 1,000,000 fen (2,500), 04-06..10 on 600,000 fen (5 x 300).
  MustAccrue("2026-04-10");
  EXPECT_EQ(Fees(invoice).accrued_fen(), 4'000);
  EXPECT_EQ(Fees(invoice).days_accrued(), 10);
}

// A bounced payment never paid anything: once reversed, the days it seemed to cover are charged.
TEST_F(CollectionsTest, R_TERM_4_AReversedPaymentOwesTheDaysItSeemedToPay) {
  int64_t customer = 0;
  const int64_t invoice = NewInvoice(1'000'000, "2026-03-01", 30, &customer);
  std::string payment;
  ASSERT_TRUE(
      PayInvoice(customer, 1'000'000, GetInvoice(invoice).invoice_number(), "2026-04-05", &payment)
          .ok());
  MustAccrue("2026-04-10");
  EXPECT_EQ(Fees(invoice).accrued_fen(), 2'000);  // 04-01..04-04
  v1::ReversePaymentRequest request;
  request.set_request_id(NewRequestId());
  request.set_name(payment);
  request.set_reason("bounced: insufficient funds");
  grpc::ClientContext context;
  env.Authorize(context, "finance_staff");
  v1::ReversePaymentResponse response;
  ASSERT_TRUE(ledger->ReversePayment(&context, request, &response).ok());
  ASSERT_EQ(GetInvoice(invoice).open_fen(), 1'000'000);
  // 04-05..04-12 on 1,000,000 fen: 8 x 500.
  MustAccrue("2026-04-12");
  EXPECT_EQ(Fees(invoice).accrued_fen(), 6'000);
  EXPECT_EQ(Fees(invoice).days_accrued(), 12);
}

TEST_F(CollectionsTest, R_TERM_4_WaiverNeedsTheFinanceHeadAndCannotExceedAccrued) {
  const int64_t invoice = NewInvoice(1'000'000);
  MustAccrue("2026-04-10");
  ASSERT_EQ(Fees(invoice).accrued_fen(), 5'000);

  EXPECT_EQ(RequestWaiver("sales_staff", invoice, 1'000).error_code(),
            StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(RequestWaiver("finance_staff", invoice, 5'001).error_code(),
            StatusCode::FAILED_PRECONDITION);
  v1::LateFeeWaiver first, second;
  ASSERT_TRUE(RequestWaiver("finance_staff", invoice, 3'000, &first).ok());
  ASSERT_TRUE(RequestWaiver("finance_head", invoice, 3'000, &second).ok());
  EXPECT_EQ(first.status(), v1::WRITE_OFF_STATUS_REQUESTED);

  for (const std::string role : {"finance_staff", "management_head", "admin"}) {
    EXPECT_EQ(ApproveWaiver(role, first.name()).error_code(), StatusCode::PERMISSION_DENIED)
        << role;
  }
  v1::ApproveLateFeeWaiverResponse approved;
  ASSERT_TRUE(ApproveWaiver("finance_head", first.name(), &approved).ok());
  EXPECT_EQ(approved.waiver().status(), v1::WRITE_OFF_STATUS_APPROVED);
  EXPECT_EQ(approved.late_fees().waived_fen(), 3'000);
  EXPECT_EQ(approved.late_fees().outstanding_fen(), 2'000);
  // The second would waive 6,000 of 5,000 accrued.
  EXPECT_EQ(ApproveWaiver("finance_head", second.name()).error_code(),
            StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(RequestWaiver("finance_staff", invoice, 2'001).error_code(),
            StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(RejectWaiver("finance_head", second.name(), "").error_code(),
            StatusCode::INVALID_ARGUMENT);
  ASSERT_TRUE(RejectWaiver("finance_head", second.name(), "already waived enough").ok());
  EXPECT_EQ(ApproveWaiver("finance_head", second.name()).error_code(),
            StatusCode::FAILED_PRECONDITION);
  const v1::InvoiceLateFees fees = Fees(invoice);
  EXPECT_EQ(fees.accrued_fen(), 5'000);
  EXPECT_EQ(fees.waived_fen(), 3'000);
  EXPECT_EQ(fees.outstanding_fen(), 2'000);
  EXPECT_EQ(GetInvoice(invoice).open_fen(), 1'000'000);
}

TEST_F(CollectionsTest, LateFeeRequestsAreValidatedAndScoped) {
  int64_t customer = 0;
  const int64_t invoice = NewInvoice(200'000, "2026-03-01", 30, &customer);
  MustAccrue("2026-04-02");
  EXPECT_EQ(ViolatedFields(Accrue("2026-02-30")), std::vector<std::string>{"as_of_date"});
  EXPECT_EQ(ViolatedFields(Accrue("2199-01-01")), std::vector<std::string>{"as_of_date"});
  EXPECT_EQ(Accrue("2026-04-02", nullptr, NewRequestId(), "sales_head").error_code(),
            StatusCode::PERMISSION_DENIED);

  v1::ListLateFeesRequest neither;
  grpc::ClientContext context;
  env.Authorize(context, "finance_staff");
  v1::ListLateFeesResponse response;
  EXPECT_EQ(collections->ListLateFees(&context, neither, &response).error_code(),
            StatusCode::INVALID_ARGUMENT);

  // The owner (sales_staff) sees the customer's fees; another sales staff member does not.
  v1::ListLateFeesRequest by_customer;
  by_customer.set_customer(absl::StrCat("customers/", customer));
  grpc::ClientContext owner_context;
  env.Authorize(owner_context, "sales_staff");
  ASSERT_TRUE(collections->ListLateFees(&owner_context, by_customer, &response).ok());
  ASSERT_EQ(response.late_fees_size(), 1);
  EXPECT_EQ(response.late_fees(0).accrued_fen(), 200);  // 2 days x 100 fen
  grpc::ClientContext other_context;
  env.Authorize(other_context, ServiceTestEnv::kOtherSales);
  EXPECT_EQ(collections->ListLateFees(&other_context, by_customer, &response).error_code(),
            StatusCode::NOT_FOUND);
  EXPECT_EQ(Fees(invoice, "sales_staff").accrued_fen(), 200);
}

TEST_F(CollectionsTest, ListLateFeesPagesThroughACustomersInvoices) {
  int64_t customer = 0;
  std::vector<int64_t> invoices = {NewInvoice(100'000, "2026-03-01", 30, &customer)};
  invoices.push_back(AddInvoice(customer, 200'000));
  invoices.push_back(AddInvoice(customer, 300'000));
  MustAccrue("2026-04-02");  // 2 days: 100, 200 and 300 fen a day
  std::vector<int64_t> seen;
  std::vector<int64_t> accrued;
  std::string token;
  int pages = 0;
  do {
    v1::ListLateFeesRequest request;
    request.set_customer(absl::StrCat("customers/", customer));
    request.set_page_size(2);
    request.set_page_token(token);
    grpc::ClientContext context;
    env.Authorize(context, "finance_staff");
    v1::ListLateFeesResponse response;
    ASSERT_TRUE(collections->ListLateFees(&context, request, &response).ok());
    EXPECT_LE(response.late_fees_size(), 2);
    for (const v1::InvoiceLateFees& fees : response.late_fees()) {
      seen.push_back(std::stoll(fees.invoice().substr(9)));
      accrued.push_back(fees.accrued_fen());
    }
    token = response.next_page_token();
    ++pages;
  } while (!token.empty() && pages < 5);
  EXPECT_EQ(pages, 2);
  EXPECT_EQ(seen, invoices);
  EXPECT_EQ(accrued, (std::vector<int64_t>{100, 200, 300}));

  v1::ListLateFeesRequest bad_token;
  bad_token.set_customer(absl::StrCat("customers/", customer));
  bad_token.set_page_token("not-a-token");
  grpc::ClientContext context;
  env.Authorize(context, "finance_staff");
  v1::ListLateFeesResponse response;
  EXPECT_EQ(ViolatedFields(collections->ListLateFees(&context, bad_token, &response)),
            std::vector<std::string>{"page_token"});
}

TEST_F(CollectionsTest, WriteOffPartThenRestMarksTheInvoiceWrittenOff) {
  const int64_t invoice = NewInvoice(1'000'000);
  const v1::WriteOff first = MustRequestWriteOff(invoice, 400'000);
  EXPECT_EQ(first.status(), v1::WRITE_OFF_STATUS_REQUESTED);
  EXPECT_EQ(first.requested_by(), env.user_name("finance_staff"));
  // A request changes nothing on the invoice.
  EXPECT_EQ(GetInvoice(invoice).open_fen(), 1'000'000);

  v1::ApproveWriteOffResponse approved;
  ASSERT_TRUE(ApproveWriteOff("management_head", first.name(), &approved).ok());
  EXPECT_EQ(approved.write_off().status(), v1::WRITE_OFF_STATUS_APPROVED);
  EXPECT_EQ(approved.write_off().decided_by(), env.user_name("management_head"));
  EXPECT_EQ(approved.invoice_open_fen(), 600'000);
  EXPECT_EQ(approved.invoice_written_off_fen(), 400'000);
  EXPECT_EQ(approved.invoice_status(), v1::INVOICE_STATUS_OPEN);
  EXPECT_EQ(GetInvoice(invoice).open_fen(), 600'000);
  ExpectInvariants();

  const v1::WriteOff rest = MustRequestWriteOff(invoice, 600'000);
  ASSERT_TRUE(ApproveWriteOff("management_head", rest.name(), &approved).ok());
  EXPECT_EQ(approved.invoice_open_fen(), 0);
  EXPECT_EQ(approved.invoice_written_off_fen(), 1'000'000);
  EXPECT_EQ(approved.invoice_status(), v1::INVOICE_STATUS_WRITTEN_OFF);
  EXPECT_EQ(GetInvoice(invoice).status(), v1::INVOICE_STATUS_WRITTEN_OFF);
}

TEST_F(CollectionsTest, WriteOffRolesAreEnforced) {
  const int64_t invoice = NewInvoice(50'000);
  for (const std::string role : {"sales_staff", "sales_head", "management_head", "customer"}) {
    EXPECT_EQ(RequestWriteOff(role, invoice, 10'000).error_code(), StatusCode::PERMISSION_DENIED)
        << role;
  }
  v1::WriteOff by_head;
  ASSERT_TRUE(RequestWriteOff("finance_head", invoice, 10'000, &by_head).ok());
  for (const std::string role : {"finance_staff", "finance_head", "admin", "investment_head"}) {
    EXPECT_EQ(ApproveWriteOff(role, by_head.name()).error_code(), StatusCode::PERMISSION_DENIED)
        << role;
    EXPECT_EQ(RejectWriteOff(role, by_head.name(), "no").error_code(),
              StatusCode::PERMISSION_DENIED)
        << role;
  }
  EXPECT_EQ(GetInvoice(invoice).open_fen(), 50'000);
}

TEST_F(CollectionsTest, WriteOffAboveOpenIsFailedPrecondition) {
  int64_t customer = 0;
  const int64_t invoice = NewInvoice(100'000, "2026-03-01", 30, &customer);
  EXPECT_EQ(RequestWriteOff("finance_staff", invoice, 100'001).error_code(),
            StatusCode::FAILED_PRECONDITION);
  // Requested within the open amount, then a payment lowers it below the request.
  const v1::WriteOff write_off = MustRequestWriteOff(invoice, 80'000);
  const std::string number = GetInvoice(invoice).invoice_number();
  ASSERT_TRUE(PayInvoice(customer, 50'000, number, "2026-04-10").ok());
  EXPECT_EQ(ApproveWriteOff("management_head", write_off.name()).error_code(),
            StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(GetInvoice(invoice).open_fen(), 50'000);
  // The rest can still be written off.
  const v1::WriteOff rest = MustRequestWriteOff(invoice, 50'000);
  v1::ApproveWriteOffResponse approved;
  ASSERT_TRUE(ApproveWriteOff("management_head", rest.name(), &approved).ok());
  EXPECT_EQ(approved.invoice_status(), v1::INVOICE_STATUS_WRITTEN_OFF);
}

TEST_F(CollectionsTest, RejectNeedsACommentAndEndsTheRequest) {
  const int64_t invoice = NewInvoice(70'000);
  const v1::WriteOff write_off = MustRequestWriteOff(invoice, 70'000);
  grpc::Status status = RejectWriteOff("management_head", write_off.name(), "");
  EXPECT_EQ(status.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"comment"});
  v1::RejectWriteOffResponse rejected;
  ASSERT_TRUE(
      RejectWriteOff("management_head", write_off.name(), "keep collecting", &rejected).ok());
  EXPECT_EQ(rejected.write_off().status(), v1::WRITE_OFF_STATUS_REJECTED);
  EXPECT_EQ(rejected.write_off().decision_comment(), "keep collecting");
  EXPECT_EQ(ApproveWriteOff("management_head", write_off.name()).error_code(),
            StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(RejectWriteOff("management_head", write_off.name(), "again").error_code(),
            StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(GetInvoice(invoice).open_fen(), 70'000);
}

TEST_F(CollectionsTest, WriteOffFieldViolationsNameTheField) {
  const int64_t invoice = NewInvoice(10'000);
  grpc::Status status = RequestWriteOff("finance_staff", invoice, 0);
  EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"amount_fen"});
  status = RequestWriteOff("finance_staff", invoice, 100, nullptr, NewRequestId(), "");
  EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"reason"});
  v1::RequestWriteOffRequest request;
  request.set_request_id(NewRequestId());
  request.set_invoice("customers/1");
  request.set_amount_fen(1);
  request.set_reason("x");
  grpc::ClientContext context;
  env.Authorize(context, "finance_staff");
  v1::RequestWriteOffResponse response;
  status = collections->RequestWriteOff(&context, request, &response);
  EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"invoice"});
  EXPECT_EQ(RequestWriteOff("finance_staff", 999'999'999, 1).error_code(), StatusCode::NOT_FOUND);
  EXPECT_EQ(ApproveWriteOff("management_head", "writeOffs/999999999").error_code(),
            StatusCode::NOT_FOUND);
  EXPECT_EQ(ApproveWriteOff("management_head", "writeOffs/x").error_code(),
            StatusCode::INVALID_ARGUMENT);
}

TEST_F(CollectionsTest, WriteOffReplaysReturnTheFirstResponse) {
  const int64_t invoice = NewInvoice(90'000);
  const std::string request_id = NewRequestId();
  v1::WriteOff first, again;
  ASSERT_TRUE(RequestWriteOff("finance_staff", invoice, 30'000, &first, request_id).ok());
  ASSERT_TRUE(RequestWriteOff("finance_staff", invoice, 30'000, &again, request_id).ok());
  EXPECT_EQ(first.name(), again.name());
  const std::string approve_id = NewRequestId();
  v1::ApproveWriteOffResponse approved, replayed;
  ASSERT_TRUE(ApproveWriteOff("management_head", first.name(), &approved, approve_id).ok());
  ASSERT_TRUE(ApproveWriteOff("management_head", first.name(), &replayed, approve_id).ok());
  EXPECT_EQ(approved.SerializeAsString(), replayed.SerializeAsString());
  // Written off once, not twice.
  EXPECT_EQ(GetInvoice(invoice).open_fen(), 60'000);
}

}  // namespace
}  // namespace huikuan::testing
