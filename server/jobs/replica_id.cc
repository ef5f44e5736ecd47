#include "server/jobs/replica_id.h"

#include <unistd.h>

#include <cstdint>
#include <random>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace huikuan::jobs {

std::string NewReplicaId() {
  char host[256] = {};
  if (gethostname(host, sizeof(host) - 1) != 0) host[0] = '\0';
  thread_local std::mt19937_64 random(std::random_device{}());
  return absl::StrCat(host[0] != '\0' ? host : "unknown-host", "/", getpid(), "/",
                      absl::StrFormat("%08x", static_cast<uint32_t>(random())));
}

}  // namespace huikuan::jobs
