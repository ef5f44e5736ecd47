#include "server/jobs/lease_heartbeat.h"

#include "server/store/conflict_retry.h"
#include "server/store/transaction.h"

namespace huikuan::jobs {

LeaseHeartbeat::LeaseHeartbeat(store::ConnectionPool& pool, store::JobRunAttempt attempt,
                               absl::Duration lease, absl::Duration interval)
    : pool_(pool), attempt_(std::move(attempt)), lease_(lease), interval_(interval) {
  if (interval_ != absl::InfiniteDuration()) thread_ = std::thread([this] { Loop(); });
}

LeaseHeartbeat::~LeaseHeartbeat() {
  {
    absl::MutexLock lock(&mutex_);
    stopping_ = true;
  }
  if (thread_.joinable()) thread_.join();
}

bool LeaseHeartbeat::lost() const {
  absl::MutexLock lock(&mutex_);
  return lost_;
}

int LeaseHeartbeat::beats() const {
  absl::MutexLock lock(&mutex_);
  return beats_;
}

void LeaseHeartbeat::Loop() {
  for (;;) {
    {
      absl::MutexLock lock(&mutex_);
      if (mutex_.AwaitWithTimeout(absl::Condition(&stopping_), interval_) || lost_) return;
    }
    bool extended = false;
    absl::Status status = store::RetryConflicts([&] {
      return store::RunInTransaction(pool_, [&](store::ConnectionPool::Lease& db) {
        extended = store::ExtendJobRunLease(db, attempt_, lease_);
        return absl::OkStatus();
      });
    });
    // A failed beat (database briefly away) is tried again at the next interval; the lease is
    // several intervals long.
    if (!status.ok()) continue;
    absl::MutexLock lock(&mutex_);
    if (extended) {
      ++beats_;
    } else {
      lost_ = true;
    }
  }
}

}  // namespace huikuan::jobs
