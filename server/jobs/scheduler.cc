#include "server/jobs/scheduler.h"

#include <algorithm>
#include <cstdio>
#include <vector>

#include "absl/strings/str_cat.h"
#include "server/jobs/job_runs.h"

namespace huikuan::jobs {
namespace {

// The longest sleep between catch-ups, so that a changed system clock is noticed within it.
constexpr absl::Duration kMaxSleep = absl::Hours(1);

}  // namespace

Scheduler::Scheduler(JobRunner& runner, ScheduleOptions options)
    : runner_(runner), options_(std::move(options)) {}

Scheduler::~Scheduler() { Stop(); }

void Scheduler::Start() {
  {
    absl::MutexLock lock(&mutex_);
    stopping_ = false;
  }
  if (!thread_.joinable()) thread_ = std::thread([this] { Loop(); });
}

void Scheduler::Stop() {
  {
    absl::MutexLock lock(&mutex_);
    stopping_ = true;
  }
  if (thread_.joinable()) thread_.join();
}

bool Scheduler::stopping() const {
  absl::MutexLock lock(&mutex_);
  return stopping_;
}

void Scheduler::Log(const std::string& line) const {
  if (options_.log) {
    options_.log(line);
  } else {
    std::fprintf(stderr, "huikuan-server: %s\n", line.c_str());
  }
}

void Scheduler::Loop() {
  for (;;) {
    const CatchUpReport report = CatchUp();
    const absl::Time now = runner_.clock().Now();
    absl::Duration sleep = std::min(NextRunTime(now, options_.at) - now, kMaxSleep);
    if (!report.complete) sleep = std::min(sleep, options_.recheck);
    absl::MutexLock lock(&mutex_);
    if (mutex_.AwaitWithTimeout(absl::Condition(&stopping_), sleep)) return;
  }
}

CatchUpReport Scheduler::CatchUp() {
  CatchUpReport report;
  const core::EpochDay due = LatestDueDay(runner_.clock().Now(), options_.at);
  struct Pending {
    DailyJob* job;
    core::EpochDay next;  // the first day not yet succeeded
    bool blocked = false;
  };
  std::vector<Pending> pending;
  core::EpochDay first = due + 1;
  for (DailyJob* job : runner_.jobs().jobs()) {
    absl::StatusOr<std::optional<core::EpochDay>> last = runner_.LastSucceededDay(job->name());
    if (!last.ok()) {
      Log(absl::StrCat("job ", job->name(),
                       ": cannot read its last run: ", last.status().ToString()));
      report.complete = false;
      continue;
    }
    const core::EpochDay next = last->has_value() ? **last + 1 : options_.since.value_or(due);
    pending.push_back({job, next});
    first = std::min(first, next);
  }
  // Day by day, and within a day in the registry's order.
  for (core::EpochDay day = first; day <= due; ++day) {
    for (Pending& entry : pending) {
      if (entry.blocked || day < entry.next) continue;
      if (stopping()) {
        report.complete = false;
        return report;
      }
      const std::string what =
          absl::StrCat("job ", entry.job->name(), " ", core::FormatDate(day), ": ");
      absl::StatusOr<RunResult> result = runner_.Run(entry.job->name(), day, WaitForHolder::kNo);
      if (!result.ok()) {
        Log(absl::StrCat(what, "failed: ", result.status().message()));
        entry.blocked = true;
        report.complete = false;
        continue;
      }
      switch (result->disposition) {
        case RunDisposition::kRan:
          ++report.days_ran;
          Log(absl::StrCat(what, "ran (", JobRunName(result->run.id), ", attempt ",
                           result->run.attempts, "): ", result->run.summary));
          break;
        case RunDisposition::kAlreadySucceeded:
          break;
        case RunDisposition::kHeldElsewhere:
        case RunDisposition::kLeaseLost:
          Log(absl::StrCat(what, RunDispositionName(result->disposition), ", left to ",
                           result->run.owner));
          entry.blocked = true;
          report.complete = false;
          break;
      }
    }
  }
  return report;
}

}  // namespace huikuan::jobs
