// Contact compliance (seed 002, 合规红线: 严禁骚扰、威胁; issue 14): the limits every contact with
// a customer keeps, decided here as pure functions and enforced by the outbox's sender (automatic
// emails), the outbox's dispatch (SMS and letters a person hands to the provider or the post) and
// the worklist (contacts people record).
//
//   - at most `weekly_automatic_cap` automatic contacts per customer in any 7 days: the messages
//     the system writes (the outbox: emails sent, SMS and letters dispatched), whoever hands them
//     to their channel; a person's own call or visit is not counted;
//   - no call or message in the quiet hours (company time, e.g. 21:00-08:00);
//   - no contact while a dispute or a promise to pay is open, except the reply to it.
//
// An automatic email outside the limits is never dropped: it waits (until the quiet hours end,
// until the week's window frees a place, or while the dispute or promise is open). A person's
// contact outside them needs a reason and is flagged (the meeting pack lists it); so does a
// person's dispatch of an SMS or letter, which the weekly cap also binds.
//
//   AutomaticVerdict v = DecideAutomaticContact(settings, situation);
//   if (!v.send) defer by v.wait, noting v.reason;
//
// Thread-safe: pure functions, no I/O.
#ifndef HUIKUAN_SERVER_CORE_CONTACT_COMPLIANCE_H_
#define HUIKUAN_SERVER_CORE_CONTACT_COMPLIANCE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace huikuan::core {

inline constexpr int32_t kMinutesPerDay = 24 * 60;
inline constexpr int32_t kMaxWeeklyAutomaticCap = 50;

struct ComplianceSettings {
  // Automatic contacts (the outbox's messages: emails sent, SMS and letters dispatched) per
  // customer in any 7 days.
  int32_t weekly_automatic_cap = 3;
  // Minutes after midnight in the company's time zone; both set or both empty (no quiet hours).
  // start > end wraps midnight (21:00-08:00); start == end is refused.
  std::optional<int32_t> quiet_start_minute = 21 * 60;
  std::optional<int32_t> quiet_end_minute = 8 * 60;
};

// INVALID_ARGUMENT naming `weekly_automatic_cap` (1-50), `quiet_start` or `quiet_end`.
absl::Status ValidateComplianceSettings(const ComplianceSettings& settings);

// "HH:MM" <-> minutes after midnight; nullopt for a malformed time.
std::optional<int32_t> ParseClockMinute(absl::string_view text);
std::string FormatClockMinute(int32_t minute);

bool InQuietHours(const ComplianceSettings& settings, int32_t minute_of_day);
// Minutes from `minute_of_day` until the quiet hours end; 0 outside them.
int32_t MinutesUntilQuietEnds(const ComplianceSettings& settings, int32_t minute_of_day);

enum class ContactLimit : int8_t {
  kQuietHours = 0,
  kWeeklyCap = 1,
  kOpenDispute = 2,
  kOpenPromise = 3,
};
absl::string_view ContactLimitName(ContactLimit limit);  // "quiet_hours", "weekly_cap", ...

// What is known about a customer at the moment of a contact.
struct ContactSituation {
  int32_t minute_of_day = 12 * 60;  // company time
  // The customer's automatic contacts (outbox messages that reached it) in the 7 days before now,
  // newest first. Read only where the weekly cap applies.
  std::vector<absl::Time> automatic_last_week;
  absl::Time now;
  std::vector<std::string> open_disputes;  // "disputes/5"
  std::vector<std::string> open_promises;  // "promises/3"
};

inline constexpr absl::Duration kRecheckHeldMessage = absl::Hours(1);

struct AutomaticVerdict {
  bool send = true;
  absl::Duration wait = absl::ZeroDuration();  // when !send: how long until it is tried again
  std::vector<ContactLimit> limits;            // when !send: the limits in the way
  std::string reason;                          // when !send: for the message's last_error
};
// An automatic message now: sent, or held until the later of the quiet hours' end and the week's
// window freeing a place (the oldest counted contact turning 7 days old); while a dispute or
// promise is open it is looked at again every kRecheckHeldMessage.
AutomaticVerdict DecideAutomaticContact(const ComplianceSettings& settings,
                                        const ContactSituation& situation);

// What a person's contact is, for the limits that bind it.
enum class ManualContactKind : int8_t {
  kPersonal = 0,  // a call, a visit, a message of one's own: not an automatic contact
  kDispatch = 1,  // an SMS or letter of the outbox handed to its channel: the weekly cap binds it
};

struct ManualContactCheck {
  std::vector<ContactLimit> broken;  // the limits the contact is outside of
  bool is_reply = false;             // it answers an open dispute or promise (`reply_to`)
  std::string description;           // the broken limits in words, for the flag and the error
};
// A contact a person makes now. `reply_to` (optional) names the open dispute or promise it
// answers: INVALID_ARGUMENT on `reply_to` when it is not one of them. The quiet hours apply to
// replies too; the weekly cap to a dispatch (kDispatch: `automatic_last_week` already holds cap
// contacts). Outside a limit without `reason`: INVALID_ARGUMENT on `compliance_reason` saying
// which. Otherwise the check, whose `broken` is non-empty when the contact is to be flagged.
absl::StatusOr<ManualContactCheck> CheckManualContact(const ComplianceSettings& settings,
                                                      const ContactSituation& situation,
                                                      ManualContactKind kind,
                                                      absl::string_view reply_to,
                                                      absl::string_view reason);

}  // namespace huikuan::core

#endif  // HUIKUAN_SERVER_CORE_CONTACT_COMPLIANCE_H_
