// The daily run across processes (issue 9): two `huikuan-server run-job` processes started at once
// for the same day create exactly one set of accruals (and of the ladder's work items), and a
// `run-job` process killed with SIGKILL while it holds a day's lease (its work done but not
// committed) is finished by another process once the lease has expired, with the killed attempt's
// work rolled back by the database.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/jobs/job_test_support.h"

extern char** environ;

namespace huikuan::testing {
namespace {

using ::testing::HasSubstr;

// A child process with stdout and stderr in `output`.
pid_t Spawn(const std::vector<std::string>& args, const std::string& output) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, output.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  std::vector<char*> argv;
  for (const std::string& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int error = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  EXPECT_EQ(error, 0) << args[0];
  return pid;
}

// The exit code, or 128 + the signal that ended it.
int Wait(pid_t pid) {
  int status = 0;
  EXPECT_EQ(waitpid(pid, &status, 0), pid);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return WEXITSTATUS(status);
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class RunJobProcessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    work_ = std::filesystem::temp_directory_path() / absl::StrCat("run_job_test_", getpid());
    std::filesystem::create_directories(work_);
  }
  void TearDown() override { std::filesystem::remove_all(work_); }

  std::vector<std::string> ServerRunJob(const std::string& as_of,
                                        const std::string& job = "late_fees") {
    return {HUIKUAN_SERVER_BINARY,
            "run-job",
            job,
            absl::StrCat("--as_of=", as_of),
            absl::StrCat("--db_port=", db_->config().port),
            absl::StrCat("--db_name=", db_->config().database),
            "--jobs_lease=5s"};
  }

  std::vector<std::string> TestRunJob(const std::string& as_of, int lease_ms, int hold_ms,
                                      const std::string& marker) {
    return {JOB_TEST_RUNNER, db_->config().database, "slow_late_fees",
            as_of,           absl::StrCat(lease_ms), absl::StrCat(hold_ms),
            marker};
  }

  std::string Path(const std::string& name) const { return (work_ / name).string(); }

  std::unique_ptr<JobTestDatabase> db_ = JobTestDatabase::Create();
  std::filesystem::path work_;
};

TEST_F(RunJobProcessTest, TwoProcessesStartedAtOnceRunTheDayOnce) {
  db_->AddOverdueInvoice(1'000'000, "2026-04-01");
  db_->AddOverdueInvoice(3'000'000, "2026-04-05");
  for (const std::string day : {"2026-04-10", "2026-04-11", "2026-04-12"}) {
    const pid_t first = Spawn(ServerRunJob(day), Path("a.out"));
    const pid_t second = Spawn(ServerRunJob(day), Path("b.out"));
    EXPECT_EQ(Wait(first), 0) << ReadFile(Path("a.out"));
    EXPECT_EQ(Wait(second), 0) << ReadFile(Path("b.out"));
    const std::string a = ReadFile(Path("a.out"));
    const std::string b = ReadFile(Path("b.out"));
    const std::string ran = absl::StrCat("late_fees ", day, ": ran (");
    const std::string done = absl::StrCat("late_fees ", day, ": already succeeded (");
    // One ran it; the other found it done (after waiting for it, if they overlapped).
    EXPECT_TRUE((absl::StrContains(a, ran) && absl::StrContains(b, done)) ||
                (absl::StrContains(b, ran) && absl::StrContains(a, done)))
        << "first:\n"
        << a << "second:\n"
        << b;
  }
  // 9 + 5 overdue days as of 04-10, then 2 more days for each invoice: each charged once.
  EXPECT_EQ(db_->Count("SELECT COUNT(*) FROM late_fee_accruals"), 18);
  EXPECT_EQ(db_->Count("SELECT COUNT(*) FROM job_runs WHERE status = 'succeeded' AND attempts = 1"),
            3);
  EXPECT_EQ(db_->Count("SELECT COUNT(*) FROM audit_events WHERE resource LIKE 'jobRuns/%'"), 3);
}

// The ladder's days run by two processes at once: one work item per step, never two.
TEST_F(RunJobProcessTest, R_DUN_1_TwoProcessesRunningTheLadderCreateOneSetOfItems) {
  db_->AddOverdueInvoice(2'000'000, "2026-04-01");
  for (const std::string day : {"2026-03-25", "2026-04-04", "2026-04-08"}) {
    const pid_t first = Spawn(ServerRunJob(day, "dunning"), Path("a.out"));
    const pid_t second = Spawn(ServerRunJob(day, "dunning"), Path("b.out"));
    EXPECT_EQ(Wait(first), 0) << ReadFile(Path("a.out"));
    EXPECT_EQ(Wait(second), 0) << ReadFile(Path("b.out"));
  }
  EXPECT_EQ(db_->Text("SELECT GROUP_CONCAT(step ORDER BY id) FROM work_items"),
            "pre_reminder,dunning_letter,investment_manager");
  EXPECT_EQ(db_->Count("SELECT COUNT(*) FROM job_runs WHERE job = 'dunning' AND status = "
                       "'succeeded'"),
            3);
  EXPECT_EQ(db_->Count("SELECT COUNT(*) FROM audit_events WHERE resource LIKE 'workItems/%' AND "
                       "actor_role = 'system:job/dunning'"),
            3);
}

TEST_F(RunJobProcessTest, AKilledRunIsFinishedByAnotherProcessAfterItsLease) {
  db_->AddOverdueInvoice(1'000'000, "2026-04-01");
  const std::string marker = Path("holding");
  // The first process claims the day (2 s lease, beating every 0.67 s), does the work and holds
  // its transaction open.
  const pid_t doomed = Spawn(TestRunJob("2026-04-10", 2000, 600'000, marker), Path("doomed.out"));
  const absl::Time deadline = absl::Now() + absl::Seconds(120);
  while (!std::filesystem::exists(marker) && absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(20));
  }
  ASSERT_TRUE(std::filesystem::exists(marker)) << ReadFile(Path("doomed.out"));
  const std::string owner = db_->Text("SELECT owner FROM job_runs");
  EXPECT_THAT(owner, HasSubstr(absl::StrCat("/", doomed, "/")));
  EXPECT_EQ(db_->Text("SELECT status FROM job_runs"), "running");
  EXPECT_EQ(db_->Count("SELECT COUNT(*) FROM late_fee_accruals"), 0);  // not committed

  ASSERT_EQ(kill(doomed, SIGKILL), 0);
  EXPECT_EQ(Wait(doomed), 128 + SIGKILL);

  // Another process for the same day waits out the dead process's lease, then runs the day.
  const pid_t rescuer = Spawn(TestRunJob("2026-04-10", 2000, 0, ""), Path("rescuer.out"));
  EXPECT_EQ(Wait(rescuer), 0) << ReadFile(Path("rescuer.out"));
  const std::string out = ReadFile(Path("rescuer.out"));
  EXPECT_THAT(out, HasSubstr("slow_late_fees 2026-04-10: ran ("));
  EXPECT_THAT(out, HasSubstr("succeeded, attempt 2"));
  EXPECT_THAT(out, HasSubstr(absl::StrCat("an earlier attempt: attempt 1 by ", owner,
                                          " stopped before finishing")));
  EXPECT_EQ(db_->Count("SELECT COUNT(*) FROM late_fee_accruals"), 9);
  EXPECT_EQ(db_->Count("SELECT SUM(fee_fen) FROM late_fee_accruals"), 4'500);
  EXPECT_EQ(db_->Text("SELECT GROUP_CONCAT(request_id) FROM audit_events WHERE resource LIKE "
                      "'jobRuns/%'"),
            "slow_late_fees/2026-04-10/2");
}

}  // namespace
}  // namespace huikuan::testing
