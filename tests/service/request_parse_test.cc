// Request bytes that do not parse as the method's request message: INVALID_ARGUMENT naming the
// request type (server/service/request_parse_interceptor.h), for every RPC, instead of gRPC's own
// INTERNAL with an empty message; a caller the permission table rejects still gets that
// rejection first.
#include <google/protobuf/descriptor.h>
#include <google/protobuf/descriptor_database.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"
#include "huikuan/v1/ledger_service.pb.h"
#include "server/service/permissions.h"
#include "server/service/principal.h"
#include "tests/service/service_test_env.h"

namespace huikuan::testing {
namespace {

using ::testing::HasSubstr;

// Field 1, length-delimited, says 5 bytes and has 2: truncated whatever field 1 is.
constexpr char kTruncated[] =
    "\x0a\x05"
    "ab";
// CreateCustomerRequest.request_id (field 1, a string) that is not UTF-8.
constexpr char kNotUtf8[] = "\x0a\x02\xff\xfe";

struct UnaryMethod {
  std::string path;        // "/huikuan.v1.CustomerService/CreateCustomer"
  std::string input_type;  // "huikuan.v1.CreateCustomerRequest"
};

std::vector<UnaryMethod> AllHuikuanUnaryMethods() {
  std::vector<std::string> files;
  google::protobuf::DescriptorPool::internal_generated_database()->FindAllFileNames(&files);
  const auto* pool = google::protobuf::DescriptorPool::generated_pool();
  std::vector<UnaryMethod> methods;
  for (const std::string& name : files) {
    if (!absl::StartsWith(name, "huikuan/v1/")) continue;
    const google::protobuf::FileDescriptor* file = pool->FindFileByName(name);
    if (file == nullptr) continue;
    for (int s = 0; s < file->service_count(); ++s) {
      const google::protobuf::ServiceDescriptor* service = file->service(s);
      for (int m = 0; m < service->method_count(); ++m) {
        const google::protobuf::MethodDescriptor* method = service->method(m);
        if (method->client_streaming() || method->server_streaming()) continue;
        methods.push_back({absl::StrCat("/", service->full_name(), "/", method->name()),
                           method->input_type()->full_name()});
      }
    }
  }
  return methods;
}

// Sends `bytes` as the request of `method`, with the token of `role` (none when empty).
grpc::Status CallWithBytes(ServiceTestEnv& env, const std::string& method, const std::string& role,
                           const std::string& bytes) {
  grpc::GenericStub stub(env.channel());
  grpc::ClientContext context;
  if (!role.empty()) env.Authorize(context, role);
  grpc::CompletionQueue queue;
  grpc::Slice slice(bytes);
  grpc::ByteBuffer request(&slice, 1);
  grpc::ByteBuffer response;
  grpc::Status status;
  auto call = stub.PrepareUnaryCall(&context, method, request, &queue);
  call->StartCall();
  call->Finish(&response, &status, reinterpret_cast<void*>(1));
  void* tag = nullptr;
  bool ok = false;
  queue.Next(&tag, &ok);
  queue.Shutdown();
  while (queue.Next(&tag, &ok)) {
  }
  return status;
}

std::optional<std::string> ErrorInfoReason(const grpc::Status& status) {
  google::rpc::Status details;
  if (!details.ParseFromString(status.error_details())) return std::nullopt;
  for (const auto& any : details.details()) {
    google::rpc::ErrorInfo info;
    if (any.UnpackTo(&info)) return info.reason();
  }
  return std::nullopt;
}

// A role the permission table lets call `method`, if any.
std::optional<std::string> AllowedRole(const std::string& method) {
  for (const std::string& role : service::AllRoleNames()) {
    if (service::IsAllowed(method, role)) return role;
  }
  return std::nullopt;
}

TEST(RequestParseTest, EveryRpcAnswersUnparsableBytesWithInvalidArgument) {
  ServiceTestEnv& env = ServiceTestEnv::Get();
  const std::vector<UnaryMethod> methods = AllHuikuanUnaryMethods();
  ASSERT_GT(methods.size(), 40u);
  for (const UnaryMethod& method : methods) {
    std::optional<std::string> role = AllowedRole(method.path);
    ASSERT_TRUE(role.has_value()) << method.path;
    grpc::Status status = CallWithBytes(env, method.path, *role, kTruncated);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
        << method.path << ": " << status.error_message();
    EXPECT_EQ(status.error_message(),
              absl::StrCat("request bytes do not parse as ", method.input_type,
                           " (malformed protobuf wire format, or a string field that is not "
                           "UTF-8)"))
        << method.path;
    EXPECT_EQ(ErrorInfoReason(status), "INVALID_ARGUMENT") << method.path;
  }
}

TEST(RequestParseTest, StringFieldThatIsNotUtf8IsInvalidArgument) {
  ServiceTestEnv& env = ServiceTestEnv::Get();
  grpc::Status status =
      CallWithBytes(env, "/huikuan.v1.CustomerService/CreateCustomer", "admin", kNotUtf8);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
  EXPECT_THAT(status.error_message(), HasSubstr("huikuan.v1.CreateCustomerRequest"));
}

// The string field that is not UTF-8 is named (protobuf says which while parsing:
// service/utf8_parse_errors.h), at the top level and inside a nested message.
TEST(RequestParseTest, TheFieldThatIsNotUtf8IsNamed) {
  ServiceTestEnv& env = ServiceTestEnv::Get();
  grpc::Status top =
      CallWithBytes(env, "/huikuan.v1.CustomerService/CreateCustomer", "admin", kNotUtf8);
  EXPECT_EQ(top.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(top), std::vector<std::string>{"request_id"}) << top.error_message();
  EXPECT_THAT(top.error_message(), HasSubstr("request_id: is not valid UTF-8"));

  v1::CreateCustomerRequest request;
  request.set_request_id(NewRequestId());
  request.mutable_customer()->set_display_name("\xe6\xb1\x87\xff");  // 汇 then a stray byte
  std::string bytes;
  request.SerializePartialToString(&bytes);
  grpc::Status nested =
      CallWithBytes(env, "/huikuan.v1.CustomerService/CreateCustomer", "admin", bytes);
  EXPECT_EQ(nested.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(nested), std::vector<std::string>{"customer.display_name"})
      << nested.error_message();
  EXPECT_EQ(ErrorInfoReason(nested), "INVALID_ARGUMENT");

  // A repeated message's field: which element is unknown, the path names the field.
  v1::CreateInvoicesRequest batch;
  batch.set_request_id(NewRequestId());
  batch.add_invoices()->set_invoice_number("INV-1");
  batch.add_invoices()->set_invoice_number("INV-\xc0\xaf");
  batch.SerializePartialToString(&bytes);
  grpc::Status repeated =
      CallWithBytes(env, "/huikuan.v1.LedgerService/CreateInvoices", "finance_staff", bytes);
  EXPECT_EQ(ViolatedFields(repeated), std::vector<std::string>{"invoices.invoice_number"})
      << repeated.error_message();
}

// Authentication and permissions come first, as for a request that parses.
TEST(RequestParseTest, RejectedCallerGetsTheRejectionNotTheParseError) {
  ServiceTestEnv& env = ServiceTestEnv::Get();
  const std::string method = "/huikuan.v1.CustomerService/CreateCustomer";
  EXPECT_EQ(CallWithBytes(env, method, "", kTruncated).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  std::optional<std::string> denied;
  for (const std::string& role : service::AllRoleNames()) {
    if (!service::IsAllowed(method, role)) denied = role;
  }
  ASSERT_TRUE(denied.has_value());
  EXPECT_EQ(CallWithBytes(env, method, *denied, kTruncated).error_code(),
            grpc::StatusCode::PERMISSION_DENIED)
      << *denied;
}

// Bytes that parse still reach the handler's own validation (field violations).
TEST(RequestParseTest, ParsableBytesReachTheHandler) {
  ServiceTestEnv& env = ServiceTestEnv::Get();
  grpc::Status status =
      CallWithBytes(env, "/huikuan.v1.CustomerService/CreateCustomer", "admin", "");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
  EXPECT_FALSE(ViolatedFields(status).empty()) << status.error_message();
  EXPECT_THAT(status.error_message(), ::testing::Not(HasSubstr("do not parse")));
}

}  // namespace
}  // namespace huikuan::testing
