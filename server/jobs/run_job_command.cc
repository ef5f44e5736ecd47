#include "server/jobs/run_job_command.h"

#include "absl/strings/str_cat.h"
#include "server/core/civil_date.h"
#include "server/core/status_macros.h"
#include "server/core/violations.h"
#include "server/jobs/job_runs.h"

namespace huikuan::jobs {
namespace {

constexpr absl::string_view kAsOfFlag = "--as_of";

void PrintCounts(int64_t created, int64_t changed, int64_t skipped, const std::string& summary,
                 std::ostream& out) {
  out << "  created " << created << ", changed " << changed << ", skipped " << skipped;
  if (!summary.empty()) out << ": " << summary;
  out << "\n";
}

void PrintItems(const JobOutcome& outcome, std::ostream& out) {
  for (const std::string& item : outcome.items) out << "  " << item << "\n";
}

}  // namespace

absl::Status RunJobFromCommandLine(JobRunner& runner, const RunJobCommand& command,
                                   std::ostream& out) {
  absl::StatusOr<core::EpochDay> as_of = core::ParseDate(command.as_of);
  if (!as_of.ok()) {
    return core::FieldViolation(kAsOfFlag, "must be a date YYYY-MM-DD (the day to run as of)");
  }
  const std::string day = core::FormatDate(*as_of);
  if (command.dry_run) {
    HK_ASSIGN_OR_RETURN(JobOutcome outcome, runner.DryRun(command.job, *as_of, kAsOfFlag));
    out << command.job << " " << day << ": dry run (rolled back, nothing recorded)\n";
    PrintCounts(outcome.created, outcome.changed, outcome.skipped, outcome.summary, out);
    PrintItems(outcome, out);
    return absl::OkStatus();
  }
  HK_ASSIGN_OR_RETURN(RunResult result,
                      runner.Run(command.job, *as_of, WaitForHolder::kYes, kAsOfFlag));
  const store::JobRunRecord& run = result.run;
  out << command.job << " " << day << ": " << RunDispositionName(result.disposition) << " ("
      << JobRunName(run.id) << ", " << store::JobRunStatusName(run.status) << ", attempt "
      << run.attempts << ", owner " << run.owner << ")\n";
  PrintCounts(run.created, run.changed, run.skipped, run.summary, out);
  if (!run.error.empty()) out << "  an earlier attempt: " << run.error << "\n";
  PrintItems(result.outcome, out);
  return absl::OkStatus();
}

}  // namespace huikuan::jobs
