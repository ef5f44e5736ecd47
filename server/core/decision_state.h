// Requests that a head decides once: bad-debt write-offs and late-fee waivers (R-TERM-4, seed
// 002's separation of duties). Requested -> approved or rejected; a decided request takes no
// further decision (FAILED_PRECONDITION with rule NOT_REQUESTED).
//
// Thread-safe: pure functions of their arguments, no global state, no I/O.
#ifndef HUIKUAN_SERVER_CORE_DECISION_STATE_H_
#define HUIKUAN_SERVER_CORE_DECISION_STATE_H_

#include <cstdint>
#include <optional>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace huikuan::core {

// Stable numeric values.
enum class DecisionStatus : int8_t { kRequested = 0, kApproved = 1, kRejected = 2 };
inline constexpr int kDecisionStatusCount = 3;
absl::string_view DecisionStatusName(DecisionStatus status);  // "requested", "approved", ...
std::optional<DecisionStatus> ParseDecisionStatus(absl::string_view name);

inline constexpr absl::string_view kNotRequested = "NOT_REQUESTED";

// The decision on a request still open: status becomes approved or rejected.
absl::Status Decide(DecisionStatus& status, bool approve, absl::string_view request_name);

}  // namespace huikuan::core

#endif  // HUIKUAN_SERVER_CORE_DECISION_STATE_H_
