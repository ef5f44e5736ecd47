#include "server/jobs/job_runner.h"

#include <algorithm>
#include <iostream>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "server/core/status_macros.h"
#include "server/core/violations.h"
#include "server/jobs/job_runs.h"
#include "server/jobs/lease_heartbeat.h"
#include "server/jobs/replica_id.h"
#include "server/ops/audit_trail.h"
#include "server/ops/caller.h"
#include "server/ops/scopes.h"
#include "server/store/conflict_retry.h"
#include "server/store/transaction.h"

namespace huikuan::jobs {
namespace {

// How many times a claim starts over after another runner changed the row between the claim's
// read and its write. Each round trip sees the other runner's committed row, so two rounds
// normally settle it; the bound only stops a livelock.
constexpr int kClaimRounds = 10;

// The status of a finishing attempt that no longer holds its run; never leaves this file.
constexpr absl::string_view kLeaseLostMessage = "the run's lease was taken over";

// Jobs are audited under the method "job/<name>".
constexpr absl::string_view kJobMethodPrefix = "job/";

// The error text kept in job_runs.error: the code and the message, never payload bytes.
std::string ErrorText(const absl::Status& status) {
  return absl::StrCat(absl::StatusCodeToString(status.code()), ": ", status.message());
}

store::JobRunCounts CountsOf(const JobOutcome& outcome) {
  return {outcome.created, outcome.changed, outcome.skipped, outcome.summary};
}

// How often a runner that waits for another one looks at the day again.
absl::Duration PollInterval(absl::Duration lease) {
  return std::clamp(lease / 10, absl::Milliseconds(50), absl::Seconds(2));
}

}  // namespace

absl::string_view RunDispositionName(RunDisposition disposition) {
  switch (disposition) {
    case RunDisposition::kRan:
      return "ran";
    case RunDisposition::kAlreadySucceeded:
      return "already succeeded";
    case RunDisposition::kHeldElsewhere:
      return "held elsewhere";
    case RunDisposition::kLeaseLost:
      return "lease lost";
  }
  return "ran";
}

struct JobRunner::Claim {
  enum class Kind { kClaimed, kSucceeded, kHeld, kRaced };
  Kind kind = Kind::kRaced;
  std::optional<store::JobRunRecord> seen;  // the row as the claim read it
  store::JobRunAttempt attempt;             // kClaimed
};

JobRunner::JobRunner(store::ConnectionPool& pool, const JobRegistry& jobs, const ops::Clock& clock,
                     RunnerOptions options)
    : pool_(pool), jobs_(jobs), clock_(clock), options_(std::move(options)) {
  if (options_.owner.empty()) options_.owner = NewReplicaId();
  if (!options_.heartbeat_interval) options_.heartbeat_interval = options_.lease / 3;
}

absl::StatusOr<DailyJob*> JobRunner::Validate(absl::string_view job, core::EpochDay as_of,
                                              absl::string_view as_of_field) const {
  core::FieldViolations violations;
  DailyJob* found = jobs_.Find(job);
  if (found == nullptr) {
    violations.Add("job",
                   absl::StrCat("unknown job \"", job, "\"; the jobs are: ", jobs_.NameList()));
  }
  const core::EpochDay today = clock_.Today();
  if (as_of > today) {
    // A future day would act on a ledger that does not exist yet (fees on amounts that may still
    // be paid in time), and replaying it later would give other results.
    violations.Add(
        std::string(as_of_field),
        absl::StrCat("must not be after today (", core::FormatDate(today), ", Asia/Shanghai)"));
  }
  if (!violations.empty()) return violations.ToStatus();
  return found;
}

absl::StatusOr<JobRunner::Claim> JobRunner::ClaimDay(const DailyJob& job, core::EpochDay as_of) {
  const std::string name(job.name());
  for (int round = 1;; ++round) {
    Claim claim;
    absl::Status status = store::RetryConflicts([&] {
      claim = Claim();
      return store::RunInTransaction(pool_, [&](store::ConnectionPool::Lease& db) -> absl::Status {
        claim.seen = store::FindJobRun(db, name, as_of);
        if (!claim.seen) {
          claim.attempt =
              store::InsertRunningJobRun(db, name, as_of, options_.owner, options_.lease);
          claim.kind = Claim::Kind::kClaimed;
          return absl::OkStatus();
        }
        const store::JobRunRecord& seen = *claim.seen;
        if (seen.status == store::JobRunStatus::kSucceeded) {
          claim.kind = Claim::Kind::kSucceeded;
          return absl::OkStatus();
        }
        const bool running = seen.status == store::JobRunStatus::kRunning;
        if (running && seen.lease_expire_time >= store::DatabaseNow(db)) {
          claim.kind = Claim::Kind::kHeld;
          return absl::OkStatus();
        }
        // A failed run keeps its error; an abandoned one (its runner stopped beating: crashed,
        // killed, cut off from the database) gets one, so the record says what happened.
        const std::string note =
            running ? absl::StrCat("attempt ", seen.attempts, " by ", seen.owner,
                                   " stopped before finishing; its lease expired at ",
                                   absl::FormatTime(seen.lease_expire_time, absl::UTCTimeZone()))
                    : "";
        std::optional<store::JobRunAttempt> taken =
            store::TakeOverJobRun(db, seen, options_.owner, options_.lease, note);
        if (!taken) return absl::OkStatus();  // kRaced: another runner moved first
        claim.attempt = *taken;
        claim.kind = Claim::Kind::kClaimed;
        return absl::OkStatus();
      });
    });
    // Another runner inserted the day's row, or took it over, between this claim's read and its
    // write: look again.
    if (absl::IsAlreadyExists(status) || (status.ok() && claim.kind == Claim::Kind::kRaced)) {
      if (round < kClaimRounds) continue;
      return absl::AbortedError(absl::StrCat("could not claim ", name, " for ",
                                             core::FormatDate(as_of),
                                             ": other runners kept changing its run"));
    }
    HK_RETURN_IF_ERROR(status);
    return claim;
  }
}

absl::StatusOr<store::JobRunRecord> JobRunner::ReadRun(int64_t id) {
  return store::RunInTransaction<store::JobRunRecord>(
      pool_, [&](store::ConnectionPool::Lease& db) { return store::GetJobRun(db, id); });
}

absl::StatusOr<RunResult> JobRunner::RunClaimed(DailyJob& job, core::EpochDay as_of,
                                                const store::JobRunAttempt& attempt) {
  const ops::Caller caller = ops::Caller::System(job.name());
  const std::string method = absl::StrCat(kJobMethodPrefix, job.name());
  // The audit events of one attempt share a request id: "late_fees/2026-04-10/2".
  const std::string request_id =
      absl::StrCat(job.name(), "/", core::FormatDate(as_of), "/", attempt.attempt);
  RunResult result;
  bool lease_lost = false;
  std::optional<LeaseHeartbeat> heartbeat;

  // The day's work and the mark that makes it count, in the attempt's one transaction.
  auto work = [&](ops::WriteScope& write) -> absl::Status {
    HK_ASSIGN_OR_RETURN(result.outcome, job.RunDay(write, as_of));
    if (options_.hold > absl::ZeroDuration() && job.name() == options_.hold_job) {
      std::cerr << "huikuan-server: job " << job.name() << " " << core::FormatDate(as_of)
                << ": work done, holding the transaction open for "
                << absl::FormatDuration(options_.hold) << " (--jobs_test_hold)" << std::endl;
      absl::SleepFor(options_.hold);
    }
    // From here to COMMIT no beat may write the run's row: on Galera a beat committed through
    // another node would fail this transaction's certification (1213) and run the whole day
    // again. What is left is short; the lease runs on from the last beat.
    heartbeat.reset();
    HK_ASSIGN_OR_RETURN(store::JobRunRecord running, store::GetJobRun(write.db, attempt.id));
    if (!store::FinishJobRun(write.db, attempt, CountsOf(result.outcome))) {
      lease_lost = true;  // taken over: this attempt's work must not count
      return absl::AbortedError(kLeaseLostMessage);
    }
    HK_ASSIGN_OR_RETURN(result.run, store::GetJobRun(write.db, attempt.id));
    write.audit.Record(JobRunName(attempt.id), JobRunImage(running), JobRunImage(result.run));
    return absl::OkStatus();
  };
  absl::Status status = store::RetryConflicts([&] {
    result = RunResult();
    lease_lost = false;
    heartbeat.emplace(pool_, attempt, options_.lease, *options_.heartbeat_interval);
    return store::RunInTransaction(pool_, [&](store::ConnectionPool::Lease& db) {
      return ops::RunWriteAsOf(db, caller, method, request_id, clock_.Now(), as_of, work);
    });
  });
  heartbeat.reset();
  if (status.ok()) {
    result.disposition = RunDisposition::kRan;
    return result;
  }
  if (lease_lost) {
    HK_ASSIGN_OR_RETURN(store::JobRunRecord now, ReadRun(attempt.id));
    RunResult lost;
    lost.disposition = RunDisposition::kLeaseLost;
    lost.run = std::move(now);
    return lost;
  }

  // The job failed (or the database did): its work is rolled back; record why, audited like a
  // run, so that the next claim (the scheduler's next look, a RunJob) runs the day again.
  const std::string error = ErrorText(status);
  auto mark_failed = [&](ops::WriteScope& write) -> absl::Status {
    HK_ASSIGN_OR_RETURN(store::JobRunRecord running, store::GetJobRun(write.db, attempt.id));
    if (!store::FailJobRun(write.db, attempt, error)) return absl::OkStatus();  // taken over
    HK_ASSIGN_OR_RETURN(store::JobRunRecord failed, store::GetJobRun(write.db, attempt.id));
    write.audit.Record(JobRunName(attempt.id), JobRunImage(running), JobRunImage(failed));
    return absl::OkStatus();
  };
  // If even the mark fails (database down), the lease expires and the day is taken over later.
  (void)store::RetryConflicts([&] {
    return store::RunInTransaction(pool_, [&](store::ConnectionPool::Lease& db) {
      return ops::RunWriteAsOf(db, caller, method, request_id, clock_.Now(), as_of, mark_failed);
    });
  });
  return core::WithMessagePrefix(
      status, absl::StrCat(job.name(), " as of ", core::FormatDate(as_of), ": "));
}

absl::StatusOr<RunResult> JobRunner::Run(absl::string_view job_name, core::EpochDay as_of,
                                         WaitForHolder wait, absl::string_view as_of_field) {
  HK_ASSIGN_OR_RETURN(DailyJob * job, Validate(job_name, as_of, as_of_field));
  std::optional<std::optional<store::JobRunRecord>> first_seen;
  for (;;) {
    HK_ASSIGN_OR_RETURN(Claim claim, ClaimDay(*job, as_of));
    if (!first_seen) first_seen = claim.seen;
    switch (claim.kind) {
      case Claim::Kind::kSucceeded:
      case Claim::Kind::kHeld: {
        if (claim.kind == Claim::Kind::kHeld && wait == WaitForHolder::kYes) {
          absl::SleepFor(PollInterval(options_.lease));
          continue;
        }
        RunResult result;
        result.disposition = claim.kind == Claim::Kind::kSucceeded
                                 ? RunDisposition::kAlreadySucceeded
                                 : RunDisposition::kHeldElsewhere;
        result.run = *claim.seen;
        result.before = *first_seen;
        return result;
      }
      case Claim::Kind::kClaimed:
      case Claim::Kind::kRaced:
        break;
    }
    HK_ASSIGN_OR_RETURN(RunResult result, RunClaimed(*job, as_of, claim.attempt));
    result.before = *first_seen;
    // Lost to a runner that took the day over: when waiting, wait for that one's result.
    if (result.disposition == RunDisposition::kLeaseLost && wait == WaitForHolder::kYes) continue;
    return result;
  }
}

absl::StatusOr<JobOutcome> JobRunner::DryRun(absl::string_view job_name, core::EpochDay as_of,
                                             absl::string_view as_of_field) {
  HK_ASSIGN_OR_RETURN(DailyJob * job, Validate(job_name, as_of, as_of_field));
  const ops::Caller caller = ops::Caller::System(job->name());
  const std::string method = absl::StrCat(kJobMethodPrefix, job->name());
  JobOutcome outcome;
  bool ran = false;
  absl::Status status = store::RetryConflicts([&] {
    ran = false;
    return store::RunInTransaction(pool_, [&](store::ConnectionPool::Lease& db) -> absl::Status {
      // The job's audit events stay in this trail and are never flushed.
      const absl::Time now = clock_.Now();
      ops::AuditTrail audit(caller, method, "dry-run", now);
      ops::WriteScope write(db, caller, now, as_of, audit);
      HK_ASSIGN_OR_RETURN(outcome, job->RunDay(write, as_of));
      ran = true;
      // Any error status makes RunInTransaction roll back; this one is expected.
      return absl::CancelledError("dry run: rolled back");
    });
  });
  if (ran && absl::IsCancelled(status)) return outcome;
  if (status.ok()) return absl::InternalError("dry run was not rolled back");
  return core::WithMessagePrefix(
      status, absl::StrCat(job->name(), " as of ", core::FormatDate(as_of), " (dry run): "));
}

absl::StatusOr<std::optional<core::EpochDay>> JobRunner::LastSucceededDay(absl::string_view job) {
  return store::RunInTransaction<std::optional<core::EpochDay>>(
      pool_,
      [&](store::ConnectionPool::Lease& db) -> absl::StatusOr<std::optional<core::EpochDay>> {
        return store::LastSucceededDay(db, job);
      });
}

}  // namespace huikuan::jobs
