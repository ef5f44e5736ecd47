// The tamper-evident audit trail (issue 13): writes from many threads at once leave hash chains
// that `audit verify` proves; an event edited, removed or added behind the server's back (the
// append-only triggers dropped first, as someone with the database's admin rights could) is named,
// by VerifyAuditChains and by `huikuan-server audit verify`, which exits non-zero. Events from
// before the chains are counted, not proven.
#include <cppconn/statement.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/ops/audit_verify.h"
#include "server/ops/clock.h"
#include "server/ops/scopes.h"
#include "server/store/conflict_retry.h"
#include "server/store/migrator.h"
#include "server/store/sql_values.h"
#include "server/store/transaction.h"
#include "tests/support/test_database.h"

namespace huikuan::testing {
namespace {

using ::testing::HasSubstr;

constexpr int kThreads = 8;
constexpr int kWritesPerThread = 20;

// One write of `events` audit events (and a second flush of one more when `two_flushes`).
void Write(store::ConnectionPool& pool, const std::string& request_id, int events,
           bool two_flushes = false) {
  const ops::Caller caller = ops::Caller::System("audit_chain_test");
  absl::Status status = store::RetryConflicts([&] {
    return store::RunInTransaction(pool, [&](store::ConnectionPool::Lease& db) {
      return ops::RunWrite(db, caller, "test/audit_chain", request_id, absl::Now(),
                           [&](ops::WriteScope& write) -> absl::Status {
                             for (int i = 0; i < events; ++i) {
                               write.audit.RecordJson(
                                   absl::StrCat("things/", request_id, "-", i), "",
                                   absl::StrCat("{\"n\":", i, ",\"text\":\"它's \\\\ ok\"}"));
                             }
                             if (two_flushes) {
                               write.audit.Flush(write.db);
                               write.audit.RecordJson("things/second-flush", "{}", "{\"x\":1}");
                             }
                             return absl::OkStatus();
                           });
    });
  });
  ASSERT_TRUE(status.ok()) << status;
}

void WriteConcurrently(store::ConnectionPool& pool, const std::string& prefix) {
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&pool, &prefix, t] {
      for (int w = 0; w < kWritesPerThread; ++w) {
        Write(pool, absl::StrCat(prefix, t, "-", w), 1 + (w % 3), /*two_flushes=*/w == 7);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
}

// Events written by WriteConcurrently: sum over w of (1 + w % 3), plus one per thread (w == 7).
constexpr int64_t kEventsPerRun = kThreads * (kWritesPerThread / 3 * 6 + 1 + 2 + 1);

void Sql(store::ConnectionPool& pool, const std::string& sql) {
  absl::Status status =
      store::RunInTransaction(pool, [&](store::ConnectionPool::Lease& db) -> absl::Status {
        std::unique_ptr<sql::Statement> statement(db.connection().createStatement());
        statement->execute(sql);
        return absl::OkStatus();
      });
  ASSERT_TRUE(status.ok()) << sql << ": " << status;
}

int64_t QueryInt(store::ConnectionPool& pool, const std::string& sql) {
  absl::StatusOr<int64_t> value = store::RunInTransaction<int64_t>(
      pool, [&](store::ConnectionPool::Lease& db) -> absl::StatusOr<int64_t> {
        auto rows = store::Query(db.Prepare(sql));
        if (!rows->next()) return absl::NotFoundError(sql);
        return rows->getInt64(1);
      });
  EXPECT_TRUE(value.ok()) << sql << ": " << value.status();
  return value.value_or(-1);
}

// Runs `sql` with the append-only triggers dropped (as the database's admin could), then puts
// them back.
void Tamper(store::ConnectionPool& pool, const std::string& sql) {
  Sql(pool, "DROP TRIGGER audit_events_no_update");
  Sql(pool, "DROP TRIGGER audit_events_no_delete");
  Sql(pool, sql);
  Sql(pool,
      "CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events FOR EACH ROW SIGNAL "
      "SQLSTATE '45000' SET MESSAGE_TEXT = 'audit_events is append-only'");
  Sql(pool,
      "CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events FOR EACH ROW SIGNAL "
      "SQLSTATE '45000' SET MESSAGE_TEXT = 'audit_events is append-only'");
}

ops::AuditVerifyReport Verify(store::ConnectionPool& pool) {
  absl::StatusOr<ops::AuditVerifyReport> report = ops::VerifyAuditChains(pool, std::nullopt);
  EXPECT_TRUE(report.ok()) << report.status();
  return report.ok() ? *report : ops::AuditVerifyReport();
}

struct Command {
  int exit_code = -1;
  std::string output;
};

// `huikuan-server audit verify` against `db`.
Command AuditVerifyCommand(const TestDatabase& db, const std::string& extra = "") {
  const std::string command =
      absl::StrCat(HUIKUAN_SERVER_BINARY, " audit verify --db_port=", db.config().port,
                   " --db_name=", db.config().database, " --db_user=", db.config().user,
                   " --db_password='", db.config().password, "' ", extra, " 2>&1");
  Command result;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return result;
  char buffer[4096];
  size_t n = 0;
  while ((n = fread(buffer, 1, sizeof(buffer), pipe)) > 0) result.output.append(buffer, n);
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

std::unique_ptr<TestDatabase> NewDatabase(const std::string& prefix, bool migrate = true) {
  absl::StatusOr<std::unique_ptr<TestDatabase>> db = TestDatabase::Create(prefix, migrate);
  EXPECT_TRUE(db.ok()) << db.status();
  return db.ok() ? *std::move(db) : nullptr;
}

TEST(AuditChainTest, ConcurrentWritersLeaveChainsThatVerify) {
  auto db = NewDatabase("audit_chain_clean");
  ASSERT_NE(db, nullptr);
  WriteConcurrently(db->pool(), "clean-");
  ops::AuditVerifyReport report = Verify(db->pool());
  EXPECT_TRUE(report.problems.empty()) << ops::FormatAuditVerifyReport(report);
  EXPECT_EQ(report.events_verified, kEventsPerRun);
  ASSERT_EQ(report.days.size(), 1u);
  EXPECT_EQ(report.days[0].day, ops::CompanyDay(absl::Now()));
  // Concurrent writers wrote on chains of their own connections, not on one global chain.
  EXPECT_GT(report.days[0].chains, 1);
  EXPECT_EQ(report.days[0].chains,
            QueryInt(db->pool(), "SELECT COUNT(DISTINCT chain_shard) FROM audit_events"));
  EXPECT_EQ(report.days[0].digest.size(), 64u);
  EXPECT_EQ(report.legacy_events, 0);

  Command command = AuditVerifyCommand(*db);
  EXPECT_EQ(command.exit_code, 0) << command.output;
  EXPECT_THAT(command.output, HasSubstr("audit trail OK"));
  EXPECT_THAT(command.output, HasSubstr(absl::StrCat("verified ", kEventsPerRun)));
  Command one_day = AuditVerifyCommand(
      *db, absl::StrCat("--day=", core::FormatDate(ops::CompanyDay(absl::Now()))));
  EXPECT_EQ(one_day.exit_code, 0) << one_day.output;
  Command bad_day = AuditVerifyCommand(*db, "--day=yesterday");
  EXPECT_EQ(bad_day.exit_code, 1);
  EXPECT_THAT(bad_day.output, HasSubstr("--day"));
}

TEST(AuditChainTest, AnEditedEventIsNamed) {
  auto db = NewDatabase("audit_chain_edit");
  ASSERT_NE(db, nullptr);
  WriteConcurrently(db->pool(), "edit-");
  // An event in the middle of a chain: not its first link, not its last.
  const int64_t id = QueryInt(db->pool(),
                              "SELECT MIN(e.id) FROM audit_events e JOIN audit_chain_heads h ON "
                              "h.chain_day = e.chain_day AND h.chain_shard = e.chain_shard "
                              "WHERE e.chain_seq > 1 AND e.chain_seq < h.last_seq");
  ASSERT_GT(id, 0);
  Tamper(db->pool(),
         absl::StrCat("UPDATE audit_events SET after_json = '{\"n\":0,\"text\":\"forged\"}' "
                      "WHERE id = ",
                      id));
  ops::AuditVerifyReport report = Verify(db->pool());
  ASSERT_EQ(report.problems.size(), 1u) << ops::FormatAuditVerifyReport(report);
  EXPECT_EQ(report.problems[0].event_id, id);
  EXPECT_THAT(report.problems[0].what, HasSubstr(absl::StrCat("event ", id, " (chain ")));
  EXPECT_THAT(report.problems[0].what, HasSubstr("content or hash changed"));

  Command command = AuditVerifyCommand(*db);
  EXPECT_EQ(command.exit_code, 1) << command.output;
  EXPECT_THAT(command.output, HasSubstr("AUDIT TRAIL BROKEN"));
  EXPECT_THAT(command.output, HasSubstr(absl::StrCat("event ", id, " (chain ")));
}

TEST(AuditChainTest, AnEditedTimeOrHashIsNamedToo) {
  auto db = NewDatabase("audit_chain_columns");
  ASSERT_NE(db, nullptr);
  WriteConcurrently(db->pool(), "cols-");
  const int64_t first = QueryInt(db->pool(), "SELECT MIN(id) FROM audit_events");
  const int64_t last = QueryInt(db->pool(), "SELECT MAX(id) FROM audit_events");
  // Move an event one microsecond; replace another's hash by a hash computed without the
  // server (the link after it still holds: each link is checked against the stored hash).
  Tamper(db->pool(), absl::StrCat("UPDATE audit_events SET event_time = event_time + INTERVAL 1 "
                                  "MICROSECOND WHERE id = ",
                                  first));
  Tamper(db->pool(),
         absl::StrCat("UPDATE audit_events SET chain_hash = SHA2('x', 256) WHERE id = ", last));
  ops::AuditVerifyReport report = Verify(db->pool());
  std::vector<int64_t> named;
  for (const ops::AuditChainProblem& problem : report.problems) named.push_back(problem.event_id);
  // The replaced hash breaks its link and (unless it was its chain's newest) agrees with no head.
  EXPECT_THAT(named, ::testing::IsSupersetOf({first, last}))
      << ops::FormatAuditVerifyReport(report);
}

TEST(AuditChainTest, RemovedEventsAreFound) {
  auto db = NewDatabase("audit_chain_delete");
  ASSERT_NE(db, nullptr);
  WriteConcurrently(db->pool(), "del-");
  // A link in the middle: the next link of its chain is named.
  const std::string middle_of =
      "FROM audit_events e JOIN audit_chain_heads h ON h.chain_day = e.chain_day AND "
      "h.chain_shard = e.chain_shard WHERE e.chain_seq > 1 AND e.chain_seq < h.last_seq";
  const int64_t removed = QueryInt(db->pool(), absl::StrCat("SELECT MIN(e.id) ", middle_of));
  const int64_t next = QueryInt(
      db->pool(), absl::StrCat("SELECT n.id FROM audit_events e JOIN audit_events n ON "
                               "n.chain_day = e.chain_day AND n.chain_shard = e.chain_shard AND "
                               "n.chain_seq = e.chain_seq + 1 WHERE e.id = ",
                               removed));
  Tamper(db->pool(), absl::StrCat("DELETE FROM audit_events WHERE id = ", removed));
  ops::AuditVerifyReport report = Verify(db->pool());
  ASSERT_EQ(report.problems.size(), 1u) << ops::FormatAuditVerifyReport(report);
  EXPECT_EQ(report.problems[0].event_id, next);
  EXPECT_THAT(report.problems[0].what, HasSubstr("were removed"));

  // A chain's newest link: its head no longer agrees.
  const int64_t newest =
      QueryInt(db->pool(),
               "SELECT e.id FROM audit_events e JOIN audit_chain_heads h ON h.chain_day = "
               "e.chain_day AND h.chain_shard = e.chain_shard AND h.last_seq = e.chain_seq "
               "WHERE e.id <> " +
                   std::to_string(next) + " ORDER BY e.id DESC LIMIT 1");
  const int64_t shard = QueryInt(
      db->pool(), absl::StrCat("SELECT chain_shard FROM audit_events WHERE id = ", newest));
  Tamper(db->pool(), absl::StrCat("DELETE FROM audit_events WHERE id = ", newest));
  report = Verify(db->pool());
  ASSERT_EQ(report.problems.size(), 2u) << ops::FormatAuditVerifyReport(report);
  bool found = false;
  for (const ops::AuditChainProblem& problem : report.problems) {
    if (absl::StrContains(problem.what, absl::StrCat("/", shard, ": ends at link")) &&
        absl::StrContains(problem.what, "the newest link(s) were removed")) {
      found = true;
    }
  }
  EXPECT_TRUE(found) << ops::FormatAuditVerifyReport(report);
  Command command = AuditVerifyCommand(*db);
  EXPECT_EQ(command.exit_code, 1) << command.output;
  EXPECT_THAT(command.output, HasSubstr(absl::StrCat("event ", next, " (chain ")));
}

TEST(AuditChainTest, AnEventAddedWithoutItsLinkIsNamed) {
  auto db = NewDatabase("audit_chain_insert");
  ASSERT_NE(db, nullptr);
  WriteConcurrently(db->pool(), "ins-");
  Sql(db->pool(),
      "INSERT INTO audit_events (actor_user_id, actor_role, method, resource, request_id, "
      "before_json, after_json) VALUES (1, 'admin', 'forged', 'invoices/1', 'r', '', '{}')");
  const int64_t forged = QueryInt(db->pool(), "SELECT MAX(id) FROM audit_events");
  ops::AuditVerifyReport report = Verify(db->pool());
  ASSERT_EQ(report.problems.size(), 1u) << ops::FormatAuditVerifyReport(report);
  EXPECT_EQ(report.problems[0].event_id, forged);
  EXPECT_THAT(report.problems[0].what, HasSubstr("has no chain link"));
}

TEST(AuditChainTest, EventsFromBeforeTheChainsAreCountedNotProven) {
  auto db = NewDatabase("audit_chain_legacy");
  ASSERT_NE(db, nullptr);
  absl::StatusOr<std::vector<store::Migration>> migrations =
      store::LoadMigrations(std::getenv("HUIKUAN_MIGRATIONS_DIR"));
  ASSERT_TRUE(migrations.ok()) << migrations.status();
  {
    // Back to before the chains, with events written the old way.
    store::Migrator migrator(db->pool(), *migrations);
    absl::StatusOr<store::MigrationState> state = migrator.State();
    ASSERT_TRUE(state.ok()) << state.status();
    int newer = 0;
    for (const store::Migration& migration : *migrations) {
      if (migration.version >= 520 && migration.version <= state->current_version) ++newer;
    }
    ASSERT_TRUE(migrator.Down(newer).ok());
    for (int i = 0; i < 5; ++i) {
      Sql(db->pool(),
          absl::StrCat("INSERT INTO audit_events (actor_user_id, actor_role, method, resource, "
                       "request_id, before_json, after_json) VALUES (1, 'admin', 'old', "
                       "'invoices/",
                       i, "', 'old-", i, "', '', '{}')"));
    }
    ASSERT_TRUE(migrator.Up().ok());
  }
  WriteConcurrently(db->pool(), "legacy-");
  ops::AuditVerifyReport report = Verify(db->pool());
  EXPECT_TRUE(report.problems.empty()) << ops::FormatAuditVerifyReport(report);
  EXPECT_EQ(report.legacy_events, 5);
  EXPECT_EQ(report.events_verified, kEventsPerRun);
  Command command = AuditVerifyCommand(*db);
  EXPECT_EQ(command.exit_code, 0) << command.output;
  EXPECT_THAT(command.output, HasSubstr("5 event(s) from before the chains"));

  const int64_t old = QueryInt(db->pool(), "SELECT MIN(id) FROM audit_events");
  Tamper(db->pool(), absl::StrCat("DELETE FROM audit_events WHERE id = ", old));
  report = Verify(db->pool());
  ASSERT_EQ(report.problems.size(), 1u) << ops::FormatAuditVerifyReport(report);
  EXPECT_THAT(report.problems[0].what, HasSubstr("1 of the 5 events from before the chains"));
}

}  // namespace
}  // namespace huikuan::testing
