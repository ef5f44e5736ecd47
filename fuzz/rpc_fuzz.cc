// libFuzzer target: request validation of every unary RPC of every service linked into the server
// (huikuan.v1.*, grpc.health.v1.Health), with mutated serialized request messages sent to the
// real server started in-process against a private, migrated MariaDB (tests/service's
// ServiceTestEnv: the harness's database from scripts/test.sh, one token per role).
//
// Input: byte 0 picks the method, byte 1 the caller's role, the rest is the request message's
// wire bytes. A custom mutator edits the request field by field most of the time
// (message_mutator.h) and leaves the rest to libFuzzer's byte mutations. Bytes that do not parse as
// the method's request type are not sent by default, so the run spends its calls in the handlers:
// the server answers them before any handler with INVALID_ARGUMENT
// (server/service/request_parse_interceptor.h; gRPC alone said INTERNAL with an empty message,
// which fuzz/crashes/rpc_unparsable_request reproduced); HUIKUAN_FUZZ_RPC_RAW=1 sends them as
// they are.
// Fails (abort) on a crash, a sanitizer report, an UNKNOWN status (an exception escaped a handler)
// or INTERNAL with an empty message. INTERNAL with a message (a database error the handler did not
// turn into a field violation) is counted per method and printed at exit.
#include <google/protobuf/descriptor.h>
#include <google/protobuf/descriptor_database.h>
#include <google/protobuf/message.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "fuzz/message_mutator.h"
#include "server/service/principal.h"
#include "server/store/transaction.h"
#include "tests/service/service_test_env.h"

namespace {

namespace protobuf = google::protobuf;

struct Method {
  std::string path;  // "/huikuan.v1.LedgerService/RecordPayment"
  const protobuf::Message* prototype;
};

// Unary methods of every service in the generated pool's huikuan.v1 and grpc.health.v1 files.
const std::vector<Method>& AllUnaryMethods() {
  static const auto* const all = new std::vector<Method>([] {
    std::vector<std::string> files;
    protobuf::DescriptorPool::internal_generated_database()->FindAllFileNames(&files);
    std::vector<Method> methods;
    const protobuf::DescriptorPool* pool = protobuf::DescriptorPool::generated_pool();
    for (const std::string& name : files) {
      if (!absl::StartsWith(name, "huikuan/v1/") && !absl::StartsWith(name, "grpc/health/v1/")) {
        continue;
      }
      const protobuf::FileDescriptor* file = pool->FindFileByName(name);
      if (file == nullptr) continue;
      for (int s = 0; s < file->service_count(); ++s) {
        const protobuf::ServiceDescriptor* service = file->service(s);
        for (int m = 0; m < service->method_count(); ++m) {
          const protobuf::MethodDescriptor* method = service->method(m);
          if (method->client_streaming() || method->server_streaming()) continue;
          methods.push_back(
              {absl::StrCat("/", service->full_name(), "/", method->name()),
               protobuf::MessageFactory::generated_factory()->GetPrototype(method->input_type())});
        }
      }
    }
    return methods;
  }());
  return *all;
}

class RpcFuzzer {
 public:
  RpcFuzzer()
      : env_(huikuan::testing::ServiceTestEnv::Get()),
        methods_(AllUnaryMethods()),
        roles_(huikuan::service::AllRoleNames()),
        stub_(env_.channel()),
        raw_(std::getenv("HUIKUAN_FUZZ_RPC_RAW") != nullptr),
        last_own_token_id_(LastTokenId()) {
    std::fprintf(stderr, "rpc_fuzz: %zu unary methods, %zu roles\n", methods_.size(),
                 roles_.size());
    if (methods_.empty()) std::abort();
  }

  // What the run sent and got back, printed when libFuzzer exits (fuzz/run.sh shows it).
  void PrintSummary() {
    std::lock_guard<std::mutex> lock(mu_);
    std::fprintf(stderr, "rpc_fuzz: %lld calls sent, %lld inputs skipped (not a request message);",
                 static_cast<long long>(sent_), static_cast<long long>(skipped_));
    for (const auto& [code, count] : by_code_) {
      std::fprintf(stderr, " %d:%lld", code, static_cast<long long>(count));
    }
    std::fprintf(stderr, " (status code:count); %zu methods answered INTERNAL\n",
                 internal_examples_.size());
    for (const auto& [method, message] : internal_examples_) {
      std::fprintf(stderr, "rpc_fuzz: INTERNAL from %s: \"%s\"\n", method.c_str(), message.c_str());
    }
  }

  // The fuzzer's own tokens are the ones issued before it started: RevokeToken must not cut the
  // branch it sits on (every later call would be UNAUTHENTICATED).
  int64_t LastTokenId() {
    absl::StatusOr<int64_t> id = huikuan::store::RunInTransaction<int64_t>(
        env_.pool(), [](huikuan::store::ConnectionPool::Lease& db) -> absl::StatusOr<int64_t> {
          std::unique_ptr<sql::ResultSet> rows(
              db.Prepare("SELECT COALESCE(MAX(id), 0) FROM api_tokens").executeQuery());
          rows->next();
          return static_cast<int64_t>(rows->getInt64(1));
        });
    if (!id.ok()) std::abort();
    return *id;
  }

  bool RevokesOwnToken(const Method& method, const protobuf::Message& request) const {
    if (!absl::EndsWith(method.path, "/RevokeToken")) return false;
    const protobuf::FieldDescriptor* name = request.GetDescriptor()->FindFieldByName("name");
    if (name == nullptr) return false;
    const std::string value = request.GetReflection()->GetString(request, name);
    absl::string_view id_text = value;
    int64_t id = 0;
    return absl::ConsumePrefix(&id_text, "tokens/") && absl::SimpleAtoi(id_text, &id) &&
           id <= last_own_token_id_;
  }

  void Call(const uint8_t* data, size_t size) {
    if (size < 2) return;
    const Method& method = methods_[data[0] % methods_.size()];
    const std::string& role = roles_[data[1] % roles_.size()];
    std::string bytes(reinterpret_cast<const char*>(data) + 2, size - 2);
    if (!raw_) {
      std::unique_ptr<protobuf::Message> request(method.prototype->New());
      if (!request->ParseFromString(bytes)) {
        std::lock_guard<std::mutex> lock(mu_);
        ++skipped_;
        return;
      }
      if (RevokesOwnToken(method, *request)) return;
      bytes = request->SerializeAsString();
    }
    grpc::Slice slice(bytes);
    grpc::ByteBuffer request_buffer(&slice, 1);
    grpc::ClientContext context;
    env_.Authorize(context, role);
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(20)));
    grpc::CompletionQueue queue;
    std::unique_ptr<grpc::GenericClientAsyncResponseReader> call =
        stub_.PrepareUnaryCall(&context, method.path, request_buffer, &queue);
    call->StartCall();
    grpc::ByteBuffer response;
    grpc::Status status;
    call->Finish(&response, &status, reinterpret_cast<void*>(1));
    void* tag = nullptr;
    bool ok = false;
    queue.Next(&tag, &ok);
    queue.Shutdown();
    while (queue.Next(&tag, &ok)) {
    }
    Judge(method, role, status);
  }

 private:
  void Judge(const Method& method, const std::string& role, const grpc::Status& status) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      ++sent_;
      ++by_code_[static_cast<int>(status.error_code())];
    }
    const bool internal_without_message =
        status.error_code() == grpc::StatusCode::INTERNAL && status.error_message().empty();
    if (internal_without_message || status.error_code() == grpc::StatusCode::UNKNOWN) {
      std::fprintf(stderr, "rpc_fuzz: %s as %s answered %d \"%s\"\n", method.path.c_str(),
                   role.c_str(), static_cast<int>(status.error_code()),
                   status.error_message().c_str());
      std::abort();
    }
    if (status.error_code() == grpc::StatusCode::INTERNAL) {
      std::lock_guard<std::mutex> lock(mu_);
      std::string& example = internal_examples_[method.path];
      if (example.empty()) {
        example = status.error_message();
        std::fprintf(stderr, "rpc_fuzz: note: %s answered INTERNAL \"%s\"\n", method.path.c_str(),
                     example.c_str());
      }
    }
  }

  huikuan::testing::ServiceTestEnv& env_;
  const std::vector<Method> methods_;
  const std::vector<std::string> roles_;
  grpc::GenericStub stub_;
  const bool raw_;
  const int64_t last_own_token_id_;
  std::mutex mu_;
  std::map<std::string, std::string> internal_examples_;  // method -> first INTERNAL message
  std::map<int, int64_t> by_code_;
  int64_t sent_ = 0;
  int64_t skipped_ = 0;
};

RpcFuzzer* fuzzer_for_exit = nullptr;

}  // namespace

extern "C" size_t LLVMFuzzerMutate(uint8_t* data, size_t size, size_t max_size);

// Three times in four: parse the request, change one field, serialize it back (inputs that do not
// parse, and the method and role bytes, are left to libFuzzer's own mutations).
extern "C" size_t LLVMFuzzerCustomMutator(uint8_t* data, size_t size, size_t max_size,
                                          unsigned int seed) {
  std::mt19937_64 random(seed);
  const std::vector<Method>& methods = AllUnaryMethods();
  if (size < 2 || methods.empty() || random() % 4 == 0) {
    return LLVMFuzzerMutate(data, size, max_size);
  }
  const Method& method = methods[data[0] % methods.size()];
  std::unique_ptr<protobuf::Message> request(method.prototype->New());
  if (!request->ParseFromArray(data + 2, static_cast<int>(size - 2))) {
    return LLVMFuzzerMutate(data, size, max_size);
  }
  huikuan::fuzz::MutateMessage(*request, random);
  const std::string bytes = request->SerializeAsString();
  if (bytes.size() + 2 > max_size) return LLVMFuzzerMutate(data, size, max_size);
  std::memcpy(data + 2, bytes.data(), bytes.size());
  return bytes.size() + 2;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static RpcFuzzer* fuzzer = [] {
    auto* created = new RpcFuzzer();  // one server for the whole run
    std::atexit([] { fuzzer_for_exit->PrintSummary(); });
    fuzzer_for_exit = created;
    return created;
  }();
  fuzzer->Call(data, size);
  return 0;
}
