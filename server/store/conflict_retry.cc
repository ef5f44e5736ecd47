#include "server/store/conflict_retry.h"

#include <cstdint>
#include <random>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "server/store/mysql_errors.h"

namespace huikuan::store {

absl::Status RetryConflicts(absl::FunctionRef<absl::Status()> attempt, int max_attempts) {
  thread_local std::minstd_rand random(std::random_device{}());
  absl::Duration backoff = absl::Milliseconds(5);
  for (int tries = 1;; ++tries) {
    absl::Status status = attempt();
    if (tries >= max_attempts || !IsRetryableConflict(status)) return status;
    // Full jitter: conflicting transactions that start again together would collide again.
    std::uniform_int_distribution<int64_t> jitter(0, absl::ToInt64Microseconds(backoff));
    absl::SleepFor(absl::Microseconds(jitter(random)));
    backoff *= 2;
  }
}

}  // namespace huikuan::store
