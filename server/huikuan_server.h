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
#include <string>

#include "absl/status/statusor.h"
#include "server/core/approval_chain.h"
#include "server/ops/clock.h"
#include "server/store/db_config.h"

namespace huikuan {

struct ServerOptions {
  // host:port; port 0 picks a free port (see HuikuanServer::port()).
  std::string listen_address = "127.0.0.1:50051";
  store::DbConfig db;
  // Write one log line per RPC to stderr.
  bool log_rpcs = true;
  // Who approves credit applications by amount (R-CREDIT-1); validated by the caller.
  core::ApprovalChainConfig credit_approval_chain;
  // Where "now" and "today" come from; the real clock unless a test or a replay fixes the day.
  const ops::Clock* clock = &ops::SystemClock();
};

class HuikuanServer {
 public:
  // Starts serving. Does not touch the schema: callers check migrations first (main.cc).
  static absl::StatusOr<std::unique_ptr<HuikuanServer>> Start(const ServerOptions& options);
  ~HuikuanServer();

  int port() const { return port_; }
  std::string target() const;
  void Wait();
  // Stops accepting calls, lets in-flight calls finish (up to `deadline`), then returns.
  void Shutdown(absl::Duration deadline = absl::Seconds(5));

  struct Parts;

 private:
  HuikuanServer() = default;
  std::unique_ptr<Parts> parts_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
};

}  // namespace huikuan

#endif  // HUIKUAN_SERVER_HUIKUAN_SERVER_H_
