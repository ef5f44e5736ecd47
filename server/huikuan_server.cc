#include "server/huikuan_server.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server_builder.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "grpc/health/v1/health.pb.h"
#include "server/core/status_macros.h"
#include "server/http/http_gateway.h"
#include "server/jobs/all_jobs.h"
#include "server/service/arrangement_service.h"
#include "server/service/audit_service.h"
#include "server/service/auth_interceptor.h"
#include "server/service/authenticator.h"
#include "server/service/collections_service.h"
#include "server/service/compliance_service.h"
#include "server/service/credit_service.h"
#include "server/service/customer_service.h"
#include "server/service/data_exchange_service.h"
#include "server/service/dunning_service.h"
#include "server/service/financing_service.h"
#include "server/service/forecast_service.h"
#include "server/service/health_service.h"
#include "server/service/identity_service.h"
#include "server/service/job_service.h"
#include "server/service/ledger_service.h"
#include "server/service/legal_service.h"
#include "server/service/paying_service.h"
#include "server/service/relationship_service.h"
#include "server/service/report_service.h"
#include "server/service/request_parse_interceptor.h"
#include "server/service/risk_service.h"
#include "server/service/rpc_runtime.h"
#include "server/service/session_service.h"
#include "server/service/statement_service.h"
#include "server/service/term_policy_service.h"
#include "server/service/worklist_service.h"
#include "server/store/connection_pool.h"

namespace huikuan {

struct HuikuanServer::Parts {
  std::unique_ptr<store::ConnectionPool> pool;
  // Sessions in autocommit mode for the reads that need no snapshot (RpcRuntime::ReadLatest).
  std::unique_ptr<store::ConnectionPool> autocommit_pool;
  service::CallRegistry calls;
  std::unique_ptr<service::Authenticator> authenticator;
  std::unique_ptr<service::RpcRuntime> runtime;
  std::unique_ptr<service::IdentityServiceImpl> identity;
  std::unique_ptr<service::CustomerServiceImpl> customers;
  std::unique_ptr<service::AuditServiceImpl> audit;
  std::unique_ptr<service::CreditServiceImpl> credit;
  std::unique_ptr<service::TermPolicyServiceImpl> term_policies;
  std::unique_ptr<service::LedgerServiceImpl> ledger;
  std::unique_ptr<service::StatementServiceImpl> statements;
  std::unique_ptr<ops::LedgerCache> ledger_cache;
  std::unique_ptr<service::ReportServiceImpl> reports;
  std::unique_ptr<service::ForecastServiceImpl> forecasts;
  std::unique_ptr<service::CollectionsServiceImpl> collections;
  std::unique_ptr<service::PayingServiceImpl> paying;
  std::unique_ptr<service::DataExchangeServiceImpl> data_exchange;
  std::unique_ptr<service::WorklistServiceImpl> worklist;
  std::unique_ptr<service::DunningServiceImpl> dunning;
  std::unique_ptr<service::ComplianceServiceImpl> compliance;
  std::unique_ptr<service::SessionServiceImpl> sessions;
  jobs::JobRegistry own_jobs;  // used when the options name no registry
  std::unique_ptr<jobs::JobRunner> job_runner;
  std::unique_ptr<service::JobServiceImpl> job_service;
  std::unique_ptr<jobs::Scheduler> scheduler;  // only when the options schedule the daily run
  std::unique_ptr<mail::SmtpTransport> smtp;   // only when the options name an SMTP server
  std::unique_ptr<mail::OutboxSender> outbox_sender;
  std::unique_ptr<service::ArrangementServiceImpl> arrangements;
  std::unique_ptr<service::LegalServiceImpl> legal;
  std::unique_ptr<service::RiskServiceImpl> risk;
  std::unique_ptr<service::RelationshipServiceImpl> relationship;
  std::unique_ptr<service::FinancingServiceImpl> financing;
  std::unique_ptr<service::HealthServiceImpl> health;
};

namespace {

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> GrpcCredentials(
    const ServerOptions& options) {
  if (options.tls_cert_file.empty() && options.tls_key_file.empty()) {
    return grpc::InsecureServerCredentials();
  }
  auto read = [](const std::string& path) -> absl::StatusOr<std::string> {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    if (!in || content.str().empty()) return absl::InvalidArgumentError("cannot read " + path);
    return content.str();
  };
  grpc::SslServerCredentialsOptions ssl;
  grpc::SslServerCredentialsOptions::PemKeyCertPair pair;
  HK_ASSIGN_OR_RETURN(pair.cert_chain, read(options.tls_cert_file));
  HK_ASSIGN_OR_RETURN(pair.private_key, read(options.tls_key_file));
  ssl.pem_key_cert_pairs.push_back(std::move(pair));
  return grpc::SslServerCredentials(ssl);
}

}  // namespace

absl::StatusOr<std::unique_ptr<HuikuanServer>> HuikuanServer::Start(const ServerOptions& options) {
  std::unique_ptr<HuikuanServer> server(new HuikuanServer);
  server->parts_ = std::make_unique<Parts>();
  Parts& parts = *server->parts_;
  HK_ASSIGN_OR_RETURN(parts.pool, store::ConnectionPool::Create(options.db));
  parts.authenticator =
      std::make_unique<service::Authenticator>(*parts.pool, options.auth_cache_ttl);
  store::DbConfig autocommit_db = options.db;
  autocommit_db.autocommit = true;
  HK_ASSIGN_OR_RETURN(parts.autocommit_pool, store::ConnectionPool::Create(autocommit_db));
  parts.runtime = std::make_unique<service::RpcRuntime>(*parts.pool, *parts.autocommit_pool,
                                                        parts.calls, *options.clock);
  parts.identity = std::make_unique<service::IdentityServiceImpl>(*parts.runtime);
  parts.customers = std::make_unique<service::CustomerServiceImpl>(*parts.runtime);
  parts.audit = std::make_unique<service::AuditServiceImpl>(*parts.runtime);
  parts.credit =
      std::make_unique<service::CreditServiceImpl>(*parts.runtime, options.credit_approval_chain);
  parts.term_policies = std::make_unique<service::TermPolicyServiceImpl>(*parts.runtime);
  parts.ledger = std::make_unique<service::LedgerServiceImpl>(*parts.runtime);
  parts.statements = std::make_unique<service::StatementServiceImpl>(*parts.runtime);
  parts.ledger_cache = std::make_unique<ops::LedgerCache>();
  parts.reports = std::make_unique<service::ReportServiceImpl>(*parts.runtime, *parts.ledger_cache);
  parts.forecasts =
      std::make_unique<service::ForecastServiceImpl>(*parts.runtime, *parts.ledger_cache);
  parts.collections = std::make_unique<service::CollectionsServiceImpl>(*parts.runtime);
  parts.paying = std::make_unique<service::PayingServiceImpl>(
      *parts.runtime, service::PayingSettings{options.job_settings.collection.company_name,
                                              options.job_settings.collection.payment_account});
  parts.data_exchange = std::make_unique<service::DataExchangeServiceImpl>(*parts.runtime);
  parts.worklist = std::make_unique<service::WorklistServiceImpl>(*parts.runtime);
  parts.dunning = std::make_unique<service::DunningServiceImpl>(*parts.runtime);
  parts.compliance = std::make_unique<service::ComplianceServiceImpl>(
      *parts.runtime, options.job_settings.collection.company_name);
  parts.sessions = std::make_unique<service::SessionServiceImpl>(*parts.runtime, options.sessions);
  HK_ASSIGN_OR_RETURN(std::shared_ptr<grpc::ServerCredentials> credentials,
                      GrpcCredentials(options));
  if (options.jobs == nullptr) parts.own_jobs = jobs::AllJobs(options.job_settings);
  parts.job_runner = std::make_unique<jobs::JobRunner>(
      *parts.pool, options.jobs != nullptr ? *options.jobs : parts.own_jobs, *options.clock,
      options.job_runner);
  parts.job_service = std::make_unique<service::JobServiceImpl>(*parts.runtime, *parts.job_runner);
  parts.arrangements = std::make_unique<service::ArrangementServiceImpl>(
      *parts.runtime,
      service::ArrangementSettings{options.credit_approval_chain, options.promise_tolerance_days,
                                   options.instalment_grace_days});
  parts.legal = std::make_unique<service::LegalServiceImpl>(*parts.runtime);
  parts.risk =
      std::make_unique<service::RiskServiceImpl>(*parts.runtime, options.job_settings.risk);
  parts.relationship = std::make_unique<service::RelationshipServiceImpl>(*parts.runtime);
  parts.financing = std::make_unique<service::FinancingServiceImpl>(*parts.runtime);
  parts.health = std::make_unique<service::HealthServiceImpl>(*parts.runtime);

  // gRPC's built-in health service serves the calls; touching our compiled copy of its proto
  // links the descriptor in, so reflection can describe grpc.health.v1.Health too.
  (void)grpc::health::v1::HealthCheckRequest::descriptor();
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  builder.AddListeningPort(options.listen_address, credentials, &server->port_);
  builder.RegisterService(parts.identity.get());
  builder.RegisterService(parts.customers.get());
  builder.RegisterService(parts.audit.get());
  builder.RegisterService(parts.credit.get());
  builder.RegisterService(parts.term_policies.get());
  builder.RegisterService(parts.ledger.get());
  builder.RegisterService(parts.statements.get());
  builder.RegisterService(parts.reports.get());
  builder.RegisterService(parts.forecasts.get());
  builder.RegisterService(parts.collections.get());
  builder.RegisterService(parts.paying.get());
  builder.RegisterService(parts.data_exchange.get());
  builder.RegisterService(parts.worklist.get());
  builder.RegisterService(parts.dunning.get());
  builder.RegisterService(parts.compliance.get());
  builder.RegisterService(parts.sessions.get());
  builder.RegisterService(parts.job_service.get());
  builder.RegisterService(parts.arrangements.get());
  builder.RegisterService(parts.legal.get());
  builder.RegisterService(parts.risk.get());
  builder.RegisterService(parts.relationship.get());
  builder.RegisterService(parts.financing.get());
  builder.RegisterService(parts.health.get());
  // CSV imports arrive in one message: 64 MiB holds a 100,000-row import (the IBM sample is
  // 0.2 MB); gRPC's default of 4 MiB would stop at about 50,000 invoice rows.
  builder.SetMaxReceiveMessageSize(64 * 1024 * 1024);
  // The synchronous server runs each call on the thread that polled it, starts a new polling
  // thread whenever fewer than MIN_POLLERS poll, and ends a thread that finishes a call while
  // MAX_POLLERS others poll. gRPC's defaults (1 and 2) made a busy server start and end a thread
  // for almost every call (issue 13: with 16 clients most of the server's CPU went to thread
  // starts, exits and the scheduler). Up to a call per pooled database connection, and as many
  // again parked on the pool, keep their threads instead.
  const int threads_kept = std::max(2 * options.db.pool_size, 8);
  builder.SetSyncServerOption(grpc::ServerBuilder::SyncServerOption::MIN_POLLERS, 2);
  builder.SetSyncServerOption(grpc::ServerBuilder::SyncServerOption::MAX_POLLERS, threads_kept);
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> interceptors;
  // First: it corrects the status of an unparsable request before the RPC log records it.
  interceptors.push_back(std::make_unique<service::RequestParseInterceptorFactory>(parts.calls));
  interceptors.push_back(std::make_unique<service::AuthInterceptorFactory>(
      *parts.authenticator, parts.calls, options.log_rpcs));
  builder.experimental().SetInterceptorCreators(std::move(interceptors));
  server->server_ = builder.BuildAndStart();
  if (server->server_ == nullptr || server->port_ == 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", options.listen_address, " (address in use?)"));
  }
  if (!options.http.listen_address.empty()) {
    // The HTTP side calls the services through the server itself, in-process: the same
    // interceptor (auth, permissions, log) and handlers as a gRPC client, no network hop.
    grpc::ChannelArguments args;
    args.SetMaxReceiveMessageSize(-1);
    args.SetMaxSendMessageSize(-1);
    HK_ASSIGN_OR_RETURN(server->http_, http::HttpGateway::Start(
                                           options.http, server->server_->InProcessChannel(args)));
  }
  if (options.job_schedule) {
    parts.scheduler = std::make_unique<jobs::Scheduler>(*parts.job_runner, *options.job_schedule);
    parts.scheduler->Start();
  }
  if (options.smtp) {
    parts.smtp = std::make_unique<mail::SmtpTransport>(*options.smtp);
    parts.outbox_sender =
        std::make_unique<mail::OutboxSender>(*parts.pool, *parts.smtp, *options.clock);
    parts.outbox_sender->Start();
  }
  return server;
}

HuikuanServer::~HuikuanServer() {
  if (server_) Shutdown(absl::Seconds(1));
}

int HuikuanServer::http_port() const { return http_ ? http_->port() : 0; }

std::string HuikuanServer::target() const { return absl::StrCat("127.0.0.1:", port_); }

void HuikuanServer::Wait() { server_->Wait(); }

void HuikuanServer::Shutdown(absl::Duration deadline) {
  if (parts_->scheduler) parts_->scheduler->Stop();
  if (parts_->outbox_sender) parts_->outbox_sender->Stop();
  // The scheduler and HTTP before gRPC: their in-flight calls go through the gRPC server.
  if (http_) http_->Shutdown();
  server_->Shutdown(absl::ToChronoTime(absl::Now() + deadline));
}

}  // namespace huikuan
