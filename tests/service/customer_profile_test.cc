// The customer profile (R-TIER-1) and AssessCustomer through a real channel: the core's score,
// grade, tier and recommendation are stored on the customer with their reasons and time.
#include <grpcpp/grpcpp.h>

#include <optional>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "huikuan/v1/term_policy_service.grpc.pb.h"
#include "server/store/transaction.h"
#include "tests/service/service_test_env.h"

namespace huikuan::testing {
namespace {

class CustomerProfileTest : public ::testing::Test {
 protected:
  ServiceTestEnv& env = ServiceTestEnv::Get();

  v1::Customer CreateProfiled(const std::string& name) {
    v1::CreateCustomerRequest request;
    request.set_request_id(NewRequestId());
    v1::Customer* customer = request.mutable_customer();
    customer->set_display_name(name);
    customer->set_owner(env.user_name("sales_staff"));
    customer->set_enterprise_size(v1::ENTERPRISE_SIZE_MEDIUM);
    customer->set_industry_position(v1::INDUSTRY_POSITION_REGIONAL_LEADER);
    customer->set_founding_date("2009-05-12");
    customer->set_tax_credit_grade(v1::TAX_CREDIT_GRADE_A);
    customer->set_bank_credit_line_fen(2'000'000'000);  // 20,000,000 yuan
    customer->set_third_party_rating("AA-");
    grpc::ClientContext context;
    env.Authorize(context, "investment_staff");
    v1::CreateCustomerResponse response;
    grpc::Status status = env.customers().CreateCustomer(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.customer();
  }

  grpc::Status Assess(const std::string& role, const std::string& name,
                      v1::AssessCustomerResponse* response) {
    grpc::ClientContext context;
    env.Authorize(context, role);
    v1::AssessCustomerRequest request;
    request.set_request_id(NewRequestId());
    request.set_name(name);
    return env.customers().AssessCustomer(&context, request, response);
  }

  void Exec(const std::string& sql) {
    absl::Status status =
        store::RunInTransaction(env.pool(), [&](store::ConnectionPool::Lease& db) -> absl::Status {
          db.Prepare(sql).executeUpdate();
          return absl::OkStatus();
        });
    ASSERT_TRUE(status.ok()) << status << " in " << sql;
  }

  // One invoice of `amount` fen dated `invoice_date`, due 30 days later, fully paid by a payment
  // received on `paid_date`.
  void PaidInvoice(int64_t customer_id, int n, const std::string& invoice_date,
                   const std::string& paid_date, int64_t amount) {
    const std::string number = absl::StrCat("PROFILE-", customer_id, "-", n);
    Exec(absl::StrFormat(
        "INSERT INTO invoices (customer_id, order_number, invoice_number, amount_fen, invoice_date,"
        " due_date, credit_days, status, open_fen, terms_breakdown) VALUES (%d, '%s', '%s', %d, "
        "'%s', DATE_ADD('%s', INTERVAL 30 DAY), 30, 'paid', 0, '{}')",
        customer_id, number, number, amount, invoice_date, invoice_date));
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
};

TEST_F(CustomerProfileTest, R_SCORE_1_NewCustomerIsScoredOnCreateWithReasons) {
  v1::Customer customer = CreateProfiled("Profiled New Co");
  EXPECT_EQ(customer.enterprise_size(), v1::ENTERPRISE_SIZE_MEDIUM);
  EXPECT_EQ(customer.tax_credit_grade(), v1::TAX_CREDIT_GRADE_A);
  EXPECT_EQ(customer.founding_date(), "2009-05-12");
  EXPECT_EQ(customer.third_party_rating(), "AA-");
  ASSERT_TRUE(customer.has_assessment());
  const v1::CustomerAssessment& a = customer.assessment();
  // medium 15 + tax A 25 + bank line 20M yuan (>= 10M) 15 + no payment history 0 = 55.
  ASSERT_EQ(a.components_size(), 4);
  EXPECT_EQ(a.components(0).name(), "enterprise_size");
  EXPECT_EQ(a.components(0).points(), 15);
  EXPECT_EQ(a.components(1).points(), 25);
  EXPECT_EQ(a.components(2).points(), 15);
  EXPECT_EQ(a.components(3).points(), 0);
  for (const auto& component : a.components()) EXPECT_FALSE(component.reason().empty());
  EXPECT_EQ(a.score(), 55);
  EXPECT_EQ(a.risk(), "high");
  EXPECT_EQ(a.grade(), "D");
  // R-SCORE-2: a new, high-risk customer prepays everything and gets no credit.
  EXPECT_EQ(a.recommendation().prepayment_bp(), 10000);
  EXPECT_EQ(a.recommendation().credit_limit_fen(), 0);
  // R-TIER-2: no orders yet (share 0%) -> potential tier.
  EXPECT_EQ(a.tier(), "potential");
  EXPECT_FALSE(a.tier_reasons().empty());
  EXPECT_GT(a.assess_time().seconds(), 0);
}

TEST_F(CustomerProfileTest, R_TIER_1_AssessmentUsesTheLedgerHistory) {
  v1::Customer customer = CreateProfiled("Profiled History Co");
  const int64_t id = std::stoll(customer.name().substr(10));
  const absl::CivilDay today = absl::ToCivilDay(absl::Now(), absl::FixedTimeZone(8 * 3600));
  // Three years of cooperation: the first invoice 3 years + 10 days ago, paid on time.
  PaidInvoice(id, 0, absl::FormatCivilTime(today - (3 * 366 + 10)),
              absl::FormatCivilTime(today - (3 * 366)), 500'000);
  // Ten invoices this year of 1,200,000 fen each; nine paid on time, one 20 days late.
  for (int i = 1; i <= 10; ++i) {
    const absl::CivilDay invoiced = today - (30 * i + 40);
    const absl::CivilDay paid = i == 5 ? invoiced + 50 : invoiced + 25;
    PaidInvoice(id, i, absl::FormatCivilTime(invoiced), absl::FormatCivilTime(paid), 1'200'000);
  }
  v1::AssessCustomerResponse response;
  grpc::Status status = Assess("investment_head", customer.name(), &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  const v1::CustomerAssessment& a = response.customer().assessment();
  EXPECT_EQ(a.paid_invoices(), 11);
  EXPECT_EQ(a.paid_on_time(), 10);
  EXPECT_EQ(a.cooperation_years(), 3);
  // Payment history 35 x 10 / 11 = 31.8 -> 32; 15 + 25 + 15 + 32 = 87: medium risk, grade B.
  EXPECT_EQ(a.components(3).points(), 32);
  EXPECT_EQ(a.score(), 87);
  EXPECT_EQ(a.risk(), "medium");
  EXPECT_EQ(a.grade(), "B");
  EXPECT_EQ(a.monthly_purchases_fen(), 1'000'000);  // 12,000,000 fen / 12 months
  // R-SCORE-2 grade B: 45 days, no prepayment, 2 months of purchases.
  EXPECT_EQ(a.recommendation().term_days(), 45);
  EXPECT_EQ(a.recommendation().prepayment_bp(), 0);
  EXPECT_EQ(a.recommendation().credit_limit_fen(), 2'000'000);
  // The only invoicing customer this year in this database: share 100% -> regional leader with
  // 3 years and >= 15% share is a key partner (grade B allows at most that).
  EXPECT_EQ(a.order_share_bp(), 10000);
  EXPECT_EQ(a.tier(), "key_partner");
  // The stored assessment is what GetCustomer returns, and the etag moved on.
  grpc::ClientContext context;
  env.Authorize(context, "finance_staff");
  v1::GetCustomerRequest get;
  get.set_name(customer.name());
  v1::GetCustomerResponse got;
  ASSERT_TRUE(env.customers().GetCustomer(&context, get, &got).ok());
  EXPECT_EQ(got.customer().assessment().SerializeAsString(), a.SerializeAsString());
  EXPECT_NE(got.customer().etag(), customer.etag());
}

TEST_F(CustomerProfileTest, ProfileFieldsAreValidatedAndUpdatable) {
  v1::Customer customer = CreateProfiled("Profiled Update Co");
  v1::UpdateCustomerRequest update;
  update.set_request_id(NewRequestId());
  *update.mutable_customer() = customer;
  update.mutable_customer()->set_founding_date("2023-02-29");
  update.mutable_update_mask()->add_paths("founding_date");
  v1::UpdateCustomerResponse updated;
  {
    grpc::ClientContext context;
    env.Authorize(context, "investment_head");
    grpc::Status status = env.customers().UpdateCustomer(&context, update, &updated);
    EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"customer.founding_date"});
  }
  update.mutable_customer()->set_founding_date("2012-01-01");
  update.mutable_customer()->set_tax_credit_grade(v1::TAX_CREDIT_GRADE_C);
  update.mutable_customer()->set_bank_credit_line_fen(0);
  update.mutable_update_mask()->add_paths("tax_credit_grade");
  update.mutable_update_mask()->add_paths("bank_credit_line_fen");
  {
    grpc::ClientContext context;
    env.Authorize(context, "investment_head");
    grpc::Status status = env.customers().UpdateCustomer(&context, update, &updated);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }
  EXPECT_EQ(updated.customer().founding_date(), "2012-01-01");
  EXPECT_EQ(updated.customer().tax_credit_grade(), v1::TAX_CREDIT_GRADE_C);
  EXPECT_EQ(updated.customer().bank_credit_line_fen(), 0);
  EXPECT_EQ(updated.customer().enterprise_size(), v1::ENTERPRISE_SIZE_MEDIUM);

  // Out-of-range enum values and negative money name their field.
  v1::CreateCustomerRequest create;
  create.set_request_id(NewRequestId());
  create.mutable_customer()->set_display_name("Bad Profile Co");
  create.mutable_customer()->set_owner(env.user_name("sales_staff"));
  create.mutable_customer()->set_bank_credit_line_fen(-1);
  v1::CreateCustomerResponse created;
  grpc::ClientContext context;
  env.Authorize(context, "admin");
  grpc::Status status = env.customers().CreateCustomer(&context, create, &created);
  EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"customer.bank_credit_line_fen"});
}

TEST_F(CustomerProfileTest, AssessmentIsScopedAndAudited) {
  v1::Customer customer = CreateProfiled("Profiled Scope Co");
  v1::AssessCustomerResponse response;
  EXPECT_EQ(Assess("sales_staff", customer.name(), &response).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Assess("admin", "customers/999999", &response).error_code(),
            grpc::StatusCode::NOT_FOUND);
  ASSERT_TRUE(Assess("finance_head", customer.name(), &response).ok());
  grpc::ClientContext context;
  env.Authorize(context, "admin");
  v1::ListAuditEventsRequest request;
  request.set_resource(customer.name());
  v1::ListAuditEventsResponse events;
  ASSERT_TRUE(env.audit().ListAuditEvents(&context, request, &events).ok());
  ASSERT_EQ(events.audit_events_size(), 2);  // create, assess
  EXPECT_EQ(events.audit_events(0).method(), "/huikuan.v1.CustomerService/AssessCustomer");
}

// R-TIER-2's order shares (30% / 15% / 5%) suit a company with a handful of large customers; the
// term policy carries them, so a company with thousands of customers publishes its own. Last in
// this file: it publishes the database's first policy, effective today.
TEST_F(CustomerProfileTest, R_TIER_2_OrderShareThresholdsComeFromThePolicyInForce) {
  const absl::CivilDay today = absl::ToCivilDay(absl::Now(), absl::FixedTimeZone(8 * 3600));
  auto day = [&](int days_ago) { return absl::FormatCivilTime(today - days_ago); };
  v1::Customer big = CreateProfiled("Big Buyer Co");
  PaidInvoice(std::stoll(big.name().substr(10)), 0, day(60), day(40), 10'000'000);
  v1::Customer small = CreateProfiled("Small Share Co");
  const int64_t small_id = std::stoll(small.name().substr(10));
  PaidInvoice(small_id, 0, day(3 * 366 + 10), day(3 * 366), 12'000);  // 3 years of cooperation
  PaidInvoice(small_id, 1, day(50), day(30), 12'000);

  v1::AssessCustomerResponse before;
  ASSERT_TRUE(Assess("investment_head", small.name(), &before).ok());
  EXPECT_LT(before.customer().assessment().order_share_bp(), 500);
  EXPECT_EQ(before.customer().assessment().tier(), "potential");

  auto terms = v1::TermPolicyService::NewStub(env.channel());
  auto publish = [&](const std::vector<std::optional<int32_t>>& min_shares) {
    v1::PublishTermPolicyRequest request;
    request.set_request_id(NewRequestId());
    request.set_effective_date(day(0));
    *request.mutable_rules() = StandardTermRules();
    for (int i = 0; i < 4; ++i) {
      if (min_shares[i].has_value()) {
        request.mutable_rules()->mutable_tier_terms(i)->set_min_order_share_bp(*min_shares[i]);
      }
    }
    grpc::ClientContext context;
    env.Authorize(context, "finance_head");
    v1::PublishTermPolicyResponse response;
    return terms->PublishTermPolicy(&context, request, &response);
  };
  EXPECT_EQ(ViolatedFields(publish({100, 5, 1, 1})),
            std::vector<std::string>{"rules.tier_terms[3].min_order_share_bp"});
  EXPECT_EQ(ViolatedFields(publish({100, 200, 1, std::nullopt})),
            std::vector<std::string>{"rules.tier_terms"});
  // 1% / 0.05% / 0.01%: the small customer's ~0.12% makes it a key partner (3 years, grade A).
  ASSERT_TRUE(publish({100, 5, 1, std::nullopt}).ok());
  v1::AssessCustomerResponse after;
  ASSERT_TRUE(Assess("investment_head", small.name(), &after).ok());
  EXPECT_EQ(after.customer().assessment().order_share_bp(),
            before.customer().assessment().order_share_bp());
  EXPECT_EQ(after.customer().assessment().tier(), "key_partner");
}

}  // namespace
}  // namespace huikuan::testing
