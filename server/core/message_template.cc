#include "server/core/message_template.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "server/core/enum_names.h"
#include "server/core/text_fields.h"
#include "server/core/violations.h"

namespace huikuan::core {
namespace {

// The first "{...}" in `text` that is not a known placeholder; empty when all are known.
std::string UnknownPlaceholder(absl::string_view text) {
  size_t at = 0;
  while ((at = text.find('{', at)) != absl::string_view::npos) {
    const size_t end = text.find('}', at);
    if (end == absl::string_view::npos) return std::string(text.substr(at, 12));
    const std::string found(text.substr(at, end - at + 1));
    bool known = false;
    for (const std::string& name : TemplatePlaceholders()) known = known || name == found;
    if (!known) return found;
    at = end + 1;
  }
  return "";
}

void CheckPart(FieldViolations& violations, const std::string& field, absl::string_view text,
               size_t max_chars) {
  if (absl::Status status = CheckText(field, text, Presence::kRequired, max_chars); !status.ok()) {
    violations.AddAll(status, field);
    return;
  }
  if (std::string unknown = UnknownPlaceholder(text); !unknown.empty()) {
    violations.Add(field, absl::StrCat("unknown placeholder ", unknown));
  }
  const std::string lower = absl::AsciiStrToLower(text);
  for (const std::string& phrase : ForbiddenTemplatePhrases()) {
    if (absl::StrContains(lower, phrase)) {
      violations.Add(
          field, absl::StrCat("threatening or harassing wording is not allowed: \"", phrase, "\""));
      return;
    }
  }
}

}  // namespace

absl::string_view TemplateStatusName(TemplateStatus status) {
  switch (status) {
    case TemplateStatus::kProposed:
      return "proposed";
    case TemplateStatus::kApproved:
      return "approved";
    case TemplateStatus::kRejected:
      return "rejected";
  }
  return "unknown";
}

std::optional<TemplateStatus> ParseTemplateStatus(absl::string_view name) {
  return ParseEnumName<TemplateStatus, kTemplateStatusCount>(name, TemplateStatusName);
}

const std::vector<std::string>& TemplatePlaceholders() {
  static const auto* const names = new std::vector<std::string>{
      "{customer}", "{company}", "{total}", "{due}", "{as_of}", "{days}", "{count}"};
  return *names;
}

const std::vector<std::string>& ForbiddenTemplatePhrases() {
  static const auto* const phrases = new std::vector<std::string>{
      "后果自负",    "走着瞧",        "不客气",     "曝光", "上门讨债", "上门催收",
      "通知家人",    "联系家人",      "家属",       "坐牢", "拘留",     "黑社会",
      "威胁",        "骚扰",          "暴力",       "人身", "or else",  "you will regret",
      "your family", "we know where", "expose you", "jail", "prison",   "shame",
      "threat"};
  return *phrases;
}

absl::Status ValidateMessageTemplate(absl::string_view action, const MessageTemplate& text) {
  FieldViolations violations;
  bool identifier = !action.empty() && action.size() <= 40 && absl::ascii_islower(action[0]);
  for (char c : action) {
    identifier = identifier && (absl::ascii_islower(c) || absl::ascii_isdigit(c) || c == '_');
  }
  if (!identifier) violations.Add("action", "must be a lower-case identifier of 1-40 characters");
  CheckPart(violations, "subject", text.subject, kMaxTemplateSubjectChars);
  CheckPart(violations, "opening", text.opening, kMaxTemplateOpeningChars);
  return violations.ToStatus();
}

absl::Status DecideTemplate(TemplateStatus& status, TemplateDecision decision,
                            absl::string_view name) {
  if (status != TemplateStatus::kProposed) {
    return RuleViolation(kTemplateState, name,
                         absl::StrCat(name, " is ", TemplateStatusName(status),
                                      ": only a proposed template is approved or rejected"));
  }
  status = decision == TemplateDecision::kApprove ? TemplateStatus::kApproved
                                                  : TemplateStatus::kRejected;
  return absl::OkStatus();
}

}  // namespace huikuan::core
