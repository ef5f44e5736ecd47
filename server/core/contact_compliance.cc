#include "server/core/contact_compliance.h"

#include <algorithm>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "server/core/text_fields.h"
#include "server/core/violations.h"

namespace huikuan::core {
namespace {

std::string QuietText(const ComplianceSettings& settings) {
  return absl::StrCat(FormatClockMinute(*settings.quiet_start_minute), "-",
                      FormatClockMinute(*settings.quiet_end_minute));
}

size_t WeeklyCap(const ComplianceSettings& settings) {
  return static_cast<size_t>(std::max(1, settings.weekly_automatic_cap));
}

std::string CapText(const ComplianceSettings& settings, const ContactSituation& situation) {
  return absl::StrCat(situation.automatic_last_week.size(),
                      " automatic contact(s) in the last 7 days, the limit is ",
                      settings.weekly_automatic_cap);
}

}  // namespace

absl::Status ValidateComplianceSettings(const ComplianceSettings& settings) {
  FieldViolations violations;
  if (settings.weekly_automatic_cap < 1 || settings.weekly_automatic_cap > kMaxWeeklyAutomaticCap) {
    violations.Add("weekly_automatic_cap",
                   absl::StrCat("must be 1 to ", kMaxWeeklyAutomaticCap, " contacts a week"));
  }
  const bool has_start = settings.quiet_start_minute.has_value();
  const bool has_end = settings.quiet_end_minute.has_value();
  auto valid = [](int32_t minute) { return minute >= 0 && minute < kMinutesPerDay; };
  if (has_start && !valid(*settings.quiet_start_minute)) {
    violations.Add("quiet_start", "must be a time of day, HH:MM");
  }
  if (has_end && !valid(*settings.quiet_end_minute)) {
    violations.Add("quiet_end", "must be a time of day, HH:MM");
  }
  if (has_start != has_end) {
    violations.Add(has_start ? "quiet_end" : "quiet_start",
                   "give both ends of the quiet hours, or neither");
  } else if (has_start && *settings.quiet_start_minute == *settings.quiet_end_minute) {
    violations.Add("quiet_end", "must differ from quiet_start");
  }
  return violations.ToStatus();
}

std::optional<int32_t> ParseClockMinute(absl::string_view text) {
  if (text.size() != 5 || text[2] != ':') return std::nullopt;
  int hours = 0, minutes = 0;
  if (!absl::SimpleAtoi(text.substr(0, 2), &hours) ||
      !absl::SimpleAtoi(text.substr(3, 2), &minutes))
    return std::nullopt;
  if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59) return std::nullopt;
  return hours * 60 + minutes;
}

std::string FormatClockMinute(int32_t minute) {
  return absl::StrFormat("%02d:%02d", minute / 60, minute % 60);
}

bool InQuietHours(const ComplianceSettings& settings, int32_t minute_of_day) {
  if (!settings.quiet_start_minute || !settings.quiet_end_minute) return false;
  const int32_t start = *settings.quiet_start_minute;
  const int32_t end = *settings.quiet_end_minute;
  if (start < end) return minute_of_day >= start && minute_of_day < end;
  return minute_of_day >= start || minute_of_day < end;  // wraps midnight
}

int32_t MinutesUntilQuietEnds(const ComplianceSettings& settings, int32_t minute_of_day) {
  if (!InQuietHours(settings, minute_of_day)) return 0;
  const int32_t end = *settings.quiet_end_minute;
  return (end - minute_of_day + kMinutesPerDay) % kMinutesPerDay;
}

absl::string_view ContactLimitName(ContactLimit limit) {
  switch (limit) {
    case ContactLimit::kQuietHours:
      return "quiet_hours";
    case ContactLimit::kWeeklyCap:
      return "weekly_cap";
    case ContactLimit::kOpenDispute:
      return "open_dispute";
    case ContactLimit::kOpenPromise:
      return "open_promise";
  }
  return "unknown";
}

AutomaticVerdict DecideAutomaticContact(const ComplianceSettings& settings,
                                        const ContactSituation& situation) {
  AutomaticVerdict verdict;
  std::vector<std::string> reasons;
  absl::Duration wait = absl::ZeroDuration();
  if (const int32_t quiet = MinutesUntilQuietEnds(settings, situation.minute_of_day); quiet > 0) {
    verdict.limits.push_back(ContactLimit::kQuietHours);
    // The minute the quiet hours end, not a second before.
    wait = std::max(wait, absl::Minutes(quiet));
    reasons.push_back(absl::StrCat("quiet hours ", QuietText(settings)));
  }
  const size_t cap = WeeklyCap(settings);
  if (situation.automatic_last_week.size() >= cap) {
    verdict.limits.push_back(ContactLimit::kWeeklyCap);
    const absl::Time frees = situation.automatic_last_week[cap - 1] + absl::Hours(24 * 7);
    wait = std::max(wait, std::max(absl::Seconds(1), frees - situation.now));
    reasons.push_back(CapText(settings, situation));
  }
  if (!situation.open_disputes.empty()) {
    verdict.limits.push_back(ContactLimit::kOpenDispute);
    wait = std::max(wait, kRecheckHeldMessage);
    reasons.push_back(absl::StrCat(absl::StrJoin(situation.open_disputes, ", "), " open"));
  }
  if (!situation.open_promises.empty()) {
    verdict.limits.push_back(ContactLimit::kOpenPromise);
    wait = std::max(wait, kRecheckHeldMessage);
    reasons.push_back(absl::StrCat(absl::StrJoin(situation.open_promises, ", "), " open"));
  }
  if (verdict.limits.empty()) return verdict;
  verdict.send = false;
  verdict.wait = wait;
  verdict.reason = absl::StrCat("held by the contact limits: ", absl::StrJoin(reasons, "; "));
  return verdict;
}

absl::StatusOr<ManualContactCheck> CheckManualContact(const ComplianceSettings& settings,
                                                      const ContactSituation& situation,
                                                      ManualContactKind kind,
                                                      absl::string_view reply_to,
                                                      absl::string_view reason) {
  ManualContactCheck check;
  if (!reply_to.empty()) {
    const auto& disputes = situation.open_disputes;
    const auto& promises = situation.open_promises;
    check.is_reply = std::find(disputes.begin(), disputes.end(), reply_to) != disputes.end() ||
                     std::find(promises.begin(), promises.end(), reply_to) != promises.end();
    if (!check.is_reply) {
      return FieldViolation("reply_to", absl::StrCat(reply_to,
                                                     " is not an open dispute or promise of the "
                                                     "customer"));
    }
  }
  std::vector<std::string> words;
  if (InQuietHours(settings, situation.minute_of_day)) {
    check.broken.push_back(ContactLimit::kQuietHours);
    words.push_back(absl::StrCat("in the quiet hours ", QuietText(settings)));
  }
  if (kind == ManualContactKind::kDispatch &&
      situation.automatic_last_week.size() >= WeeklyCap(settings)) {
    check.broken.push_back(ContactLimit::kWeeklyCap);
    words.push_back(absl::StrCat("beyond the weekly cap (", CapText(settings, situation), ")"));
  }
  if (!check.is_reply && !situation.open_disputes.empty()) {
    check.broken.push_back(ContactLimit::kOpenDispute);
    words.push_back(
        absl::StrCat("while ", absl::StrJoin(situation.open_disputes, ", "), " is open"));
  }
  if (!check.is_reply && !situation.open_promises.empty()) {
    check.broken.push_back(ContactLimit::kOpenPromise);
    words.push_back(
        absl::StrCat("while ", absl::StrJoin(situation.open_promises, ", "), " is open"));
  }
  check.description = absl::StrJoin(words, "; ");
  if (check.broken.empty()) return check;
  if (absl::Status text = CheckText("compliance_reason", reason, Presence::kOptional); !text.ok()) {
    return text;
  }
  if (reason.find_first_not_of(" \t\r\n") == absl::string_view::npos) {
    return FieldViolation("compliance_reason",
                          absl::StrCat("a contact outside the contact limits (", check.description,
                                       ") needs a reason; it is flagged for the monthly meeting"));
  }
  return check;
}

}  // namespace huikuan::core
