// The HTTP/1.1 listener of `huikuan-server serve`: the Connect protocol for every unary RPC
// (connect_handler.h) and the built web app (static_assets.h), optionally over TLS. It adds no
// business logic: RPCs go to the same gRPC services in-process.
//
// Limits: request bodies up to `max_request_bytes` (413 above), 30 s to read a request or write
// a response, idle keep-alive connections closed after 5 s, RPC deadlines as in
// ConnectHandlerOptions. One log line per request on stderr (method, path, status, bytes,
// latency, client address). Web assets are gzip-compressed once at start and sent so to clients
// that accept gzip; RPC responses are compressed per response by httplib (gzip or brotli).
//
//   HK_ASSIGN_OR_RETURN(auto gateway, HttpGateway::Start(options, server->InProcessChannel(args)));
//   ...
//   gateway->Shutdown();   // before the gRPC server's
#ifndef HUIKUAN_SERVER_HTTP_HTTP_GATEWAY_H_
#define HUIKUAN_SERVER_HTTP_HTTP_GATEWAY_H_

#include <grpcpp/channel.h>

#include <memory>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace httplib {
class Server;
}

namespace huikuan::http {

class InProcessRpc;
class ConnectHandler;
class StaticAssets;

struct HttpOptions {
  // host:port; port 0 picks a free port (see port()).
  std::string listen_address = "127.0.0.1:8080";
  // The built web app (clients/web/dist); empty or missing: API only.
  std::string web_root;
  // Both set: HTTPS with this PEM certificate (chain) and key.
  std::string tls_cert_file;
  std::string tls_key_file;
  // As large as the gRPC side's 64 MiB receive limit (CSV imports), plus JSON's overhead.
  size_t max_request_bytes = 80 * 1024 * 1024;
  absl::Duration default_rpc_timeout = absl::Seconds(60);
  bool log_requests = true;
};

class HttpGateway {
 public:
  static absl::StatusOr<std::unique_ptr<HttpGateway>> Start(const HttpOptions& options,
                                                            std::shared_ptr<grpc::Channel> channel);
  ~HttpGateway();

  int port() const { return port_; }
  bool tls() const { return tls_; }
  // Stops accepting and waits for the listener thread.
  void Shutdown();

 private:
  HttpGateway() = default;

  std::unique_ptr<InProcessRpc> rpc_;
  std::unique_ptr<ConnectHandler> connect_;
  std::unique_ptr<StaticAssets> assets_;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
  bool tls_ = false;
};

}  // namespace huikuan::http

#endif  // HUIKUAN_SERVER_HTTP_HTTP_GATEWAY_H_
