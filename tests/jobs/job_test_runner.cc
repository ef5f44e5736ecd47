// `run-job` for the crash test: the same command as `huikuan-server run-job` (RunJobFromCommandLine
// over the production jobs) plus `slow_late_fees`, which exists only here: the day's late fees,
// then, with the accruals inserted but not committed and the lease held, it touches MARKER and
// waits HOLD_MS, long enough for the test to kill the process with SIGKILL.
//
//   job_test_runner DB_NAME JOB AS_OF LEASE_MS HOLD_MS [MARKER]
// The database server is the harness's (HUIKUAN_TEST_DB_PORT).
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/time/clock.h"
#include "server/core/status_macros.h"
#include "server/jobs/all_jobs.h"
#include "server/jobs/late_fees_job.h"
#include "server/jobs/run_job_command.h"
#include "server/store/connection_pool.h"
#include "tests/support/test_database.h"

namespace huikuan::testing {
namespace {

class SlowLateFeesJob : public jobs::DailyJob {
 public:
  SlowLateFeesJob(absl::Duration hold, std::string marker)
      : hold_(hold), marker_(std::move(marker)) {}
  absl::string_view name() const override { return "slow_late_fees"; }
  absl::StatusOr<jobs::JobOutcome> RunDay(ops::WriteScope& write, core::EpochDay as_of) override {
    HK_ASSIGN_OR_RETURN(jobs::JobOutcome outcome, late_fees_.RunDay(write, as_of));
    if (!marker_.empty()) std::ofstream(marker_) << "holding\n";
    absl::SleepFor(hold_);
    return outcome;
  }

 private:
  absl::Duration hold_;
  std::string marker_;
  jobs::LateFeesJob late_fees_;
};

absl::Status Main(int argc, char** argv) {
  int64_t lease_ms = 0;
  int64_t hold_ms = 0;
  if (argc < 6 || !absl::SimpleAtoi(argv[4], &lease_ms) || !absl::SimpleAtoi(argv[5], &hold_ms)) {
    return absl::InvalidArgumentError(
        "usage: job_test_runner DB_NAME JOB AS_OF LEASE_MS HOLD_MS [MARKER]");
  }
  HK_ASSIGN_OR_RETURN(store::DbConfig config, TestDbConfig(argv[1]));
  HK_ASSIGN_OR_RETURN(std::unique_ptr<store::ConnectionPool> pool,
                      store::ConnectionPool::Create(config));
  jobs::JobRegistry registry = jobs::AllJobs();
  HK_RETURN_IF_ERROR(registry.Add(
      std::make_unique<SlowLateFeesJob>(absl::Milliseconds(hold_ms), argc > 6 ? argv[6] : "")));
  jobs::RunnerOptions options;
  options.lease = absl::Milliseconds(lease_ms);
  jobs::JobRunner runner(*pool, registry, ops::SystemClock(), options);
  return jobs::RunJobFromCommandLine(runner, {argv[2], argv[3], false}, std::cout);
}

}  // namespace
}  // namespace huikuan::testing

int main(int argc, char** argv) {
  absl::Status status = huikuan::testing::Main(argc, argv);
  if (!status.ok()) {
    std::cerr << "job_test_runner: " << status << "\n";
    return 1;
  }
  return 0;
}
