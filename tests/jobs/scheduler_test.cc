// The scheduler's catch-up against the real MariaDB with a fixed company clock (issue 9): the
// first run starts at --jobs_since or the latest due day (today once 01:30 has passed); after five
// missed days the five days run in order, the jobs of one day in the registry's order; a day
// another replica holds stops that job's catch-up until its lease expires; and the server's own
// scheduler thread catches up on start and stops with the server.
#include "server/jobs/scheduler.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/huikuan_server.h"
#include "server/jobs/all_jobs.h"
#include "server/jobs/late_fees_job.h"
#include "tests/jobs/job_test_support.h"
#include "tests/jobs/test_jobs.h"

namespace huikuan::testing {
namespace {

using ::testing::ElementsAre;

class SchedulerTest : public ::testing::Test {
 protected:
  SchedulerTest() {
    EXPECT_TRUE(registry_.Add(std::make_unique<jobs::LateFeesJob>()).ok());
    auto recorder = std::make_unique<DayRecorderJob>("day_recorder");
    recorder_ = recorder.get();
    EXPECT_TRUE(registry_.Add(std::move(recorder)).ok());
    db_->AddOverdueInvoice(1'000'000, "2026-04-01");
  }

  jobs::ScheduleOptions Options(std::optional<core::EpochDay> since = std::nullopt) {
    jobs::ScheduleOptions options;
    options.at = {1, 30};
    options.since = since;
    options.log = [this](const std::string& line) { log_.push_back(line); };
    return options;
  }

  // "job day status" of every run, in the order the runs were created.
  std::vector<std::string> Runs() {
    std::vector<std::string> runs;
    const std::string all = db_->Text(
        "SELECT GROUP_CONCAT(CONCAT(job, ' ', as_of_date, ' ', status) ORDER BY id "
        "SEPARATOR '|') FROM job_runs");
    if (all.empty()) return runs;
    size_t start = 0;
    for (size_t bar = all.find('|'); bar != std::string::npos; bar = all.find('|', start)) {
      runs.push_back(all.substr(start, bar - start));
      start = bar + 1;
    }
    runs.push_back(all.substr(start));
    return runs;
  }

  std::unique_ptr<JobTestDatabase> db_ = JobTestDatabase::Create();
  ops::FixedClock clock_{CompanyTime("2026-04-05 10:00")};
  jobs::JobRegistry registry_;
  DayRecorderJob* recorder_ = nullptr;
  std::vector<std::string> log_;
};

TEST_F(SchedulerTest, CatchesUpFiveMissedDaysInOrder) {
  jobs::JobRunner runner(db_->pool(), registry_, clock_);
  jobs::Scheduler scheduler(runner, Options());
  // The very first time: only the latest due day (today, 01:30 has passed), not the history.
  jobs::CatchUpReport first = scheduler.CatchUp();
  EXPECT_EQ(first.days_ran, 2);
  EXPECT_TRUE(first.complete);
  EXPECT_THAT(Runs(),
              ElementsAre("late_fees 2026-04-05 succeeded", "day_recorder 2026-04-05 succeeded"));
  EXPECT_EQ(db_->Count("SELECT COUNT(*) FROM late_fee_accruals"), 4);

  // The server was down for five days.
  clock_.Set(CompanyTime("2026-04-10 09:00"));
  jobs::CatchUpReport catch_up = scheduler.CatchUp();
  EXPECT_EQ(catch_up.days_ran, 10);
  EXPECT_TRUE(catch_up.complete);
  const std::vector<std::string> runs = Runs();
  ASSERT_EQ(runs.size(), 12u);
  std::vector<std::string> expected;
  for (const char* day :
       {"2026-04-05", "2026-04-06", "2026-04-07", "2026-04-08", "2026-04-09", "2026-04-10"}) {
    expected.push_back(absl::StrCat("late_fees ", day, " succeeded"));
    expected.push_back(absl::StrCat("day_recorder ", day, " succeeded"));
  }
  EXPECT_EQ(runs, expected);
  EXPECT_THAT(recorder_->days(),
              ElementsAre(Day("2026-04-05"), Day("2026-04-06"), Day("2026-04-07"),
                          Day("2026-04-08"), Day("2026-04-09"), Day("2026-04-10")));
  // Each missed day charged its own overdue day.
  EXPECT_EQ(db_->Count("SELECT COUNT(*) FROM job_runs WHERE job = 'late_fees' AND "
                       "as_of_date > '2026-04-05' AND created_count = 1"),
            5);
  EXPECT_EQ(db_->Count("SELECT COUNT(*) FROM late_fee_accruals"), 9);

  // Nothing is due again until the next day's 01:30.
  clock_.Set(CompanyTime("2026-04-11 01:29"));
  EXPECT_EQ(scheduler.CatchUp().days_ran, 0);
  clock_.Set(CompanyTime("2026-04-11 01:30"));
  EXPECT_EQ(scheduler.CatchUp().days_ran, 2);
}

TEST_F(SchedulerTest, TheFirstDayIsJobsSinceAndTodayWaitsForItsTime) {
  jobs::JobRunner runner(db_->pool(), registry_, clock_);
  clock_.Set(CompanyTime("2026-04-05 01:00"));  // before 01:30: today is not due yet
  jobs::Scheduler scheduler(runner, Options(Day("2026-04-03")));
  EXPECT_EQ(scheduler.CatchUp().days_ran, 4);
  EXPECT_THAT(recorder_->days(), ElementsAre(Day("2026-04-03"), Day("2026-04-04")));
  EXPECT_EQ(db_->Count("SELECT COUNT(*) FROM late_fee_accruals"), 3);
  // `since` only matters the first time: the next day follows the last succeeded one.
  clock_.Set(CompanyTime("2026-04-05 01:30"));
  EXPECT_EQ(scheduler.CatchUp().days_ran, 2);
  EXPECT_EQ(db_->Count("SELECT MIN(as_of_date) = '2026-04-03' FROM job_runs"), 1);
}

TEST_F(SchedulerTest, ADayAnotherReplicaHoldsIsLeftToIt) {
  jobs::JobRunner runner(db_->pool(), registry_, clock_);
  jobs::Scheduler scheduler(runner, Options());
  ASSERT_EQ(scheduler.CatchUp().days_ran, 2);  // 2026-04-05
  // Another replica is running late fees for 04-07.
  db_->Exec(
      "INSERT INTO job_runs (job, as_of_date, status, owner, attempts, lease_expire_time) "
      "VALUES ('late_fees', '2026-04-07', 'running', 'other-host/7/cafe', 1, "
      "NOW(6) + INTERVAL 1 HOUR)");
  clock_.Set(CompanyTime("2026-04-09 10:00"));
  jobs::CatchUpReport report = scheduler.CatchUp();
  EXPECT_FALSE(report.complete);
  // late_fees: 04-06 runs, 04-07 is left, and its later days wait for it; the recorder goes on.
  EXPECT_EQ(db_->Text("SELECT GROUP_CONCAT(as_of_date ORDER BY as_of_date) FROM job_runs WHERE "
                      "job = 'late_fees' AND status = 'succeeded'"),
            "2026-04-05,2026-04-06");
  EXPECT_THAT(recorder_->days(),
              ElementsAre(Day("2026-04-05"), Day("2026-04-06"), Day("2026-04-07"),
                          Day("2026-04-08"), Day("2026-04-09")));
  EXPECT_EQ(report.days_ran, 5);
  bool logged = false;
  for (const auto& line : log_) {
    logged =
        logged || line == "job late_fees 2026-04-07: held elsewhere, left to other-host/7/cafe";
  }
  EXPECT_TRUE(logged);

  // The other replica died: once its lease is over, the next catch-up takes the day over.
  db_->Exec(
      "UPDATE job_runs SET lease_expire_time = NOW(6) - INTERVAL 1 SECOND WHERE "
      "owner = 'other-host/7/cafe'");
  report = scheduler.CatchUp();
  EXPECT_TRUE(report.complete);
  EXPECT_EQ(report.days_ran, 3);
  EXPECT_EQ(db_->Text("SELECT GROUP_CONCAT(CONCAT(as_of_date, ':', attempts) ORDER BY as_of_date) "
                      "FROM job_runs WHERE job = 'late_fees' AND status = 'succeeded'"),
            "2026-04-05:1,2026-04-06:1,2026-04-07:2,2026-04-08:1,2026-04-09:1");
  EXPECT_EQ(db_->Count("SELECT COUNT(*) FROM late_fee_accruals"), 8);
}

TEST_F(SchedulerTest, TheServerCatchesUpOnStartAndStopsWithTheServer) {
  ServerOptions options;
  options.listen_address = "127.0.0.1:0";
  options.db = db_->config();
  options.log_rpcs = false;
  options.clock = &clock_;
  options.jobs = &registry_;
  options.job_schedule = Options(Day("2026-04-03"));
  auto server = HuikuanServer::Start(options);
  ASSERT_TRUE(server.ok()) << server.status();
  // 04-03, 04-04 and 04-05 of both jobs.
  ASSERT_TRUE([&] {
    const absl::Time deadline = absl::Now() + absl::Seconds(120);
    while (absl::Now() < deadline) {
      if (db_->Count("SELECT COUNT(*) FROM job_runs WHERE status = 'succeeded'") == 6) return true;
      absl::SleepFor(absl::Milliseconds(20));
    }
    return false;
  }());
  (*server)->Shutdown();
  server->reset();
  EXPECT_EQ(db_->Count("SELECT COUNT(*) FROM job_runs"), 6);
  EXPECT_EQ(db_->Count("SELECT COUNT(*) FROM late_fee_accruals"), 4);
}

}  // namespace
}  // namespace huikuan::testing
