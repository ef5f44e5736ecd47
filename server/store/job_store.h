// The daily run's lease rows (migration 0210): one row per (job, as-of day) that is both the record
// of the day's run and the lease a replica holds while it runs it. Every write here is a
// conditional statement whose affected-row count says whether it won, so two replicas (on one
// server or on the nodes of a Galera cluster) never both believe they hold a day: the claim is an
// INSERT on the unique key (job, as_of_date) or an UPDATE that takes over only a failed run or an
// expired lease, and every later write of an attempt names the attempt (id, owner, attempts).
// Lease times come from the database's clock (NOW(6), UTC), not the replica's.
//
// Same conventions as the other stores: every function runs inside the caller's RunInTransaction
// on its lease, prepared statements only, SQL errors throw (RunInTransaction maps them).
#ifndef HUIKUAN_SERVER_STORE_JOB_STORE_H_
#define HUIKUAN_SERVER_STORE_JOB_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "server/core/civil_date.h"
#include "server/store/connection_pool.h"

namespace huikuan::store {

enum class JobRunStatus : int8_t { kRunning = 0, kSucceeded = 1, kFailed = 2 };
inline constexpr int kJobRunStatusCount = 3;
// "running", "succeeded", "failed" (the stored values).
absl::string_view JobRunStatusName(JobRunStatus status);

// Column limits (migration 0210); longer texts are cut at a UTF-8 character boundary.
inline constexpr size_t kJobNameMaxLength = 32;
inline constexpr size_t kJobOwnerMaxLength = 160;
inline constexpr size_t kJobSummaryMaxLength = 1000;
inline constexpr size_t kJobErrorMaxLength = 2000;

struct JobRunRecord {
  int64_t id = 0;
  std::string job;
  core::EpochDay as_of = 0;
  JobRunStatus status = JobRunStatus::kRunning;
  std::string owner;  // the replica of the current (or last) attempt
  int32_t attempts = 0;
  absl::Time lease_expire_time;
  absl::Time heartbeat_time;
  absl::Time start_time;  // of the current (or last) attempt
  std::optional<absl::Time> finish_time;
  int64_t created = 0;
  int64_t changed = 0;
  int64_t skipped = 0;
  std::string summary;
  std::string error;  // of the last failed or abandoned attempt
};

// One attempt at a day: the row and who holds it for which attempt. Every write after the claim
// is conditional on all three (and on the row still running), so a replica whose lease was taken
// over writes nothing.
struct JobRunAttempt {
  int64_t id = 0;
  std::string owner;
  int32_t attempt = 0;
};

// The database's clock (UTC), which leases are measured against.
absl::Time DatabaseNow(ConnectionPool::Lease& db);

// The run of (job, day), if any (a plain read).
std::optional<JobRunRecord> FindJobRun(ConnectionPool::Lease& db, absl::string_view job,
                                       core::EpochDay as_of);
// NOT_FOUND when absent.
absl::StatusOr<JobRunRecord> GetJobRun(ConnectionPool::Lease& db, int64_t id);

// Claims a day nobody ran yet: a running row, attempt 1, lease until now + `lease`. Another
// replica's row for the same day violates the unique key (thrown: ALREADY_EXISTS at the edge of
// RunInTransaction; on Galera the loser may instead fail at COMMIT with a conflict).
JobRunAttempt InsertRunningJobRun(ConnectionPool::Lease& db, absl::string_view job,
                                  core::EpochDay as_of, absl::string_view owner,
                                  absl::Duration lease);
// Takes over `seen` (read before) when it is still the same attempt and either failed or running
// with an expired lease: the next attempt, running under `owner`. `note` replaces the error when
// not empty (why the previous attempt was abandoned). Empty when another replica moved first.
std::optional<JobRunAttempt> TakeOverJobRun(ConnectionPool::Lease& db, const JobRunRecord& seen,
                                            absl::string_view owner, absl::Duration lease,
                                            absl::string_view note);
// Extends the lease of a running attempt to now + `lease`; false when the attempt no longer holds
// it (taken over, or finished).
bool ExtendJobRunLease(ConnectionPool::Lease& db, const JobRunAttempt& attempt,
                       absl::Duration lease);

struct JobRunCounts {
  int64_t created = 0;
  int64_t changed = 0;
  int64_t skipped = 0;
  std::string summary;
};
// Marks a running attempt succeeded with its counts; false (nothing written) when the attempt no
// longer holds the run: the caller must then roll back the day's work it did in this transaction.
bool FinishJobRun(ConnectionPool::Lease& db, const JobRunAttempt& attempt,
                  const JobRunCounts& counts);
// Marks a running attempt failed with `error`; false when it no longer holds the run.
bool FailJobRun(ConnectionPool::Lease& db, const JobRunAttempt& attempt, absl::string_view error);

// The latest day `job` succeeded for, if any.
std::optional<core::EpochDay> LastSucceededDay(ConnectionPool::Lease& db, absl::string_view job);

// Runs newest first (by id), of one job or all: ids < before_id (0: from the newest), at most
// `limit`.
std::vector<JobRunRecord> ListJobRuns(ConnectionPool::Lease& db,
                                      const std::optional<std::string>& job, int64_t before_id,
                                      int limit);

}  // namespace huikuan::store

#endif  // HUIKUAN_SERVER_STORE_JOB_STORE_H_
