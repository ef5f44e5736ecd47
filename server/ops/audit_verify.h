// `huikuan-server audit verify`: recomputes the audit trail's hash chains (store/audit_chain.h)
// and names every event where a chain does not hold, first the first one (by day, shard, link).
//
//   HK_ASSIGN_OR_RETURN(AuditVerifyReport report, VerifyAuditChains(pool, std::nullopt));
//   if (!report.problems.empty()) ... report.problems[0].what names the event ...
//
// What is checked, per day (each day in one consistent snapshot, so writers may keep writing):
//   - each chained event's chain_hash equals the hash of the previous link's and its own content
//     (an edited column, or an edited hash, fails at that event);
//   - links count 1, 2, ... without a gap (a removed event fails at the event after the gap);
//   - each chain ends where its head says (removed newest events, or a head moved back or forth);
// and over the whole table: the unchained events (written before migration 0520) are exactly the
// ones 0522 counted, none with a higher id (an event inserted by hand without its link).
#ifndef HUIKUAN_SERVER_OPS_AUDIT_VERIFY_H_
#define HUIKUAN_SERVER_OPS_AUDIT_VERIFY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "server/core/civil_date.h"
#include "server/store/connection_pool.h"

namespace huikuan::ops {

struct AuditChainProblem {
  int64_t event_id = 0;  // 0: a chain's head, or a count over the unchained events
  std::string what;      // one line naming the event (id, day, shard, link) and what is wrong
};

struct AuditDayDigest {
  core::EpochDay day = 0;
  int chains = 0;
  int64_t events = 0;
  // SHA-256 over the day's heads ("shard:last_seq:last_hash\n" by shard): publish it outside
  // the database (a ticket, an email, a WORM store) to anchor the day's chains.
  std::string digest;
};

struct AuditVerifyReport {
  std::vector<AuditDayDigest> days;
  int64_t events_verified = 0;
  // Events from before migration 0520: counted, content not provable.
  int64_t legacy_events = 0;
  int64_t legacy_max_id = 0;
  // In order: the first is the first event where a chain breaks. At most kMaxProblems.
  std::vector<AuditChainProblem> problems;
  bool truncated = false;  // more problems than listed
};

inline constexpr int kMaxAuditProblems = 50;

// Verifies `day`'s chains, or every day's when unset. Errors are database errors only; a broken
// chain is a problem in the report, not an error.
absl::StatusOr<AuditVerifyReport> VerifyAuditChains(store::ConnectionPool& pool,
                                                    std::optional<core::EpochDay> day);

// The report as an operator reads it: one line per day, the legacy count, then the problems.
std::string FormatAuditVerifyReport(const AuditVerifyReport& report);

}  // namespace huikuan::ops

#endif  // HUIKUAN_SERVER_OPS_AUDIT_VERIFY_H_
