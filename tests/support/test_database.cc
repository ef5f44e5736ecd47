#include "tests/support/test_database.h"

#include <unistd.h>

#include <cstdlib>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "server/core/status_macros.h"
#include "server/store/connection_pool.h"
#include "server/store/migrator.h"
#include "server/store/transaction.h"

namespace huikuan::testing {
namespace {

constexpr char kHowToRun[] =
    " is not set: integration tests run under scripts/test.sh (make test), or start a server with "
    "`bash scripts/db.sh start DIR PORT` and export HUIKUAN_TEST_DB_PORT, HUIKUAN_TEST_DB_DIR, "
    "HUIKUAN_TEST_DB_SCRIPT (scripts/db.sh) and HUIKUAN_MIGRATIONS_DIR";

absl::StatusOr<std::string> Env(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') {
    return absl::FailedPreconditionError(absl::StrCat(name, kHowToRun));
  }
  return std::string(value);
}

std::string ShellQuote(const std::string& value) {
  return absl::StrCat("'", absl::StrReplaceAll(value, {{"'", "'\\''"}}), "'");
}

// Runs `bash $HUIKUAN_TEST_DB_SCRIPT <command> $HUIKUAN_TEST_DB_DIR $HUIKUAN_TEST_DB_PORT`.
absl::Status RunDbScript(const std::string& command) {
  HK_ASSIGN_OR_RETURN(std::string script, Env("HUIKUAN_TEST_DB_SCRIPT"));
  HK_ASSIGN_OR_RETURN(std::string dir, Env("HUIKUAN_TEST_DB_DIR"));
  HK_ASSIGN_OR_RETURN(std::string port, Env("HUIKUAN_TEST_DB_PORT"));
  const std::string line = absl::StrCat("bash ", ShellQuote(script), " ", command, " ",
                                        ShellQuote(dir), " ", ShellQuote(port));
  const int rc = std::system(line.c_str());
  if (rc != 0) {
    return absl::InternalError(absl::StrCat("`", line, "` failed with status ", rc));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<store::DbConfig> TestDbConfig(absl::string_view database) {
  HK_ASSIGN_OR_RETURN(std::string port_text, Env("HUIKUAN_TEST_DB_PORT"));
  store::DbConfig config;
  if (!absl::SimpleAtoi(port_text, &config.port)) {
    return absl::InvalidArgumentError(
        absl::StrCat("HUIKUAN_TEST_DB_PORT is not a port number: ", port_text));
  }
  config.host = "127.0.0.1";
  config.user = "root";
  config.password = "";
  config.database = std::string(database);
  config.pool_size = 8;
  config.connect_timeout_seconds = 3;
  config.io_timeout_seconds = 30;
  return config;
}

absl::StatusOr<std::unique_ptr<TestDatabase>> TestDatabase::Create(absl::string_view prefix,
                                                                   bool migrate) {
  HK_ASSIGN_OR_RETURN(store::DbConfig config,
                      TestDbConfig(absl::StrCat(prefix, "_", static_cast<long>(getpid()))));
  // A leftover from a crashed earlier run with the same pid must not leak its tables in.
  HK_RETURN_IF_ERROR(store::DropDatabase(config));
  HK_RETURN_IF_ERROR(store::EnsureDatabaseExists(config));
  HK_ASSIGN_OR_RETURN(std::unique_ptr<store::ConnectionPool> pool,
                      store::ConnectionPool::Create(config));
  std::unique_ptr<TestDatabase> db(new TestDatabase(config, std::move(pool)));
  if (migrate) {
    HK_ASSIGN_OR_RETURN(std::string dir, Env("HUIKUAN_MIGRATIONS_DIR"));
    HK_ASSIGN_OR_RETURN(std::vector<store::Migration> migrations, store::LoadMigrations(dir));
    store::Migrator migrator(db->pool(), std::move(migrations));
    HK_RETURN_IF_ERROR(migrator.Up());
    // Tests run at any hour: no quiet hours here (issue 14's default is 21:00-08:00, which would
    // refuse a contact recorded at night); tests/service/compliance_test.cc sets its own.
    HK_RETURN_IF_ERROR(store::RunInTransaction(
        db->pool(), [](store::ConnectionPool::Lease& lease) -> absl::Status {
          lease
              .Prepare(
                  "UPDATE compliance_settings SET quiet_start_minute = NULL, "
                  "quiet_end_minute = NULL")
              .executeUpdate();
          return absl::OkStatus();
        }));
  }
  return db;
}

TestDatabase::TestDatabase(store::DbConfig config, std::unique_ptr<store::ConnectionPool> pool)
    : config_(std::move(config)), pool_(std::move(pool)) {}

TestDatabase::~TestDatabase() {
  pool_.reset();  // close every connection before dropping the database they use
  // Best effort: a test that stopped the server and failed leaves the database behind, and the
  // harness deletes the whole server directory at the end of the run anyway.
  (void)store::DropDatabase(config_);
}

absl::Status StopTestServer() { return RunDbScript("stop"); }

absl::Status StartTestServer() {
  // db.sh start returns once the server answers on its socket; make sure TCP does too.
  HK_RETURN_IF_ERROR(RunDbScript("start"));
  HK_ASSIGN_OR_RETURN(store::DbConfig config, TestDbConfig("mysql"));
  absl::Status last;
  const absl::Time deadline = absl::Now() + absl::Seconds(30);
  while (absl::Now() < deadline) {
    HK_ASSIGN_OR_RETURN(std::unique_ptr<store::ConnectionPool> probe,
                        store::ConnectionPool::Create(config, absl::Seconds(1)));
    absl::StatusOr<store::ConnectionPool::Lease> lease = probe->Acquire();
    if (lease.ok()) return absl::OkStatus();
    last = lease.status();
    absl::SleepFor(absl::Milliseconds(100));
  }
  return absl::DeadlineExceededError(
      absl::StrCat("test server did not accept TCP connections: ", last.message()));
}

}  // namespace huikuan::testing
