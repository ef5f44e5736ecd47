// Keeps a claimed day's lease alive while its runner works: a thread that extends the lease on
// its own short transactions (committed at once, so other replicas see them) every `interval`.
// When the runner crashes the beats stop and the lease expires, and another replica takes the day
// over. The beat only ever touches the run's own row, conditional on the attempt, so it cannot
// take a lease back from a replica that took it over.
//
//   {
//     LeaseHeartbeat heartbeat(pool, attempt, absl::Seconds(60), absl::Seconds(20));
//     ... the day's work ...
//   }   // stops beating
#ifndef HUIKUAN_SERVER_JOBS_LEASE_HEARTBEAT_H_
#define HUIKUAN_SERVER_JOBS_LEASE_HEARTBEAT_H_

#include <thread>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "server/store/connection_pool.h"
#include "server/store/job_store.h"

namespace huikuan::jobs {

class LeaseHeartbeat {
 public:
  // Beats every `interval` until destroyed; an infinite interval never beats (the lease then
  // expires on its own: tests of a stalled runner).
  LeaseHeartbeat(store::ConnectionPool& pool, store::JobRunAttempt attempt, absl::Duration lease,
                 absl::Duration interval);
  LeaseHeartbeat(const LeaseHeartbeat&) = delete;
  LeaseHeartbeat& operator=(const LeaseHeartbeat&) = delete;
  // Stops beating and waits for a beat in progress.
  ~LeaseHeartbeat();

  // True once a beat found that the attempt no longer holds the run (taken over or finished).
  bool lost() const;
  // Beats that extended the lease so far.
  int beats() const;

 private:
  void Loop();

  store::ConnectionPool& pool_;
  const store::JobRunAttempt attempt_;
  const absl::Duration lease_;
  const absl::Duration interval_;
  mutable absl::Mutex mutex_;
  bool stopping_ ABSL_GUARDED_BY(mutex_) = false;
  bool lost_ ABSL_GUARDED_BY(mutex_) = false;
  int beats_ ABSL_GUARDED_BY(mutex_) = 0;
  std::thread thread_;
};

}  // namespace huikuan::jobs

#endif  // HUIKUAN_SERVER_JOBS_LEASE_HEARTBEAT_H_
