#include "server/jobs/all_jobs.h"

#include <cstdio>
#include <cstdlib>
#include <memory>

#include "server/jobs/late_fees_job.h"

namespace huikuan::jobs {
namespace {

void MustAdd(JobRegistry& registry, std::unique_ptr<DailyJob> job) {
  absl::Status added = registry.Add(std::move(job));
  if (!added.ok()) {
    std::fprintf(stderr, "AllJobs: %s\n", added.ToString().c_str());
    std::abort();
  }
}

}  // namespace

JobRegistry AllJobs() {
  JobRegistry registry;
  // Late fees first: later jobs of the same day (dunning) see the day's fees.
  MustAdd(registry, std::make_unique<LateFeesJob>());
  return registry;
}

}  // namespace huikuan::jobs
