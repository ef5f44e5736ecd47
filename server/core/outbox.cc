#include "server/core/outbox.h"

#include "absl/strings/str_cat.h"
#include "server/core/enum_names.h"
#include "server/core/violations.h"

namespace huikuan::core {

absl::string_view OutboxStatusName(OutboxStatus status) {
  switch (status) {
    case OutboxStatus::kPending:
      return "pending";
    case OutboxStatus::kSending:
      return "sending";
    case OutboxStatus::kSent:
      return "sent";
    case OutboxStatus::kFailed:
      return "failed";
    case OutboxStatus::kAwaitingDispatch:
      return "awaiting_dispatch";
    case OutboxStatus::kDispatched:
      return "dispatched";
  }
  return "unknown";
}

std::optional<OutboxStatus> ParseOutboxStatus(absl::string_view name) {
  return ParseEnumName<OutboxStatus, kOutboxStatusCount>(name, OutboxStatusName);
}

std::optional<Channel> OutboxChannelFor(Channel step_channel) {
  switch (step_channel) {
    case Channel::kEmail:
    case Channel::kSms:
    case Channel::kLetter:
      return step_channel;
    case Channel::kNotice:
      return Channel::kLetter;
    case Channel::kPhoneOrWeChat:
    case Channel::kPhone:
    case Channel::kVisit:
    case Channel::kCourt:
      return std::nullopt;
  }
  return std::nullopt;
}

OutboxStatus InitialOutboxStatus(Channel outbox_channel) {
  return outbox_channel == Channel::kEmail ? OutboxStatus::kPending
                                           : OutboxStatus::kAwaitingDispatch;
}

absl::StatusOr<DeliveryStep> AfterDeliveryAttempt(OutboxStatus status, int32_t attempts,
                                                  DeliveryResult result) {
  if (status != OutboxStatus::kSending) {
    return RuleViolation(
        kOutboxState, "",
        absl::StrCat("a message that is ", OutboxStatusName(status), " is not being sent"));
  }
  switch (result) {
    case DeliveryResult::kDelivered:
      return DeliveryStep{OutboxStatus::kSent};
    case DeliveryResult::kPermanentError:
      return DeliveryStep{OutboxStatus::kFailed};
    case DeliveryResult::kTemporaryError:
      break;
  }
  static constexpr absl::Duration kBackoff[] = {absl::Minutes(1), absl::Minutes(5),
                                                absl::Minutes(30), absl::Hours(2), absl::Hours(6)};
  if (attempts >= kMaxDeliveryAttempts || attempts < 1) return DeliveryStep{OutboxStatus::kFailed};
  return DeliveryStep{OutboxStatus::kPending, kBackoff[attempts - 1]};
}

absl::Status MarkDispatched(OutboxStatus& status, absl::string_view message_name) {
  if (status != OutboxStatus::kAwaitingDispatch) {
    return RuleViolation(
        kOutboxState, message_name,
        absl::StrCat(message_name, " is ", OutboxStatusName(status), ", not awaiting dispatch"));
  }
  status = OutboxStatus::kDispatched;
  return absl::OkStatus();
}

}  // namespace huikuan::core
