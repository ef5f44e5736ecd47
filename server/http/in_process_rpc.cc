#include "server/http/in_process_rpc.h"

#include <google/protobuf/descriptor.h>
#include <grpcpp/client_context.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/support/byte_buffer.h>

#include <future>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"

namespace huikuan::http {

absl::StatusOr<UnaryMethod> FindUnaryMethod(absl::string_view path) {
  absl::string_view rest = path;
  const bool shaped = absl::ConsumePrefix(&rest, "/huikuan.v1.") && rest.find('/') != 0 &&
                      rest.find('/') != absl::string_view::npos;
  if (!shaped) return absl::NotFoundError(absl::StrCat("no RPC at ", path));
  const size_t slash = rest.find('/');
  const std::string service_name = absl::StrCat("huikuan.v1.", rest.substr(0, slash));
  const std::string method_name(rest.substr(slash + 1));
  const auto* pool = google::protobuf::DescriptorPool::generated_pool();
  const google::protobuf::ServiceDescriptor* service = pool->FindServiceByName(service_name);
  const google::protobuf::MethodDescriptor* method =
      service == nullptr ? nullptr : service->FindMethodByName(method_name);
  if (method == nullptr) return absl::NotFoundError(absl::StrCat("no RPC at ", path));
  if (method->client_streaming() || method->server_streaming()) {
    return absl::UnimplementedError(absl::StrCat(path, " is a streaming RPC: use gRPC"));
  }
  auto* factory = google::protobuf::MessageFactory::generated_factory();
  UnaryMethod unary;
  unary.path = std::string(path);
  unary.request_prototype = factory->GetPrototype(method->input_type());
  unary.response_prototype = factory->GetPrototype(method->output_type());
  if (unary.request_prototype == nullptr || unary.response_prototype == nullptr) {
    return absl::NotFoundError(absl::StrCat("no RPC at ", path));
  }
  return unary;
}

grpc::Status InProcessRpc::Call(const UnaryMethod& method, const google::protobuf::Message& request,
                                const Metadata& metadata, absl::Duration timeout,
                                google::protobuf::Message* response) {
  grpc::ClientContext context;
  for (const auto& [key, value] : metadata) context.AddMetadata(key, value);
  context.set_deadline(absl::ToChronoTime(absl::Now() + timeout));

  const std::string bytes = request.SerializeAsString();
  grpc::Slice slice(bytes);
  grpc::ByteBuffer request_buffer(&slice, 1);
  grpc::ByteBuffer response_buffer;
  // gRPC 1.51's generic stub has only the callback form of a unary call; wait for it here.
  std::promise<grpc::Status> done;
  grpc::GenericStub stub(channel_);
  stub.UnaryCall(&context, method.path, grpc::StubOptions(), &request_buffer, &response_buffer,
                 [&done](grpc::Status status) { done.set_value(std::move(status)); });
  grpc::Status status = done.get_future().get();
  if (!status.ok()) return status;
  response->Clear();
  if (response_buffer.Length() == 0) return status;  // an empty message has no bytes
  grpc::Slice received;
  if (!response_buffer.DumpToSingleSlice(&received).ok() ||
      !response->ParseFromArray(received.begin(), static_cast<int>(received.size()))) {
    return grpc::Status(grpc::StatusCode::INTERNAL, "unreadable response from the service");
  }
  return status;
}

}  // namespace huikuan::http
