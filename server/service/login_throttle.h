// Limits failed logins per username and per client address, so a password cannot be guessed
// online: after `max_failures_per_user` failures for one username (or `max_failures_per_address`
// from one address) within `window`, Check() refuses further attempts until the oldest counted
// failure is older than the window. A success clears the username's count (not the address's).
//
// In memory, per server process: with N replicas behind a load balancer an attacker gets N times
// the attempts, and a restart forgets the counts. Both still bound guessing to a few dozen tries
// per window against argon2id hashes. Memory is bounded: at most `max_tracked_keys` keys, the
// stalest dropped first. Thread-safe.
#ifndef HUIKUAN_SERVER_SERVICE_LOGIN_THROTTLE_H_
#define HUIKUAN_SERVER_SERVICE_LOGIN_THROTTLE_H_

#include <deque>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace huikuan::service {

struct LoginThrottleConfig {
  int max_failures_per_user = 5;
  int max_failures_per_address = 20;
  absl::Duration window = absl::Minutes(15);
  size_t max_tracked_keys = 100000;
};

class LoginThrottle {
 public:
  explicit LoginThrottle(LoginThrottleConfig config = {}) : config_(config) {}

  // OK, or RESOURCE_EXHAUSTED saying when to try again (whole minutes, rounded up).
  absl::Status Check(absl::string_view username, absl::string_view address, absl::Time now);
  void RecordFailure(absl::string_view username, absl::string_view address, absl::Time now);
  void RecordSuccess(absl::string_view username);

 private:
  using Failures = std::deque<absl::Time>;
  // Drops failures older than the window; returns the key's failures left.
  size_t Prune(Failures& failures, absl::Time now) const;
  void Add(absl::flat_hash_map<std::string, Failures>& map, std::string key, absl::Time now)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);

  const LoginThrottleConfig config_;
  absl::Mutex mutex_;
  absl::flat_hash_map<std::string, Failures> by_user_ ABSL_GUARDED_BY(mutex_);
  absl::flat_hash_map<std::string, Failures> by_address_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace huikuan::service

#endif  // HUIKUAN_SERVER_SERVICE_LOGIN_THROTTLE_H_
