// Refused calls as audit evidence, at a bounded rate.
//
// A refused call is evidence of an attack or of a broken client: a bearer token that is missing,
// unknown, expired or revoked (UNAUTHENTICATED); a role that the permission table or a rule
// refuses (PERMISSION_DENIED); a customer-portal user, or a sales user who sees only the
// customers it owns, asking for a row outside its scope (NOT_FOUND: absent and out of scope look
// the same to the caller by design, ops/row_scope.h, so both are recorded); a failed login. Each
// becomes one audit event whose after-image says "outcome": "refused", in a transaction of its
// own, committed although the call fails: who (the user, or the token's hash prefix and the token
// it names), which method, why, from which address.
//
// The bound: an attacker decides how many calls are refused, and the audit trail is append-only,
// so refusals are admitted by a token bucket (RefusalBudget: by default 60 a minute, in bursts of
// at most 60, per server process). A refusal over the budget is not written but counted, and the
// next event that is written carries the count ("suppressed_before"). Refusals therefore add at
// most 60 rows a minute per replica to the audit table (86,400 a day, about 40 MB at ~500 bytes
// a row), whatever the attack rate, and the counts still show the size of a flood. Thread-safe.
#ifndef HUIKUAN_SERVER_SERVICE_REFUSAL_AUDIT_H_
#define HUIKUAN_SERVER_SERVICE_REFUSAL_AUDIT_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "server/core/json.h"
#include "server/ops/caller.h"
#include "server/ops/clock.h"
#include "server/store/connection_pool.h"

namespace huikuan::service {

struct RefusalBudgetConfig {
  int events_per_minute = 60;
  int burst = 60;
};

// A token bucket of audit events. Thread-safe.
class RefusalBudget {
 public:
  explicit RefusalBudget(RefusalBudgetConfig config = {});

  // When an event may be written at `now`: how many were refused since the last admitted one
  // (then reset); nullopt when over budget (counted).
  std::optional<int64_t> Admit(absl::Time now);

 private:
  const RefusalBudgetConfig config_;
  absl::Mutex mutex_;
  double tokens_ ABSL_GUARDED_BY(mutex_);
  absl::Time last_ ABSL_GUARDED_BY(mutex_) = absl::InfinitePast();
  int64_t suppressed_ ABSL_GUARDED_BY(mutex_) = 0;
};

class RefusalAudit {
 public:
  RefusalAudit(store::ConnectionPool& pool, const ops::Clock& clock,
               RefusalBudgetConfig config = {});

  // Whether `refusal`, the answer to `caller` (null: not authenticated), is one to record.
  static bool IsRecorded(const absl::Status& refusal, const ops::Caller* caller);

  // Records the refused call of `method` when IsRecorded and the budget admits it.
  // `token_sha256`: the SHA-256 (hex) of the bearer secret presented when the caller was not
  // authenticated (empty: none was presented).
  void RecordRefusal(absl::string_view method, const absl::Status& refusal,
                     const ops::Caller* caller, absl::string_view token_sha256,
                     absl::string_view client_address);

  // Writes one refusal event as `caller` on `resource` with `details` (the after-image; the
  // suppressed count is added) when the budget admits it. Also for refusals other than RPC
  // verdicts (failed logins).
  void Record(const ops::Caller& caller, absl::string_view method, absl::string_view resource,
              core::Json details);

 private:
  // One admitted event, in a transaction of its own.
  void Write(const ops::Caller& caller, absl::string_view method, absl::string_view resource,
             core::Json details, int64_t suppressed, absl::Time now);

  store::ConnectionPool& pool_;
  const ops::Clock& clock_;
  RefusalBudget budget_;
};

}  // namespace huikuan::service

#endif  // HUIKUAN_SERVER_SERVICE_REFUSAL_AUDIT_H_
