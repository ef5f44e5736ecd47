// Where the database is and how many connections to keep. Filled from flags/env by server/main.cc
// and by the test harness; plain data, no validation beyond what Create() checks.
#ifndef HUIKUAN_SERVER_STORE_DB_CONFIG_H_
#define HUIKUAN_SERVER_STORE_DB_CONFIG_H_

#include <string>

namespace huikuan::store {

struct DbConfig {
  std::string host = "127.0.0.1";
  int port = 3307;
  std::string user = "root";
  std::string password;
  // Database (schema) name; letters, digits and '_' only (it is used as an identifier).
  std::string database = "huikuan";
  int pool_size = 8;
  int connect_timeout_seconds = 3;
  // Per-statement read/write timeout; a dead server turns into UNAVAILABLE within this bound.
  int io_timeout_seconds = 30;
  // Sessions in autocommit mode: each statement is a transaction of its own and sees the newest
  // committed rows. Only for the pool of reads that need no snapshot across their statements
  // (RunAutocommitReads, transaction.h); every other pool keeps autocommit off
  // (connection_pool.h, "Sessions").
  bool autocommit = false;
};

}  // namespace huikuan::store

#endif  // HUIKUAN_SERVER_STORE_DB_CONFIG_H_
