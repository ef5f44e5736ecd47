#include "server/core/dunning_message.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/time/civil_time.h"
#include "server/core/enum_names.h"
#include "server/core/status_macros.h"
#include "server/core/violations.h"

namespace huikuan::core {
namespace {

// One template: a subject and the opening of the body, with placeholders {customer}, {contact},
// {company}, {total}, {due}, {days}, {count}; the invoice lines, the account and the closing are
// added the same way to every message.
struct Template {
  const char* subject;
  const char* opening;
};

struct ActionTemplates {
  const char* action;
  Template zh;
  Template en;
};

constexpr ActionTemplates kTemplates[] = {
    {"pre_reminder",
     {"温馨提示:贵司账款将于{due}到期",
      "温馨提示:贵司以下{count}笔账款共计{total}元将于{due}到期,请及时安排付款。感谢贵司一直"
      "以来的支持与合作!"},
     {"Friendly reminder: payment due on {due}",
      "A friendly reminder that the {count} invoice(s) below, {total} yuan in total, fall due on "
      "{due}. Thank you for your continued partnership."}},
    {"friendly_email",
     {"温馨提示:贵司账款将于{due}到期",
      "温馨提示:贵司以下{count}笔账款共计{total}元将于{due}到期,请及时安排付款。感谢贵司一直"
      "以来的支持与合作!"},
     {"Friendly reminder: payment due on {due}",
      "A friendly reminder that the {count} invoice(s) below, {total} yuan in total, fall due on "
      "{due}. Thank you for your continued partnership."}},
    {"formal_email",
     {"付款提醒:贵司账款将于{due}到期",
      "贵司以下{count}笔账款共计{total}元将于{due}到期。为免影响后续合作安排,请按期付款。"},
     {"Payment reminder: invoices due on {due}",
      "The {count} invoice(s) below, {total} yuan in total, fall due on {due}. Please arrange "
      "payment by the due date so that our work together continues smoothly."}},
    {"sms_reminder",
     {"到期提醒", "【{company}】温馨提示:贵司应付账款{total}元于今日({due})到期,请及时安排付款。"},
     {"Due today", "[{company}] Reminder: {total} yuan falls due today ({due})."}},
    {"dunning_letter",
     {"催款函",
      "截至{as_of},贵司以下{count}笔账款已逾期{days}天,合计{total}元。请于收到本函后七日内将"
      "款项支付至下列账户。"},
     {"Payment request: overdue invoices",
      "As of {as_of}, the {count} invoice(s) below are {days} day(s) overdue, {total} yuan in "
      "total. Please pay within seven days of this letter into the account below."}},
    {"sales_phone_call",
     {"电话跟进:逾期账款",
      "电话跟进要点:贵司{count}笔账款已逾期{days}天,合计{total}元。请了解未付原因(是否对账有"
      "异议、资金安排等),记录客户承诺的付款日期。"},
     {"Phone follow-up: overdue invoices",
      "Call notes: {count} invoice(s) are {days} day(s) overdue, {total} yuan in total. Ask why "
      "they are unpaid (a disagreement over the statement, cash flow), and record the payment date "
      "the customer commits to."}},
    {"investment_manager",
     {"招商经理介入:逾期账款",
      "拜访要点:贵司{count}笔账款已逾期{days}天,合计{total}元。请面谈了解逾期原因与经营情况,"
      "商议还款计划或担保安排。"},
     {"Investment manager steps in: overdue invoices",
      "Visit brief: {count} invoice(s) are {days} day(s) overdue, {total} yuan in total. Meet the "
      "customer to understand the cause and its situation, and agree a payment plan or a "
      "guarantee."}},
    {"collection_notice",
     {"正式催收通知(抄送财务经理)",
      "截至{as_of},贵司以下{count}笔账款已逾期{days}天,合计{total}元。本通知已抄送我司财务经理,"
      "请于七日内付款或与我们商定还款安排。"},
     {"Formal collection notice (copied to the finance manager)",
      "As of {as_of}, the {count} invoice(s) below are {days} day(s) overdue, {total} yuan in "
      "total. This notice is copied to our finance manager; please pay within seven days or agree "
      "a payment arrangement with us."}},
    {"lawyer_letter",
     {"律师函",
      "受{company}委托,现就贵司拖欠货款事宜致函如下:截至{as_of},贵司以下{count}笔账款已逾期"
      "{days}天,合计{total}元。请贵司于收到本函之日起十日内付清,或与委托人协商还款方案;逾期未"
      "处理的,委托人将依法维护其合法权益。"},
     {"Letter before action",
      "We write on behalf of {company} about unpaid invoices. As of {as_of}, the {count} "
      "invoice(s) below are {days} day(s) overdue, {total} yuan in total. Please pay within ten "
      "days of this letter or agree a repayment plan with our client; otherwise our client will "
      "protect its rights through the proper legal channels."}},
    {"litigation",
     {"诉讼准备:逾期超过30天",
      "诉讼准备要点:{customer}的{count}笔账款已逾期{days}天,合计{total}元。请核对合同、对账单、"
      "催款记录等证据,评估诉讼成本与回收可能。"},
     {"Prepare litigation: over 30 days overdue",
      "Litigation brief: {count} invoice(s) of {customer} are {days} day(s) overdue, {total} yuan "
      "in total. Check the contract, statements and the record of every reminder, and weigh the "
      "cost of proceedings against the chance of recovery."}},
};

// The action whose templates a channel uses, for actions a configured ladder names that have none
// of their own.
absl::string_view ChannelAction(Channel channel, bool overdue) {
  switch (channel) {
    case Channel::kSms:
      return "sms_reminder";
    case Channel::kEmail:
      return overdue ? "collection_notice" : "formal_email";
    case Channel::kLetter:
    case Channel::kNotice:
      return overdue ? "dunning_letter" : "formal_email";
    case Channel::kPhone:
    case Channel::kPhoneOrWeChat:
      return overdue ? "sales_phone_call" : "pre_reminder";
    case Channel::kVisit:
      return "investment_manager";
    case Channel::kCourt:
      return "litigation";
  }
  return "dunning_letter";
}

std::string ZhDate(EpochDay day) {
  absl::StatusOr<absl::CivilDay> civil = FromEpochDay(day);
  if (!civil.ok()) return FormatDate(day);
  return absl::StrCat(civil->year(), "年", civil->month(), "月", civil->day(), "日");
}

std::string DateText(EpochDay day, Language language) {
  return language == Language::kZhCn ? ZhDate(day) : FormatDate(day);
}

std::string InvoiceLine(const MessageInvoice& invoice, Language language) {
  const std::string amount = FormatYuanGrouped(invoice.open);
  if (language == Language::kZhCn) {
    return absl::StrCat("- 发票号 ", invoice.invoice_number, ",订单号 ", invoice.order_number,
                        ",金额 ", amount, " 元,到期日 ", ZhDate(invoice.due_day));
  }
  return absl::StrCat("- invoice ", invoice.invoice_number, " (order ", invoice.order_number,
                      "): ", amount, " yuan, due ", FormatDate(invoice.due_day));
}

}  // namespace

absl::string_view LanguageName(Language language) {
  return language == Language::kEn ? "en" : "zh-CN";
}

std::optional<Language> ParseLanguage(absl::string_view name) {
  return ParseEnumName<Language, 2>(name, LanguageName);
}

const std::vector<std::string>& ActionsWithTemplates() {
  static const auto* const actions = [] {
    auto* list = new std::vector<std::string>;
    for (const ActionTemplates& entry : kTemplates) list->push_back(entry.action);
    return list;
  }();
  return *actions;
}

const std::vector<BuiltInTemplate>& BuiltInTemplates() {
  static const auto* const templates = [] {
    auto* list = new std::vector<BuiltInTemplate>;
    for (const ActionTemplates& entry : kTemplates) {
      list->push_back({entry.action, Language::kZhCn, {entry.zh.subject, entry.zh.opening}});
      list->push_back({entry.action, Language::kEn, {entry.en.subject, entry.en.opening}});
    }
    return list;
  }();
  return *templates;
}

std::string TemplateActionFor(absl::string_view action, Channel channel, bool overdue,
                              const std::function<bool(absl::string_view)>& has_template) {
  if (has_template(action)) return std::string(action);
  return std::string(ChannelAction(channel, overdue));
}

absl::StatusOr<RenderedMessage> RenderDunningMessage(absl::string_view action, Channel channel,
                                                     Language language,
                                                     const MessageContext& context) {
  return RenderDunningMessage(
      [](absl::string_view wanted, Language in) -> const MessageTemplate* {
        for (const BuiltInTemplate& entry : BuiltInTemplates()) {
          if (entry.action == wanted && entry.language == in) return &entry.text;
        }
        return nullptr;
      },
      action, channel, language, context);
}

absl::StatusOr<RenderedMessage> RenderDunningMessage(const TemplateLookup& templates,
                                                     absl::string_view action, Channel channel,
                                                     Language language,
                                                     const MessageContext& context) {
  if (context.invoices.empty()) return absl::InvalidArgumentError("invoices: none to write about");
  HK_RETURN_IF_ERROR(ValidateEpochDay(context.as_of, "as_of"));
  Fen total = 0;
  EpochDay earliest_due = kMaxEpochDay;
  for (const MessageInvoice& invoice : context.invoices) {
    HK_RETURN_IF_ERROR(ValidateAmount(invoice.open, "invoices.open"));
    HK_RETURN_IF_ERROR(ValidateEpochDay(invoice.due_day, "invoices.due_day"));
    HK_ASSIGN_OR_RETURN(total, AddFen(total, invoice.open));
    earliest_due = std::min(earliest_due, invoice.due_day);
  }
  const bool overdue = context.as_of > earliest_due;
  const std::string chosen = TemplateActionFor(
      action, channel, overdue,
      [&](absl::string_view name) { return templates(name, language) != nullptr; });
  const MessageTemplate* found = templates(chosen, language);
  if (found == nullptr) {
    return RuleViolation(
        "TEMPLATE_MISSING", chosen,
        absl::StrCat("no approved message template for ", chosen, " in ", LanguageName(language)));
  }
  const MessageTemplate& text = *found;
  const std::vector<std::pair<absl::string_view, std::string>> fields = {
      {"{customer}", context.customer},
      {"{company}", context.company},
      {"{total}", FormatYuanGrouped(total)},
      {"{due}", DateText(earliest_due, language)},
      {"{as_of}", DateText(context.as_of, language)},
      {"{days}", absl::StrCat(std::max(0, context.as_of - earliest_due))},
      {"{count}", absl::StrCat(context.invoices.size())},
  };
  RenderedMessage message;
  message.subject = absl::StrReplaceAll(text.subject, fields);
  const std::string opening = absl::StrReplaceAll(text.opening, fields);
  if (channel == Channel::kSms) {
    // One short text: the numbers, no letterhead.
    std::vector<std::string> numbers;
    for (const MessageInvoice& invoice : context.invoices)
      numbers.push_back(invoice.invoice_number);
    message.body = language == Language::kZhCn
                       ? absl::StrCat(opening, "发票:", absl::StrJoin(numbers, "、"),
                                      "。如已付款请忽略,如有疑问请来电。")
                       : absl::StrCat(opening, " Invoices: ", absl::StrJoin(numbers, ", "),
                                      ". Please ignore this if you have paid; call us with any "
                                      "question.");
    return message;
  }
  std::vector<std::string> lines;
  for (const MessageInvoice& invoice : context.invoices)
    lines.push_back(InvoiceLine(invoice, language));
  const std::string& addressee = context.contact.empty() ? context.customer : context.contact;
  if (language == Language::kZhCn) {
    message.body = absl::StrCat(
        addressee, ":\n\n", opening, "\n\n", absl::StrJoin(lines, "\n"),
        "\n合计:", FormatYuanGrouped(total), " 元\n\n收款账户:", context.bank_account,
        "\n\n如贵司已付款,请忽略本函并告知我们付款日期;如对上述账款有任何疑问,请随时与我们联系,"
        "我们将及时核对。\n\n",
        context.company, "\n", ZhDate(context.as_of));
  } else {
    message.body = absl::StrCat(
        "Dear ", addressee, ",\n\n", opening, "\n\n", absl::StrJoin(lines, "\n"),
        "\nTotal: ", FormatYuanGrouped(total), " yuan\n\nPay to: ", context.bank_account,
        "\n\nIf you have already paid, please disregard this message and let us know the date of "
        "payment; if you disagree with any amount, contact us and we will check it promptly.\n\n",
        context.company, "\n", FormatDate(context.as_of));
  }
  return message;
}

}  // namespace huikuan::core
