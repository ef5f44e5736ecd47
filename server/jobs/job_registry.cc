#include "server/jobs/job_registry.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace huikuan::jobs {

absl::Status ValidateJobName(absl::string_view name) {
  bool ok = !name.empty() && name.size() <= kMaxJobNameLength && name[0] >= 'a' && name[0] <= 'z';
  for (char c : name) {
    ok = ok && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_');
  }
  if (ok) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat("job name \"", name, "\" must be 1-",
                                                 kMaxJobNameLength,
                                                 " of a-z, 0-9 and _, starting with a letter"));
}

absl::Status JobRegistry::Add(std::unique_ptr<DailyJob> job) {
  if (absl::Status valid = ValidateJobName(job->name()); !valid.ok()) return valid;
  if (Find(job->name()) != nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat("job \"", job->name(), "\" is registered twice"));
  }
  jobs_.push_back(std::move(job));
  return absl::OkStatus();
}

DailyJob* JobRegistry::Find(absl::string_view name) const {
  for (const auto& job : jobs_) {
    if (job->name() == name) return job.get();
  }
  return nullptr;
}

std::vector<DailyJob*> JobRegistry::jobs() const {
  std::vector<DailyJob*> all;
  all.reserve(jobs_.size());
  for (const auto& job : jobs_) all.push_back(job.get());
  return all;
}

std::string JobRegistry::NameList() const {
  return absl::StrJoin(jobs_, ", ", [](std::string* out, const std::unique_ptr<DailyJob>& job) {
    absl::StrAppend(out, job->name());
  });
}

}  // namespace huikuan::jobs
