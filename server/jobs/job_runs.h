// The runs of the daily run as resources: their names ("jobRuns/7"), the reads JobService serves,
// and the audit image of a run (what the audit trail shows before and after a run).
#ifndef HUIKUAN_SERVER_JOBS_JOB_RUNS_H_
#define HUIKUAN_SERVER_JOBS_JOB_RUNS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/core/json.h"
#include "server/ops/scopes.h"
#include "server/store/job_store.h"

namespace huikuan::jobs {

inline constexpr absl::string_view kJobRuns = "jobRuns";

// "jobRuns/{id}".
std::string JobRunName(int64_t id);

// The run `id`; NOT_FOUND naming `name` when absent.
absl::StatusOr<store::JobRunRecord> GetJobRun(ops::ReadScope& read, int64_t id,
                                              absl::string_view name);
// Runs newest first, of `job` or of all jobs, with id < before_id (0: from the newest).
std::vector<store::JobRunRecord> ListJobRuns(ops::ReadScope& read,
                                             const std::optional<std::string>& job,
                                             int64_t before_id, int limit);

// The audit image of a run: its name, job, day, status, owner, attempts, counts, summary, error
// (lease and heartbeat times are left out: they change every few seconds and prove nothing).
core::Json JobRunImage(const store::JobRunRecord& run);

}  // namespace huikuan::jobs

#endif  // HUIKUAN_SERVER_JOBS_JOB_RUNS_H_
