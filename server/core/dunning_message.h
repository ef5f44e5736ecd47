// The messages of the collection ladder (R-DUN-1, R-DUN-2, R-STMT-1): what a step sends or reads
// out, in the customer's language (zh-CN or en), naming every invoice with its order number,
// amount in yuan and due date, the total, and the account to pay into. Before the due date the
// tone is a courteous reminder (seed 000's "温馨提示"); after it, formal and factual, never
// threatening (seed 002's compliance line: no harassment, every contact is evidence); every
// message asks the customer to get in touch if it has paid or disagrees.
//
//   MessageContext context{.company = "苏州华恒机械", .customer = "E集团", ...};
//   absl::StatusOr<RenderedMessage> m =
//       RenderDunningMessage("lawyer_letter", Channel::kLetter, Language::kZhCn, context);
//
// A ladder's own actions (configured ladders) that have no template of their own get the
// template of their channel. Thread-safe: pure functions, no I/O.
#ifndef HUIKUAN_SERVER_CORE_DUNNING_MESSAGE_H_
#define HUIKUAN_SERVER_CORE_DUNNING_MESSAGE_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/core/civil_date.h"
#include "server/core/department.h"
#include "server/core/money.h"

namespace huikuan::core {

enum class Language : int8_t { kZhCn = 0, kEn = 1 };
absl::string_view LanguageName(Language language);  // "zh-CN", "en"
std::optional<Language> ParseLanguage(absl::string_view name);

struct MessageInvoice {
  std::string invoice_number;
  std::string order_number;
  Fen open = 0;
  EpochDay due_day = 0;
};

struct MessageContext {
  std::string company;                   // who writes: the seller
  std::string customer;                  // the customer's name
  std::string contact;                   // whom it is addressed to; may be empty
  std::string bank_account;              // where to pay: bank, account name and number
  std::vector<MessageInvoice> invoices;  // at least one
  EpochDay as_of = 0;                    // the day of the step
};

struct RenderedMessage {
  std::string subject;
  std::string body;
};

// INVALID_ARGUMENT for no invoices, a bad amount or date. Uses the built-in templates.
absl::StatusOr<RenderedMessage> RenderDunningMessage(absl::string_view action, Channel channel,
                                                     Language language,
                                                     const MessageContext& context);

// A template as data (issue 14: templates are reviewed by legal and kept in the database): the
// subject and the opening of the body, with placeholders {customer}, {company}, {total}, {due},
// {as_of}, {days}, {count}. The invoice lines, the account and the closing are added the same way
// to every message.
struct MessageTemplate {
  std::string subject;
  std::string opening;
};
struct BuiltInTemplate {
  std::string action;
  Language language = Language::kZhCn;
  MessageTemplate text;
};
// The templates the code shipped with (the seeds' actions, zh-CN and en), in action order: what
// the database is seeded with (migration 0542).
const std::vector<BuiltInTemplate>& BuiltInTemplates();

// The action whose template a step uses: its own when `has_template(action)`, otherwise the one
// of its channel (a configured ladder's own actions), which depends on whether any invoice is
// overdue on the step's day.
std::string TemplateActionFor(absl::string_view action, Channel channel, bool overdue,
                              const std::function<bool(absl::string_view)>& has_template);

// Looks up the template in use for an action and language; nullptr when there is none.
using TemplateLookup = std::function<const MessageTemplate*(absl::string_view, Language)>;
// As above with templates from `templates` (the approved versions). FAILED_PRECONDITION
// TEMPLATE_MISSING when neither the action nor its channel has one.
absl::StatusOr<RenderedMessage> RenderDunningMessage(const TemplateLookup& templates,
                                                     absl::string_view action, Channel channel,
                                                     Language language,
                                                     const MessageContext& context);

// The actions with templates of their own (the seeds' ladders), for tests and documentation.
const std::vector<std::string>& ActionsWithTemplates();

}  // namespace huikuan::core

#endif  // HUIKUAN_SERVER_CORE_DUNNING_MESSAGE_H_
