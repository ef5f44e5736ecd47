#include "server/jobs/job_runs.h"

#include "server/core/civil_date.h"
#include "server/core/resource_name.h"
#include "server/core/violations.h"

namespace huikuan::jobs {

std::string JobRunName(int64_t id) { return core::FormatResourceName(kJobRuns, id); }

absl::StatusOr<store::JobRunRecord> GetJobRun(ops::ReadScope& read, int64_t id,
                                              absl::string_view name) {
  absl::StatusOr<store::JobRunRecord> run = store::GetJobRun(read.db, id);
  if (!run.ok()) return core::NotFoundError(name);
  return run;
}

std::vector<store::JobRunRecord> ListJobRuns(ops::ReadScope& read,
                                             const std::optional<std::string>& job,
                                             int64_t before_id, int limit) {
  return store::ListJobRuns(read.db, job, before_id, limit);
}

core::Json JobRunImage(const store::JobRunRecord& run) {
  return core::Json::Object()
      .Set("name", core::Json::String(JobRunName(run.id)))
      .Set("job", core::Json::String(run.job))
      .Set("as_of_date", core::Json::String(core::FormatDate(run.as_of)))
      .Set("status", core::Json::String(store::JobRunStatusName(run.status)))
      .Set("owner", core::Json::String(run.owner))
      .Set("attempts", core::Json::Int(run.attempts))
      .Set("created_count", core::Json::Int(run.created))
      .Set("changed_count", core::Json::Int(run.changed))
      .Set("skipped_count", core::Json::Int(run.skipped))
      .Set("summary", core::Json::String(run.summary))
      .Set("error", core::Json::String(run.error));
}

}  // namespace huikuan::jobs
