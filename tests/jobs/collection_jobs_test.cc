// The production jobs of the daily run together (issue 9): the dunning ladder caught up over missed
// days through the scheduler, each day's steps created as of that day and a replay creating
// nothing; a dispute raised at D+5 pausing the later steps until a finance head resolves it; and
// escalation taking the items nobody finished to the heads. Real jobs (jobs::AllJobs), a fixed
// company clock, a database of its own.
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/jobs/all_jobs.h"
#include "server/jobs/job_runner.h"
#include "server/jobs/scheduler.h"
#include "server/ops/caller.h"
#include "server/ops/disputes.h"
#include "server/ops/scopes.h"
#include "server/store/transaction.h"
#include "tests/jobs/job_test_support.h"

namespace huikuan::testing {
namespace {

using ::testing::ElementsAre;

class CollectionJobsTest : public ::testing::Test {
 protected:
  CollectionJobsTest() { settings_.collection = {"苏州华恒机械有限公司", "招商银行 6225 8800"}; }

  jobs::ScheduleOptions Since(const std::string& day) {
    jobs::ScheduleOptions options;
    options.at = {1, 30};
    options.since = Day(day);
    return options;
  }

  // Catches every job up to the clock's day, as the scheduler in `serve` does.
  jobs::CatchUpReport CatchUpTo(const std::string& local_time, const std::string& since) {
    clock_.Set(CompanyTime(local_time));
    jobs::Scheduler scheduler(runner_, Since(since));
    return scheduler.CatchUp();
  }

  // "step create_date" of the invoice's dunning items, in id order.
  std::vector<std::string> Steps() {
    return Rows(
        "SELECT GROUP_CONCAT(CONCAT(step, ' ', created_date) ORDER BY id SEPARATOR '|') "
        "FROM work_items WHERE kind = 'dunning'");
  }

  std::vector<std::string> Rows(const std::string& sql) {
    std::vector<std::string> rows;
    const std::string all = db_->Text(sql);
    if (all.empty()) return rows;
    size_t start = 0;
    for (size_t bar = all.find('|'); bar != std::string::npos; bar = all.find('|', start)) {
      rows.push_back(all.substr(start, bar - start));
      start = bar + 1;
    }
    rows.push_back(all.substr(start));
    return rows;
  }

  // A finance head's write at the clock's time.
  void AsFinanceHead(absl::FunctionRef<absl::Status(ops::WriteScope&)> fn) {
    ops::Caller head;
    head.user_id = 1;
    head.username = "finance.head";
    head.department = ops::Department::kFinance;
    head.level = ops::Level::kHead;
    absl::Status status =
        store::RunInTransaction(db_->pool(), [&](store::ConnectionPool::Lease& lease) {
          return ops::RunWrite(lease, head, "test", absl::StrCat("t-", ++writes_), clock_.Now(),
                               fn);
        });
    ASSERT_TRUE(status.ok()) << status;
  }

  std::unique_ptr<JobTestDatabase> db_ = JobTestDatabase::Create();
  ops::FixedClock clock_{CompanyTime("2026-03-20 10:00")};
  jobs::JobSettings settings_;
  jobs::JobRegistry registry_ = jobs::AllJobs(settings_);
  jobs::JobRunner runner_{db_->pool(), registry_, clock_};
  int writes_ = 0;
};

TEST_F(CollectionJobsTest, R_DUN_1_MissedDaysAreCaughtUpEachWithItsOwnSteps) {
  const int64_t invoice = db_->AddOverdueInvoice(5'000'000, "2026-04-01");
  EXPECT_TRUE(CatchUpTo("2026-03-20 10:00", "2026-03-20").complete);
  EXPECT_TRUE(Steps().empty());

  // Down from 03-21 to 04-09: nineteen days, each job in order, each step on its own day.
  jobs::CatchUpReport report = CatchUpTo("2026-04-09 10:00", "2026-03-20");
  EXPECT_TRUE(report.complete);
  EXPECT_EQ(report.days_ran, 20 * static_cast<int>(registry_.jobs().size()));
  EXPECT_THAT(Steps(), ElementsAre("pre_reminder 2026-03-25", "dunning_letter 2026-04-04",
                                   "investment_manager 2026-04-08"));
  // (The relationship cadence's monthly message of 04-03 lists the invoice too.)
  EXPECT_EQ(db_->Count(absl::StrCat("SELECT COUNT(*) FROM work_item_invoices wi JOIN work_items w "
                                    "ON w.id = wi.work_item_id WHERE w.kind = 'dunning' AND "
                                    "wi.invoice_id = ",
                                    invoice)),
            3);
  // The days ran in order: each dunning run after the previous day's.
  EXPECT_EQ(db_->Count("SELECT COUNT(*) FROM job_runs WHERE job = 'dunning' AND status = "
                       "'succeeded'"),
            21);
  EXPECT_EQ(db_->Text("SELECT GROUP_CONCAT(as_of_date ORDER BY id SEPARATOR ',') FROM (SELECT "
                      "id, as_of_date FROM job_runs WHERE job = 'dunning' ORDER BY id DESC "
                      "LIMIT 2) last_two"),
            "2026-04-08,2026-04-09");
  // The pre-reminder went to no one by 03-27 (due + 2 days to act): escalated to the head.
  EXPECT_EQ(db_->Count("SELECT COUNT(*) FROM work_items WHERE step = 'pre_reminder' AND "
                       "escalated = 1"),
            1);
  EXPECT_EQ(db_->Text("SELECT actor_role FROM audit_events WHERE resource LIKE "
                      "'workItems/%' ORDER BY id LIMIT 1"),
            "system:job/dunning");

  // Replaying a past day, for real or dry, creates nothing new.
  const int64_t items = db_->Count("SELECT COUNT(*) FROM work_items");
  absl::StatusOr<jobs::JobOutcome> dry = runner_.DryRun("dunning", Day("2026-04-04"));
  ASSERT_TRUE(dry.ok()) << dry.status();
  EXPECT_EQ(dry->created, 0);
  EXPECT_EQ(dry->skipped, 1);
  db_->Exec("DELETE FROM job_runs WHERE job = 'dunning' AND as_of_date = '2026-04-04'");
  absl::StatusOr<jobs::RunResult> again =
      runner_.Run("dunning", Day("2026-04-04"), jobs::WaitForHolder::kNo);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->outcome.created, 0);
  EXPECT_EQ(db_->Count("SELECT COUNT(*) FROM work_items"), items);
}

TEST_F(CollectionJobsTest, R_DUN_1_ADisputeAtDPlus5PausesTheLaterStepsUntilResolved) {
  const int64_t invoice = db_->AddOverdueInvoice(8'000'000, "2026-04-01");
  CatchUpTo("2026-04-05 10:00", "2026-03-20");
  EXPECT_THAT(Steps(), ElementsAre("pre_reminder 2026-03-25", "dunning_letter 2026-04-04"));

  // D+5 (04-06), before the day's run: the customer disputes the quality.
  clock_.Set(CompanyTime("2026-04-06 00:30"));
  AsFinanceHead([&](ops::WriteScope& write) {
    return ops::RaiseDispute(write, invoice, "invoices/1", core::DisputeReason::kQuality,
                             "货物质量问题，客户拒收部分批次")
        .status();
  });
  jobs::CatchUpReport paused = CatchUpTo("2026-04-20 10:00", "2026-03-20");
  EXPECT_TRUE(paused.complete);
  // +7 (investment, 04-08) and +15 (lawyer letter, 04-16) fell while it was disputed.
  EXPECT_THAT(Steps(), ElementsAre("pre_reminder 2026-03-25", "dunning_letter 2026-04-04"));
  EXPECT_EQ(db_->Count("SELECT COUNT(*) FROM job_runs WHERE job = 'dunning' AND summary LIKE "
                       "'%paused: 1 disputed%'"),
            2);

  // Resolved on 04-21: the ladder goes on with the next step on its own day (+31 litigation).
  clock_.Set(CompanyTime("2026-04-21 09:00"));
  AsFinanceHead([&](ops::WriteScope& write) {
    return ops::ResolveDispute(write, invoice, "invoices/1", "质检复核合格，客户确认").status();
  });
  CatchUpTo("2026-05-03 10:00", "2026-03-20");
  EXPECT_THAT(Steps(), ElementsAre("pre_reminder 2026-03-25", "dunning_letter 2026-04-04",
                                   "litigation 2026-05-02"));
}

}  // namespace
}  // namespace huikuan::testing
