#include "server/http/http_gateway.h"

#include <httplib.h>

#include <algorithm>
#include <cstdio>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "server/http/connect_handler.h"
#include "server/http/in_process_rpc.h"
#include "server/http/static_assets.h"

namespace huikuan::http {
namespace {

// httplib runs a request's routing, handler and logger on one worker thread, one request at a
// time: the start time can wait for the log line here.
thread_local absl::Time request_start = absl::InfinitePast();

constexpr size_t kWorkerThreads = 64;

struct HostPort {
  std::string host;
  int port = 0;
};

absl::StatusOr<HostPort> ParseListenAddress(absl::string_view address) {
  const size_t colon = address.rfind(':');
  HostPort parsed;
  if (colon == absl::string_view::npos ||
      !absl::SimpleAtoi(address.substr(colon + 1), &parsed.port) || parsed.port < 0 ||
      parsed.port > 65535) {
    return absl::InvalidArgumentError(
        absl::StrCat("HTTP listen address \"", address, "\" is not host:port"));
  }
  absl::string_view host = address.substr(0, colon);
  absl::ConsumePrefix(&host, "[");
  absl::ConsumeSuffix(&host, "]");
  parsed.host = host.empty() ? "0.0.0.0" : std::string(host);
  return parsed;
}

void LogRequest(const httplib::Request& request, const httplib::Response& response) {
  const absl::Time now = absl::Now();
  const std::string latency =
      request_start == absl::InfinitePast()
          ? "-"
          : absl::StrFormat("%.2f", absl::ToDoubleMilliseconds(now - request_start));
  request_start = absl::InfinitePast();
  // One write per line so concurrent requests never interleave within a line.
  const std::string line = absl::StrFormat(
      "%s http method=%s path=%s status=%d bytes_in=%d bytes_out=%d latency_ms=%s client=%s\n",
      absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", now, absl::UTCTimeZone()), request.method,
      request.path, response.status, request.body.size(),
      response.body.empty() ? response.content_length_ : response.body.size(), latency,
      request.remote_addr);
  std::fwrite(line.data(), 1, line.size(), stderr);
}

bool IsRpcPath(absl::string_view path) { return absl::StartsWith(path, "/huikuan.v1."); }

bool AcceptsGzip(const httplib::Request& request) {
  // "gzip;q=0" (refusing gzip) is rare enough to be treated as accepting it.
  return absl::StrContains(request.get_header_value("Accept-Encoding"), "gzip");
}

// Through a content provider: httplib compresses only bodies set with set_content, so the
// precompressed bytes go out as they are, and uncompressed ones are not compressed per request.
void SendAsset(const httplib::Request& request, const Asset& asset, httplib::Response& response) {
  const std::string* body = &asset.body;
  if (!asset.gzip_body.empty() && AcceptsGzip(request)) {
    body = &asset.gzip_body;
    response.set_header("Content-Encoding", "gzip");
  }
  response.set_content_provider(body->size(), asset.content_type,
                                [body](size_t offset, size_t length, httplib::DataSink& sink) {
                                  return sink.write(body->data() + offset,
                                                    std::min<size_t>(length, 64 * 1024));
                                });
}

}  // namespace

absl::StatusOr<std::unique_ptr<HttpGateway>> HttpGateway::Start(
    const HttpOptions& options, std::shared_ptr<grpc::Channel> channel) {
  absl::StatusOr<HostPort> address = ParseListenAddress(options.listen_address);
  if (!address.ok()) return address.status();
  std::unique_ptr<HttpGateway> gateway(new HttpGateway);
  absl::StatusOr<StaticAssets> assets = StaticAssets::Load(options.web_root);
  if (!assets.ok()) return assets.status();
  gateway->assets_ = std::make_unique<StaticAssets>(*std::move(assets));

  gateway->tls_ = !options.tls_cert_file.empty() || !options.tls_key_file.empty();
  if (gateway->tls_) {
    if (options.tls_cert_file.empty() || options.tls_key_file.empty()) {
      return absl::InvalidArgumentError("TLS needs both a certificate and a key file");
    }
    auto tls_server = std::make_unique<httplib::SSLServer>(options.tls_cert_file.c_str(),
                                                           options.tls_key_file.c_str());
    if (!tls_server->is_valid()) {
      return absl::InvalidArgumentError(absl::StrCat("cannot use TLS certificate ",
                                                     options.tls_cert_file, " with key ",
                                                     options.tls_key_file));
    }
    gateway->server_ = std::move(tls_server);
  } else {
    gateway->server_ = std::make_unique<httplib::Server>();
  }

  gateway->rpc_ = std::make_unique<InProcessRpc>(std::move(channel));
  ConnectHandlerOptions connect_options;
  connect_options.default_timeout = options.default_rpc_timeout;
  connect_options.tls = gateway->tls_;
  gateway->connect_ = std::make_unique<ConnectHandler>(*gateway->rpc_, connect_options);

  httplib::Server& server = *gateway->server_;
  server.set_payload_max_length(options.max_request_bytes);
  server.set_read_timeout(30, 0);
  server.set_write_timeout(30, 0);
  server.set_keep_alive_timeout(5);
  // httplib holds a worker per open keep-alive connection and browsers open up to 6 each: the
  // default 8 workers would let two browsers starve a third.
  server.new_task_queue = [] { return new httplib::ThreadPool(kWorkerThreads); };
  server.set_default_headers({{"X-Content-Type-Options", "nosniff"},
                              {"Referrer-Policy", "same-origin"},
                              {"Vary", "Accept-Encoding"}});
  server.set_pre_routing_handler([](const httplib::Request&, httplib::Response&) {
    request_start = absl::Now();
    return httplib::Server::HandlerResponse::Unhandled;
  });
  if (options.log_requests) server.set_logger(LogRequest);
  server.set_exception_handler([](const httplib::Request&, httplib::Response& response,
                                  std::exception_ptr) {
    response.status = 500;
    response.set_content(R"({"code":"internal","message":"internal error"})", "application/json");
  });

  ConnectHandler* connect = gateway->connect_.get();
  const StaticAssets* static_assets = gateway->assets_.get();
  server.Post(".*", [connect](const httplib::Request& request, httplib::Response& response) {
    connect->HandlePost(request, response);
  });
  server.Get(".*", [static_assets](const httplib::Request& request, httplib::Response& response) {
    if (IsRpcPath(request.path)) {
      ConnectHandler::RefuseNonPost(request, response);
      return;
    }
    const Asset* asset = static_assets->Find(request.path);
    if (asset == nullptr) {
      response.status = 404;
      response.set_content(static_assets->size() == 0
                               ? "huikuan: the web app is not built (make run builds it)\n"
                               : "not found\n",
                           "text/plain; charset=utf-8");
      return;
    }
    response.set_header("Cache-Control", asset->cache_control);
    if (absl::StartsWith(asset->content_type, "text/html")) {
      // The page runs only our own scripts and talks only to this origin.
      response.set_header("Content-Security-Policy",
                          "default-src 'self'; script-src 'self'; style-src 'self' "
                          "'unsafe-inline'; img-src 'self' data:; connect-src 'self'; "
                          "frame-ancestors 'none'; base-uri 'self'; form-action 'self'");
      response.set_header("X-Frame-Options", "DENY");
    }
    SendAsset(request, *asset, response);
  });
  server.Put(".*", ConnectHandler::RefuseNonPost);
  server.Delete(".*", ConnectHandler::RefuseNonPost);
  server.Patch(".*", ConnectHandler::RefuseNonPost);

  if (address->port == 0) {
    gateway->port_ = server.bind_to_any_port(address->host);
  } else if (server.bind_to_port(address->host, address->port)) {
    gateway->port_ = address->port;
  }
  if (gateway->port_ <= 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", options.listen_address, " (address in use?)"));
  }
  gateway->thread_ = std::thread([&server] { server.listen_after_bind(); });
  return gateway;
}

HttpGateway::~HttpGateway() { Shutdown(); }

void HttpGateway::Shutdown() {
  if (server_) server_->stop();
  if (thread_.joinable()) thread_.join();
}

}  // namespace huikuan::http
