// `huikuan-server run-job NAME --as_of=YYYY-MM-DD [--dry_run]`: one job for one day, on demand,
// through the same lease as the scheduler. When another replica holds the day it waits for it
// (and takes the day over if that replica's lease expires), so the command ends with the day done
// or an error. Prints what happened and the outcome's counts and items.
#ifndef HUIKUAN_SERVER_JOBS_RUN_JOB_COMMAND_H_
#define HUIKUAN_SERVER_JOBS_RUN_JOB_COMMAND_H_

#include <ostream>
#include <string>

#include "absl/status/status.h"
#include "server/jobs/job_runner.h"

namespace huikuan::jobs {

struct RunJobCommand {
  std::string job;
  std::string as_of;  // as typed: "YYYY-MM-DD"
  bool dry_run = false;
};

// Runs `command` with `runner`, printing the result to `out`; the status is the command's error
// (INVALID_ARGUMENT naming "job" or "--as_of" for bad input).
absl::Status RunJobFromCommandLine(JobRunner& runner, const RunJobCommand& command,
                                   std::ostream& out);

}  // namespace huikuan::jobs

#endif  // HUIKUAN_SERVER_JOBS_RUN_JOB_COMMAND_H_
