// The lease runner against the real MariaDB (issue 9, "The daily run"): a day runs once and is
// audited as system:job/<name>; a replayed day and a dry run create nothing; two runners with
// their own pools racing for the same days create exactly one set of accruals; a runner that
// stalls past its lease is taken over and its work rolled back; the heartbeat keeps a long day's
// lease; a failed day is recorded and runs again; bad input names its field. Every test has a
// database of its own, so the late-fee figures are exact: one invoice of 1,000,000 fen due
// 2026-04-01 owes 9 days (500 fen each) as of 2026-04-10 (R-TERM-4).
#include "server/jobs/job_runner.h"

#include <iostream>
#include <latch>
#include <memory>
#include <sstream>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/core/violations.h"
#include "server/jobs/all_jobs.h"
#include "server/jobs/late_fees_job.h"
#include "server/jobs/run_job_command.h"
#include "server/ops/clock.h"
#include "tests/jobs/job_test_support.h"
#include "tests/jobs/test_jobs.h"

namespace huikuan::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::vector<std::string> ViolatedFields(const absl::Status& status) {
  std::vector<std::string> fields;
  for (const auto& violation : core::GetFieldViolations(status)) fields.push_back(violation.field);
  return fields;
}

// Polls `condition` until it holds (a generous bound: the machine may be busy; a test waits for an
// event here, it never asserts how fast it came).
template <typename Condition>
bool Eventually(Condition condition, absl::Duration bound = absl::Seconds(120)) {
  const absl::Time deadline = absl::Now() + bound;
  while (absl::Now() < deadline) {
    if (condition()) return true;
    absl::SleepFor(absl::Milliseconds(20));
  }
  return condition();
}

class JobRunnerTest : public ::testing::Test {
 protected:
  JobRunnerTest() : registry_(jobs::AllJobs()) {}

  std::unique_ptr<JobTestDatabase> db_ = JobTestDatabase::Create();
  ops::FixedClock clock_{CompanyTime("2026-05-10 10:00")};
  jobs::JobRegistry registry_;

  int64_t Accruals() { return db_->Count("SELECT COUNT(*) FROM late_fee_accruals"); }
  int64_t AuditEvents() { return db_->Count("SELECT COUNT(*) FROM audit_events"); }
};

TEST_F(JobRunnerTest, RunsTheDayOnceAndAuditsItAsTheSystem) {
  const int64_t invoice = db_->AddOverdueInvoice(1'000'000, "2026-04-01");
  jobs::JobRunner runner(db_->pool(), registry_, clock_);

  absl::StatusOr<jobs::RunResult> result =
      runner.Run("late_fees", Day("2026-04-10"), jobs::WaitForHolder::kNo);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->disposition, jobs::RunDisposition::kRan);
  EXPECT_FALSE(result->before.has_value());
  const store::JobRunRecord& run = result->run;
  EXPECT_EQ(run.job, "late_fees");
  EXPECT_EQ(run.as_of, Day("2026-04-10"));
  EXPECT_EQ(run.status, store::JobRunStatus::kSucceeded);
  EXPECT_EQ(run.attempts, 1);
  EXPECT_EQ(run.owner, runner.owner());
  EXPECT_EQ(run.created, 9);
  EXPECT_EQ(run.changed, 0);
  EXPECT_EQ(run.skipped, 0);
  EXPECT_EQ(run.summary, "1 invoices charged 9 overdue days, 45.00 yuan of late fees");
  EXPECT_TRUE(run.finish_time.has_value());
  EXPECT_THAT(result->outcome.items, ElementsAre(absl::StrCat("invoices/", invoice)));
  EXPECT_EQ(Accruals(), 9);
  EXPECT_EQ(db_->Count("SELECT SUM(fee_fen) FROM late_fee_accruals"), 4'500);

  // The run's own event and the accrual's, both by the system with no user, in one attempt.
  const std::string resource = absl::StrCat("jobRuns/", run.id);
  EXPECT_EQ(db_->Count(absl::StrCat("SELECT COUNT(*) FROM audit_events WHERE resource = '",
                                    resource, "'")),
            1);
  EXPECT_EQ(db_->Text(absl::StrCat(
                "SELECT CONCAT(actor_user_id, ' ', actor_role, ' ', method, ' ', request_id) "
                "FROM audit_events WHERE resource = '",
                resource, "'")),
            "0 system:job/late_fees job/late_fees late_fees/2026-04-10/1");
  EXPECT_THAT(db_->Text(absl::StrCat("SELECT before_json FROM audit_events WHERE resource = '",
                                     resource, "'")),
              HasSubstr("\"status\":\"running\""));
  EXPECT_THAT(db_->Text(absl::StrCat("SELECT after_json FROM audit_events WHERE resource = '",
                                     resource, "'")),
              HasSubstr("\"status\":\"succeeded\",\"owner\""));
  EXPECT_EQ(db_->Text("SELECT CONCAT(actor_user_id, ' ', actor_role, ' ', method) FROM "
                      "audit_events WHERE resource = 'lateFees:accrue/2026-04-10'"),
            "0 system:job/late_fees job/late_fees");

  // Replaying the succeeded day creates nothing and records nothing.
  const int64_t events = AuditEvents();
  absl::StatusOr<jobs::RunResult> again =
      runner.Run("late_fees", Day("2026-04-10"), jobs::WaitForHolder::kNo);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->disposition, jobs::RunDisposition::kAlreadySucceeded);
  EXPECT_EQ(again->run.id, run.id);
  EXPECT_EQ(again->run.created, 9);
  EXPECT_EQ(Accruals(), 9);
  EXPECT_EQ(AuditEvents(), events);
  EXPECT_EQ(db_->Count("SELECT COUNT(*) FROM job_runs"), 1);
}

TEST_F(JobRunnerTest, AnEarlierDayRunAfterALaterOneCreatesNothingNew) {
  db_->AddOverdueInvoice(1'000'000, "2026-04-01");
  jobs::JobRunner runner(db_->pool(), registry_, clock_);
  auto later = runner.Run("late_fees", Day("2026-04-12"), jobs::WaitForHolder::kNo);
  ASSERT_TRUE(later.ok()) << later.status();
  EXPECT_EQ(later->run.created, 11);
  // Its own (job, day), so it runs; the accruals' unique keys make it charge nothing again.
  auto earlier = runner.Run("late_fees", Day("2026-04-10"), jobs::WaitForHolder::kNo);
  ASSERT_TRUE(earlier.ok()) << earlier.status();
  EXPECT_EQ(earlier->disposition, jobs::RunDisposition::kRan);
  EXPECT_EQ(earlier->run.created, 0);
  EXPECT_TRUE(earlier->outcome.items.empty());
  EXPECT_EQ(Accruals(), 11);
}

TEST_F(JobRunnerTest, DryRunReportsTheDayAndRecordsNothing) {
  const int64_t invoice = db_->AddOverdueInvoice(1'000'000, "2026-04-01");
  jobs::JobRunner runner(db_->pool(), registry_, clock_);
  const int64_t events = AuditEvents();

  absl::StatusOr<jobs::JobOutcome> dry = runner.DryRun("late_fees", Day("2026-04-10"));
  ASSERT_TRUE(dry.ok()) << dry.status();
  EXPECT_EQ(dry->created, 9);
  EXPECT_THAT(dry->items, ElementsAre(absl::StrCat("invoices/", invoice)));
  EXPECT_EQ(Accruals(), 0);
  EXPECT_EQ(db_->Count("SELECT COUNT(*) FROM job_runs"), 0);
  EXPECT_EQ(AuditEvents(), events);

  // The real run of the same day then does exactly what the dry run said.
  auto real = runner.Run("late_fees", Day("2026-04-10"), jobs::WaitForHolder::kNo);
  ASSERT_TRUE(real.ok()) << real.status();
  EXPECT_EQ(real->run.created, dry->created);
  EXPECT_EQ(real->outcome.items, dry->items);
  EXPECT_EQ(real->run.summary, dry->summary);
}

TEST_F(JobRunnerTest, BadInputNamesTheField) {
  jobs::JobRunner runner(db_->pool(), registry_, clock_);
  auto unknown = runner.Run("no_such_job", Day("2026-04-10"), jobs::WaitForHolder::kNo);
  EXPECT_EQ(unknown.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(ViolatedFields(unknown.status()), ElementsAre("job"));
  EXPECT_THAT(unknown.status().message(), HasSubstr("late_fees"));  // lists the jobs

  // Today (2026-05-10 in Shanghai) is allowed; tomorrow is not.
  auto tomorrow = runner.Run("late_fees", Day("2026-05-11"), jobs::WaitForHolder::kNo);
  EXPECT_EQ(tomorrow.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(ViolatedFields(tomorrow.status()), ElementsAre("as_of_date"));
  auto dry_tomorrow = runner.DryRun("late_fees", Day("2026-05-11"));
  EXPECT_THAT(ViolatedFields(dry_tomorrow.status()), ElementsAre("as_of_date"));
  auto both = runner.DryRun("nope", Day("2026-05-11"));
  EXPECT_THAT(ViolatedFields(both.status()), ElementsAre("job", "as_of_date"));
  auto today = runner.Run("late_fees", Day("2026-05-10"), jobs::WaitForHolder::kNo);
  EXPECT_TRUE(today.ok()) << today.status();

  // The command line names its flag.
  std::ostringstream out;
  absl::Status bad_date =
      jobs::RunJobFromCommandLine(runner, {"late_fees", "2026-02-30", false}, out);
  EXPECT_THAT(ViolatedFields(bad_date), ElementsAre("--as_of"));
  absl::Status future = jobs::RunJobFromCommandLine(runner, {"late_fees", "2026-05-11", true}, out);
  EXPECT_THAT(ViolatedFields(future), ElementsAre("--as_of"));
  EXPECT_EQ(db_->Count("SELECT COUNT(*) FROM job_runs"), 1);  // only today's
}

TEST_F(JobRunnerTest, TwoRunnersWithTheirOwnPoolsRunEachDayOnce) {
  db_->AddOverdueInvoice(1'000'000, "2026-04-01");
  db_->AddOverdueInvoice(2'000'000, "2026-04-01");
  // Two replicas: their own connection pools and owners, the same database.
  auto pool_a = store::ConnectionPool::Create(db_->config());
  auto pool_b = store::ConnectionPool::Create(db_->config());
  ASSERT_TRUE(pool_a.ok() && pool_b.ok());
  jobs::JobRunner a(**pool_a, registry_, clock_);
  jobs::JobRunner b(**pool_b, registry_, clock_);
  ASSERT_NE(a.owner(), b.owner());

  const core::EpochDay first = Day("2026-04-05");
  constexpr int kDays = 10;
  int contended = 0;  // days where one runner found the other holding the day
  for (int i = 0; i < kDays; ++i) {
    const core::EpochDay day = first + i;
    std::latch start(2);
    absl::StatusOr<jobs::RunResult> result_a, result_b;
    // One waits for the other (the command line), one does not (the scheduler).
    std::thread thread_a([&] {
      start.arrive_and_wait();
      result_a = a.Run("late_fees", day, jobs::WaitForHolder::kYes);
    });
    std::thread thread_b([&] {
      start.arrive_and_wait();
      result_b = b.Run("late_fees", day, jobs::WaitForHolder::kNo);
    });
    thread_a.join();
    thread_b.join();
    ASSERT_TRUE(result_a.ok()) << result_a.status();
    ASSERT_TRUE(result_b.ok()) << result_b.status();
    const int ran = (result_a->disposition == jobs::RunDisposition::kRan) +
                    (result_b->disposition == jobs::RunDisposition::kRan);
    EXPECT_EQ(ran, 1) << core::FormatDate(day) << ": a "
                      << jobs::RunDispositionName(result_a->disposition) << ", b "
                      << jobs::RunDispositionName(result_b->disposition);
    // The waiting runner always ends with the day done.
    EXPECT_EQ(result_a->run.status, store::JobRunStatus::kSucceeded);
    contended += result_b->disposition == jobs::RunDisposition::kHeldElsewhere ||
                 (result_a->before && result_a->before->status == store::JobRunStatus::kRunning);
  }
  // How often the two overlapped depends on the machine; the outcome must not.
  std::cout << "days where the runners overlapped: " << contended << " of " << kDays << "\n";
  // 2 invoices x 13 overdue days (04-02..04-14), each charged once; one attempt per day.
  EXPECT_EQ(Accruals(), 26);
  EXPECT_EQ(db_->Count("SELECT COUNT(*) FROM job_runs WHERE status = 'succeeded' AND attempts = 1"),
            kDays);
  EXPECT_EQ(db_->Count("SELECT COUNT(*) FROM audit_events WHERE resource LIKE 'jobRuns/%'"), kDays);
  EXPECT_EQ(db_->Count("SELECT COUNT(*) FROM audit_events WHERE resource LIKE 'lateFees:%'"),
            kDays);
}

TEST_F(JobRunnerTest, ARunnerThatStallsPastItsLeaseIsTakenOverAndRolledBack) {
  db_->AddOverdueInvoice(1'000'000, "2026-04-01");
  // Runner A stalls inside its transaction (accruals inserted, customers locked) and never beats,
  // so its short lease expires; runner B takes the day over and runs it; when A finally tries to
  // mark the day succeeded, it no longer holds the run: everything A did is rolled back.
  jobs::JobRegistry registry_a, registry_b;
  auto gated_a = std::make_unique<GatedLateFeesJob>("gated_fees");
  auto gated_b = std::make_unique<GatedLateFeesJob>("gated_fees");
  GatedLateFeesJob& gate_a = *gated_a;
  gated_b->Release();
  ASSERT_TRUE(registry_a.Add(std::move(gated_a)).ok());
  ASSERT_TRUE(registry_b.Add(std::move(gated_b)).ok());
  jobs::RunnerOptions stalled;
  stalled.lease = absl::Milliseconds(300);
  stalled.heartbeat_interval = absl::InfiniteDuration();
  jobs::JobRunner a(db_->pool(), registry_a, clock_, stalled);
  auto pool_b = store::ConnectionPool::Create(db_->config());
  ASSERT_TRUE(pool_b.ok());
  jobs::RunnerOptions healthy;
  healthy.lease = absl::Seconds(30);
  jobs::JobRunner b(**pool_b, registry_b, clock_, healthy);
  const core::EpochDay day = Day("2026-04-10");

  absl::StatusOr<jobs::RunResult> result_a, result_b;
  std::thread thread_a([&] { result_a = a.Run("gated_fees", day, jobs::WaitForHolder::kNo); });
  gate_a.WaitUntilHeld();
  std::thread thread_b([&] { result_b = b.Run("gated_fees", day, jobs::WaitForHolder::kYes); });
  // B's claim (attempt 2) commits once A's lease has expired; B then waits for A's row locks.
  ASSERT_TRUE(Eventually(
      [&] { return db_->Count("SELECT COALESCE(MAX(attempts), 0) FROM job_runs") == 2; }));
  EXPECT_EQ(Accruals(), 0);  // A's accruals are not committed
  gate_a.Release();
  thread_a.join();
  thread_b.join();

  ASSERT_TRUE(result_a.ok()) << result_a.status();
  ASSERT_TRUE(result_b.ok()) << result_b.status();
  EXPECT_EQ(result_a->disposition, jobs::RunDisposition::kLeaseLost);
  EXPECT_EQ(result_b->disposition, jobs::RunDisposition::kRan);
  EXPECT_EQ(result_b->run.attempts, 2);
  EXPECT_EQ(result_b->run.owner, b.owner());
  EXPECT_EQ(result_b->run.created, 9);
  EXPECT_THAT(result_b->run.error,
              HasSubstr(absl::StrCat("attempt 1 by ", a.owner(), " stopped before finishing")));
  EXPECT_EQ(Accruals(), 9);
  // Only B's attempt left evidence.
  EXPECT_EQ(db_->Text("SELECT GROUP_CONCAT(request_id) FROM audit_events WHERE resource LIKE "
                      "'jobRuns/%'"),
            "gated_fees/2026-04-10/2");
}

TEST_F(JobRunnerTest, TheHeartbeatKeepsALongDaysLease) {
  db_->AddOverdueInvoice(1'000'000, "2026-04-01");
  jobs::JobRegistry registry;
  auto gated = std::make_unique<GatedLateFeesJob>("gated_fees");
  GatedLateFeesJob& gate = *gated;
  ASSERT_TRUE(registry.Add(std::move(gated)).ok());
  jobs::RunnerOptions options;
  options.lease = absl::Seconds(3);
  options.heartbeat_interval = absl::Milliseconds(300);
  jobs::JobRunner a(db_->pool(), registry, clock_, options);
  jobs::JobRunner b(db_->pool(), registry, clock_, options);
  const core::EpochDay day = Day("2026-04-10");

  absl::StatusOr<jobs::RunResult> result_a;
  std::thread thread_a([&] { result_a = a.Run("gated_fees", day, jobs::WaitForHolder::kNo); });
  gate.WaitUntilHeld();
  // Well past the first lease's end, the lease still holds: the beats extended it.
  ASSERT_TRUE(Eventually([&] {
    return db_->Count("SELECT NOW(6) > start_time + INTERVAL 4 SECOND FROM job_runs") == 1;
  }));
  EXPECT_EQ(db_->Count("SELECT lease_expire_time > NOW(6) FROM job_runs"), 1);
  EXPECT_EQ(db_->Count("SELECT heartbeat_time > start_time + INTERVAL 1 SECOND FROM job_runs"), 1);
  absl::StatusOr<jobs::RunResult> held = b.Run("gated_fees", day, jobs::WaitForHolder::kNo);
  ASSERT_TRUE(held.ok()) << held.status();
  EXPECT_EQ(held->disposition, jobs::RunDisposition::kHeldElsewhere);
  EXPECT_EQ(held->run.owner, a.owner());
  gate.Release();
  thread_a.join();
  ASSERT_TRUE(result_a.ok()) << result_a.status();
  EXPECT_EQ(result_a->disposition, jobs::RunDisposition::kRan);
  EXPECT_EQ(result_a->run.attempts, 1);
  EXPECT_EQ(Accruals(), 9);
}

TEST_F(JobRunnerTest, AFailedDayIsRecordedRolledBackAndRunAgain) {
  db_->AddOverdueInvoice(1'000'000, "2026-04-01");
  jobs::JobRegistry registry;
  auto failing = std::make_unique<FailingLateFeesJob>("flaky_fees");
  FailingLateFeesJob& flaky = *failing;
  ASSERT_TRUE(registry.Add(std::move(failing)).ok());
  jobs::JobRunner runner(db_->pool(), registry, clock_);
  const core::EpochDay day = Day("2026-04-10");

  auto failed = runner.Run("flaky_fees", day, jobs::WaitForHolder::kNo);
  EXPECT_EQ(failed.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(failed.status().message(), HasSubstr("flaky_fees as of 2026-04-10: simulated"));
  EXPECT_EQ(Accruals(), 0);
  EXPECT_EQ(db_->Text("SELECT CONCAT(status, ' ', attempts, ' ', error) FROM job_runs"),
            "failed 1 FAILED_PRECONDITION: simulated failure after the day's work");
  // The failure is evidence too (the work's own events were rolled back with it).
  EXPECT_THAT(db_->Text("SELECT after_json FROM audit_events WHERE resource LIKE 'jobRuns/%'"),
              HasSubstr("\"status\":\"failed\""));
  EXPECT_EQ(db_->Count("SELECT COUNT(*) FROM audit_events WHERE resource LIKE 'lateFees:%'"), 0);

  flaky.set_failing(false);
  auto retried = runner.Run("flaky_fees", day, jobs::WaitForHolder::kNo);
  ASSERT_TRUE(retried.ok()) << retried.status();
  EXPECT_EQ(retried->disposition, jobs::RunDisposition::kRan);
  EXPECT_EQ(retried->run.attempts, 2);
  EXPECT_EQ(retried->run.status, store::JobRunStatus::kSucceeded);
  EXPECT_THAT(retried->run.error, HasSubstr("simulated"));  // why attempt 1 failed
  EXPECT_EQ(Accruals(), 9);
}

TEST_F(JobRunnerTest, AnAbandonedRunIsTakenOverOnceItsLeaseExpired) {
  db_->AddOverdueInvoice(1'000'000, "2026-04-01");
  // A replica died while running the day: its row stays running with a lease that ran out.
  db_->Exec(
      "INSERT INTO job_runs (job, as_of_date, status, owner, attempts, lease_expire_time) "
      "VALUES ('late_fees', '2026-04-10', 'running', 'gone-host/42/deadbeef', 1, "
      "NOW(6) - INTERVAL 1 SECOND)");
  jobs::JobRunner runner(db_->pool(), registry_, clock_);
  auto result = runner.Run("late_fees", Day("2026-04-10"), jobs::WaitForHolder::kNo);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->disposition, jobs::RunDisposition::kRan);
  ASSERT_TRUE(result->before.has_value());
  EXPECT_EQ(result->before->owner, "gone-host/42/deadbeef");
  EXPECT_EQ(result->run.attempts, 2);
  EXPECT_THAT(result->run.error,
              HasSubstr("attempt 1 by gone-host/42/deadbeef stopped before finishing"));
  EXPECT_EQ(Accruals(), 9);

  // A lease that has not expired is left alone.
  db_->Exec(
      "INSERT INTO job_runs (job, as_of_date, status, owner, attempts, lease_expire_time) "
      "VALUES ('late_fees', '2026-04-11', 'running', 'busy-host/7/cafe', 1, "
      "NOW(6) + INTERVAL 1 HOUR)");
  auto held = runner.Run("late_fees", Day("2026-04-11"), jobs::WaitForHolder::kNo);
  ASSERT_TRUE(held.ok()) << held.status();
  EXPECT_EQ(held->disposition, jobs::RunDisposition::kHeldElsewhere);
  EXPECT_EQ(held->run.owner, "busy-host/7/cafe");
  EXPECT_EQ(Accruals(), 9);
}

}  // namespace
}  // namespace huikuan::testing
