// huikuan-server: serves gRPC, and the operator commands around it.
//
//   huikuan-server [serve] [--migrate]        serve (refuses pending/dirty migrations unless
//   --migrate) huikuan-server migrate up|down N|status|force V huikuan-server token
//   [--token_file=F]     ensure the admin user, issue an admin token huikuan-server seed-demo
//   [--tokens_dir=D] load demo data if empty, write one token per role
//
// Every flag has an environment variable (HUIKUAN_<FLAG> in upper case) used as its default.
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "server/core/approval_chain.h"
#include "server/core/status_macros.h"
#include "server/demo_data.h"
#include "server/huikuan_server.h"
#include "server/store/connection_pool.h"
#include "server/store/migrator.h"

namespace {

std::string EnvOr(const char* name, const char* fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? value : fallback;
}

int EnvIntOr(const char* name, int fallback) {
  int value = 0;
  return absl::SimpleAtoi(EnvOr(name, ""), &value) ? value : fallback;
}

}  // namespace

ABSL_FLAG(std::string, listen, EnvOr("HUIKUAN_LISTEN", "127.0.0.1:50051"),
          "gRPC listen address host:port (env HUIKUAN_LISTEN)");
ABSL_FLAG(std::string, db_host, EnvOr("HUIKUAN_DB_HOST", "127.0.0.1"), "MariaDB host");
ABSL_FLAG(int, db_port, EnvIntOr("HUIKUAN_DB_PORT", 3307), "MariaDB port (env HUIKUAN_DB_PORT)");
ABSL_FLAG(std::string, db_user, EnvOr("HUIKUAN_DB_USER", "root"), "MariaDB user");
ABSL_FLAG(std::string, db_password, EnvOr("HUIKUAN_DB_PASSWORD", ""),
          "MariaDB password (prefer the env variable HUIKUAN_DB_PASSWORD)");
ABSL_FLAG(std::string, db_name, EnvOr("HUIKUAN_DB_NAME", "huikuan"), "database (schema) name");
ABSL_FLAG(int, db_pool_size, EnvIntOr("HUIKUAN_DB_POOL_SIZE", 16), "database connections");
ABSL_FLAG(std::string, migrations_dir, EnvOr("HUIKUAN_MIGRATIONS_DIR", "migrations"),
          "directory of NNNN_name.up.sql / .down.sql files");
ABSL_FLAG(bool, migrate, false, "serve: apply pending migrations first instead of refusing");
ABSL_FLAG(bool, log_rpcs, true, "serve: one log line per RPC on stderr");
ABSL_FLAG(std::string, credit_approval_bands, EnvOr("HUIKUAN_CREDIT_APPROVAL_BANDS", ""),
          "serve: who approves credit applications by amount (yuan), e.g. "
          "\"1000000=finance_head;5000000=finance_head+investment_head;"
          "above=finance_head+investment_head+management_head\" (the default when empty); "
          "append \";escalate_beyond_recommendation\" to send applications beyond the model's "
          "recommendation one band up (env HUIKUAN_CREDIT_APPROVAL_BANDS)");
ABSL_FLAG(std::string, token_file, "", "token: also write the admin token to this file");
ABSL_FLAG(std::string, tokens_dir, "", "seed-demo: write one demo token per role here");
ABSL_FLAG(int, demo_customers, 2000,
          "seed-demo: customers to generate, with ~100 invoices each over three years (2000: "
          "~200,000 invoices, about a minute to load on 2 busy cores)");

namespace huikuan {
namespace {

store::DbConfig DbConfigFromFlags() {
  store::DbConfig config;
  config.host = absl::GetFlag(FLAGS_db_host);
  config.port = absl::GetFlag(FLAGS_db_port);
  config.user = absl::GetFlag(FLAGS_db_user);
  config.password = absl::GetFlag(FLAGS_db_password);
  config.database = absl::GetFlag(FLAGS_db_name);
  config.pool_size = absl::GetFlag(FLAGS_db_pool_size);
  return config;
}

absl::StatusOr<std::unique_ptr<store::ConnectionPool>> OpenPool(bool create_database) {
  store::DbConfig config = DbConfigFromFlags();
  if (create_database) HK_RETURN_IF_ERROR(store::EnsureDatabaseExists(config));
  return store::ConnectionPool::Create(config);
}

absl::StatusOr<store::Migrator> OpenMigrator(store::ConnectionPool& pool) {
  HK_ASSIGN_OR_RETURN(std::vector<store::Migration> migrations,
                      store::LoadMigrations(absl::GetFlag(FLAGS_migrations_dir)));
  return store::Migrator(pool, std::move(migrations));
}

absl::Status WriteSecretFile(const std::filesystem::path& path, const std::string& secret) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::trunc);
  out << secret << "\n";
  out.close();
  if (!out) return absl::InternalError(absl::StrCat("cannot write ", path.string()));
  std::filesystem::permissions(
      path, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  return absl::OkStatus();
}

absl::Status Migrate(const std::vector<char*>& args) {
  const std::string verb = args.size() > 2 ? args[2] : "status";
  HK_ASSIGN_OR_RETURN(auto pool, OpenPool(/*create_database=*/verb != "status"));
  HK_ASSIGN_OR_RETURN(store::Migrator migrator, OpenMigrator(*pool));
  int count = -1;
  if (args.size() > 3 && !absl::SimpleAtoi(args[3], &count)) {
    return absl::InvalidArgumentError(absl::StrCat("not a number: ", args[3]));
  }
  if (verb == "up") {
    HK_RETURN_IF_ERROR(migrator.Up(count));
  } else if (verb == "down") {
    if (count < 1) return absl::InvalidArgumentError("usage: migrate down N (N >= 1)");
    HK_RETURN_IF_ERROR(migrator.Down(count));
  } else if (verb == "force") {
    if (count < 0) return absl::InvalidArgumentError("usage: migrate force VERSION");
    HK_RETURN_IF_ERROR(migrator.Force(count));
  } else if (verb != "status") {
    return absl::InvalidArgumentError("usage: migrate up [N] | down N | status | force V");
  }
  HK_ASSIGN_OR_RETURN(store::MigrationState state, migrator.State());
  std::cout << "schema version " << state.current_version << (state.dirty ? " (DIRTY)" : "")
            << ", pending: " << (state.pending.empty() ? "none" : absl::StrJoin(state.pending, " "))
            << "\n";
  return absl::OkStatus();
}

absl::Status IssueToken() {
  HK_ASSIGN_OR_RETURN(auto pool, OpenPool(false));
  HK_ASSIGN_OR_RETURN(std::string secret, IssueAdminToken(*pool, absl::Hours(24 * 30)));
  if (!absl::GetFlag(FLAGS_token_file).empty()) {
    HK_RETURN_IF_ERROR(WriteSecretFile(absl::GetFlag(FLAGS_token_file), secret));
  }
  std::cout << secret << "\n";
  return absl::OkStatus();
}

absl::Status SeedDemo() {
  HK_ASSIGN_OR_RETURN(auto pool, OpenPool(false));
  DemoDataOptions options;
  options.customers = absl::GetFlag(FLAGS_demo_customers);
  HK_ASSIGN_OR_RETURN(DemoDataSummary summary, LoadDemoDataIfEmpty(*pool, options));
  if (summary.created) {
    std::cout << "demo data loaded: " << summary.users << " users, " << summary.customers
              << " customers, " << summary.invoices << " invoices, " << summary.payments
              << " payments\n";
  } else {
    std::cout << "database already has data: demo data not loaded again\n";
  }
  const std::string dir = absl::GetFlag(FLAGS_tokens_dir);
  if (!dir.empty()) {
    HK_ASSIGN_OR_RETURN(auto tokens, IssueDemoTokens(*pool));
    for (const auto& [role, secret] : tokens) {
      HK_RETURN_IF_ERROR(WriteSecretFile(std::filesystem::path(dir) / (role + ".token"), secret));
    }
    std::cout << "demo tokens for " << tokens.size() << " roles written to " << dir << "/\n";
  }
  return absl::OkStatus();
}

absl::Status Serve() {
  absl::StatusOr<core::ApprovalChainConfig> approval_chain =
      core::ParseApprovalChainConfig(absl::GetFlag(FLAGS_credit_approval_bands));
  if (!approval_chain.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--credit_approval_bands: ", approval_chain.status().message()));
  }
  const bool migrate = absl::GetFlag(FLAGS_migrate);
  HK_ASSIGN_OR_RETURN(auto pool, OpenPool(migrate));
  HK_ASSIGN_OR_RETURN(store::Migrator migrator, OpenMigrator(*pool));
  if (migrate) HK_RETURN_IF_ERROR(migrator.Up());
  HK_ASSIGN_OR_RETURN(store::MigrationState state, migrator.State());
  if (state.dirty || !state.pending.empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat("schema is ", state.dirty ? "dirty" : "behind", " (version ",
                     state.current_version, ", pending: ", absl::StrJoin(state.pending, " "),
                     "); run `huikuan-server migrate up` or start with --migrate"));
  }
  pool.reset();

  // Block the stop signals in every thread; one thread waits for them and shuts down cleanly.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  ServerOptions options;
  options.listen_address = absl::GetFlag(FLAGS_listen);
  options.db = DbConfigFromFlags();
  options.log_rpcs = absl::GetFlag(FLAGS_log_rpcs);
  options.credit_approval_chain = *std::move(approval_chain);
  HK_ASSIGN_OR_RETURN(auto server, HuikuanServer::Start(options));
  std::cerr << "huikuan-server: serving gRPC on " << options.listen_address << " (schema version "
            << state.current_version << ")\n";
  std::thread stopper([&] {
    int signal = 0;
    sigwait(&signals, &signal);
    std::cerr << "huikuan-server: signal " << signal << ", shutting down\n";
    server->Shutdown();
  });
  server->Wait();
  stopper.join();
  return absl::OkStatus();
}

}  // namespace
}  // namespace huikuan

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "huikuan-server [serve|migrate up|down N|status|force V|token|seed-demo] [--flags]");
  std::vector<char*> args = absl::ParseCommandLine(argc, argv);
  const std::string command = args.size() > 1 ? args[1] : "serve";
  absl::Status status;
  if (command == "serve") {
    status = huikuan::Serve();
  } else if (command == "migrate") {
    status = huikuan::Migrate(args);
  } else if (command == "token") {
    status = huikuan::IssueToken();
  } else if (command == "seed-demo") {
    status = huikuan::SeedDemo();
  } else {
    status =
        absl::InvalidArgumentError(absl::StrCat("unknown command \"", command, "\"; see --help"));
  }
  if (!status.ok()) {
    std::cerr << "huikuan-server: " << status << "\n";
    return 1;
  }
  return 0;
}
