// Calling the server's own gRPC services from the HTTP side, in-process: the method is found by
// its HTTP path in the generated descriptor pool (a new RPC needs no gateway code), and the call
// goes through grpc::Server::InProcessChannel, so the auth interceptor, permission table,
// handlers, idempotency, audit and error details are exactly those a gRPC client meets.
#ifndef HUIKUAN_SERVER_HTTP_IN_PROCESS_RPC_H_
#define HUIKUAN_SERVER_HTTP_IN_PROCESS_RPC_H_

#include <google/protobuf/message.h>
#include <grpcpp/channel.h>
#include <grpcpp/support/status.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace huikuan::http {

struct UnaryMethod {
  std::string path;  // "/huikuan.v1.CustomerService/GetCustomer", also the gRPC method name
  const google::protobuf::Message* request_prototype = nullptr;
  const google::protobuf::Message* response_prototype = nullptr;
};

// NOT_FOUND unless `path` is "/huikuan.v1.<Service>/<Method>" naming a unary method of the
// generated pool (only huikuan.v1: health and reflection stay gRPC-only).
absl::StatusOr<UnaryMethod> FindUnaryMethod(absl::string_view path);

using Metadata = std::vector<std::pair<std::string, std::string>>;

class InProcessRpc {
 public:
  explicit InProcessRpc(std::shared_ptr<grpc::Channel> channel) : channel_(std::move(channel)) {}

  // Blocks until the call finishes or `timeout` passes (DEADLINE_EXCEEDED). `response` must be
  // of the method's response type. Thread-safe.
  grpc::Status Call(const UnaryMethod& method, const google::protobuf::Message& request,
                    const Metadata& metadata, absl::Duration timeout,
                    google::protobuf::Message* response);

 private:
  std::shared_ptr<grpc::Channel> channel_;
};

}  // namespace huikuan::http

#endif  // HUIKUAN_SERVER_HTTP_IN_PROCESS_RPC_H_
