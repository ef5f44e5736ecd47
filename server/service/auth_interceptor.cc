#include "server/service/auth_interceptor.h"

#include <cstdio>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "server/service/permissions.h"

namespace huikuan::service {
namespace {

using grpc::experimental::InterceptionHookPoints;

class AuthInterceptor : public grpc::experimental::Interceptor {
 public:
  AuthInterceptor(grpc::experimental::ServerRpcInfo* info, Authenticator& authenticator,
                  CallRegistry& registry, bool log_calls)
      : info_(info),
        authenticator_(authenticator),
        registry_(registry),
        log_calls_(log_calls),
        method_(info->method()),
        start_(absl::Now()) {}

  ~AuthInterceptor() override {
    if (registered_) registry_.Erase(info_->server_context());
  }

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_INITIAL_METADATA)) {
      Decide(*methods->GetRecvInitialMetadata());
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      Log(methods->GetSendStatus());
    }
    methods->Proceed();
  }

 private:
  void Decide(const std::multimap<grpc::string_ref, grpc::string_ref>& metadata) {
    if (IsPublicMethod(method_)) return;
    CallVerdict verdict{method_, absl::UnauthenticatedError("no credentials")};
    std::string header;
    auto it = metadata.find("authorization");
    if (it != metadata.end()) header.assign(it->second.data(), it->second.size());
    verdict.principal = authenticator_.Authenticate(header);
    if (!verdict.principal.ok()) {
      verdict.rejected_token_sha256 = Authenticator::PresentedSecretSha256(header);
    }
    if (verdict.principal.ok()) {
      user_ = absl::StrCat("users/", verdict.principal->user_id);
      role_ = verdict.principal->role();
      if (!IsAllowed(method_, role_)) {
        verdict.authenticated = *verdict.principal;
        verdict.principal =
            absl::PermissionDeniedError(absl::StrCat("role ", role_, " may not call ", method_));
      }
    }
    registry_.Put(info_->server_context(), std::move(verdict));
    registered_ = true;
  }

  void Log(const grpc::Status& status) {
    if (!log_calls_) return;
    const double latency_ms = absl::ToDoubleMilliseconds(absl::Now() - start_);
    // One write per line so concurrent calls never interleave within a line.
    std::string line = absl::StrFormat(
        "%s rpc method=%s user=%s role=%s status=%s latency_ms=%.2f\n",
        absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::Now(), absl::UTCTimeZone()), method_,
        user_.empty() ? "-" : user_, role_.empty() ? "-" : role_,
        absl::StatusCodeToString(static_cast<absl::StatusCode>(status.error_code())), latency_ms);
    std::fwrite(line.data(), 1, line.size(), stderr);
  }

  grpc::experimental::ServerRpcInfo* info_;
  Authenticator& authenticator_;
  CallRegistry& registry_;
  bool log_calls_;
  std::string method_;
  absl::Time start_;
  bool registered_ = false;
  std::string user_;
  std::string role_;
};

}  // namespace

void CallRegistry::Put(const grpc::ServerContextBase* context, CallVerdict verdict) {
  absl::MutexLock lock(&mutex_);
  calls_.insert_or_assign(context, std::move(verdict));
}

void CallRegistry::Erase(const grpc::ServerContextBase* context) {
  absl::MutexLock lock(&mutex_);
  calls_.erase(context);
}

CallVerdict CallRegistry::Get(const grpc::ServerContextBase* context) const {
  absl::MutexLock lock(&mutex_);
  auto it = calls_.find(context);
  if (it == calls_.end()) {
    return CallVerdict{"", absl::UnauthenticatedError("call was not authenticated")};
  }
  return it->second;
}

grpc::experimental::Interceptor* AuthInterceptorFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  return new AuthInterceptor(info, authenticator_, registry_, log_calls_);
}

}  // namespace huikuan::service
