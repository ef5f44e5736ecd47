#include "server/http/connect_handler.h"

#include <google/protobuf/util/json_util.h>

#include <memory>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "huikuan/v1/session_service.pb.h"
#include "server/http/connect_protocol.h"
#include "server/http/request_decoding.h"
#include "server/http/session_cookie.h"
#include "server/service/proto_time.h"
#include "server/service/session_service.h"

namespace huikuan::http {
namespace {

constexpr char kLoginPath[] = "/huikuan.v1.SessionService/Login";
constexpr char kLogoutPath[] = "/huikuan.v1.SessionService/Logout";

void SendError(httplib::Response& response, grpc::StatusCode code, const std::string& message,
               int http_status = 0) {
  response.status = http_status != 0 ? http_status : HttpStatusOf(code);
  response.set_content(ConnectErrorJson(grpc::Status(code, message)), "application/json");
}

void SendStatus(httplib::Response& response, const grpc::Status& status) {
  response.status = HttpStatusOf(status.error_code());
  response.set_content(ConnectErrorJson(status), "application/json");
}

// "https://host:port" (an Origin header) -> "host:port".
absl::string_view OriginHost(absl::string_view origin) {
  if (!absl::ConsumePrefix(&origin, "https://")) absl::ConsumePrefix(&origin, "http://");
  return origin;
}

absl::Duration RequestTimeout(const httplib::Request& request,
                              const ConnectHandlerOptions& options) {
  int64_t millis = 0;
  const std::string header = request.get_header_value("Connect-Timeout-Ms");
  // The protocol allows at most 10 digits; a bad value falls back to the default.
  if (header.empty() || header.size() > 10 || !absl::SimpleAtoi(header, &millis) || millis <= 0) {
    return options.default_timeout;
  }
  return std::min(absl::Milliseconds(millis), options.max_timeout);
}

}  // namespace

void ConnectHandler::RefuseNonPost(const httplib::Request& request, httplib::Response& response) {
  response.set_header("Allow", "POST");
  SendError(response, grpc::StatusCode::UNIMPLEMENTED,
            "RPCs are called with POST (Connect protocol); nothing changes on a GET", 405);
}

void ConnectHandler::HandlePost(const httplib::Request& request, httplib::Response& response) {
  absl::StatusOr<UnaryMethod> method = FindUnaryMethod(request.path);
  if (!method.ok()) {
    SendError(response, grpc::StatusCode::UNIMPLEMENTED, std::string(method.status().message()),
              404);
    return;
  }
  std::optional<Codec> codec = ParseConnectContentType(request.get_header_value("Content-Type"));
  if (!codec) {
    response.set_header("Accept-Post", "application/json, application/proto");
    SendError(response, grpc::StatusCode::INVALID_ARGUMENT,
              "content type must be application/json or application/proto", 415);
    return;
  }

  std::string authorization = request.get_header_value("Authorization");
  bool cookie_auth = false;
  if (authorization.empty()) {
    // Calls that a browser's cookie may authenticate (and Login, which sets it) need the header
    // that only same-origin script can add.
    if (request.get_header_value("Connect-Protocol-Version") != "1") {
      SendError(response, grpc::StatusCode::INVALID_ARGUMENT,
                "missing header Connect-Protocol-Version: 1");
      return;
    }
    const std::string origin = request.get_header_value("Origin");
    if (!origin.empty() && OriginHost(origin) != request.get_header_value("Host")) {
      SendError(response, grpc::StatusCode::PERMISSION_DENIED, "cross-origin call refused");
      return;
    }
    if (auto secret = SessionSecretFromCookieHeader(request.get_header_value("Cookie"))) {
      authorization = absl::StrCat("Bearer ", *secret);
      cookie_auth = true;
    }
  }

  std::unique_ptr<google::protobuf::Message> input(method->request_prototype->New());
  grpc::Status decoded = DecodeRequest(method->path, *codec, request.body, *input);
  if (!decoded.ok()) {
    SendStatus(response, decoded);
    return;
  }

  Metadata metadata;
  if (!authorization.empty()) metadata.emplace_back("authorization", authorization);
  metadata.emplace_back(service::kClientAddressMetadata, request.remote_addr);
  std::unique_ptr<google::protobuf::Message> output(method->response_prototype->New());
  grpc::Status status =
      rpc_.Call(*method, *input, metadata, RequestTimeout(request, options_), output.get());

  const bool logout = method->path == kLogoutPath;
  if (status.ok() && method->path == kLoginPath) {
    auto& login = static_cast<v1::LoginResponse&>(*output);
    response.set_header(
        "Set-Cookie",
        SessionCookie(login.secret(), service::FromProtoTimestamp(login.expire_time()), absl::Now(),
                      options_.tls));
    login.clear_secret();  // the page's script never holds the session secret
  } else if (logout || (cookie_auth && status.error_code() == grpc::StatusCode::UNAUTHENTICATED)) {
    response.set_header("Set-Cookie", ClearedSessionCookie(options_.tls));
  }
  // Responses carry the caller's data: never stored by a shared cache.
  response.set_header("Cache-Control", "no-store");
  if (!status.ok()) {
    SendStatus(response, status);
    return;
  }
  if (*codec == Codec::kJson) {
    std::string json;
    auto printed = google::protobuf::util::MessageToJsonString(*output, &json);
    if (!printed.ok()) {
      SendError(response, grpc::StatusCode::INTERNAL, "cannot encode the response");
      return;
    }
    response.set_content(json, "application/json");
  } else {
    response.set_content(output->SerializeAsString(), "application/proto");
  }
  response.status = 200;
}

}  // namespace huikuan::http
