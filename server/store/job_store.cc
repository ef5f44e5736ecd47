#include "server/store/job_store.h"

#include <cppconn/exception.h>
#include <cppconn/statement.h>

#include <memory>

#include "absl/strings/str_cat.h"
#include "server/core/text_fields.h"
#include "server/store/sql_values.h"

namespace huikuan::store {
namespace {

constexpr char kColumns[] =
    "SELECT id, job, DATEDIFF(as_of_date, '1970-01-01') AS as_of_day, status, owner, attempts, "
    "lease_expire_time, heartbeat_time, start_time, finish_time, created_count, changed_count, "
    "skipped_count, summary, error FROM job_runs ";

// The condition every write of an attempt carries: it still holds the run.
constexpr char kHeldBy[] = " WHERE id = ? AND owner = ? AND attempts = ? AND status = 'running'";

JobRunRecord ReadJobRun(sql::ResultSet& rows) {
  JobRunRecord run;
  run.id = rows.getInt64("id");
  run.job = GetString(rows, "job");
  run.as_of = GetDay(rows, "as_of_day");
  run.status = GetEnum<JobRunStatus, kJobRunStatusCount>(rows, "status", JobRunStatusName);
  run.owner = GetString(rows, "owner");
  run.attempts = rows.getInt("attempts");
  run.lease_expire_time = GetTimestamp(rows, "lease_expire_time");
  run.heartbeat_time = GetTimestamp(rows, "heartbeat_time");
  run.start_time = GetTimestamp(rows, "start_time");
  run.finish_time = GetOptionalTimestamp(rows, "finish_time");
  run.created = rows.getInt64("created_count");
  run.changed = rows.getInt64("changed_count");
  run.skipped = rows.getInt64("skipped_count");
  run.summary = GetString(rows, "summary");
  run.error = GetString(rows, "error");
  return run;
}

Params& BindAttempt(Params& params, const JobRunAttempt& attempt) {
  return params.Int64(attempt.id).String(attempt.owner).Int(attempt.attempt);
}

}  // namespace

absl::string_view JobRunStatusName(JobRunStatus status) {
  switch (status) {
    case JobRunStatus::kRunning:
      return "running";
    case JobRunStatus::kSucceeded:
      return "succeeded";
    case JobRunStatus::kFailed:
      return "failed";
  }
  return "running";
}

absl::Time DatabaseNow(ConnectionPool::Lease& db) {
  auto rows = Query(db.Prepare("SELECT NOW(6) AS now"));
  rows->next();
  return GetTimestamp(*rows, "now");
}

std::optional<JobRunRecord> FindJobRun(ConnectionPool::Lease& db, absl::string_view job,
                                       core::EpochDay as_of) {
  auto& select = db.Prepare(absl::StrCat(kColumns, "WHERE job = ? AND as_of_date = ?"));
  Params(select).String(std::string(job)).Day(as_of);
  auto rows = Query(select);
  if (!rows->next()) return std::nullopt;
  return ReadJobRun(*rows);
}

absl::StatusOr<JobRunRecord> GetJobRun(ConnectionPool::Lease& db, int64_t id) {
  auto& select = db.Prepare(absl::StrCat(kColumns, "WHERE id = ?"));
  Params(select).Int64(id);
  auto rows = Query(select);
  if (!rows->next()) return absl::NotFoundError(absl::StrCat("job run ", id, " not found"));
  return ReadJobRun(*rows);
}

JobRunAttempt InsertRunningJobRun(ConnectionPool::Lease& db, absl::string_view job,
                                  core::EpochDay as_of, absl::string_view owner,
                                  absl::Duration lease) {
  auto& insert = db.Prepare(
      "INSERT INTO job_runs (job, as_of_date, status, owner, attempts, lease_expire_time, "
      "heartbeat_time, start_time) "
      "VALUES (?, ?, 'running', ?, 1, NOW(6) + INTERVAL ? MICROSECOND, NOW(6), NOW(6))");
  const std::string owner_text = core::TruncateChars(owner, kJobOwnerMaxLength);
  Params(insert)
      .String(std::string(job))
      .Day(as_of)
      .String(owner_text)
      .Int64(absl::ToInt64Microseconds(lease));
  insert.executeUpdate();
  return {LastInsertId(db), owner_text, 1};
}

std::optional<JobRunAttempt> TakeOverJobRun(ConnectionPool::Lease& db, const JobRunRecord& seen,
                                            absl::string_view owner, absl::Duration lease,
                                            absl::string_view note) {
  auto& update = db.Prepare(
      "UPDATE job_runs SET owner = ?, attempts = attempts + 1, status = 'running', "
      "lease_expire_time = NOW(6) + INTERVAL ? MICROSECOND, heartbeat_time = NOW(6), "
      "start_time = NOW(6), finish_time = NULL, error = IF(? = '', error, ?) "
      "WHERE id = ? AND owner = ? AND attempts = ? AND "
      "(status = 'failed' OR (status = 'running' AND lease_expire_time < NOW(6)))");
  const std::string owner_text = core::TruncateChars(owner, kJobOwnerMaxLength);
  const std::string note_text = core::TruncateChars(note, kJobErrorMaxLength);
  Params(update)
      .String(owner_text)
      .Int64(absl::ToInt64Microseconds(lease))
      .String(note_text)
      .String(note_text)
      .Int64(seen.id)
      .String(seen.owner)
      .Int(seen.attempts);
  if (update.executeUpdate() != 1) return std::nullopt;
  return JobRunAttempt{seen.id, owner_text, seen.attempts + 1};
}

bool ExtendJobRunLease(ConnectionPool::Lease& db, const JobRunAttempt& attempt,
                       absl::Duration lease) {
  auto& update = db.Prepare(
      absl::StrCat("UPDATE job_runs SET lease_expire_time = NOW(6) + INTERVAL ? MICROSECOND, "
                   "heartbeat_time = NOW(6)",
                   kHeldBy));
  Params params(update);
  params.Int64(absl::ToInt64Microseconds(lease));
  BindAttempt(params, attempt);
  return update.executeUpdate() == 1;
}

namespace {

// Runs one statement of the session with innodb_snapshot_isolation off, then puts the server's
// setting back (a server without the variable, MySQL or an older MariaDB, has nothing to switch).
class WithoutSnapshotIsolation {
 public:
  explicit WithoutSnapshotIsolation(ConnectionPool::Lease& db) : db_(db) {
    switched_ = Set("SET SESSION innodb_snapshot_isolation = OFF");
  }
  ~WithoutSnapshotIsolation() {
    if (!switched_) return;
    try {
      Set("SET SESSION innodb_snapshot_isolation = @@GLOBAL.innodb_snapshot_isolation");
    } catch (const sql::SQLException&) {
      // Never lend the session on with the setting off.
      db_.MarkBroken();
    }
  }

 private:
  bool Set(const char* sql) {
    try {
      std::unique_ptr<sql::Statement> statement(db_.connection().createStatement());
      statement->execute(sql);
      return true;
    } catch (const sql::SQLException& e) {
      if (e.getErrorCode() == 1193) return false;  // unknown system variable
      throw;
    }
  }
  ConnectionPool::Lease& db_;
  bool switched_ = false;
};

}  // namespace

bool FinishJobRun(ConnectionPool::Lease& db, const JobRunAttempt& attempt,
                  const JobRunCounts& counts) {
  // This runs in the day's work transaction, whose snapshot is as old as the work; the run's own
  // heartbeat has extended the lease on this row since (on its own connection, committed), and
  // with innodb_snapshot_isolation (deploy/cluster/galera.cnf) updating a row changed after the
  // snapshot fails with 1020, again on every retry: a run longer than one beat could never
  // finish. The UPDATE needs no snapshot: it reads the row's latest version and writes only if
  // this attempt still holds the run (a take-over changes owner and attempts), which is exactly
  // the lease's test. So snapshot isolation is off for this one statement.
  WithoutSnapshotIsolation current_read(db);
  // The lease ends with the run: nobody needs to wait for it.
  auto& update = db.Prepare(absl::StrCat(
      "UPDATE job_runs SET status = 'succeeded', created_count = ?, changed_count = ?, "
      "skipped_count = ?, summary = ?, finish_time = NOW(6), lease_expire_time = NOW(6)",
      kHeldBy));
  Params params(update);
  params.Int64(counts.created)
      .Int64(counts.changed)
      .Int64(counts.skipped)
      .String(core::TruncateChars(counts.summary, kJobSummaryMaxLength));
  BindAttempt(params, attempt);
  return update.executeUpdate() == 1;
}

bool FailJobRun(ConnectionPool::Lease& db, const JobRunAttempt& attempt, absl::string_view error) {
  auto& update = db.Prepare(
      absl::StrCat("UPDATE job_runs SET status = 'failed', error = ?, finish_time = NOW(6), "
                   "lease_expire_time = NOW(6)",
                   kHeldBy));
  Params params(update);
  params.String(core::TruncateChars(error, kJobErrorMaxLength));
  BindAttempt(params, attempt);
  return update.executeUpdate() == 1;
}

std::optional<core::EpochDay> LastSucceededDay(ConnectionPool::Lease& db, absl::string_view job) {
  auto& select = db.Prepare(
      "SELECT DATEDIFF(MAX(as_of_date), '1970-01-01') AS day FROM job_runs "
      "WHERE job = ? AND status = 'succeeded'");
  Params(select).String(std::string(job));
  auto rows = Query(select);
  if (!rows->next() || rows->isNull("day")) return std::nullopt;
  return GetDay(*rows, "day");
}

std::vector<JobRunRecord> ListJobRuns(ConnectionPool::Lease& db,
                                      const std::optional<std::string>& job, int64_t before_id,
                                      int limit) {
  auto& select = db.Prepare(absl::StrCat(kColumns,
                                         "WHERE (? IS NULL OR job = ?) AND (? = 0 OR id < ?) "
                                         "ORDER BY id DESC LIMIT ?"));
  Params(select).OptionalString(job).OptionalString(job).Int64(before_id).Int64(before_id).Int(
      limit);
  auto rows = Query(select);
  std::vector<JobRunRecord> runs;
  while (rows->next()) runs.push_back(ReadJobRun(*rows));
  return runs;
}

}  // namespace huikuan::store
