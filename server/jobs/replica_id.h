// Who a runner is, in job_runs.owner: "host/pid/random". The host and pid tell an operator which
// process holds a day; the random part keeps two runners of one process (and a restarted process
// that got the same pid) apart.
#ifndef HUIKUAN_SERVER_JOBS_REPLICA_ID_H_
#define HUIKUAN_SERVER_JOBS_REPLICA_ID_H_

#include <string>

namespace huikuan::jobs {

// A new id on every call. Thread-safe.
std::string NewReplicaId();

}  // namespace huikuan::jobs

#endif  // HUIKUAN_SERVER_JOBS_REPLICA_ID_H_
