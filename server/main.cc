// huikuan-server: serves gRPC, and the operator commands around it.
//
//   huikuan-server [serve] [--migrate]        serve (refuses pending/dirty migrations unless
//                                             --migrate); runs the daily jobs unless --jobs=off
//   huikuan-server migrate up|down N|status|force V
//   huikuan-server token [--token_file=F]     ensure the admin user, issue an admin token
//   huikuan-server seed-demo [--tokens_dir=D] load demo data if empty, write one token and one
//                                             web login per role
//   huikuan-server run-job NAME --as_of=YYYY-MM-DD [--dry_run]   one job for one day
//   huikuan-server audit verify [--day=YYYY-MM-DD]  recompute the audit trail's hash chains; exit
//                                             1 naming the first event that does not match
//
// Every flag has an environment variable (HUIKUAN_<FLAG> in upper case) used as its default.
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <thread>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "server/core/approval_chain.h"
#include "server/core/civil_date.h"
#include "server/core/status_macros.h"
#include "server/demo_data.h"
#include "server/demo_jobs.h"
#include "server/huikuan_server.h"
#include "server/jobs/all_jobs.h"
#include "server/jobs/daily_time.h"
#include "server/jobs/run_job_command.h"
#include "server/ops/audit_verify.h"
#include "server/store/connection_pool.h"
#include "server/store/migrator.h"

namespace {

std::string EnvOr(const char* name, const char* fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? value : fallback;
}

// Like EnvOr, but a variable that is set and empty counts (to switch something off).
std::string EnvSetOr(const char* name, const char* fallback) {
  const char* value = std::getenv(name);
  return value != nullptr ? value : fallback;
}

int EnvIntOr(const char* name, int fallback) {
  int value = 0;
  return absl::SimpleAtoi(EnvOr(name, ""), &value) ? value : fallback;
}

absl::Duration EnvDurationOr(const char* name, absl::Duration fallback) {
  absl::Duration value;
  return absl::ParseDuration(EnvOr(name, ""), &value) ? value : fallback;
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
ABSL_FLAG(int, db_pool_size, EnvIntOr("HUIKUAN_DB_POOL_SIZE", 16),
          "database connections (and as many for autocommit reads)");
ABSL_FLAG(std::string, migrations_dir, EnvOr("HUIKUAN_MIGRATIONS_DIR", "migrations"),
          "directory of NNNN_name.up.sql / .down.sql files");
ABSL_FLAG(bool, migrate, false, "serve: apply pending migrations first instead of refusing");
ABSL_FLAG(bool, log_rpcs, true, "serve: one log line per RPC on stderr");
ABSL_FLAG(absl::Duration, auth_cache_ttl,
          EnvDurationOr("HUIKUAN_AUTH_CACHE_TTL", huikuan::service::kDefaultAuthCacheTtl),
          "serve: how long a verified token is trusted without reading it again; a token revoked "
          "through another replica can read here for this long (writes check it every time); 0 "
          "reads it on every call");
ABSL_FLAG(std::string, credit_approval_bands, EnvOr("HUIKUAN_CREDIT_APPROVAL_BANDS", ""),
          "serve: who approves credit applications by amount (yuan), e.g. "
          "\"1000000=finance_head;5000000=finance_head+investment_head;"
          "above=finance_head+investment_head+management_head\" (the default when empty); "
          "append \";escalate_beyond_recommendation\" to send applications beyond the model's "
          "recommendation one band up (env HUIKUAN_CREDIT_APPROVAL_BANDS)");
ABSL_FLAG(std::string, http_listen, EnvSetOr("HUIKUAN_HTTP_LISTEN", "127.0.0.1:8080"),
          "serve: HTTP address host:port for the web app and the Connect protocol; empty "
          "disables it (env HUIKUAN_HTTP_LISTEN)");
ABSL_FLAG(std::string, web_root, EnvOr("HUIKUAN_WEB_ROOT", "clients/web/dist"),
          "serve: the built web app served at / (env HUIKUAN_WEB_ROOT)");
ABSL_FLAG(std::string, tls_cert, EnvOr("HUIKUAN_TLS_CERT", ""),
          "serve: PEM certificate (chain); with --tls_key both listeners speak TLS "
          "(env HUIKUAN_TLS_CERT)");
ABSL_FLAG(std::string, tls_key, EnvOr("HUIKUAN_TLS_KEY", ""),
          "serve: PEM private key of --tls_cert (env HUIKUAN_TLS_KEY)");
ABSL_FLAG(int, session_ttl_hours, EnvIntOr("HUIKUAN_SESSION_TTL_HOURS", 12),
          "serve: lifetime of a web login session in hours (env HUIKUAN_SESSION_TTL_HOURS)");
ABSL_FLAG(std::string, jobs, EnvOr("HUIKUAN_JOBS", "on"),
          "serve: \"off\" to run no daily jobs in this process (env HUIKUAN_JOBS)");
ABSL_FLAG(std::string, jobs_at, EnvOr("HUIKUAN_JOBS_AT", "01:30"),
          "serve: the local time (Asia/Shanghai, HH:MM) the daily jobs run at (env "
          "HUIKUAN_JOBS_AT)");
ABSL_FLAG(std::string, jobs_since, EnvOr("HUIKUAN_JOBS_SINCE", ""),
          "serve: the first day (YYYY-MM-DD) of a job that never ran; empty: the latest due day "
          "(env HUIKUAN_JOBS_SINCE)");
ABSL_FLAG(absl::Duration, jobs_lease, EnvDurationOr("HUIKUAN_JOBS_LEASE", absl::Seconds(60)),
          "serve, run-job: how long a running day stays claimed after its last heartbeat (beats "
          "come every third of it); a crashed replica's day is taken over after this (env "
          "HUIKUAN_JOBS_LEASE)");
ABSL_FLAG(absl::Duration, jobs_recheck, EnvDurationOr("HUIKUAN_JOBS_RECHECK", absl::Minutes(5)),
          "serve: how soon the scheduler looks again at a day left to another replica or failed "
          "(env HUIKUAN_JOBS_RECHECK)");
ABSL_FLAG(std::string, jobs_test_hold, EnvOr("HUIKUAN_JOBS_TEST_HOLD", ""),
          "fault tests only: JOB=DURATION keeps each attempt of JOB's days open that long after "
          "its work, before it commits (a long run to kill; env HUIKUAN_JOBS_TEST_HOLD)");
ABSL_FLAG(std::string, as_of, "", "run-job: the day to run the job as of (YYYY-MM-DD)");
ABSL_FLAG(std::string, day, "",
          "audit verify: the company day (YYYY-MM-DD) whose chains to verify; empty: every day");
ABSL_FLAG(bool, dry_run, false, "run-job: run and roll back; print what would be created");
ABSL_FLAG(int, promise_tolerance_days,
          EnvIntOr("HUIKUAN_PROMISE_TOLERANCE_DAYS", huikuan::core::kDefaultPromiseToleranceDays),
          "serve: days after a promised date before a promise to pay counts as broken, 0-30 (env "
          "HUIKUAN_PROMISE_TOLERANCE_DAYS)");
ABSL_FLAG(int, instalment_grace_days,
          EnvIntOr("HUIKUAN_INSTALMENT_GRACE_DAYS", huikuan::core::kDefaultInstalmentGraceDays),
          "serve: days after an instalment's due date before a payment plan defaults, 0-30 (env "
          "HUIKUAN_INSTALMENT_GRACE_DAYS)");
ABSL_FLAG(std::string, company_name, EnvOr("HUIKUAN_COMPANY_NAME", "huikuan"),
          "serve, run-job: the company that signs collection messages (env HUIKUAN_COMPANY_NAME)");
ABSL_FLAG(std::string, payment_account, EnvOr("HUIKUAN_PAYMENT_ACCOUNT", ""),
          "serve, run-job: the bank account collection messages ask customers to pay into (env "
          "HUIKUAN_PAYMENT_ACCOUNT)");
ABSL_FLAG(std::string, staff_email_domain, EnvOr("HUIKUAN_STAFF_EMAIL_DOMAIN", "huikuan.local"),
          "serve/run-job: early-warning notices to a user without an email address go to "
          "<username>@<this domain> (env "
          "HUIKUAN_STAFF_EMAIL_DOMAIN)");
ABSL_FLAG(std::string, risk_red_hold, EnvOr("HUIKUAN_RISK_RED_HOLD", "automatic"),
          "serve/run-job: a red warning places the credit hold (automatic) or proposes it to the "
          "heads (proposed) (env HUIKUAN_RISK_RED_HOLD)");
ABSL_FLAG(std::string, smtp_host, EnvOr("HUIKUAN_SMTP_HOST", ""),
          "serve: the SMTP server that delivers the outbox's emails; empty: emails stay queued "
          "(env HUIKUAN_SMTP_HOST)");
ABSL_FLAG(int, smtp_port, EnvIntOr("HUIKUAN_SMTP_PORT", 25),
          "serve: SMTP port (env HUIKUAN_SMTP_PORT)");
ABSL_FLAG(std::string, smtp_tls, EnvOr("HUIKUAN_SMTP_TLS", "none"),
          "serve: none, starttls or implicit (smtps) (env HUIKUAN_SMTP_TLS)");
ABSL_FLAG(std::string, smtp_from, EnvOr("HUIKUAN_SMTP_FROM", ""),
          "serve: the sender address of collection emails (env HUIKUAN_SMTP_FROM)");
ABSL_FLAG(std::string, smtp_from_name, EnvOr("HUIKUAN_SMTP_FROM_NAME", ""),
          "serve: the sender's display name (env HUIKUAN_SMTP_FROM_NAME)");
ABSL_FLAG(std::string, smtp_user, EnvOr("HUIKUAN_SMTP_USER", ""),
          "serve: SMTP login; empty: none (env HUIKUAN_SMTP_USER)");
ABSL_FLAG(std::string, smtp_password, EnvOr("HUIKUAN_SMTP_PASSWORD", ""),
          "serve: SMTP password (env HUIKUAN_SMTP_PASSWORD)");
ABSL_FLAG(std::string, smtp_ca_file, EnvOr("HUIKUAN_SMTP_CA_FILE", ""),
          "serve: PEM CA bundle to verify the SMTP server; empty: the system's (env "
          "HUIKUAN_SMTP_CA_FILE)");
ABSL_FLAG(int, demo_job_days, 90,
          "seed-demo: days of the daily run (ladder, promises, plans, escalation) to replay up to "
          "today after loading the demo, so worklists exist on the first start (0: none)");
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

// Serving and running jobs need the newest schema; a pending or dirty migration stops them.
absl::Status CheckSchemaIsCurrent(store::Migrator& migrator, int* version) {
  HK_ASSIGN_OR_RETURN(store::MigrationState state, migrator.State());
  if (state.dirty || !state.pending.empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat("schema is ", state.dirty ? "dirty" : "behind", " (version ",
                     state.current_version, ", pending: ", absl::StrJoin(state.pending, " "),
                     "); run `huikuan-server migrate up` or start with --migrate"));
  }
  *version = state.current_version;
  return absl::OkStatus();
}

absl::StatusOr<jobs::RunnerOptions> JobRunnerOptionsFromFlags() {
  jobs::RunnerOptions options;
  options.lease = absl::GetFlag(FLAGS_jobs_lease);
  // Shorter leases would expire between heartbeats on a busy machine.
  if (options.lease < absl::Seconds(1)) {
    return absl::InvalidArgumentError("--jobs_lease: must be at least 1s");
  }
  if (const std::string hold = absl::GetFlag(FLAGS_jobs_test_hold); !hold.empty()) {
    const std::vector<std::string> parts = absl::StrSplit(hold, absl::MaxSplits('=', 1));
    if (parts.size() != 2 || parts[0].empty() || !absl::ParseDuration(parts[1], &options.hold) ||
        options.hold < absl::ZeroDuration()) {
      return absl::InvalidArgumentError(
          absl::StrCat("--jobs_test_hold: \"", hold, "\" is not JOB=DURATION (late_fees=20s)"));
    }
    options.hold_job = parts[0];
  }
  return options;
}

// The daily run's schedule, or none with --jobs=off.
absl::StatusOr<std::optional<jobs::ScheduleOptions>> JobScheduleFromFlags() {
  const std::string jobs = absl::GetFlag(FLAGS_jobs);
  if (jobs == "off") return std::nullopt;
  if (jobs != "on") {
    return absl::InvalidArgumentError(absl::StrCat("--jobs: \"", jobs, "\" is not on or off"));
  }
  jobs::ScheduleOptions schedule;
  schedule.recheck = absl::GetFlag(FLAGS_jobs_recheck);
  if (schedule.recheck < absl::Seconds(1)) {
    return absl::InvalidArgumentError("--jobs_recheck: must be at least 1s");
  }
  absl::StatusOr<jobs::DailyTime> at = jobs::ParseDailyTime(absl::GetFlag(FLAGS_jobs_at));
  if (!at.ok())
    return absl::InvalidArgumentError(absl::StrCat("--jobs_at: ", at.status().message()));
  schedule.at = *at;
  const std::string since = absl::GetFlag(FLAGS_jobs_since);
  if (!since.empty()) {
    absl::StatusOr<core::EpochDay> day = core::ParseDate(since);
    if (!day.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("--jobs_since: \"", since, "\" is not a date YYYY-MM-DD"));
    }
    schedule.since = *day;
  }
  return schedule;
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

jobs::JobSettings JobSettingsFromFlags() {
  jobs::JobSettings settings;
  settings.collection.company_name = absl::GetFlag(FLAGS_company_name);
  settings.collection.payment_account = absl::GetFlag(FLAGS_payment_account);
  settings.risk.staff_email_domain = absl::GetFlag(FLAGS_staff_email_domain);
  // Anything but "proposed" keeps the seed's default: stop supply at once.
  settings.risk.config.red_hold_automatic = absl::GetFlag(FLAGS_risk_red_hold) != "proposed";
  return settings;
}

// The SMTP server of the outbox sender, or none without --smtp_host.
absl::StatusOr<std::optional<mail::SmtpSettings>> SmtpSettingsFromFlags() {
  mail::SmtpSettings smtp;
  smtp.host = absl::GetFlag(FLAGS_smtp_host);
  if (smtp.host.empty()) return std::nullopt;
  smtp.port = absl::GetFlag(FLAGS_smtp_port);
  const std::string tls = absl::GetFlag(FLAGS_smtp_tls);
  std::optional<mail::SmtpTls> parsed = mail::ParseSmtpTls(tls);
  if (!parsed) {
    return absl::InvalidArgumentError(
        absl::StrCat("--smtp_tls: \"", tls, "\" is not none, starttls or implicit"));
  }
  smtp.tls = *parsed;
  smtp.from = absl::GetFlag(FLAGS_smtp_from);
  smtp.from_name = absl::GetFlag(FLAGS_smtp_from_name);
  smtp.username = absl::GetFlag(FLAGS_smtp_user);
  smtp.password = absl::GetFlag(FLAGS_smtp_password);
  smtp.ca_file = absl::GetFlag(FLAGS_smtp_ca_file);
  absl::Status valid = mail::ValidateSmtpSettings(smtp);
  if (!valid.ok()) return absl::InvalidArgumentError(absl::StrCat("smtp: ", valid.message()));
  return smtp;
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
    const int days = absl::GetFlag(FLAGS_demo_job_days);
    if (days > 0) {
      const jobs::JobRegistry registry = jobs::AllJobs(JobSettingsFromFlags());
      const ops::Clock& clock = ops::SystemClock();
      HK_ASSIGN_OR_RETURN(DemoJobsReplay replay,
                          ReplayDemoJobs(*pool, registry, clock, clock.Today(), days));
      std::cout << "daily run replayed for the last " << replay.days << " days: " << replay.created
                << " work items and emails created, " << replay.changed
                << " promises, plans and items changed\n";
    }
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
    HK_ASSIGN_OR_RETURN(auto logins, SetDemoPasswords(*pool));
    for (const auto& [role, login] : logins) {
      HK_RETURN_IF_ERROR(WriteSecretFile(std::filesystem::path(dir) / (role + ".password"),
                                         login.username + " " + login.password));
    }
    std::cout << "demo web logins (username password) for " << logins.size() << " roles written to "
              << dir << "/<role>.password\n";
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
  HK_ASSIGN_OR_RETURN(std::optional<jobs::ScheduleOptions> job_schedule, JobScheduleFromFlags());
  HK_ASSIGN_OR_RETURN(jobs::RunnerOptions job_runner, JobRunnerOptionsFromFlags());
  HK_ASSIGN_OR_RETURN(std::optional<mail::SmtpSettings> smtp, SmtpSettingsFromFlags());
  const int tolerance = absl::GetFlag(FLAGS_promise_tolerance_days);
  if (tolerance < 0 || tolerance > core::kMaxPromiseToleranceDays) {
    return absl::InvalidArgumentError("--promise_tolerance_days: must be 0 to 30");
  }
  const int grace = absl::GetFlag(FLAGS_instalment_grace_days);
  if (grace < 0 || grace > core::kMaxInstalmentGraceDays) {
    return absl::InvalidArgumentError("--instalment_grace_days: must be 0 to 30");
  }
  const bool migrate = absl::GetFlag(FLAGS_migrate);
  HK_ASSIGN_OR_RETURN(auto pool, OpenPool(migrate));
  HK_ASSIGN_OR_RETURN(store::Migrator migrator, OpenMigrator(*pool));
  if (migrate) HK_RETURN_IF_ERROR(migrator.Up());
  int version = 0;
  HK_RETURN_IF_ERROR(CheckSchemaIsCurrent(migrator, &version));
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
  if (absl::GetFlag(FLAGS_auth_cache_ttl) < absl::ZeroDuration()) {
    return absl::InvalidArgumentError("--auth_cache_ttl must not be negative");
  }
  options.auth_cache_ttl = absl::GetFlag(FLAGS_auth_cache_ttl);
  options.credit_approval_chain = *std::move(approval_chain);
  options.job_runner = std::move(job_runner);
  options.job_schedule = std::move(job_schedule);
  options.job_settings = JobSettingsFromFlags();
  options.smtp = smtp;
  options.tls_cert_file = absl::GetFlag(FLAGS_tls_cert);
  options.tls_key_file = absl::GetFlag(FLAGS_tls_key);
  options.http.listen_address = absl::GetFlag(FLAGS_http_listen);
  options.http.web_root = absl::GetFlag(FLAGS_web_root);
  options.http.tls_cert_file = options.tls_cert_file;
  options.http.tls_key_file = options.tls_key_file;
  options.http.log_requests = absl::GetFlag(FLAGS_log_rpcs);
  if (absl::GetFlag(FLAGS_session_ttl_hours) < 1) {
    return absl::InvalidArgumentError("--session_ttl_hours must be at least 1");
  }
  options.sessions.session_ttl = absl::Hours(absl::GetFlag(FLAGS_session_ttl_hours));
  options.promise_tolerance_days = tolerance;
  options.instalment_grace_days = grace;
  HK_ASSIGN_OR_RETURN(auto server, HuikuanServer::Start(options));
  const bool tls = !options.tls_cert_file.empty();
  std::cerr << "huikuan-server: serving gRPC" << (tls ? " (TLS)" : "") << " on "
            << options.listen_address << " (schema version " << version << ")\n";
  if (server->http_port() != 0) {
    std::cerr << "huikuan-server: serving HTTP on " << (tls ? "https://" : "http://")
              << options.http.listen_address << "/ (web app from " << options.http.web_root
              << ")\n";
  }
  if (options.smtp) {
    std::cerr << "huikuan-server: sending the outbox's emails through " << options.smtp->host << ":"
              << options.smtp->port << "\n";
  }
  if (options.job_schedule) {
    std::cerr << "huikuan-server: daily jobs at " << jobs::FormatDailyTime(options.job_schedule->at)
              << " Asia/Shanghai (catching up now)\n";
  }
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

absl::Status RunJob(const std::vector<char*>& args) {
  if (args.size() != 3) {
    return absl::InvalidArgumentError("usage: run-job NAME --as_of=YYYY-MM-DD [--dry_run]");
  }
  HK_ASSIGN_OR_RETURN(auto pool, OpenPool(false));
  HK_ASSIGN_OR_RETURN(store::Migrator migrator, OpenMigrator(*pool));
  int version = 0;
  HK_RETURN_IF_ERROR(CheckSchemaIsCurrent(migrator, &version));
  HK_ASSIGN_OR_RETURN(jobs::RunnerOptions runner_options, JobRunnerOptionsFromFlags());
  const jobs::JobRegistry registry = jobs::AllJobs(JobSettingsFromFlags());
  jobs::JobRunner runner(*pool, registry, ops::SystemClock(), std::move(runner_options));
  jobs::RunJobCommand command;
  command.job = args[2];
  command.as_of = absl::GetFlag(FLAGS_as_of);
  command.dry_run = absl::GetFlag(FLAGS_dry_run);
  absl::Status status = jobs::RunJobFromCommandLine(runner, command, std::cout);
  // The message names the field; the violation payloads are for RPC clients, not for a terminal.
  return status.ok() ? status : absl::Status(status.code(), status.message());
}

absl::Status AuditVerify(const std::vector<char*>& args) {
  if (args.size() != 3 || std::string(args[2]) != "verify") {
    return absl::InvalidArgumentError("usage: audit verify [--day=YYYY-MM-DD]");
  }
  std::optional<core::EpochDay> day;
  if (const std::string text = absl::GetFlag(FLAGS_day); !text.empty()) {
    absl::StatusOr<core::EpochDay> parsed = core::ParseDate(text);
    if (!parsed.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("--day: \"", text, "\" is not a date YYYY-MM-DD"));
    }
    day = *parsed;
  }
  HK_ASSIGN_OR_RETURN(auto pool, OpenPool(false));
  HK_ASSIGN_OR_RETURN(store::Migrator migrator, OpenMigrator(*pool));
  int version = 0;
  HK_RETURN_IF_ERROR(CheckSchemaIsCurrent(migrator, &version));
  HK_ASSIGN_OR_RETURN(ops::AuditVerifyReport report, ops::VerifyAuditChains(*pool, day));
  std::cout << ops::FormatAuditVerifyReport(report);
  if (!report.problems.empty()) {
    return absl::DataLossError(absl::StrCat("audit trail broken: ", report.problems[0].what));
  }
  return absl::OkStatus();
}

}  // namespace
}  // namespace huikuan

int main(int argc, char** argv) {
  // Debian's Abseil is built with mutex deadlock detection on: every lock of every absl::Mutex
  // then goes through a process-wide lock-order graph (a few per cent of a payment's CPU, and a
  // point where all threads meet). Tests keep it; the server does not need it.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  absl::SetProgramUsageMessage(
      "huikuan-server [serve|migrate up|down N|status|force V|token|seed-demo|run-job NAME|"
      "audit verify] "
      "[--flags]");
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
  } else if (command == "run-job") {
    status = huikuan::RunJob(args);
  } else if (command == "audit") {
    status = huikuan::AuditVerify(args);
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
