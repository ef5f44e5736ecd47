// The huikuan gRPC server, assembled: pool -> authenticator + interceptor -> services, with gRPC
// health checking and server reflection. main.cc runs it; integration tests start it in-process
// on an ephemeral port against the test database.
//
//   HK_ASSIGN_OR_RETURN(auto server, HuikuanServer::Start(options));
//   server->Wait();   // until Shutdown() from another thread / a signal
#ifndef HUIKUAN_SERVER_HUIKUAN_SERVER_H_
#define HUIKUAN_SERVER_HUIKUAN_SERVER_H_

#include <grpcpp/server.h>

#include <memory>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "server/core/approval_chain.h"
#include "server/core/payment_plan.h"
#include "server/core/promise.h"
#include "server/http/http_gateway.h"
#include "server/jobs/all_jobs.h"
#include "server/jobs/job_registry.h"
#include "server/jobs/job_runner.h"
#include "server/jobs/scheduler.h"
#include "server/mail/outbox_sender.h"
#include "server/mail/smtp_transport.h"
#include "server/ops/clock.h"
#include "server/service/authenticator.h"
#include "server/service/session_service.h"
#include "server/store/db_config.h"

namespace huikuan {

struct ServerOptions {
  // host:port; port 0 picks a free port (see HuikuanServer::port()).
  std::string listen_address = "127.0.0.1:50051";
  store::DbConfig db;
  // Write one log line per RPC to stderr.
  bool log_rpcs = true;
  // How long a verified token is trusted without reading it again (service/authenticator.h).
  absl::Duration auth_cache_ttl = service::kDefaultAuthCacheTtl;
  // Who approves credit applications by amount (R-CREDIT-1); validated by the caller.
  core::ApprovalChainConfig credit_approval_chain;
  // Promises to pay and payment plans (issue 9): days of tolerance after a promised date, of
  // grace after an instalment's due date. Plans above the chain's highest band also need a
  // management head.
  int32_t promise_tolerance_days = core::kDefaultPromiseToleranceDays;
  int32_t instalment_grace_days = core::kDefaultInstalmentGraceDays;
  // Where "now" and "today" come from; the real clock unless a test or a replay fixes the day.
  const ops::Clock* clock = &ops::SystemClock();
  // Both set: gRPC over TLS with this PEM certificate (chain) and key (the HTTP side takes its
  // own from `http`).
  std::string tls_cert_file;
  std::string tls_key_file;
  // The HTTP side (Connect protocol + web app); an empty listen address disables it.
  http::HttpOptions http = {.listen_address = ""};
  // People's sessions (SessionService): lifetime and failed-login limits.
  service::SessionOptions sessions;
  // The daily run (server/jobs): the jobs (nullptr: jobs::AllJobs()), the lease of a running day,
  // and, when set, the schedule of a thread that runs every job daily (main.cc sets it unless
  // --jobs=off; tests leave it unset and run days themselves). JobService works either way.
  const jobs::JobRegistry* jobs = nullptr;
  jobs::JobSettings job_settings;  // for jobs::AllJobs() when `jobs` is nullptr
  jobs::RunnerOptions job_runner;
  std::optional<jobs::ScheduleOptions> job_schedule;
  // When set, a thread delivers the outbox's emails through this SMTP server (validated by the
  // caller); without it emails wait in the outbox.
  std::optional<mail::SmtpSettings> smtp;
};

class HuikuanServer {
 public:
  // Starts serving. Does not touch the schema: callers check migrations first (main.cc).
  static absl::StatusOr<std::unique_ptr<HuikuanServer>> Start(const ServerOptions& options);
  ~HuikuanServer();

  int port() const { return port_; }
  // The HTTP side's port; 0 when it is disabled.
  int http_port() const;
  std::string target() const;
  void Wait();
  // Stops the daily run's scheduler (after the day in progress), then stops accepting calls, lets
  // in-flight calls finish (up to `deadline`), then returns.
  void Shutdown(absl::Duration deadline = absl::Seconds(5));

  struct Parts;

 private:
  HuikuanServer() = default;
  std::unique_ptr<Parts> parts_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<http::HttpGateway> http_;
  int port_ = 0;
};

}  // namespace huikuan

#endif  // HUIKUAN_SERVER_HUIKUAN_SERVER_H_
