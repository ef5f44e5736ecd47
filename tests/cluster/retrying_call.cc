#include "tests/cluster/retrying_call.h"

#include <algorithm>
#include <chrono>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace huikuan::testing {
namespace {

const char* CodeName(int code) {
  static const char* const kNames[] = {"OK",
                                       "CANCELLED",
                                       "UNKNOWN",
                                       "INVALID_ARGUMENT",
                                       "DEADLINE_EXCEEDED",
                                       "NOT_FOUND",
                                       "ALREADY_EXISTS",
                                       "PERMISSION_DENIED",
                                       "RESOURCE_EXHAUSTED",
                                       "FAILED_PRECONDITION",
                                       "ABORTED",
                                       "OUT_OF_RANGE",
                                       "UNIMPLEMENTED",
                                       "INTERNAL",
                                       "UNAVAILABLE",
                                       "DATA_LOSS",
                                       "UNAUTHENTICATED"};
  return code >= 0 && code <= 16 ? kNames[code] : "?";
}

}  // namespace

std::string RetryCounters::FailureSummary() const {
  std::string summary;
  for (int code = 1; code < static_cast<int>(by_code.size()); ++code) {
    const int64_t seen = by_code[code].load();
    if (seen > 0) absl::StrAppend(&summary, summary.empty() ? "" : " ", CodeName(code), "=", seen);
  }
  return summary.empty() ? "none" : summary;
}

bool IsTransient(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::UNAVAILABLE:
    case grpc::StatusCode::ABORTED:
    case grpc::StatusCode::DEADLINE_EXCEEDED:
    case grpc::StatusCode::CANCELLED:
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
      return true;
    default:
      return false;
  }
}

grpc::Status CallUntilAcknowledged(RetryCounters& counters, absl::Duration give_up_after,
                                   absl::Duration attempt_timeout,
                                   const std::function<grpc::Status(grpc::ClientContext&)>& attempt,
                                   const std::string& bearer_token) {
  const absl::Time give_up = absl::Now() + give_up_after;
  absl::Duration pause = absl::Milliseconds(20);
  int64_t attempts = 0;
  while (true) {
    grpc::ClientContext context;
    context.AddMetadata("authorization", absl::StrCat("Bearer ", bearer_token));
    context.set_deadline(absl::ToChronoTime(absl::Now() + attempt_timeout));
    ++attempts;
    counters.attempts.fetch_add(1);
    if (attempts > 1) counters.retries.fetch_add(1);
    grpc::Status status = attempt(context);
    if (status.ok() || !IsTransient(status.error_code()) || absl::Now() > give_up) {
      int64_t seen = counters.max_attempts_one_write.load();
      while (attempts > seen &&
             !counters.max_attempts_one_write.compare_exchange_weak(seen, attempts)) {
      }
      if (!status.ok()) counters.by_code[status.error_code()].fetch_add(1);
      if (status.ok()) counters.writes.fetch_add(1);
      return status;
    }
    counters.by_code[status.error_code()].fetch_add(1);
    absl::SleepFor(pause);
    pause = std::min(pause * 2, absl::Milliseconds(500));
  }
}

}  // namespace huikuan::testing
