#include "server/service/request_parse_interceptor.h"

#include <google/protobuf/descriptor.h>

#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"
#include "server/core/violations.h"
#include "server/service/permissions.h"
#include "server/service/status_mapping.h"
#include "server/service/utf8_parse_errors.h"

namespace huikuan::service {
namespace {

using grpc::experimental::InterceptionHookPoints;

// The request type of "/huikuan.v1.CustomerService/CreateCustomer"; null when the generated
// pool does not know the method.
const google::protobuf::Descriptor* RequestDescriptorOf(const std::string& method) {
  std::string full_name(absl::StripPrefix(method, "/"));
  absl::StrReplaceAll({{"/", "."}}, &full_name);
  const google::protobuf::MethodDescriptor* descriptor =
      google::protobuf::DescriptorPool::generated_pool()->FindMethodByName(full_name);
  return descriptor == nullptr ? nullptr : descriptor->input_type();
}

// "huikuan.v1.CreateCustomerRequest"; the method's own name when the pool does not know it.
std::string RequestTypeOf(const std::string& method) {
  const google::protobuf::Descriptor* type = RequestDescriptorOf(method);
  if (type == nullptr) return absl::StrCat("the request of ", method);
  return type->full_name();
}

class RequestParseInterceptor : public grpc::experimental::Interceptor {
 public:
  RequestParseInterceptor(grpc::experimental::ServerRpcInfo* info, const CallRegistry& registry)
      : info_(info), registry_(registry) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    // gRPC hands interceptors a null message when the request did not deserialise.
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_MESSAGE) &&
        methods->GetRecvMessage() == nullptr) {
      unparsable_ = true;
      // Deserialisation ran just before, on this thread (utf8_parse_errors.h).
      invalid_utf8_field_ = TakeInvalidUtf8Field();
    }
    if (unparsable_ &&
        methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS) &&
        methods->GetSendStatus().error_code() == grpc::StatusCode::INTERNAL) {
      methods->ModifySendStatus(StatusForUnparsable());
    }
    methods->Proceed();
  }

 private:
  grpc::Status StatusForUnparsable() const {
    const std::string method = info_->method();
    if (!IsPublicMethod(method)) {
      CallVerdict verdict = registry_.Get(info_->server_context());
      if (!verdict.principal.ok()) return ToGrpcStatus(verdict.principal.status());
    }
    return UnparsableRequestStatus(method,
                                   FieldPathIn(RequestDescriptorOf(method), invalid_utf8_field_));
  }

  grpc::experimental::ServerRpcInfo* info_;
  const CallRegistry& registry_;
  bool unparsable_ = false;
  std::string invalid_utf8_field_;
};

}  // namespace

grpc::Status UnparsableRequestStatus(const std::string& method, const std::string& path) {
  if (!path.empty()) {
    return ToGrpcStatus(core::FieldViolation(
        path, absl::StrCat("is not valid UTF-8 (request bytes do not parse as ",
                           RequestTypeOf(method), ")")));
  }
  return ToGrpcStatus(absl::InvalidArgumentError(
      absl::StrCat("request bytes do not parse as ", RequestTypeOf(method),
                   " (malformed protobuf wire format, or a string field that is not UTF-8)")));
}

RequestParseInterceptorFactory::RequestParseInterceptorFactory(const CallRegistry& registry)
    : registry_(registry) {
  InstallUtf8ParseErrorCapture();
}

grpc::experimental::Interceptor* RequestParseInterceptorFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  return new RequestParseInterceptor(info, registry_);
}

}  // namespace huikuan::service
