// Store's own JSON layouts (server/store/json_layouts.h): every layout reads back what it wrote,
// reads strictly, and migrations 0090-0093 convert the rows that earlier code wrote in the API's
// JSON (a database made before them keeps working and reads the same figures).
#include "server/store/json_layouts.h"

#include <cstdlib>
#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "server/store/credit_store.h"
#include "server/store/customer_store.h"
#include "server/store/ledger_store.h"
#include "server/store/migrator.h"
#include "server/store/term_policy_store.h"
#include "server/store/transaction.h"
#include "tests/store/store_test_util.h"
#include "tests/support/test_database.h"

namespace huikuan::store {
namespace {

core::CustomerAssessment SampleAssessment() {
  core::CustomerAssessment a;
  a.score = 88;
  a.risk = core::RiskLevel::kMedium;
  a.grade = core::CreditGrade::kB;
  a.components = {{"enterprise_size", 10, 20, "小型企业"},
                  {"payment_history", 0, 35, "none \"yet\""}};
  a.summary = "88 points";
  a.tier = core::Tier::kGeneral;
  a.tier_reasons = {"not strategic", "general: share"};
  a.recommendation = {core::CreditGrade::kB, 45, 0, 12'000'000, "grade B"};
  a.cooperation_years = 3;
  a.order_share_bp = 120;
  a.paid_invoices = 10;
  a.paid_on_time = 9;
  a.monthly_purchases = 600'000;
  return a;
}

void ExpectSameAssessment(const core::CustomerAssessment& a, const core::CustomerAssessment& b) {
  EXPECT_EQ(EncodeAssessment(a), EncodeAssessment(b));
}

TEST(JsonLayoutsTest, EachLayoutReadsBackWhatItWrote) {
  core::TermsBreakdown breakdown{
      core::Tier::kKeyPartner, 2, 7, {{"tier_base", 45, "tier base: \"45\" days\n"}}};
  absl::StatusOr<core::TermsBreakdown> terms =
      DecodeTermsBreakdown(EncodeTermsBreakdown(breakdown));
  ASSERT_TRUE(terms.ok()) << terms.status();
  EXPECT_EQ(terms->tier, core::Tier::kKeyPartner);
  EXPECT_EQ(terms->prior_orders, 2);
  EXPECT_EQ(terms->policy_version, 7);
  ASSERT_EQ(terms->steps.size(), 1u);
  EXPECT_EQ(terms->steps[0].explanation, "tier base: \"45\" days\n");

  absl::StatusOr<core::CustomerAssessment> assessment =
      DecodeAssessment(EncodeAssessment(SampleAssessment()));
  ASSERT_TRUE(assessment.ok()) << assessment.status();
  ExpectSameAssessment(*assessment, SampleAssessment());

  core::TermPolicyRules rules;
  rules.min_order_share_bp = {50, 10, 1};
  rules.terms.ladder = {{10'000, 0}};
  absl::StatusOr<core::TermPolicyRules> read = DecodeTermPolicyRules(EncodeTermPolicyRules(rules));
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(EncodeTermPolicyRules(*read), EncodeTermPolicyRules(rules));
}

TEST(JsonLayoutsTest, ReadsStrictly) {
  EXPECT_EQ(DecodeTermsBreakdown(R"({"tier":"general","steps":[]})").status().code(),
            absl::StatusCode::kInternal)
      << "no version";
  EXPECT_FALSE(
      DecodeTermsBreakdown(R"({"v":1,"tier":"general","prior_orders":"2","policy_version":1,)"
                           R"("steps":[]})")
          .ok())
      << "a number as a string";
  EXPECT_FALSE(DecodeTermsBreakdown(R"({"v":1,"tier":"gold","prior_orders":2,"policy_version":1,)"
                                    R"("steps":[]})")
                   .ok())
      << "an unknown tier";
  EXPECT_FALSE(DecodeAssessment("not json").ok());
}

// A database as the code before migration 0090 left it: the API's JSON in the four columns.
class LegacyRowsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = huikuan::testing::TestDatabase::Create("layouts", /*migrate=*/false);
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = *std::move(db);
    absl::StatusOr<std::vector<Migration>> all =
        LoadMigrations(std::getenv("HUIKUAN_MIGRATIONS_DIR"));
    ASSERT_TRUE(all.ok()) << all.status();
    for (const Migration& migration : *all) {
      if (migration.version < 90) ++before_layouts_;
    }
    migrator_ = std::make_unique<Migrator>(db_->pool(), *all);
    ASSERT_TRUE(migrator_->Up(before_layouts_).ok());
  }

  void Exec(const std::string& sql) {
    absl::Status status = testing::Exec(db_->pool(), sql);
    ASSERT_TRUE(status.ok()) << status << "\n" << sql;
  }

  std::unique_ptr<huikuan::testing::TestDatabase> db_;
  std::unique_ptr<Migrator> migrator_;
  int before_layouts_ = 0;
};

TEST_F(LegacyRowsTest, MigrationsConvertTheApiJsonAndTheRowsReadTheSame) {
  Exec(
      "INSERT INTO users (id, username, display_name, department, level) "
      "VALUES (1, 'sales01', 'S', 'sales', 'staff')");
  // As CustomerService stored it: proto JSON, zero values left out, int64 as strings.
  Exec(R"(INSERT INTO customers (id, display_name, owner_user_id, assessment_json, assess_time)
          VALUES (1, 'Legacy Co', 1, '{"assess_time":"2026-11-30T01:02:03Z","score":88,"risk":"medium","grade":"B","components":[{"name":"enterprise_size","points":10,"max_points":20,"reason":"小型企业"},{"name":"payment_history","max_points":35,"reason":"none \\"yet\\""}],"summary":"88 points","tier":"general","tier_reasons":["not strategic","general: share"],"recommendation":{"grade":"B","term_days":45,"credit_limit_fen":"12000000","reason":"grade B"},"cooperation_years":3,"order_share_bp":120,"paid_invoices":10,"paid_on_time":9,"monthly_purchases_fen":"600000"}', '2026-11-30 01:02:03'))");
  // As the ledger's hand-written JSON stored a breakdown (policy_version as a string), and an
  // import's historical breakdown (no tier, no counts).
  Exec(R"(INSERT INTO invoices (id, customer_id, order_number, invoice_number, amount_fen,
          invoice_date, due_date, credit_days, open_fen, terms_breakdown) VALUES
          (1, 1, 'SO-1', 'INV-1', 100, '2026-01-01', '2026-02-15', 45, 100,
           '{"tier":"key_partner","prior_orders":2,"policy_version":"7","steps":[{"step":"tier_base","days_after":45,"explanation":"tier base"}]}'),
          (2, 1, 'SO-2', 'INV-2', 100, '2026-01-01', '2026-01-31', 30, 100,
           '{"steps":[{"step":"historical_import","days_after":30,"explanation":"due date as in the imported file"}]}'))");
  Exec(R"(INSERT INTO credit_applications (id, customer_id, requested_limit_fen,
          requested_term_days, pre_review_json, required_approvers, created_by) VALUES
          (1, 1, 500000, 30, '{"score":88,"risk":"medium","grade":"B","components":[],"summary":"s","tier":"general","recommendation":{"grade":"B","term_days":45,"credit_limit_fen":"12000000","reason":"r"}}', 'finance_head', 1))");
  // As PublishTermPolicy stored rules: every primitive printed, tier rows in the publisher's
  // order, a threshold left out.
  Exec(R"(INSERT INTO term_policies (version, published_date, effective_date, rules_json,
          created_by) VALUES (1, '2026-01-01', '2026-01-01', '{"volume_threshold_fen":"100000000","volume_early_payment_bonus_days":15,"joint_promotion_bonus_days":10,"max_term_days":60,"new_customer_ladder":true,"ladder":[{"prepayment_bp":10000,"term_days":0},{"prepayment_bp":5000,"term_days":45}],"tier_terms":[{"tier":"potential","base_term_days":0,"prepayment_bp":3000,"rebate":"none"},{"tier":"general","base_term_days":30,"prepayment_bp":0,"rebate":"cash_discount","min_order_share_bp":1},{"tier":"strategic_core","base_term_days":60,"prepayment_bp":0,"rebate":"quarterly"},{"tier":"key_partner","base_term_days":45,"prepayment_bp":0,"rebate":"monthly","min_order_share_bp":10}]}', 1))");

  ASSERT_TRUE(migrator_->Up().ok());
  absl::Status read = RunInTransaction(db_->pool(), [&](ConnectionPool::Lease& db) -> absl::Status {
    absl::StatusOr<CustomerRecord> customer = GetCustomer(db, 1, Lock::kNone);
    if (!customer.ok()) return customer.status();
    EXPECT_TRUE(customer->assessment.has_value());
    ExpectSameAssessment(*customer->assessment, SampleAssessment());

    absl::StatusOr<InvoiceRecord> priced = GetInvoice(db, 1, Lock::kNone);
    if (!priced.ok()) return priced.status();
    EXPECT_EQ(priced->terms->tier, core::Tier::kKeyPartner);
    EXPECT_EQ(priced->terms->policy_version, 7);
    EXPECT_EQ(priced->terms->steps.at(0).days_after, 45);
    absl::StatusOr<InvoiceRecord> imported = GetInvoice(db, 2, Lock::kNone);
    if (!imported.ok()) return imported.status();
    EXPECT_FALSE(imported->terms->tier.has_value());
    EXPECT_EQ(imported->terms->steps.at(0).step, "historical_import");

    absl::StatusOr<CreditApplicationRecord> application = GetCreditApplication(db, 1, Lock::kNone);
    if (!application.ok()) return application.status();
    EXPECT_EQ(application->pre_review.recommendation.credit_limit, 12'000'000);
    EXPECT_EQ(application->pre_review.paid_invoices, 0) << "an omitted zero";

    std::vector<TermPolicyRecord> policies = ListTermPolicies(db, 0, 10);
    EXPECT_EQ(policies.size(), 1u);
    const core::TermPolicyRules& rules = policies.at(0).rules;
    EXPECT_EQ(rules.terms.volume_threshold, 100'000'000);
    EXPECT_TRUE(rules.terms.new_customer_ladder);
    EXPECT_EQ(rules.matrix[static_cast<int>(core::Tier::kPotential)].prepayment_bp, 3'000);
    EXPECT_EQ(rules.matrix[static_cast<int>(core::Tier::kStrategicCore)].base_term_days, 60);
    // Left out: the core's default; given: kept.
    EXPECT_EQ(rules.min_order_share_bp[0], 3'000);
    EXPECT_EQ(rules.min_order_share_bp[1], 10);
    EXPECT_EQ(rules.min_order_share_bp[2], 1);
    return absl::OkStatus();
  });
  ASSERT_TRUE(read.ok()) << read;

  // Down and up again: the same rows read the same.
  ASSERT_TRUE(migrator_->Down(4).ok());
  ASSERT_TRUE(migrator_->Up().ok());
  read = RunInTransaction(db_->pool(), [&](ConnectionPool::Lease& db) -> absl::Status {
    absl::StatusOr<CustomerRecord> customer = GetCustomer(db, 1, Lock::kNone);
    if (!customer.ok()) return customer.status();
    ExpectSameAssessment(*customer->assessment, SampleAssessment());
    return GetInvoice(db, 1, Lock::kNone).status();
  });
  ASSERT_TRUE(read.ok()) << read;
}

}  // namespace
}  // namespace huikuan::store
