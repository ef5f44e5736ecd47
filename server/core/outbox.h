// The outbox of messages to customers (issue 9). Email is delivered by the server's sender:
// pending -> sending (claimed) -> sent, or back to pending with a later attempt after a temporary
// failure, or failed (a permanent refusal, or the attempts used up). SMS and paper letters are
// rendered documents that a provider or the printer sends: awaiting_dispatch -> dispatched, marked
// by the person who sent them. Nothing is marked sent that was not.
//
//   OutboxStatus status = OutboxStatus::kSending;
//   absl::StatusOr<DeliveryStep> step = AfterDeliveryAttempt(status, attempts, failure);
//
// Thread-safe: pure functions of their arguments, no global state, no I/O.
#ifndef HUIKUAN_SERVER_CORE_OUTBOX_H_
#define HUIKUAN_SERVER_CORE_OUTBOX_H_

#include <cstdint>
#include <optional>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "server/core/department.h"

namespace huikuan::core {

enum class OutboxStatus : int8_t {
  kPending = 0,
  kSending = 1,
  kSent = 2,
  kFailed = 3,
  kAwaitingDispatch = 4,
  kDispatched = 5,
};
inline constexpr int kOutboxStatusCount = 6;
absl::string_view OutboxStatusName(OutboxStatus status);  // "pending", ..., "awaiting_dispatch"
std::optional<OutboxStatus> ParseOutboxStatus(absl::string_view name);

// How a step of the channel reaches the customer through the outbox: email (sent by the server),
// sms, letter, and a formal notice (seed 002's 正式催收通知) as a letter (dispatched by people).
// None for a person's own work (a call, a visit, a court filing).
std::optional<Channel> OutboxChannelFor(Channel step_channel);
// The status a new message of an outbox channel starts in.
OutboxStatus InitialOutboxStatus(Channel outbox_channel);

inline constexpr int32_t kMaxDeliveryAttempts = 6;

// How a delivery attempt ended.
enum class DeliveryResult : int8_t {
  kDelivered = 0,       // the mail server accepted the message for every recipient
  kTemporaryError = 1,  // connection, timeout, 4xx: worth another attempt
  kPermanentError = 2,  // 5xx: the recipient or the message is refused
};

struct DeliveryStep {
  OutboxStatus status = OutboxStatus::kPending;
  // For kPending: how long to wait before the next attempt.
  absl::Duration retry_after = absl::ZeroDuration();
};

// After attempt number `attempts` (1 = the first) of a message in kSending: kSent; kPending with
// a backoff of 1, 5, 30 minutes, 2 and 6 hours; or kFailed (permanent, or the sixth attempt).
// FAILED_PRECONDITION OUTBOX_STATE when the message is not being sent.
absl::StatusOr<DeliveryStep> AfterDeliveryAttempt(OutboxStatus status, int32_t attempts,
                                                  DeliveryResult result);

inline constexpr absl::string_view kOutboxState = "OUTBOX_STATE";

// Marking an SMS or a letter as handed to its provider or the post; FAILED_PRECONDITION
// OUTBOX_STATE unless it is awaiting dispatch.
absl::Status MarkDispatched(OutboxStatus& status, absl::string_view message_name);

}  // namespace huikuan::core

#endif  // HUIKUAN_SERVER_CORE_OUTBOX_H_
