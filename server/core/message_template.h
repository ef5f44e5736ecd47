// Message templates as reviewed data (seed 002, 合规红线: no threatening wording; issue 14). A
// change to a template is a proposal; it is used only once a legal head approves it, and every
// version is kept. The checks here refuse a template that could not render (an unknown
// placeholder) or whose wording threatens or harasses (a list of phrases legal refuses outright;
// the legal head's review is the real check, this one catches the obvious).
//
//   HK_RETURN_IF_ERROR(ValidateMessageTemplate(action, text));
//   HK_RETURN_IF_ERROR(DecideTemplate(status, TemplateDecision::kApprove, name));
//
// Thread-safe: pure functions, no I/O.
#ifndef HUIKUAN_SERVER_CORE_MESSAGE_TEMPLATE_H_
#define HUIKUAN_SERVER_CORE_MESSAGE_TEMPLATE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "server/core/dunning_message.h"

namespace huikuan::core {

enum class TemplateStatus : int8_t {
  kProposed = 0,  // waiting for a legal head
  kApproved = 1,  // the newest approved version of an action and language is the one in use
  kRejected = 2,
};
inline constexpr int kTemplateStatusCount = 3;
absl::string_view TemplateStatusName(TemplateStatus status);  // "proposed", "approved", "rejected"
std::optional<TemplateStatus> ParseTemplateStatus(absl::string_view name);

inline constexpr size_t kMaxTemplateSubjectChars = 200;
inline constexpr size_t kMaxTemplateOpeningChars = 2000;

// The placeholders a template may use.
const std::vector<std::string>& TemplatePlaceholders();
// Phrases never allowed in a message (threats, harassment, shaming), zh-CN and en.
const std::vector<std::string>& ForbiddenTemplatePhrases();

// INVALID_ARGUMENT naming `action` (a lower-case identifier, 1-40 characters), `subject` or
// `opening` (required, within their length, only known placeholders, no forbidden phrase).
absl::Status ValidateMessageTemplate(absl::string_view action, const MessageTemplate& text);

enum class TemplateDecision : int8_t { kApprove = 0, kReject = 1 };
inline constexpr absl::string_view kTemplateState = "TEMPLATE_STATE";
// Proposed -> approved or rejected; FAILED_PRECONDITION TEMPLATE_STATE from any other state.
absl::Status DecideTemplate(TemplateStatus& status, TemplateDecision decision,
                            absl::string_view name);

}  // namespace huikuan::core

#endif  // HUIKUAN_SERVER_CORE_MESSAGE_TEMPLATE_H_
