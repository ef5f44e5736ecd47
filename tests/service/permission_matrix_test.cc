// Every RPC of every huikuan.v1 service in the descriptor pool x every role, through the real
// server, against the permission table. An RPC added without a table entry fails here.
#include <google/protobuf/descriptor.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "server/service/permissions.h"
#include "server/service/principal.h"
#include "tests/service/service_test_env.h"

namespace huikuan::testing {
namespace {

// Every "/huikuan.v1.Service/Method" of every proto/huikuan/v1/*_service.proto, looked up in the
// generated descriptor pool: a service file is there when the server registers its service.
std::vector<std::string> AllHuikuanMethods() {
  std::vector<std::string> methods;
  const char* source_dir = std::getenv("HUIKUAN_SOURCE_DIR");
  if (source_dir == nullptr) {
    ADD_FAILURE() << "HUIKUAN_SOURCE_DIR is not set (run under make test)";
    return methods;
  }
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(std::filesystem::path(source_dir) /
                                                               "proto/huikuan/v1")) {
    const std::string name = entry.path().filename().string();
    if (absl::EndsWith(name, "_service.proto")) files.push_back("huikuan/v1/" + name);
  }
  std::sort(files.begin(), files.end());
  EXPECT_FALSE(files.empty());
  const auto* pool = google::protobuf::DescriptorPool::generated_pool();
  for (const std::string& file_name : files) {
    const auto* file = pool->FindFileByName(file_name);
    if (file == nullptr) {
      ADD_FAILURE() << file_name
                    << " is not in the generated descriptor pool: is its service registered in "
                       "server/huikuan_server.cc?";
      continue;
    }
    for (int s = 0; s < file->service_count(); ++s) {
      const auto* service = file->service(s);
      for (int m = 0; m < service->method_count(); ++m) {
        methods.push_back(absl::StrCat("/", service->full_name(), "/", service->method(m)->name()));
      }
    }
  }
  return methods;
}

grpc::Status CallWithEmptyRequest(ServiceTestEnv& env, const std::string& method,
                                  const std::string& role) {
  grpc::GenericStub stub(env.channel());
  grpc::ClientContext context;
  env.Authorize(context, role);
  grpc::CompletionQueue queue;
  grpc::Slice empty("");
  grpc::ByteBuffer request(&empty, 1);
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

TEST(PermissionMatrixTest, TableNamesOnlyExistingMethods) {
  std::vector<std::string> methods = AllHuikuanMethods();
  for (const std::string& row : service::MethodsWithPermissionEntries()) {
    EXPECT_NE(std::find(methods.begin(), methods.end(), row), methods.end())
        << "permission table row for a method that does not exist: " << row;
  }
  EXPECT_EQ(methods.size(), service::MethodsWithPermissionEntries().size());
}

TEST(PermissionMatrixTest, EveryRpcHasAnEntry) {
  for (const std::string& method : AllHuikuanMethods()) {
    EXPECT_TRUE(service::HasPermissionEntry(method)) << method << " has no permission entry";
  }
}

TEST(PermissionMatrixTest, EveryRpcTimesEveryRoleMatchesTheTable) {
  ServiceTestEnv& env = ServiceTestEnv::Get();
  int allowed = 0;
  int denied = 0;
  for (const std::string& method : AllHuikuanMethods()) {
    for (const std::string& role : service::AllRoleNames()) {
      grpc::Status status = CallWithEmptyRequest(env, method, role);
      // An empty request is invalid for most RPCs; what matters is whether the call got past
      // authorization, and that it never fails in any other unexpected way.
      if (service::IsAllowed(method, role)) {
        ++allowed;
        EXPECT_NE(status.error_code(), grpc::StatusCode::PERMISSION_DENIED)
            << method << " as " << role << ": " << status.error_message();
        EXPECT_NE(status.error_code(), grpc::StatusCode::UNAUTHENTICATED) << method;
        EXPECT_NE(status.error_code(), grpc::StatusCode::INTERNAL)
            << method << " as " << role << ": " << status.error_message();
        EXPECT_NE(status.error_code(), grpc::StatusCode::UNIMPLEMENTED) << method;
      } else {
        ++denied;
        EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED)
            << method << " as " << role;
      }
    }
  }
  EXPECT_GT(allowed, 0);
  EXPECT_GT(denied, 0);
}

TEST(PermissionMatrixTest, HealthAndReflectionNeedNoToken) {
  EXPECT_TRUE(service::IsPublicMethod("/grpc.health.v1.Health/Check"));
  EXPECT_TRUE(
      service::IsPublicMethod("/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo"));
  EXPECT_FALSE(service::IsPublicMethod("/huikuan.v1.IdentityService/WhoAmI"));
  ServiceTestEnv& env = ServiceTestEnv::Get();
  grpc::GenericStub stub(env.channel());
  grpc::ClientContext context;  // no authorization
  grpc::CompletionQueue queue;
  grpc::Slice empty("");
  grpc::ByteBuffer request(&empty, 1);
  grpc::ByteBuffer response;
  grpc::Status status;
  auto call = stub.PrepareUnaryCall(&context, "/grpc.health.v1.Health/Check", request, &queue);
  call->StartCall();
  call->Finish(&response, &status, reinterpret_cast<void*>(1));
  void* tag = nullptr;
  bool ok = false;
  queue.Next(&tag, &ok);
  EXPECT_TRUE(status.ok()) << status.error_message();
}

TEST(PermissionMatrixTest, UnknownMethodIsDeniedByDefault) {
  EXPECT_FALSE(service::IsAllowed("/huikuan.v1.CustomerService/DeleteEverything", "admin"));
  EXPECT_FALSE(service::HasPermissionEntry("/huikuan.v1.CustomerService/DeleteEverything"));
}

}  // namespace
}  // namespace huikuan::testing
