// CreditService and TermPolicyService through a real channel (issue 4): approval chains by amount
// (R-CREDIT-1), the model's pre-review, credit holds, the policy notice period (R-TERM-3) and the
// effective terms with their breakdown (R-TERM-1, R-TERM-2).
#include <grpcpp/grpcpp.h>

#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "huikuan/v1/credit_service.grpc.pb.h"
#include "huikuan/v1/ledger_service.grpc.pb.h"
#include "huikuan/v1/term_policy_service.grpc.pb.h"
#include "server/core/approval_chain.h"
#include "server/core/scorecard.h"
#include "server/store/sql_values.h"
#include "server/store/transaction.h"
#include "tests/service/service_test_env.h"

namespace huikuan::testing {
namespace {

using ::grpc::StatusCode;

constexpr int64_t kYuan = 100;  // fen

class CreditTest : public ::testing::Test {
 protected:
  ServiceTestEnv& env = ServiceTestEnv::Get();
  std::unique_ptr<v1::CreditService::Stub> credit = v1::CreditService::NewStub(env.channel());
  std::unique_ptr<v1::TermPolicyService::Stub> terms =
      v1::TermPolicyService::NewStub(env.channel());

  // A customer of the sales_staff user: medium size, tax grade A, 20,000,000 yuan bank line, no
  // payment history yet.
  int64_t CreateCustomer(const std::string& name) {
    v1::CreateCustomerRequest request;
    request.set_request_id(NewRequestId());
    v1::Customer* customer = request.mutable_customer();
    customer->set_display_name(name);
    customer->set_owner(env.user_name("sales_staff"));
    customer->set_enterprise_size(v1::ENTERPRISE_SIZE_MEDIUM);
    customer->set_industry_position(v1::INDUSTRY_POSITION_REGIONAL_LEADER);
    customer->set_tax_credit_grade(v1::TAX_CREDIT_GRADE_A);
    customer->set_bank_credit_line_fen(20'000'000 * kYuan);
    grpc::ClientContext context;
    env.Authorize(context, "investment_staff");
    v1::CreateCustomerResponse response;
    grpc::Status status = env.customers().CreateCustomer(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return std::stoll(response.customer().name().substr(10));
  }

  grpc::Status Submit(const std::string& role, int64_t customer_id, int64_t limit, int32_t days,
                      v1::CreditApplication* out) {
    v1::SubmitCreditApplicationRequest request;
    request.set_request_id(NewRequestId());
    request.set_customer(absl::StrCat("customers/", customer_id));
    request.set_requested_limit_fen(limit);
    request.set_requested_term_days(days);
    request.set_comment("annual credit line");
    grpc::ClientContext context;
    env.Authorize(context, role);
    v1::SubmitCreditApplicationResponse response;
    grpc::Status status = credit->SubmitCreditApplication(&context, request, &response);
    if (out != nullptr) *out = response.credit_application();
    return status;
  }

  v1::CreditApplication MustSubmit(int64_t customer_id, int64_t limit) {
    v1::CreditApplication application;
    grpc::Status status = Submit("investment_staff", customer_id, limit, 45, &application);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return application;
  }

  grpc::Status Approve(const std::string& role, const std::string& name,
                       v1::ApproveCreditApplicationResponse* response,
                       const std::string& request_id = NewRequestId()) {
    v1::ApproveCreditApplicationRequest request;
    request.set_request_id(request_id);
    request.set_name(name);
    request.set_comment(absl::StrCat("ok from ", role));
    grpc::ClientContext context;
    env.Authorize(context, role);
    v1::ApproveCreditApplicationResponse ignored;
    return credit->ApproveCreditApplication(&context, request,
                                            response != nullptr ? response : &ignored);
  }

  grpc::Status Reject(const std::string& role, const std::string& name, const std::string& why,
                      v1::RejectCreditApplicationResponse* response) {
    v1::RejectCreditApplicationRequest request;
    request.set_request_id(NewRequestId());
    request.set_name(name);
    request.set_comment(why);
    grpc::ClientContext context;
    env.Authorize(context, role);
    v1::RejectCreditApplicationResponse ignored;
    return credit->RejectCreditApplication(&context, request,
                                           response != nullptr ? response : &ignored);
  }

  grpc::Status Hold(const std::string& role, int64_t customer_id, bool place,
                    const std::string& reason, v1::CreditStatus status = v1::CREDIT_STATUS_ON_HOLD,
                    v1::CustomerCredit* out = nullptr) {
    grpc::ClientContext context;
    env.Authorize(context, role);
    const std::string customer = absl::StrCat("customers/", customer_id);
    if (place) {
      v1::PlaceCreditHoldRequest request;
      request.set_request_id(NewRequestId());
      request.set_customer(customer);
      request.set_reason(reason);
      request.set_credit_status(status);
      v1::PlaceCreditHoldResponse response;
      grpc::Status result = credit->PlaceCreditHold(&context, request, &response);
      if (out != nullptr) *out = response.customer_credit();
      return result;
    }
    v1::ReleaseCreditHoldRequest request;
    request.set_request_id(NewRequestId());
    request.set_customer(customer);
    request.set_reason(reason);
    v1::ReleaseCreditHoldResponse response;
    grpc::Status result = credit->ReleaseCreditHold(&context, request, &response);
    if (out != nullptr) *out = response.customer_credit();
    return result;
  }

  // The first column of the first row of `sql`, as text.
  std::string QueryOne(const std::string& sql) {
    auto value = store::RunInTransaction<std::string>(
        env.pool(), [&](store::ConnectionPool::Lease& db) -> absl::StatusOr<std::string> {
          auto rows = store::Query(db.Prepare(sql));
          if (!rows->next()) return std::string("<no row>");
          return std::string(rows->getString(1));
        });
    EXPECT_TRUE(value.ok()) << value.status() << " in " << sql;
    return value.ok() ? *value : "";
  }

  int64_t CreditLimit(int64_t customer_id) {
    return std::stoll(
        QueryOne(absl::StrCat("SELECT credit_limit_fen FROM customers WHERE id = ", customer_id)));
  }

  void Exec(const std::string& sql) {
    absl::Status status =
        store::RunInTransaction(env.pool(), [&](store::ConnectionPool::Lease& db) -> absl::Status {
          db.Prepare(sql).executeUpdate();
          return absl::OkStatus();
        });
    ASSERT_TRUE(status.ok()) << status << " in " << sql;
  }

  // An invoice of `amount` fen on `invoice_date`, due `days` later; when `paid_date` is set it is
  // fully paid by a payment received that day.
  void Invoice(int64_t customer_id, const std::string& number, int64_t amount,
               const std::string& invoice_date, int days, const std::string& paid_date = "") {
    Exec(absl::StrFormat(
        "INSERT INTO invoices (customer_id, order_number, invoice_number, amount_fen, invoice_date,"
        " due_date, credit_days, status, open_fen, terms_breakdown) VALUES (%d, '%s', '%s', %d, "
        "'%s', DATE_ADD('%s', INTERVAL %d DAY), %d, '%s', %d, '{}')",
        customer_id, number, number, amount, invoice_date, invoice_date, days, days,
        paid_date.empty() ? "open" : "paid", paid_date.empty() ? amount : 0));
    if (paid_date.empty()) return;
    Exec(absl::StrFormat(
        "INSERT INTO payments (customer_id, amount_fen, reference, received_date, unapplied_fen) "
        "VALUES (%d, %d, '%s', '%s', 0)",
        customer_id, amount, number, paid_date));
    Exec(absl::StrFormat(
        "INSERT INTO payment_allocations (payment_id, invoice_id, amount_fen, rule) SELECT "
        "(SELECT MAX(id) FROM payments), (SELECT id FROM invoices WHERE invoice_number = '%s'), "
        "%d, 'reference'",
        number, amount));
  }

  grpc::Status EffectiveTerms(const std::string& role, int64_t customer_id, int64_t amount,
                              const std::string& invoice_date, bool joint_promotion,
                              v1::GetEffectiveTermsResponse* response) {
    v1::GetEffectiveTermsRequest request;
    request.set_customer(absl::StrCat("customers/", customer_id));
    request.set_order_amount_fen(amount);
    request.set_invoice_date(invoice_date);
    request.set_joint_promotion(joint_promotion);
    grpc::ClientContext context;
    env.Authorize(context, role);
    return terms->GetEffectiveTerms(&context, request, response);
  }

  static std::vector<std::string> Roles(const google::protobuf::RepeatedPtrField<std::string>& r) {
    return {r.begin(), r.end()};
  }
};

// --- Approval chains (R-CREDIT-1) ---------------------------------------------------------------

TEST_F(CreditTest, R_CREDIT_1_OneMillionYuanIsApprovedByTheFinanceHeadAlone) {
  const int64_t customer = CreateCustomer("Chain 1M Co");
  v1::CreditApplication application = MustSubmit(customer, 1'000'000 * kYuan);
  EXPECT_EQ(application.status(), v1::CREDIT_APPLICATION_STATUS_SUBMITTED);
  EXPECT_EQ(Roles(application.required_approver_roles()), std::vector<std::string>{"finance_head"});
  EXPECT_EQ(Roles(application.pending_approver_roles()), std::vector<std::string>{"finance_head"});
  EXPECT_EQ(CreditLimit(customer), 0);

  v1::ApproveCreditApplicationResponse approved;
  grpc::Status status = Approve("finance_head", application.name(), &approved);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(approved.credit_application().status(), v1::CREDIT_APPLICATION_STATUS_APPROVED);
  EXPECT_TRUE(approved.credit_application().pending_approver_roles().empty());
  ASSERT_EQ(approved.credit_application().approvals_size(), 1);
  EXPECT_EQ(approved.credit_application().approvals(0).approver(), env.user_name("finance_head"));
  EXPECT_EQ(approved.credit_application().approvals(0).decision(), v1::CREDIT_DECISION_APPROVE);
  EXPECT_TRUE(approved.credit_application().has_decide_time());
  EXPECT_EQ(approved.customer_credit().credit_limit_fen(), 100'000'000);
  EXPECT_EQ(CreditLimit(customer), 100'000'000);
}

TEST_F(CreditTest, R_CREDIT_1_ThreeMillionYuanNeedsFinanceAndInvestmentHeads) {
  const int64_t customer = CreateCustomer("Chain 3M Co");
  v1::CreditApplication application = MustSubmit(customer, 3'000'000 * kYuan);
  EXPECT_EQ(Roles(application.required_approver_roles()),
            (std::vector<std::string>{"finance_head", "investment_head"}));

  v1::ApproveCreditApplicationResponse first;
  ASSERT_TRUE(Approve("finance_head", application.name(), &first).ok());
  EXPECT_EQ(first.credit_application().status(), v1::CREDIT_APPLICATION_STATUS_SUBMITTED);
  EXPECT_EQ(Roles(first.credit_application().pending_approver_roles()),
            std::vector<std::string>{"investment_head"});
  EXPECT_EQ(first.customer_credit().credit_limit_fen(), 0);
  EXPECT_EQ(CreditLimit(customer), 0);  // not applied after the first approval

  v1::ApproveCreditApplicationResponse second;
  ASSERT_TRUE(Approve("investment_head", application.name(), &second).ok());
  EXPECT_EQ(second.credit_application().status(), v1::CREDIT_APPLICATION_STATUS_APPROVED);
  EXPECT_EQ(second.credit_application().approvals_size(), 2);
  EXPECT_EQ(second.customer_credit().credit_limit_fen(), 300'000'000);
  EXPECT_EQ(CreditLimit(customer), 300'000'000);
}

TEST_F(CreditTest, R_CREDIT_1_EightMillionYuanAlsoNeedsAManagementHead) {
  const int64_t customer = CreateCustomer("Chain 8M Co");
  v1::CreditApplication application = MustSubmit(customer, 8'000'000 * kYuan);
  EXPECT_EQ(Roles(application.required_approver_roles()),
            (std::vector<std::string>{"finance_head", "investment_head", "management_head"}));
  // Any order: management first.
  ASSERT_TRUE(Approve("management_head", application.name(), nullptr).ok());
  ASSERT_TRUE(Approve("finance_head", application.name(), nullptr).ok());
  EXPECT_EQ(CreditLimit(customer), 0);
  v1::ApproveCreditApplicationResponse last;
  ASSERT_TRUE(Approve("investment_head", application.name(), &last).ok());
  EXPECT_EQ(last.credit_application().status(), v1::CREDIT_APPLICATION_STATUS_APPROVED);
  EXPECT_EQ(CreditLimit(customer), 800'000'000);
  // The audit trail has the customer's limit change next to the application's.
  EXPECT_EQ(QueryOne(absl::StrCat("SELECT COUNT(*) FROM audit_events WHERE resource = 'customers/",
                                  customer, "' AND method LIKE '%ApproveCreditApplication'")),
            "1");
}

// The bands are configuration (--credit_approval_bands): a second server on the same database with
// its own chain routes the same request differently, and escalation sends an application beyond
// the model's recommendation one band up.
TEST_F(CreditTest, R_CREDIT_1_ApprovalBandsAreConfigurable) {
  absl::StatusOr<core::ApprovalChainConfig> chain = core::ParseApprovalChainConfig(
      "200000=finance_head;1000000=finance_head+management_head;"
      "above=finance_head+investment_head+management_head;escalate_beyond_recommendation");
  ASSERT_TRUE(chain.ok()) << chain.status();
  ServerOptions options;
  options.listen_address = "127.0.0.1:0";
  options.db = env.db_config();
  options.log_rpcs = false;
  options.credit_approval_chain = *chain;
  absl::StatusOr<std::unique_ptr<HuikuanServer>> server = HuikuanServer::Start(options);
  ASSERT_TRUE(server.ok()) << server.status();
  auto configured = v1::CreditService::NewStub(
      grpc::CreateChannel((*server)->target(), grpc::InsecureChannelCredentials()));
  auto submit = [&](int64_t customer, int64_t limit, int32_t days) {
    v1::SubmitCreditApplicationRequest request;
    request.set_request_id(NewRequestId());
    request.set_customer(absl::StrCat("customers/", customer));
    request.set_requested_limit_fen(limit);
    request.set_requested_term_days(days);
    grpc::ClientContext context;
    env.Authorize(context, "investment_staff");
    v1::SubmitCreditApplicationResponse response;
    grpc::Status status = configured->SubmitCreditApplication(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.credit_application();
  };
  // A new customer: the model recommends no credit limit yet (no purchases to base it on).
  const int64_t customer = CreateCustomer("Configured Chain Co");
  v1::CreditApplication nothing = submit(customer, 0, 0);
  EXPECT_TRUE(nothing.within_recommendation());
  EXPECT_EQ(Roles(nothing.required_approver_roles()), std::vector<std::string>{"finance_head"});
  // 150,000 yuan is in the first band but beyond the recommendation: one band up, which in this
  // chain is finance and management (the default chain has no such set).
  v1::CreditApplication small = submit(customer, 150'000 * kYuan, 0);
  EXPECT_FALSE(small.within_recommendation());
  EXPECT_EQ(Roles(small.required_approver_roles()),
            (std::vector<std::string>{"finance_head", "management_head"}));
  // 800,000 yuan: the second band, escalated to the top set.
  v1::CreditApplication middle = submit(customer, 800'000 * kYuan, 0);
  EXPECT_EQ(Roles(middle.required_approver_roles()),
            (std::vector<std::string>{"finance_head", "investment_head", "management_head"}));
  (*server)->Shutdown();
}

TEST_F(CreditTest, R_CREDIT_1_ARejectionByAnyRequiredApproverRejects) {
  const int64_t customer = CreateCustomer("Chain Reject Co");
  v1::CreditApplication application = MustSubmit(customer, 3'000'000 * kYuan);
  ASSERT_TRUE(Approve("finance_head", application.name(), nullptr).ok());

  grpc::Status no_reason = Reject("investment_head", application.name(), "", nullptr);
  EXPECT_EQ(no_reason.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(no_reason), std::vector<std::string>{"comment"});

  v1::RejectCreditApplicationResponse rejected;
  ASSERT_TRUE(
      Reject("investment_head", application.name(), "order volume too low", &rejected).ok());
  EXPECT_EQ(rejected.credit_application().status(), v1::CREDIT_APPLICATION_STATUS_REJECTED);
  ASSERT_EQ(rejected.credit_application().approvals_size(), 2);
  EXPECT_EQ(rejected.credit_application().approvals(1).decision(), v1::CREDIT_DECISION_REJECT);
  EXPECT_EQ(rejected.credit_application().approvals(1).comment(), "order volume too low");
  EXPECT_EQ(CreditLimit(customer), 0);

  // Nothing more can be decided on a rejected application.
  grpc::Status late = Approve("investment_head", application.name(), nullptr);
  EXPECT_EQ(late.error_code(), StatusCode::FAILED_PRECONDITION);
  EXPECT_TRUE(absl::StrContains(late.error_message(), "rejected")) << late.error_message();
}

TEST_F(CreditTest, R_CREDIT_1_OnlyAStillMissingRequiredApproverMayDecide) {
  const int64_t customer = CreateCustomer("Chain Wrong Approver Co");
  v1::CreditApplication small = MustSubmit(customer, 1'000'000 * kYuan);
  // Heads whose approval the amount does not require: PERMISSION_DENIED naming the required set.
  for (const char* role : {"investment_head", "management_head"}) {
    grpc::Status status = Approve(role, small.name(), nullptr);
    EXPECT_EQ(status.error_code(), StatusCode::PERMISSION_DENIED) << role;
    EXPECT_TRUE(absl::StrContains(status.error_message(), "required: finance_head"))
        << status.error_message();
    EXPECT_EQ(Reject(role, small.name(), "no", nullptr).error_code(),
              StatusCode::PERMISSION_DENIED);
  }
  // Roles that may not approve at all (the permission table).
  for (const char* role :
       {"sales_head", "finance_staff", "investment_staff", "admin", "customer"}) {
    EXPECT_EQ(Approve(role, small.name(), nullptr).error_code(), StatusCode::PERMISSION_DENIED)
        << role;
  }
  EXPECT_EQ(CreditLimit(customer), 0);

  // A role that has already decided cannot decide again (a different request id).
  v1::CreditApplication big = MustSubmit(customer, 3'000'000 * kYuan);
  ASSERT_TRUE(Approve("finance_head", big.name(), nullptr).ok());
  grpc::Status again = Approve("finance_head", big.name(), nullptr);
  EXPECT_EQ(again.error_code(), StatusCode::FAILED_PRECONDITION);
  EXPECT_TRUE(absl::StrContains(again.error_message(), "already decided")) << again.error_message();
  EXPECT_EQ(Reject("finance_head", big.name(), "changed my mind", nullptr).error_code(),
            StatusCode::FAILED_PRECONDITION);

  // Unknown application.
  EXPECT_EQ(Approve("finance_head", "creditApplications/999999", nullptr).error_code(),
            StatusCode::NOT_FOUND);
  grpc::Status bad_name = Approve("finance_head", "customers/1", nullptr);
  EXPECT_EQ(bad_name.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(bad_name), std::vector<std::string>{"name"});
}

TEST_F(CreditTest, R_CREDIT_1_ApprovalReplaysAreIdempotent) {
  const int64_t customer = CreateCustomer("Chain Replay Co");
  v1::CreditApplication application = MustSubmit(customer, 3'000'000 * kYuan);
  const std::string first_id = NewRequestId();
  v1::ApproveCreditApplicationResponse first, first_again;
  ASSERT_TRUE(Approve("finance_head", application.name(), &first, first_id).ok());
  ASSERT_TRUE(Approve("finance_head", application.name(), &first_again, first_id).ok());
  EXPECT_EQ(first_again.SerializeAsString(), first.SerializeAsString());

  const std::string last_id = NewRequestId();
  v1::ApproveCreditApplicationResponse last, last_again;
  ASSERT_TRUE(Approve("investment_head", application.name(), &last, last_id).ok());
  ASSERT_TRUE(Approve("investment_head", application.name(), &last_again, last_id).ok());
  EXPECT_EQ(last_again.SerializeAsString(), last.SerializeAsString());
  EXPECT_EQ(last_again.credit_application().status(), v1::CREDIT_APPLICATION_STATUS_APPROVED);

  const std::string id = application.name().substr(application.name().find('/') + 1);
  EXPECT_EQ(QueryOne("SELECT COUNT(*) FROM credit_approvals WHERE application_id = " + id), "2");
  EXPECT_EQ(CreditLimit(customer), 300'000'000);
  // The same request id with a different request is refused.
  v1::ApproveCreditApplicationRequest other;
  other.set_request_id(last_id);
  other.set_name(application.name());
  other.set_comment("something else");
  grpc::ClientContext context;
  env.Authorize(context, "investment_head");
  v1::ApproveCreditApplicationResponse ignored;
  grpc::Status reused = credit->ApproveCreditApplication(&context, other, &ignored);
  EXPECT_EQ(reused.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(reused), std::vector<std::string>{"request_id"});
}

TEST_F(CreditTest, R_CREDIT_1_ConcurrentLastApprovalsApplyTheLimitOnce) {
  // The two missing approvals of 8,000,000-yuan applications arrive at the same time, each sent
  // twice with one request id: every call succeeds, each application is approved exactly once
  // with three decisions, and the limit is the requested one.
  const int64_t customer = CreateCustomer("Chain Concurrent Co");
  std::vector<v1::CreditApplication> applications;
  for (int i = 0; i < 4; ++i) {
    applications.push_back(MustSubmit(customer, (8'000'000 + i) * kYuan));
    ASSERT_TRUE(Approve("finance_head", applications.back().name(), nullptr).ok());
  }
  for (const v1::CreditApplication& application : applications) {
    const std::string investment_id = NewRequestId();
    const std::string management_id = NewRequestId();
    std::vector<grpc::Status> results(4);
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([&, t] {
        results[t] = t % 2 == 0
                         ? Approve("investment_head", application.name(), nullptr, investment_id)
                         : Approve("management_head", application.name(), nullptr, management_id);
      });
    }
    for (std::thread& thread : threads) thread.join();
    for (const grpc::Status& result : results) {
      EXPECT_TRUE(result.ok()) << result.error_code() << " " << result.error_message();
    }
    const std::string id = application.name().substr(application.name().find('/') + 1);
    EXPECT_EQ(QueryOne("SELECT COUNT(*) FROM credit_approvals WHERE application_id = " + id), "3");
    EXPECT_EQ(QueryOne("SELECT status FROM credit_applications WHERE id = " + id), "approved");
    EXPECT_EQ(CreditLimit(customer), application.requested_limit_fen());
  }
  EXPECT_EQ(QueryOne(absl::StrCat("SELECT COUNT(*) FROM audit_events WHERE resource = 'customers/",
                                  customer, "' AND method LIKE '%ApproveCreditApplication'")),
            "4");
}

TEST_F(CreditTest, TheSubmitterWithdrawsASubmittedApplication) {
  const int64_t customer = CreateCustomer("Withdraw Co");
  auto withdraw = [&](const std::string& role, const std::string& name,
                      v1::WithdrawCreditApplicationResponse* response) {
    v1::WithdrawCreditApplicationRequest request;
    request.set_request_id(NewRequestId());
    request.set_name(name);
    request.set_comment("customer no longer needs it");
    grpc::ClientContext context;
    env.Authorize(context, role);
    return credit->WithdrawCreditApplication(&context, request, response);
  };
  v1::CreditApplication application = MustSubmit(customer, 3'000'000 * kYuan);  // investment_staff
  ASSERT_TRUE(Approve("finance_head", application.name(), nullptr).ok());
  v1::WithdrawCreditApplicationResponse response;
  EXPECT_EQ(withdraw("finance_staff", application.name(), &response).error_code(),
            StatusCode::PERMISSION_DENIED);  // not the submitter
  EXPECT_EQ(withdraw("sales_staff", application.name(), &response).error_code(),
            StatusCode::PERMISSION_DENIED);  // not in the permission table
  grpc::Status status = withdraw("investment_staff", application.name(), &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.credit_application().status(), v1::CREDIT_APPLICATION_STATUS_WITHDRAWN);
  EXPECT_TRUE(response.credit_application().pending_approver_roles().empty());
  EXPECT_EQ(withdraw("investment_staff", application.name(), &response).error_code(),
            StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Approve("investment_head", application.name(), nullptr).error_code(),
            StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(CreditLimit(customer), 0);
  // An admin may withdraw anyone's; an approved application cannot be withdrawn.
  v1::CreditApplication other = MustSubmit(customer, 100 * kYuan);
  ASSERT_TRUE(withdraw("admin", other.name(), &response).ok());
  v1::CreditApplication approved = MustSubmit(customer, 100 * kYuan);
  ASSERT_TRUE(Approve("finance_head", approved.name(), nullptr).ok());
  EXPECT_EQ(withdraw("investment_staff", approved.name(), &response).error_code(),
            StatusCode::FAILED_PRECONDITION);
}

TEST_F(CreditTest, R_CREDIT_1_PreReviewIsTheCoresScorecardAndRecommendation) {
  const int64_t customer = CreateCustomer("Pre-review Co");
  v1::CreditApplication application;
  grpc::Status status = Submit("finance_staff", customer, 500'000 * kYuan, 60, &application);
  ASSERT_TRUE(status.ok()) << status.error_message();

  core::ScoreInput input;
  input.size = core::EnterpriseSize::kMedium;
  input.tax_grade = core::TaxCreditGrade::kA;
  input.bank_credit_line = 20'000'000 * kYuan;
  absl::StatusOr<core::Scorecard> score = core::ScoreCustomer(input);
  ASSERT_TRUE(score.ok());
  absl::StatusOr<core::CreditRecommendation> recommendation =
      core::RecommendCredit(score->grade, /*is_new_customer=*/true, /*monthly_purchases=*/0);
  ASSERT_TRUE(recommendation.ok());

  const v1::CustomerAssessment& pre = application.pre_review();
  // medium 15 + tax A 25 + bank line 20M yuan 15 + no history 0 = 55: high risk, grade D.
  EXPECT_EQ(pre.score(), 55);
  EXPECT_EQ(pre.score(), score->total);
  EXPECT_EQ(pre.grade(), "D");
  EXPECT_EQ(pre.grade(), core::CreditGradeName(score->grade));
  EXPECT_EQ(pre.risk(), core::RiskLevelName(score->risk));
  ASSERT_EQ(pre.components_size(), 4);
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(pre.components(i).points(), score->components[i].points);
    EXPECT_EQ(pre.components(i).reason(), score->components[i].reason);
  }
  EXPECT_EQ(pre.summary(), score->summary);
  EXPECT_EQ(pre.recommendation().credit_limit_fen(), recommendation->credit_limit);
  EXPECT_EQ(pre.recommendation().term_days(), recommendation->term_days);
  EXPECT_EQ(pre.recommendation().prepayment_bp(), recommendation->prepayment_bp);
  EXPECT_EQ(pre.recommendation().reason(), recommendation->reason);
  EXPECT_EQ(pre.recommendation().credit_limit_fen(), 0);
  EXPECT_EQ(pre.recommendation().prepayment_bp(), 10000);
  // 500,000 yuan for 60 days is above what the model recommends.
  EXPECT_FALSE(application.within_recommendation());

  // Stored: GetCreditApplication returns the same pre-review.
  grpc::ClientContext context;
  env.Authorize(context, "legal_staff");
  v1::GetCreditApplicationRequest get;
  get.set_name(application.name());
  v1::GetCreditApplicationResponse got;
  ASSERT_TRUE(credit->GetCreditApplication(&context, get, &got).ok());
  EXPECT_EQ(got.credit_application().pre_review().SerializeAsString(), pre.SerializeAsString());
  EXPECT_FALSE(got.credit_application().within_recommendation());
  EXPECT_EQ(got.credit_application().create_user(), env.user_name("finance_staff"));
}

TEST_F(CreditTest, SubmitValidatesAndIsScoped) {
  const int64_t customer = CreateCustomer("Submit Checks Co");
  grpc::Status negative = Submit("finance_head", customer, -1, 30, nullptr);
  EXPECT_EQ(negative.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(negative), std::vector<std::string>{"requested_limit_fen"});
  grpc::Status long_term = Submit("finance_head", customer, 100, 366, nullptr);
  EXPECT_EQ(ViolatedFields(long_term), std::vector<std::string>{"requested_term_days"});
  EXPECT_EQ(Submit("finance_head", 999999, 100, 30, nullptr).error_code(), StatusCode::NOT_FOUND);
  for (const char* role : {"sales_staff", "legal_head", "management_head", "customer"}) {
    EXPECT_EQ(Submit(role, customer, 100, 30, nullptr).error_code(), StatusCode::PERMISSION_DENIED)
        << role;
  }
  for (const char* role : {"admin", "sales_head", "finance_staff", "investment_head"}) {
    EXPECT_TRUE(Submit(role, customer, 100, 30, nullptr).ok()) << role;
  }
}

TEST_F(CreditTest, ReadsAreScopedLikeCustomers) {
  const int64_t customer = CreateCustomer("Scoped Reads Co");
  v1::CreditApplication application = MustSubmit(customer, 200 * kYuan);
  auto get = [&](const std::string& role) {
    grpc::ClientContext context;
    env.Authorize(context, role);
    v1::GetCreditApplicationRequest request;
    request.set_name(application.name());
    v1::GetCreditApplicationResponse response;
    return credit->GetCreditApplication(&context, request, &response).error_code();
  };
  EXPECT_EQ(get("sales_staff"), StatusCode::OK);  // owns the customer
  EXPECT_EQ(get(ServiceTestEnv::kOtherSales), StatusCode::NOT_FOUND);
  EXPECT_EQ(get("customer"), StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(get("management_staff"), StatusCode::OK);

  auto list = [&](const std::string& role, v1::ListCreditApplicationsRequest request,
                  v1::ListCreditApplicationsResponse* response) {
    grpc::ClientContext context;
    env.Authorize(context, role);
    return credit->ListCreditApplications(&context, request, response);
  };
  v1::ListCreditApplicationsRequest by_customer;
  by_customer.set_customer(absl::StrCat("customers/", customer));
  v1::ListCreditApplicationsResponse mine, others;
  ASSERT_TRUE(list("sales_staff", by_customer, &mine).ok());
  ASSERT_EQ(mine.credit_applications_size(), 1);
  EXPECT_EQ(mine.credit_applications(0).name(), application.name());
  ASSERT_TRUE(list(ServiceTestEnv::kOtherSales, by_customer, &others).ok());
  EXPECT_EQ(others.credit_applications_size(), 0);

  // Status filter and paging.
  v1::CreditApplication second = MustSubmit(customer, 300 * kYuan);
  ASSERT_TRUE(Approve("finance_head", second.name(), nullptr).ok());
  v1::ListCreditApplicationsRequest approved = by_customer;
  approved.set_status(v1::CREDIT_APPLICATION_STATUS_APPROVED);
  v1::ListCreditApplicationsResponse only_approved;
  ASSERT_TRUE(list("finance_staff", approved, &only_approved).ok());
  ASSERT_EQ(only_approved.credit_applications_size(), 1);
  EXPECT_EQ(only_approved.credit_applications(0).name(), second.name());
  ASSERT_EQ(only_approved.credit_applications(0).approvals_size(), 1);
  EXPECT_EQ(only_approved.credit_applications(0).approvals(0).role(), "finance_head");
  v1::ListCreditApplicationsRequest paged = by_customer;
  paged.set_page_size(1);
  v1::ListCreditApplicationsResponse page1, page2;
  ASSERT_TRUE(list("finance_staff", paged, &page1).ok());
  ASSERT_EQ(page1.credit_applications_size(), 1);
  EXPECT_EQ(page1.credit_applications(0).name(), application.name());
  ASSERT_FALSE(page1.next_page_token().empty());
  paged.set_page_token(page1.next_page_token());
  ASSERT_TRUE(list("finance_staff", paged, &page2).ok());
  ASSERT_EQ(page2.credit_applications_size(), 1);
  EXPECT_EQ(page2.credit_applications(0).name(), second.name());
  EXPECT_EQ(page2.credit_applications(0).approvals_size(), 1);
  EXPECT_EQ(page1.credit_applications(0).approvals_size(), 0);
  EXPECT_TRUE(page2.next_page_token().empty());
}

// --- Credit holds (R-WARN-4) --------------------------------------------------------------------

TEST_F(CreditTest, R_WARN_4_HoldAndReleaseWithReasons) {
  const int64_t customer = CreateCustomer("Hold Co");
  const std::string status_sql =
      absl::StrCat("SELECT credit_status FROM customers WHERE id = ", customer);
  EXPECT_EQ(Hold("finance_head", customer, false, "nothing held").error_code(),
            StatusCode::FAILED_PRECONDITION);
  grpc::Status no_reason = Hold("finance_head", customer, true, "");
  EXPECT_EQ(no_reason.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(no_reason), std::vector<std::string>{"reason"});

  v1::CustomerCredit after;
  ASSERT_TRUE(Hold("finance_head", customer, true, "red warning: DSO 75 days, orders -35%",
                   v1::CREDIT_STATUS_ON_HOLD, &after)
                  .ok());
  EXPECT_EQ(after.credit_status(), v1::CREDIT_STATUS_ON_HOLD);
  EXPECT_EQ(QueryOne(status_sql), "on_hold");
  grpc::Status twice = Hold("management_head", customer, true, "again");
  EXPECT_EQ(twice.error_code(), StatusCode::FAILED_PRECONDITION);
  EXPECT_TRUE(absl::StrContains(twice.error_message(), "already on credit hold"))
      << twice.error_message();

  ASSERT_TRUE(Hold("management_head", customer, false, "guarantee received",
                   v1::CREDIT_STATUS_UNSPECIFIED, &after)
                  .ok());
  EXPECT_EQ(after.credit_status(), v1::CREDIT_STATUS_ACTIVE);
  EXPECT_EQ(QueryOne(status_sql), "active");
  EXPECT_EQ(Hold("management_head", customer, false, "again").error_code(),
            StatusCode::FAILED_PRECONDITION);

  // Legal takes the customer to court.
  ASSERT_TRUE(
      Hold("legal_head", customer, true, "lawsuit filed", v1::CREDIT_STATUS_IN_LITIGATION, &after)
          .ok());
  EXPECT_EQ(after.credit_status(), v1::CREDIT_STATUS_IN_LITIGATION);
  EXPECT_EQ(QueryOne(status_sql), "in_litigation");
  EXPECT_EQ(Hold("finance_head", customer, true, "hold too").error_code(),
            StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(
      QueryOne(absl::StrCat("SELECT COUNT(*) FROM credit_holds WHERE customer_id = ", customer)),
      "3");
  EXPECT_EQ(QueryOne(absl::StrCat("SELECT reason FROM credit_holds WHERE customer_id = ", customer,
                                  " ORDER BY id LIMIT 1")),
            "red warning: DSO 75 days, orders -35%");

  // The history through the API, newest first; scoped like customers.
  auto get_credit = [&](const std::string& role, v1::GetCustomerCreditResponse* response) {
    v1::GetCustomerCreditRequest request;
    request.set_customer(absl::StrCat("customers/", customer));
    grpc::ClientContext context;
    env.Authorize(context, role);
    return credit->GetCustomerCredit(&context, request, response);
  };
  v1::GetCustomerCreditResponse history;
  ASSERT_TRUE(get_credit("sales_staff", &history).ok());
  EXPECT_EQ(history.customer_credit().credit_status(), v1::CREDIT_STATUS_IN_LITIGATION);
  EXPECT_EQ(history.customer_credit().credit_limit_fen(), 0);
  ASSERT_EQ(history.holds_size(), 3);
  EXPECT_EQ(history.holds(0).reason(), "lawsuit filed");
  EXPECT_EQ(history.holds(0).user(), env.user_name("legal_head"));
  EXPECT_EQ(history.holds(1).credit_status(), v1::CREDIT_STATUS_ACTIVE);
  EXPECT_EQ(history.holds(1).reason(), "guarantee received");
  EXPECT_EQ(history.holds(2).credit_status(), v1::CREDIT_STATUS_ON_HOLD);
  EXPECT_EQ(get_credit(ServiceTestEnv::kOtherSales, &history).error_code(), StatusCode::NOT_FOUND);
  EXPECT_EQ(get_credit("customer", &history).error_code(), StatusCode::PERMISSION_DENIED);

  for (const char* role : {"finance_staff", "sales_head", "investment_head", "legal_staff",
                           "management_staff", "customer"}) {
    EXPECT_EQ(Hold(role, customer, false, "release").error_code(), StatusCode::PERMISSION_DENIED)
        << role;
  }
  EXPECT_EQ(Hold("admin", 999999, true, "x").error_code(), StatusCode::NOT_FOUND);
}

TEST_F(CreditTest, TheLedgerInvoicesWithinTheApprovedLimitAndStopsOnHold) {
  // End to end with the ledger: CreateInvoice checks the limit that the last approval set and
  // the hold that PlaceCreditHold placed, and prices the order as GetEffectiveTerms quotes it.
  auto ledger = v1::LedgerService::NewStub(env.channel());
  const int64_t customer = CreateCustomer("Ledger Credit Co");
  Exec(absl::StrCat("UPDATE customers SET tier = 'key_partner' WHERE id = ", customer));
  Invoice(customer, absl::StrCat("LC-", customer, "-0"), 1000, "2025-01-06", 0, "2025-01-06");
  Invoice(customer, absl::StrCat("LC-", customer, "-1"), 1000, "2025-01-07", 0, "2025-01-07");
  int order = 0;
  auto create = [&](v1::Invoice* out) {
    v1::CreateInvoiceRequest request;
    request.set_request_id(NewRequestId());
    request.mutable_invoice()->set_customer(absl::StrCat("customers/", customer));
    request.mutable_invoice()->set_order_number(absl::StrCat("ORDER-", ++order));
    request.mutable_invoice()->set_amount_fen(600'000 * kYuan);
    request.mutable_invoice()->set_invoice_date("2025-03-10");
    grpc::ClientContext context;
    env.Authorize(context, "finance_staff");
    v1::CreateInvoiceResponse response;
    grpc::Status status = ledger->CreateInvoice(&context, request, &response);
    if (out != nullptr) *out = response.invoice();
    return status;
  };
  // No limit yet: a 600,000-yuan order on credit is refused.
  EXPECT_EQ(create(nullptr).error_code(), StatusCode::FAILED_PRECONDITION);

  v1::CreditApplication application = MustSubmit(customer, 1'000'000 * kYuan);
  ASSERT_TRUE(Approve("finance_head", application.name(), nullptr).ok());
  v1::GetEffectiveTermsResponse quoted;
  ASSERT_TRUE(
      EffectiveTerms("finance_staff", customer, 600'000 * kYuan, "2025-03-10", false, &quoted)
          .ok());
  v1::Invoice invoice;
  grpc::Status status = create(&invoice);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(invoice.credit_days(), quoted.credit_days());
  EXPECT_EQ(invoice.credit_days(), 45);
  EXPECT_EQ(invoice.due_date(), quoted.due_date());
  EXPECT_EQ(invoice.prepaid_fen(), quoted.prepayment_fen());
  // 600,000 + 600,000 yuan would exceed the 1,000,000-yuan limit.
  EXPECT_EQ(create(nullptr).error_code(), StatusCode::FAILED_PRECONDITION);

  ASSERT_TRUE(Hold("finance_head", customer, true, "red warning").ok());
  grpc::Status held = create(nullptr);
  EXPECT_EQ(held.error_code(), StatusCode::FAILED_PRECONDITION);
  EXPECT_TRUE(absl::StrContains(held.error_message(), "hold")) << held.error_message();
  ASSERT_TRUE(Hold("finance_head", customer, false, "guarantee received").ok());
}

// --- Term policies (R-TERM-3) and effective terms (R-TERM-1, R-TERM-2) --------------------------

v1::TermPolicyRules DefaultRules() {
  v1::TermPolicyRules rules;
  rules.set_volume_threshold_fen(1'000'000 * kYuan);
  rules.set_volume_early_payment_bonus_days(15);
  rules.set_joint_promotion_bonus_days(10);
  rules.set_max_term_days(60);
  rules.set_new_customer_ladder(true);
  auto* first = rules.add_ladder();
  first->set_prepayment_bp(10000);
  auto* second = rules.add_ladder();
  second->set_prepayment_bp(5000);
  second->set_term_days(45);
  const struct {
    const char* tier;
    int days;
    int prepaid;
    const char* rebate;
  } rows[] = {{"strategic_core", 60, 0, "quarterly"},
              {"key_partner", 45, 0, "monthly"},
              {"general", 30, 0, "cash_discount"},
              {"potential", 0, 3000, "none"}};
  for (const auto& row : rows) {
    auto* out = rules.add_tier_terms();
    out->set_tier(row.tier);
    out->set_base_term_days(row.days);
    out->set_prepayment_bp(row.prepaid);
    out->set_rebate(row.rebate);
  }
  return rules;
}

std::string ShanghaiDay(int offset_days) {
  return absl::FormatCivilTime(absl::ToCivilDay(absl::Now(), absl::FixedTimeZone(8 * 3600)) +
                               offset_days);
}

TEST_F(CreditTest, R_TERM_3_PoliciesAreVersionedWithA30DayNoticeExceptTheFirst) {
  auto publish = [&](const std::string& role, const std::string& effective_date,
                     const v1::TermPolicyRules& rules, v1::TermPolicy* out) {
    v1::PublishTermPolicyRequest request;
    request.set_request_id(NewRequestId());
    request.set_effective_date(effective_date);
    *request.mutable_rules() = rules;
    grpc::ClientContext context;
    env.Authorize(context, role);
    v1::PublishTermPolicyResponse response;
    grpc::Status status = terms->PublishTermPolicy(&context, request, &response);
    if (out != nullptr) *out = response.term_policy();
    return status;
  };
  // Only this test publishes: before it, no version exists and the core's defaults apply.
  EXPECT_EQ(publish("finance_staff", ShanghaiDay(0), DefaultRules(), nullptr).error_code(),
            StatusCode::PERMISSION_DENIED);
  v1::TermPolicyRules bad = DefaultRules();
  bad.mutable_tier_terms()->RemoveLast();
  grpc::Status missing_tier = publish("finance_head", ShanghaiDay(0), bad, nullptr);
  EXPECT_EQ(missing_tier.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(missing_tier), std::vector<std::string>{"rules.tier_terms"});
  EXPECT_EQ(ViolatedFields(publish("finance_head", "2026-02-30", DefaultRules(), nullptr)),
            std::vector<std::string>{"effective_date"});
  EXPECT_EQ(publish("finance_head", ShanghaiDay(-1), DefaultRules(), nullptr).error_code(),
            StatusCode::FAILED_PRECONDITION);

  // The first version may take effect at once.
  v1::TermPolicy first;
  grpc::Status status = publish("finance_head", ShanghaiDay(0), DefaultRules(), &first);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(first.version(), 1);
  EXPECT_EQ(first.name(), "termPolicies/1");
  EXPECT_EQ(first.published_date(), ShanghaiDay(0));
  EXPECT_EQ(first.effective_date(), ShanghaiDay(0));

  // Later versions: at least 30 days' notice.
  v1::TermPolicyRules shorter = DefaultRules();
  shorter.set_max_term_days(50);
  grpc::Status too_soon = publish("management_head", ShanghaiDay(29), shorter, nullptr);
  EXPECT_EQ(too_soon.error_code(), StatusCode::FAILED_PRECONDITION);
  EXPECT_TRUE(absl::StrContains(too_soon.error_message(), "R-TERM-3")) << too_soon.error_message();
  v1::TermPolicy second;
  status = publish("management_head", ShanghaiDay(30), shorter, &second);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(second.version(), 2);
  EXPECT_EQ(second.rules().max_term_days(), 50);

  grpc::ClientContext context;
  env.Authorize(context, "sales_staff");
  v1::ListTermPoliciesResponse listed;
  ASSERT_TRUE(terms->ListTermPolicies(&context, v1::ListTermPoliciesRequest(), &listed).ok());
  ASSERT_EQ(listed.term_policies_size(), 2);
  EXPECT_EQ(listed.term_policies(0).SerializeAsString(), first.SerializeAsString());
  EXPECT_EQ(listed.term_policies(1).effective_date(), ShanghaiDay(30));

  // The version in force on the invoice date: none yesterday (core defaults), 1 today, 2 from
  // its effective date on (a strategic-core customer's 60 days capped at 50).
  const int64_t customer = CreateCustomer("Policy Versions Co");
  Exec(absl::StrCat("UPDATE customers SET tier = 'strategic_core' WHERE id = ", customer));
  for (int i = 0; i < 2; ++i) {
    Invoice(customer, absl::StrCat("PV-", customer, "-", i), 1000, "2025-01-06", 0);
  }
  const struct {
    int offset;
    int64_t version;
    int days;
  } cases[] = {{-1, 0, 60}, {0, 1, 60}, {29, 1, 60}, {30, 2, 50}, {400, 2, 50}};
  for (const auto& c : cases) {
    v1::GetEffectiveTermsResponse got;
    ASSERT_TRUE(
        EffectiveTerms("finance_staff", customer, 1000, ShanghaiDay(c.offset), false, &got).ok());
    EXPECT_EQ(got.policy_version(), c.version) << c.offset;
    EXPECT_EQ(got.credit_days(), c.days) << c.offset;
  }
}

TEST_F(CreditTest, R_TERM_2_NewCustomerLadderThenStandardTerms) {
  const int64_t customer = CreateCustomer("Ladder Co");
  Exec(absl::StrCat("UPDATE customers SET tier = 'strategic_core' WHERE id = ", customer));
  const int64_t amount = 200'001;  // odd: prepayment rounds half-up
  // 1st order: 100% prepaid.
  v1::GetEffectiveTermsResponse first;
  grpc::Status status =
      EffectiveTerms("sales_staff", customer, amount, "2025-03-10", false, &first);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(first.policy_version(), 0);  // before any published version: core defaults
  EXPECT_EQ(first.breakdown().tier(), "strategic_core");
  EXPECT_EQ(first.breakdown().prior_orders(), 0);
  EXPECT_EQ(first.prepayment_bp(), 10000);
  EXPECT_EQ(first.prepayment_fen(), amount);
  EXPECT_EQ(first.credit_amount_fen(), 0);
  EXPECT_EQ(first.credit_days(), 0);
  EXPECT_EQ(first.due_date(), "2025-03-10");
  ASSERT_EQ(first.breakdown().steps_size(), 2);
  EXPECT_EQ(first.breakdown().steps(0).step(), "tier_base");
  EXPECT_EQ(first.breakdown().steps(0).days_after(), 60);
  EXPECT_EQ(first.breakdown().steps(1).step(), "new_customer_ladder");
  EXPECT_EQ(first.breakdown().steps(1).days_after(), 0);

  // 2nd order: 50% prepaid, the rest at 45 days.
  Invoice(customer, absl::StrCat("LAD-", customer, "-1"), 500'000, "2025-02-03", 0);
  v1::GetEffectiveTermsResponse second;
  ASSERT_TRUE(EffectiveTerms("finance_staff", customer, amount, "2025-03-10", false, &second).ok());
  EXPECT_EQ(second.breakdown().prior_orders(), 1);
  EXPECT_EQ(second.prepayment_bp(), 5000);
  EXPECT_EQ(second.prepayment_fen(), 100'001);  // 100,000.5 rounded half-up
  EXPECT_EQ(second.credit_amount_fen(), 100'000);
  EXPECT_EQ(second.credit_days(), 45);
  EXPECT_EQ(second.due_date(), "2025-04-24");
  ASSERT_EQ(second.breakdown().steps_size(), 2);
  EXPECT_EQ(second.breakdown().steps(1).step(), "new_customer_ladder");
  EXPECT_EQ(second.breakdown().steps(1).days_after(), 45);

  // 3rd order: standard terms (the strategic core tier's 60 days, R-TIER-2).
  Invoice(customer, absl::StrCat("LAD-", customer, "-2"), 500'000, "2025-02-20", 45);
  v1::GetEffectiveTermsResponse third;
  ASSERT_TRUE(
      EffectiveTerms("investment_staff", customer, amount, "2025-03-10", false, &third).ok());
  EXPECT_EQ(third.breakdown().prior_orders(), 2);
  EXPECT_EQ(third.prepayment_bp(), 0);
  EXPECT_EQ(third.prepayment_fen(), 0);
  EXPECT_EQ(third.credit_amount_fen(), amount);
  EXPECT_EQ(third.credit_days(), 60);
  EXPECT_EQ(third.due_date(), "2025-05-09");
  // The breakdown says the ladder is complete; the days stay the tier's.
  ASSERT_EQ(third.breakdown().steps_size(), 2);
  EXPECT_EQ(third.breakdown().steps(0).step(), "tier_base");
  EXPECT_EQ(third.breakdown().steps(1).step(), "new_customer_ladder");
  EXPECT_EQ(third.breakdown().steps(1).days_after(), 60);
  EXPECT_TRUE(absl::StrContains(third.breakdown().steps(1).explanation(), "standard terms"));
  // Last month (February) had 1,000,000 fen of orders, not above 1,000,000 yuan.
  EXPECT_EQ(third.last_month_orders_fen(), 1'000'000);
  EXPECT_FALSE(third.last_month_paid_early());
}

TEST_F(CreditTest, R_TERM_1_DynamicBonusesAreCappedByThePolicyMaximum) {
  const int64_t customer = CreateCustomer("Dynamic Terms Co");
  Exec(absl::StrCat("UPDATE customers SET tier = 'key_partner' WHERE id = ", customer));
  // Two earlier orders (off the ladder), then May 2025: 1,200,000 yuan in three invoices, all
  // paid before their due dates.
  Invoice(customer, absl::StrCat("DYN-", customer, "-0"), 1000, "2025-01-06", 45, "2025-02-01");
  Invoice(customer, absl::StrCat("DYN-", customer, "-1"), 1000, "2025-02-06", 45, "2025-03-01");
  Invoice(customer, absl::StrCat("DYN-", customer, "-2"), 40'000'000, "2025-05-02", 45,
          "2025-06-10");
  Invoice(customer, absl::StrCat("DYN-", customer, "-3"), 40'000'000, "2025-05-15", 45,
          "2025-06-20");
  Invoice(customer, absl::StrCat("DYN-", customer, "-4"), 40'000'000, "2025-05-31", 45,
          "2025-07-01");
  v1::GetEffectiveTermsResponse capped;
  grpc::Status status =
      EffectiveTerms("sales_head", customer, 5'000'000, "2025-06-16", true, &capped);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(capped.last_month_orders_fen(), 120'000'000);
  EXPECT_TRUE(capped.last_month_paid_early());
  EXPECT_EQ(capped.breakdown().tier(), "key_partner");
  EXPECT_EQ(capped.breakdown().prior_orders(), 5);
  // 45 + 15 (volume and early payment) + 10 (joint promotion) = 70, capped at 60.
  ASSERT_EQ(capped.breakdown().steps_size(), 4);
  const char* steps[] = {"tier_base", "volume_early_payment", "joint_promotion", "policy_cap"};
  const int days[] = {45, 60, 70, 60};
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(capped.breakdown().steps(i).step(), steps[i]);
    EXPECT_EQ(capped.breakdown().steps(i).days_after(), days[i]);
    EXPECT_FALSE(capped.breakdown().steps(i).explanation().empty());
  }
  EXPECT_EQ(capped.credit_days(), 60);
  EXPECT_EQ(capped.due_date(), "2025-08-15");
  EXPECT_EQ(capped.credit_amount_fen(), 5'000'000);

  // One May invoice paid on its due date (not early): no volume bonus; 45 + 10 = 55.
  Exec(absl::StrCat("UPDATE payments SET received_date = '2025-07-15' WHERE reference = 'DYN-",
                    customer, "-4'"));
  v1::GetEffectiveTermsResponse late;
  ASSERT_TRUE(EffectiveTerms("sales_head", customer, 5'000'000, "2025-06-16", true, &late).ok());
  EXPECT_FALSE(late.last_month_paid_early());
  EXPECT_EQ(late.credit_days(), 55);
  ASSERT_EQ(late.breakdown().steps_size(), 2);
  EXPECT_EQ(late.breakdown().steps(1).step(), "joint_promotion");
}

TEST_F(CreditTest, EffectiveTermsValidateAndAreScoped) {
  const int64_t customer = CreateCustomer("Terms Scope Co");
  v1::GetEffectiveTermsResponse response;
  EXPECT_EQ(
      EffectiveTerms("sales_staff", customer, 100, "2025-03-10", false, &response).error_code(),
      StatusCode::OK);
  EXPECT_EQ(
      EffectiveTerms(ServiceTestEnv::kOtherSales, customer, 100, "2025-03-10", false, &response)
          .error_code(),
      StatusCode::NOT_FOUND);
  EXPECT_EQ(EffectiveTerms("customer", customer, 100, "2025-03-10", false, &response).error_code(),
            StatusCode::PERMISSION_DENIED);
  grpc::Status zero = EffectiveTerms("finance_staff", customer, 0, "2025-03-10", false, &response);
  EXPECT_EQ(ViolatedFields(zero), std::vector<std::string>{"order_amount_fen"});
  grpc::Status bad_date =
      EffectiveTerms("finance_staff", customer, 100, "2025-3-10", false, &response);
  EXPECT_EQ(ViolatedFields(bad_date), std::vector<std::string>{"invoice_date"});
}

}  // namespace
}  // namespace huikuan::testing
