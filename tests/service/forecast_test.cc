// ForecastService and the `models` job (issue 11) through a real channel against the test
// MariaDB. Its own database, so the models see only this binary's history:
//   - before any version is stored a forecast is FAILED_PRECONDITION naming the job;
//   - the job stores one version per kind for its day, audited as system:job/models, and a second
//     run for the day creates nothing;
//   - the forecasts name the stored version with its metrics and do not refit per request (more
//     history after the job changes neither the version nor its metrics, and adds no version);
//   - what the models learn: who pays late heads the overdue list, the DSO groups, the cash
//     forecast places an invoice by its customer's lateness, the simulator's term response.
#include <grpcpp/grpcpp.h>

#include <atomic>
#include <optional>
#include <string>
#include <tuple>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "huikuan/v1/forecast_service.grpc.pb.h"
#include "huikuan/v1/ledger_service.grpc.pb.h"
#include "huikuan/v1/worklist_service.grpc.pb.h"
#include "server/jobs/all_jobs.h"
#include "server/jobs/job_runner.h"
#include "server/ops/clock.h"
#include "server/ops/forecasts.h"
#include "server/ops/model_versions.h"
#include "server/store/customer_store.h"
#include "server/store/ledger_store.h"
#include "server/store/model_store.h"
#include "server/store/sql_values.h"
#include "server/store/transaction.h"
#include "tests/service/history_fixture.h"
#include "tests/service/service_test_env.h"

namespace huikuan::testing {
namespace {

using ::grpc::StatusCode;

class ForecastTest : public HistoryFixture {
 protected:
  ForecastTest() : HistoryFixture("fc") {}

  std::unique_ptr<v1::ForecastService::Stub> forecasts =
      v1::ForecastService::NewStub(env.channel());

  int64_t Count(const std::string& sql) {
    auto n = store::RunInTransaction<int64_t>(
        env.pool(), [&](store::ConnectionPool::Lease& db) -> absl::StatusOr<int64_t> {
          auto rows = store::Query(db.Prepare(sql));
          return rows->next() ? rows->getInt64(1) : -1;
        });
    EXPECT_TRUE(n.ok()) << n.status();
    return n.value_or(-1);
  }

  std::optional<store::ModelVersionRecord> StoredVersion(const std::string& kind) {
    auto found = store::RunInTransaction<std::optional<store::ModelVersionRecord>>(
        env.pool(),
        [&](store::ConnectionPool::Lease& db)
            -> absl::StatusOr<std::optional<store::ModelVersionRecord>> {
          return store::FindModelVersion(db, kind, today);
        });
    EXPECT_TRUE(found.ok()) << found.status();
    return found.value_or(std::nullopt);
  }

  // The history the models learn from, made once for the binary, then today's models job:
  //   one salesperson's three customers invoiced every 4 days for a year (distinct amounts, so
  //   each payment matches its invoice), paying on time, 20 days late and 60 days late (the last
  //   one's recent invoices unpaid);
  //   another salesperson's key-partner customer (the only one of its tier here) invoiced on 20, 30
  //   and 40 days, each invoice paid half its credit days late (0.5 days late per credit day: 5
  //   days per 10).
  struct Shared {
    std::string key;  // the salesperson's token key
    int64_t on_time = 0, late = 0, very_late = 0;
    int64_t term_customer = 0;
    jobs::RunResult first_run;
  };
  const Shared& History() {
    static std::optional<Shared> shared;
    if (shared) return *shared;
    Shared h;
    int64_t rep;
    std::tie(rep, h.key) = NewSalesperson();
    h.on_time = NewCustomer(rep, "准时客户");
    h.late = NewCustomer(rep, "Late Co");
    h.very_late = NewCustomer(rep, "Very Late Co");
    int64_t amount = 100'000;
    for (core::EpochDay day = today - 400; day <= today - 5; day += 4) {
      const std::pair<int64_t, int32_t> customers[] = {
          {h.on_time, 0}, {h.late, 20}, {h.very_late, 60}};
      for (auto [customer, late] : customers) {
        amount += 137;
        Invoice(customer, amount, day, 30);
        const core::EpochDay paid = day + 30 + late;
        if (paid < today) Pay(customer, amount, paid);
      }
    }
    h.term_customer = NewCustomer(NewSalesperson().first, "Term Co", core::Tier::kKeyPartner);
    amount = 500'000;
    for (core::EpochDay day = today - 400; day <= today - 10; day += 3) {
      const int32_t credit = 20 + 10 * ((day / 3) % 3);
      amount += 101;
      Invoice(h.term_customer, amount, day, credit);
      if (day + credit + credit / 2 < today) {
        Pay(h.term_customer, amount, day + credit + credit / 2);
      }
    }
    jobs::JobRunner runner(env.pool(), registry_, ops::SystemClock());
    absl::StatusOr<jobs::RunResult> run = runner.Run("models", today, jobs::WaitForHolder::kYes);
    EXPECT_TRUE(run.ok()) << run.status();
    if (run.ok()) h.first_run = *run;
    shared = std::move(h);
    return *shared;
  }

  jobs::JobRegistry registry_ = jobs::AllJobs();
};

// Runs first (definition order): nothing is stored yet, so a forecast refuses, naming the job.
TEST_F(ForecastTest, BeforeAnyVersionAForecastNamesTheJob) {
  if (Count("SELECT COUNT(*) FROM model_versions") > 0) {
    GTEST_SKIP() << "a version was stored by an earlier test";
  }
  grpc::ClientContext context;
  env.Authorize(context, "finance_head");
  v1::GetDsoForecastResponse response;
  grpc::Status status = forecasts->GetDsoForecast(&context, v1::GetDsoForecastRequest(), &response);
  EXPECT_EQ(status.error_code(), StatusCode::FAILED_PRECONDITION);
  EXPECT_TRUE(absl::StrContains(status.error_message(), "`models` job")) << status.error_message();
}

TEST_F(ForecastTest, TheModelsJobStoresOneVersionPerKindOnceADay) {
  const Shared& h = History();
  ASSERT_EQ(h.first_run.disposition, jobs::RunDisposition::kRan);
  EXPECT_EQ(h.first_run.outcome.created, 3) << h.first_run.outcome.summary;
  const std::string day = core::FormatDate(today);
  EXPECT_EQ(h.first_run.outcome.items,
            (std::vector<std::string>{"dso-linear-v1/" + day, "overdue-logistic-v1/" + day,
                                      "term-response-within-v2/" + day}));
  const std::optional<store::ModelVersionRecord> dso = StoredVersion(ops::kDsoModelKind);
  ASSERT_TRUE(dso.has_value());
  EXPECT_EQ(dso->train_from_day, today - 730);
  EXPECT_EQ(dso->train_to_day, today - 180);
  EXPECT_GT(dso->train_rows, 30);
  ASSERT_TRUE(dso->share_within_10_days.has_value());
  EXPECT_FALSE(dso->auc.has_value());
  const std::optional<store::ModelVersionRecord> overdue = StoredVersion(ops::kOverdueModelKind);
  ASSERT_TRUE(overdue.has_value());
  ASSERT_TRUE(overdue->auc.has_value());
  EXPECT_TRUE(absl::StartsWith(overdue->parameters, "huikuan.overdue_model v1\n"));
  ASSERT_TRUE(StoredVersion(ops::kTermResponseModelKind).has_value());
  // Audited under the job's system actor.
  EXPECT_EQ(Count(absl::StrCat("SELECT COUNT(*) FROM audit_events WHERE resource = "
                               "'modelVersions/",
                               overdue->id, "' AND actor_role = 'system:job/models'")),
            1);

  // The same day again: the runner finds it done; a dry run and a direct TrainModels find every
  // kind stored and create nothing.
  jobs::JobRunner runner(env.pool(), registry_, ops::SystemClock());
  absl::StatusOr<jobs::RunResult> again = runner.Run("models", today, jobs::WaitForHolder::kYes);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->disposition, jobs::RunDisposition::kAlreadySucceeded);
  absl::StatusOr<jobs::JobOutcome> dry = runner.DryRun("models", today);
  ASSERT_TRUE(dry.ok()) << dry.status();
  EXPECT_EQ(dry->created, 0);
  EXPECT_EQ(dry->skipped, 3);
  const ops::Caller caller = ops::Caller::System("models");
  ops::ModelsRun direct;
  ASSERT_TRUE(store::RunInTransaction(env.pool(), [&](store::ConnectionPool::Lease& db) {
                return ops::RunWriteAsOf(db, caller, "job/models", "test-replay", absl::Now(),
                                         today, [&](ops::WriteScope& write) -> absl::Status {
                                           absl::StatusOr<ops::ModelsRun> run =
                                               ops::TrainModels(write);
                                           if (!run.ok()) return run.status();
                                           direct = *run;
                                           return absl::OkStatus();
                                         });
              }).ok());
  EXPECT_EQ(direct.created, 0);
  EXPECT_EQ(direct.kept, 3);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM model_versions"), 3);
}

// A forecast answers with the stored version and its metrics; a year of new history for another
// customer after the job changes neither (no refit per request) and stores no version.
TEST_F(ForecastTest, ForecastsUseTheStoredVersionWithoutRefitting) {
  const Shared& h = History();
  const std::optional<store::ModelVersionRecord> stored = StoredVersion(ops::kOverdueModelKind);
  ASSERT_TRUE(stored.has_value());
  auto overdue = [&] {
    grpc::ClientContext context;
    env.Authorize(context, "finance_head");
    v1::GetOverdueForecastRequest request;
    request.set_limit(10);
    v1::GetOverdueForecastResponse response;
    grpc::Status status = forecasts->GetOverdueForecast(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  };
  const v1::GetOverdueForecastResponse before = overdue();
  EXPECT_EQ(before.model().version(), stored->version);
  EXPECT_EQ(before.model_version(), stored->version);
  EXPECT_EQ(before.model().trained_date(), core::FormatDate(today));
  EXPECT_EQ(before.model().train_from_date(), core::FormatDate(today - 360));
  EXPECT_EQ(before.model().train_to_date(), core::FormatDate(today - 30));
  ASSERT_TRUE(before.model().has_auc());
  EXPECT_DOUBLE_EQ(before.model().auc(), *stored->auc);
  EXPECT_DOUBLE_EQ(before.auc(), *stored->auc);
  EXPECT_EQ(before.model().train_rows(), stored->train_rows);
  EXPECT_EQ(before.model().calibration_size(), 10);

  auto [rep, key] = NewSalesperson();
  const int64_t newcomer = NewCustomer(rep, "Always Unpaid Co");
  for (core::EpochDay day = today - 360; day <= today - 40; day += 10) {
    Invoice(newcomer, 70'000 + day % 1000, day, 15);
  }
  const v1::GetOverdueForecastResponse after = overdue();
  EXPECT_EQ(after.model().version(), before.model().version());
  EXPECT_DOUBLE_EQ(after.model().auc(), before.model().auc());
  EXPECT_DOUBLE_EQ(after.model().log_loss(), before.model().log_loss());
  EXPECT_EQ(after.model().train_rows(), before.model().train_rows());
  EXPECT_EQ(after.model().test_rows(), before.model().test_rows());

  grpc::ClientContext context;
  env.Authorize(context, h.key);
  v1::GetDsoForecastResponse dso;
  ASSERT_TRUE(forecasts->GetDsoForecast(&context, v1::GetDsoForecastRequest(), &dso).ok());
  EXPECT_EQ(dso.model().version(), "dso-linear-v1/" + core::FormatDate(today));
  EXPECT_TRUE(dso.model().has_share_within_10_days());
  EXPECT_FALSE(dso.model().has_auc());
  EXPECT_EQ(Count("SELECT COUNT(*) FROM model_versions"), 3);
}

TEST_F(ForecastTest, ForecastsLearnWhoPaysLate) {
  const Shared& h = History();
  {
    grpc::ClientContext context;
    env.Authorize(context, h.key);
    v1::GetOverdueForecastRequest request;
    request.set_limit(1000);
    v1::GetOverdueForecastResponse response;
    grpc::Status status = forecasts->GetOverdueForecast(&context, request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_GT(response.auc(), 0.8);
    EXPECT_LE(response.auc(), 1.0);
    EXPECT_GT(response.test_rows(), 0);
    EXPECT_TRUE(absl::StartsWith(response.model_version(), "overdue-logistic-v1/"));
    ASSERT_GT(response.predictions_size(), 0);
    for (int i = 1; i < response.predictions_size(); ++i) {
      EXPECT_GE(response.predictions(i - 1).probability(), response.predictions(i).probability());
    }
    // Only the salesperson's own invoices; the chronically late customer's head the list, with
    // reasons.
    for (const v1::OverduePrediction& p : response.predictions()) {
      EXPECT_TRUE(p.customer() == absl::StrCat("customers/", h.on_time) ||
                  p.customer() == absl::StrCat("customers/", h.late) ||
                  p.customer() == absl::StrCat("customers/", h.very_late))
          << p.customer();
    }
    EXPECT_EQ(response.predictions(0).customer(), absl::StrCat("customers/", h.very_late));
    EXPECT_GT(response.predictions(0).reasons_size(), 0);
    int64_t calibrated = 0;
    for (const v1::CalibrationBin& bin : response.calibration()) calibrated += bin.count();
    EXPECT_EQ(calibrated, response.test_rows());
  }
  {
    grpc::ClientContext context;
    env.Authorize(context, h.key);
    v1::GetDsoForecastRequest request;
    request.set_group_by(v1::REPORT_GROUPING_CUSTOMER);
    v1::GetDsoForecastResponse response;
    grpc::Status status = forecasts->GetDsoForecast(&context, request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_GE(response.share_within_10_days(), 0.0);
    EXPECT_LE(response.share_within_10_days(), 1.0);
    ASSERT_EQ(response.groups_size(), 3);  // the salesperson's own customers
    EXPECT_GT(response.train_rows(), 30);
  }
  {
    grpc::ClientContext context;
    env.Authorize(context, h.key);
    v1::GetCashForecastRequest request;
    v1::GetCashForecastResponse response;
    grpc::Status status = forecasts->GetCashForecast(&context, request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
    ASSERT_EQ(response.weeks_size(), 13);
    EXPECT_EQ(response.weeks(0).week_start_date(), core::FormatDate(today + 1));
    ASSERT_EQ(response.backtest_size(), 13);
    EXPECT_EQ(response.backtest_as_of_date(), core::FormatDate(today - 91));
    EXPECT_FALSE(response.model_version().empty());
  }
}

// One customer that paid its earlier invoices exactly 14 days late and has one open invoice due
// in 3 days: the forecast expects it on day 17, in the third week (days 15-21), all of it.
TEST_F(ForecastTest, CashForecastPlacesAnInvoiceByItsCustomersLateness) {
  auto [rep, key] = NewSalesperson();
  const int64_t customer = NewCustomer(rep, "Fourteen Days Late Co");
  Invoice(customer, 11'100, today - 100, 30);
  Pay(customer, 11'100, today - 100 + 30 + 14);
  Invoice(customer, 22'200, today - 80, 30);
  Pay(customer, 22'200, today - 80 + 30 + 14);
  Invoice(customer, 77'700, today - 27, 30);  // due today + 3
  grpc::ClientContext context;
  env.Authorize(context, key);
  v1::GetCashForecastResponse response;
  ASSERT_TRUE(forecasts->GetCashForecast(&context, v1::GetCashForecastRequest(), &response).ok());
  ASSERT_EQ(response.weeks_size(), 13);
  for (int w = 0; w < 13; ++w) {
    EXPECT_EQ(response.weeks(w).from_invoices_fen(), w == 2 ? 77'700 : 0) << w;
    EXPECT_EQ(response.weeks(w).total_fen(), response.weeks(w).from_invoices_fen()) << w;
  }
  // Thirteen weeks ago (day T-91) only the first invoice was open, due on T-70 with no lateness
  // known yet: expected on its due day (day 21 of the backtest, week 2); paid on T-56 (day 35,
  // week 4).
  ASSERT_EQ(response.backtest_size(), 13);
  for (int w = 0; w < 13; ++w) {
    EXPECT_EQ(response.backtest(w).predicted_fen(), w == 2 ? 11'100 : 0) << w;
    EXPECT_EQ(response.backtest(w).actual_fen(), w == 4 ? 11'100 : 0) << w;
  }
}

// The term-policy simulator on the key-partner history, where lateness grows with term length
// (5 days per 10 more days of credit). Moving the key-partner tier from 45 to 55 days: DSO +10 +5
// days, and the first month's cash falls (the same sales are collected later).
TEST_F(ForecastTest, SimulatorFitsTheTermResponseAndShowsTheCashEffect) {
  const Shared& h = History();
  v1::SimulateTermPolicyRequest request;
  v1::TermPolicyRules& rules = *request.mutable_rules();
  rules.set_volume_threshold_fen(100'000'000);
  rules.set_volume_early_payment_bonus_days(15);
  rules.set_joint_promotion_bonus_days(10);
  rules.set_max_term_days(60);
  const struct {
    const char* tier;
    int days;
    int prepaid;
    const char* rebate;
  } rows[] = {{"strategic_core", 60, 0, "quarterly"},
              {"key_partner", 55, 0, "monthly"},
              {"general", 30, 0, "cash_discount"},
              {"potential", 0, 3000, "none"}};
  for (const auto& row : rows) {
    auto* out = rules.add_tier_terms();
    out->set_tier(row.tier);
    out->set_base_term_days(row.days);
    out->set_prepayment_bp(row.prepaid);
    out->set_rebate(row.rebate);
  }
  grpc::ClientContext context;
  env.Authorize(context, "management_head");
  v1::SimulateTermPolicyResponse response;
  grpc::Status status = forecasts->SimulateTermPolicy(&context, request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.model().version(), "term-response-within-v2/" + core::FormatDate(today));
  EXPECT_EQ(response.model_version(), response.model().version());
  ASSERT_EQ(response.months_size(), 12);
  const v1::TierSimulation* general = nullptr;
  for (const v1::TierSimulation& t : response.tiers()) {
    if (t.tier() == "key_partner") general = &t;
  }
  ASSERT_NE(general, nullptr);
  EXPECT_EQ(general->current_base_days(), 45);
  EXPECT_EQ(general->draft_base_days(), 55);
  ASSERT_TRUE(general->lateness_days().fitted());
  EXPECT_NEAR(general->lateness_days().per_10_days(), 5.0, 0.1);
  EXPECT_LE(general->lateness_days().low95(), general->lateness_days().per_10_days());
  EXPECT_GE(general->lateness_days().high95(), general->lateness_days().per_10_days());
  EXPECT_NEAR(general->draft_dso_days() - general->current_dso_days(), 15.0, 0.1);
  // The other tiers are unchanged: the effect is the key-partner tier's alone. In the first month
  // the draft collects only what was sold before it, later than before: never more.
  EXPECT_GT(general->current_monthly_sales_fen(), 0);
  EXPECT_LE(response.months(0).cash_effect_fen(), 0);
  EXPECT_LT(response.months(0).draft_collections_fen() + response.months(1).draft_collections_fen(),
            response.months(0).current_collections_fen() +
                response.months(1).current_collections_fen() + 1);
  // Sales staff may not run it (term policy is the heads' and management's).
  grpc::ClientContext denied;
  env.Authorize(denied, h.key);
  EXPECT_EQ(forecasts->SimulateTermPolicy(&denied, request, &response).error_code(),
            StatusCode::PERMISSION_DENIED);
  // A bad draft names the field.
  request.mutable_rules()->mutable_tier_terms(1)->set_base_term_days(-5);
  grpc::ClientContext bad;
  env.Authorize(bad, "management_head");
  status = forecasts->SimulateTermPolicy(&bad, request, &response);
  EXPECT_EQ(status.error_code(), StatusCode::INVALID_ARGUMENT);
}

// R-FCST-2 feeds the worklist: today's ladder items carry the overdue model's probability of
// their invoices (the same figure the model gives each invoice) and are weighed by it, so the
// chronically late customer's items outrank the punctual one's like for like.
TEST_F(ForecastTest, TheOverdueProbabilityWeighsTheWorklistPriority) {
  const Shared& h = History();
  // One invoice each of the very late and the punctual customer 3 days past due today: the
  // ladder's dunning-letter step (issued after the models job, so the model never saw them).
  Invoice(h.very_late, 7'777'701, today - 33, 30);
  Invoice(h.on_time, 7'777'702, today - 33, 30);
  jobs::JobRunner runner(env.pool(), registry_, ops::SystemClock());
  absl::StatusOr<jobs::RunResult> run = runner.Run("dunning", today, jobs::WaitForHolder::kYes);
  ASSERT_TRUE(run.ok()) << run.status();
  ASSERT_GT(run->outcome.created, 0) << run->outcome.summary;

  absl::flat_hash_map<int64_t, int32_t> predicted;
  const ops::Caller caller = ops::Caller::System("test");
  ASSERT_TRUE(store::RunInTransaction(env.pool(), [&](store::ConnectionPool::Lease& db) {
                ops::ReadScope read(db, caller, absl::Now(), today);
                absl::StatusOr<absl::flat_hash_map<int64_t, int32_t>> p =
                    ops::PredictOverduePermille(read);
                if (!p.ok()) return p.status();
                predicted = *std::move(p);
                return absl::OkStatus();
              }).ok());
  ASSERT_FALSE(predicted.empty());

  std::unique_ptr<v1::WorklistService::Stub> worklist = v1::WorklistService::NewStub(env.channel());
  auto items_of = [&](int64_t customer) {
    grpc::ClientContext context;
    env.Authorize(context, "finance_head");
    v1::ListWorkItemsRequest request;
    request.set_view(v1::ListWorkItemsRequest::VIEW_CUSTOMER);
    request.set_customer(absl::StrCat("customers/", customer));
    request.set_kind("dunning");
    request.set_page_size(100);
    v1::ListWorkItemsResponse response;
    grpc::Status status = worklist->ListWorkItems(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return std::vector<v1::WorkItem>(response.work_items().begin(), response.work_items().end());
  };
  const std::vector<v1::WorkItem> late_items = items_of(h.very_late);
  ASSERT_FALSE(late_items.empty());
  int checked = 0;
  for (const v1::WorkItem& item : late_items) {
    ASSERT_TRUE(item.has_overdue_permille()) << item.title();
    EXPECT_GE(item.overdue_permille(), 0);
    EXPECT_LE(item.overdue_permille(), 1000);
    if (item.invoices_size() != 1) continue;
    auto invoice = predicted.find(std::stoll(item.invoices(0).invoice().substr(9)));
    ASSERT_NE(invoice, predicted.end()) << item.invoices(0).invoice();
    EXPECT_EQ(item.overdue_permille(), invoice->second);
    ++checked;
  }
  EXPECT_GT(checked, 0);
  // The very late customer's open invoices are the model's likeliest to stay unpaid: every one of
  // its items is weighed at least as heavily as any punctual customer's.
  int32_t punctual_max = 0;
  for (const v1::WorkItem& item : items_of(h.on_time)) {
    punctual_max = std::max(punctual_max, item.overdue_permille());
  }
  for (const v1::WorkItem& item : late_items) EXPECT_GT(item.overdue_permille(), punctual_max);
}

}  // namespace
}  // namespace huikuan::testing
