#include "server/huikuan_server.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server_builder.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "grpc/health/v1/health.pb.h"
#include "server/core/status_macros.h"
#include "server/service/audit_service.h"
#include "server/service/auth_interceptor.h"
#include "server/service/authenticator.h"
#include "server/service/collections_service.h"
#include "server/service/credit_service.h"
#include "server/service/customer_service.h"
#include "server/service/data_exchange_service.h"
#include "server/service/identity_service.h"
#include "server/service/ledger_service.h"
#include "server/service/request_parse_interceptor.h"
#include "server/service/rpc_runtime.h"
#include "server/service/statement_service.h"
#include "server/service/term_policy_service.h"
#include "server/store/connection_pool.h"

namespace huikuan {

struct HuikuanServer::Parts {
  std::unique_ptr<store::ConnectionPool> pool;
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
  std::unique_ptr<service::CollectionsServiceImpl> collections;
  std::unique_ptr<service::DataExchangeServiceImpl> data_exchange;
};

absl::StatusOr<std::unique_ptr<HuikuanServer>> HuikuanServer::Start(const ServerOptions& options) {
  std::unique_ptr<HuikuanServer> server(new HuikuanServer);
  server->parts_ = std::make_unique<Parts>();
  Parts& parts = *server->parts_;
  HK_ASSIGN_OR_RETURN(parts.pool, store::ConnectionPool::Create(options.db));
  parts.authenticator = std::make_unique<service::Authenticator>(*parts.pool);
  parts.runtime = std::make_unique<service::RpcRuntime>(*parts.pool, parts.calls, *options.clock);
  parts.identity = std::make_unique<service::IdentityServiceImpl>(*parts.runtime);
  parts.customers = std::make_unique<service::CustomerServiceImpl>(*parts.runtime);
  parts.audit = std::make_unique<service::AuditServiceImpl>(*parts.runtime);
  parts.credit =
      std::make_unique<service::CreditServiceImpl>(*parts.runtime, options.credit_approval_chain);
  parts.term_policies = std::make_unique<service::TermPolicyServiceImpl>(*parts.runtime);
  parts.ledger = std::make_unique<service::LedgerServiceImpl>(*parts.runtime);
  parts.statements = std::make_unique<service::StatementServiceImpl>(*parts.runtime);
  parts.collections = std::make_unique<service::CollectionsServiceImpl>(*parts.runtime);
  parts.data_exchange = std::make_unique<service::DataExchangeServiceImpl>(*parts.runtime);

  // gRPC's built-in health service serves the calls; touching our compiled copy of its proto
  // links the descriptor in, so reflection can describe grpc.health.v1.Health too.
  (void)grpc::health::v1::HealthCheckRequest::descriptor();
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  builder.AddListeningPort(options.listen_address, grpc::InsecureServerCredentials(),
                           &server->port_);
  builder.RegisterService(parts.identity.get());
  builder.RegisterService(parts.customers.get());
  builder.RegisterService(parts.audit.get());
  builder.RegisterService(parts.credit.get());
  builder.RegisterService(parts.term_policies.get());
  builder.RegisterService(parts.ledger.get());
  builder.RegisterService(parts.statements.get());
  builder.RegisterService(parts.collections.get());
  builder.RegisterService(parts.data_exchange.get());
  // CSV imports arrive in one message: 64 MiB holds a 100,000-row import (the IBM sample is
  // 0.2 MB); gRPC's default of 4 MiB would stop at about 50,000 invoice rows.
  builder.SetMaxReceiveMessageSize(64 * 1024 * 1024);
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
  return server;
}

HuikuanServer::~HuikuanServer() {
  if (server_) Shutdown(absl::Seconds(1));
}

std::string HuikuanServer::target() const { return absl::StrCat("127.0.0.1:", port_); }

void HuikuanServer::Wait() { server_->Wait(); }

void HuikuanServer::Shutdown(absl::Duration deadline) {
  server_->Shutdown(absl::ToChronoTime(absl::Now() + deadline));
}

}  // namespace huikuan
