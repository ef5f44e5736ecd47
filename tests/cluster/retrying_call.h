// One logical write, retried with the same request_id until the server acknowledges it: what an
// internal app (ERP sync, bank feed) does against huikuan, and what the fault tests count.
//
//   RetryCounters counters;
//   grpc::Status status = CallUntilAcknowledged(counters, absl::Minutes(2), [&](auto& context) {
//     return stub.RecordPayment(&context, request, &response);   // same request every attempt
//   });
//
// Transient failures (UNAVAILABLE, ABORTED, DEADLINE_EXCEEDED, CANCELLED, RESOURCE_EXHAUSTED) are
// retried with capped exponential backoff. INTERNAL and UNKNOWN are not: a fault of the database
// or the network must reach the client as one of the retryable codes (a lost session and a
// Galera node that is not ready, 1047, are UNAVAILABLE), so the fault tests fail on them. Any
// other status is a definite answer and is returned at once, as is the last failure once
// `give_up_after` has passed.
#ifndef HUIKUAN_TESTS_CLUSTER_RETRYING_CALL_H_
#define HUIKUAN_TESTS_CLUSTER_RETRYING_CALL_H_

#include <grpcpp/grpcpp.h>

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

#include "absl/time/time.h"

namespace huikuan::testing {

// Thread-safe tallies over all clients.
struct RetryCounters {
  std::atomic<int64_t> writes{0};    // logical writes acknowledged
  std::atomic<int64_t> attempts{0};  // calls sent
  std::atomic<int64_t> retries{0};   // attempts after a failed one
  std::atomic<int64_t> max_attempts_one_write{0};
  std::array<std::atomic<int64_t>, 17> by_code{};  // failed attempts per grpc::StatusCode

  // "UNAVAILABLE=12 ABORTED=3": the failure codes seen, for the test's summary line.
  std::string FailureSummary() const;
};

bool IsTransient(grpc::StatusCode code);

// Calls `attempt` with a fresh context (per-attempt deadline `attempt_timeout`) until it returns
// OK or a non-transient status, or `give_up_after` has passed.
grpc::Status CallUntilAcknowledged(RetryCounters& counters, absl::Duration give_up_after,
                                   absl::Duration attempt_timeout,
                                   const std::function<grpc::Status(grpc::ClientContext&)>& attempt,
                                   const std::string& bearer_token);

}  // namespace huikuan::testing

#endif  // HUIKUAN_TESTS_CLUSTER_RETRYING_CALL_H_
