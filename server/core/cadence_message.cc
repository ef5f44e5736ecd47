#include "server/core/cadence_message.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "server/core/status_macros.h"

namespace huikuan::core {
namespace {

std::string ZhDay(EpochDay day) {
  absl::StatusOr<absl::CivilDay> civil = FromEpochDay(day);
  if (!civil.ok()) return FormatDate(day);
  return absl::StrCat(civil->year(), "年", civil->month(), "月", civil->day(), "日");
}

std::string DayText(EpochDay day, Language language) {
  return language == Language::kZhCn ? ZhDay(day) : FormatDate(day);
}

std::string MonthText(absl::CivilMonth month, Language language) {
  if (language == Language::kZhCn) return absl::StrCat(month.year(), "年", month.month(), "月");
  return absl::StrFormat("%04d-%02d", month.year(), month.month());
}

absl::Status CheckLines(const std::vector<CadenceLine>& lines, Fen* total) {
  for (const CadenceLine& line : lines) {
    HK_RETURN_IF_ERROR(ValidateAmount(line.amount, "lines.amount"));
    HK_RETURN_IF_ERROR(ValidateEpochDay(line.due_day, "lines.due_day"));
    HK_ASSIGN_OR_RETURN(*total, AddFen(*total, line.amount));
  }
  return absl::OkStatus();
}

absl::string_view TierText(Tier tier, Language language) {
  static constexpr absl::string_view kZh[] = {"战略核心层", "重点合作层", "一般客户层",
                                              "潜力培育层"};
  static constexpr absl::string_view kEn[] = {"strategic core", "key partner", "general",
                                              "potential"};
  const int index = static_cast<int>(tier);
  return language == Language::kZhCn ? kZh[index] : kEn[index];
}

}  // namespace

absl::StatusOr<RenderedMessage> RenderMonthlyReconciliation(Language language,
                                                            const MonthlyContext& context) {
  HK_RETURN_IF_ERROR(ValidateEpochDay(context.as_of, "as_of"));
  Fen purchased = 0;
  Fen open = 0;
  HK_RETURN_IF_ERROR(CheckLines(context.purchases, &purchased));
  HK_RETURN_IF_ERROR(CheckLines(context.open, &open));
  // The next due date still ahead, and what is already past due.
  std::optional<EpochDay> next_due;
  Fen overdue = 0;
  for (const CadenceLine& line : context.open) {
    if (line.due_day < context.as_of) {
      overdue += line.amount;
    } else if (!next_due || line.due_day < *next_due) {
      next_due = line.due_day;
    }
  }
  const bool zh = language == Language::kZhCn;
  const std::string month = MonthText(context.month, language);
  const std::string& addressee = context.contact.empty() ? context.customer : context.contact;
  RenderedMessage message;
  message.subject = zh ? absl::StrCat(context.company, " ", month, "对账单及合作总结")
                       : absl::StrCat(context.company, ": statement and summary for ", month);
  std::vector<std::string> body;
  // Seed 000's summary: what was bought, when it falls due, thanks, what is coming.
  if (zh) {
    body.push_back(absl::StrCat(addressee, ",您好!"));
    std::string summary = context.purchases.empty()
                              ? absl::StrCat(month, "贵司没有新的采购。")
                              : absl::StrCat(month, "贵司采购 ", context.purchases.size(),
                                             " 笔,合计 ", FormatYuanGrouped(purchased), " 元。");
    if (!context.open.empty()) {
      absl::StrAppend(&summary, "目前未结账款 ", FormatYuanGrouped(open), " 元");
      if (next_due) absl::StrAppend(&summary, ",最近一笔将于", ZhDay(*next_due), "到期");
      if (overdue > 0) {
        absl::StrAppend(&summary, ",其中 ", FormatYuanGrouped(overdue), " 元已过到期日");
      }
      absl::StrAppend(&summary, "。");
    }
    absl::StrAppend(&summary, "感谢您一直以来的支持!");
    if (!context.upcoming_note.empty()) absl::StrAppend(&summary, context.upcoming_note);
    body.push_back(summary);
  } else {
    body.push_back(absl::StrCat("Dear ", addressee, ","));
    std::string summary =
        context.purchases.empty()
            ? absl::StrCat("In ", month, " you placed no new orders with us.")
            : absl::StrCat("In ", month, " you placed ", context.purchases.size(),
                           " orders with us, ", FormatYuanGrouped(purchased), " yuan in total.");
    if (!context.open.empty()) {
      absl::StrAppend(&summary, " Open now: ", FormatYuanGrouped(open), " yuan");
      if (next_due) absl::StrAppend(&summary, ", the next falling due on ", FormatDate(*next_due));
      if (overdue > 0)
        absl::StrAppend(&summary, ", of which ", FormatYuanGrouped(overdue), " yuan is past due");
      absl::StrAppend(&summary, ".");
    }
    absl::StrAppend(&summary, " Thank you for your continued support.");
    if (!context.upcoming_note.empty()) absl::StrAppend(&summary, " ", context.upcoming_note);
    body.push_back(summary);
  }
  if (!context.purchases.empty()) {
    std::vector<std::string> lines;
    for (const CadenceLine& line : context.purchases) {
      lines.push_back(
          zh ? absl::StrCat("- ", ZhDay(line.invoice_day), " 订单号 ", line.order_number,
                            ",发票号 ", line.invoice_number, ",金额 ",
                            FormatYuanGrouped(line.amount), " 元,到期日 ", ZhDay(line.due_day))
             : absl::StrCat("- ", FormatDate(line.invoice_day), " order ", line.order_number,
                            ", invoice ", line.invoice_number, ": ", FormatYuanGrouped(line.amount),
                            " yuan, due ", FormatDate(line.due_day)));
    }
    body.push_back(absl::StrCat(zh ? "本月对账明细:\n" : "Statement of the month:\n",
                                absl::StrJoin(lines, "\n")));
  }
  if (!context.open.empty()) {
    std::vector<std::string> lines;
    for (const CadenceLine& line : context.open) {
      lines.push_back(
          zh ? absl::StrCat("- 发票号 ", line.invoice_number, ",未结 ",
                            FormatYuanGrouped(line.amount), " 元,到期日 ", ZhDay(line.due_day))
             : absl::StrCat("- invoice ", line.invoice_number, ": ", FormatYuanGrouped(line.amount),
                            " yuan open, due ", FormatDate(line.due_day)));
    }
    body.push_back(absl::StrCat(zh ? "未结账款及到期日:\n" : "Open invoices and due dates:\n",
                                absl::StrJoin(lines, "\n")));
  }
  body.push_back(zh ? "如对账单有任何疑问,请随时与我联系。"
                    : "If anything in this statement looks wrong to you, please let me know.");
  body.push_back(absl::StrCat(context.salesperson.empty() ? "" : context.salesperson + "\n",
                              context.company, "\n", DayText(context.as_of, language)));
  message.body = absl::StrJoin(body, "\n\n");
  return message;
}

absl::StatusOr<RenderedMessage> RenderReviewBrief(Language language, const ReviewContext& context) {
  HK_RETURN_IF_ERROR(ValidateEpochDay(context.as_of, "as_of"));
  for (Fen fen : {context.volume, context.previous_volume, context.balance, context.overdue,
                  context.credit_limit}) {
    HK_RETURN_IF_ERROR(ValidateAmount(fen, "figures"));
  }
  const bool zh = language == Language::kZhCn;
  const bool annual = context.kind == CadenceKind::kAnnualStrategy;
  RenderedMessage message;
  message.subject =
      zh ? absl::StrCat(context.customer, " ", annual ? "年度战略沟通 " : "季度业务沟通 ",
                        context.period)
         : absl::StrCat(context.customer, ": ",
                        annual ? "annual strategy meeting " : "quarterly business review ",
                        context.period);
  std::string dso;
  if (context.dso_days && std::isfinite(*context.dso_days)) {
    dso = absl::StrFormat("%.1f", *context.dso_days);
  } else {
    dso = zh ? "无(期内无销售)" : "n/a (no sales in the period)";
  }
  std::string change;
  if (context.previous_volume > 0) {
    const double pct = 100.0 * static_cast<double>(context.volume - context.previous_volume) /
                       static_cast<double>(context.previous_volume);
    change = absl::StrFormat("%+.1f%%", pct);
  } else {
    change = zh ? "无上期数据" : "no prior period";
  }
  std::vector<std::string> body;
  if (zh) {
    body.push_back(absl::StrCat(
        annual
            ? "年度战略沟通(双方高层参与:回顾合作成果,制定下一年度合作计划:"
              "账期政策、供货保障、市场支持)"
            : "季度业务沟通(企业高管与客户采购负责人面对面交流:经营状况、需求变化、账期优化方案)",
        "\n客户:", context.customer, "(", TierText(context.tier, language), ")"));
    body.push_back(absl::StrCat(
        "本期(", context.period, ")采购额:", FormatYuanGrouped(context.volume), " 元(上期 ",
        FormatYuanGrouped(context.previous_volume), " 元,", change, ")\n未结余额:",
        FormatYuanGrouped(context.balance), " 元,其中逾期 ", FormatYuanGrouped(context.overdue),
        " 元\nDSO:", dso, " 天\n账期:", context.credit_days, " 天;信用额度 ",
        FormatYuanGrouped(context.credit_limit), " 元\n预警:", context.warning_level,
        context.warning_reasons.empty() ? "" : "\n" + context.warning_reasons,
        "\n本期获批联合市场推广:", context.approved_promotions, " 次"));
    body.push_back(absl::StrCat("准备日期:", ZhDay(context.as_of)));
  } else {
    body.push_back(absl::StrCat(
        annual ? "Annual strategy meeting (both leaderships: review the year, plan the next: "
                 "terms, supply, market support)"
               : "Quarterly business review (management with the customer's purchasing head: "
                 "their business, changing needs, better terms)",
        "\nCustomer: ", context.customer, " (", TierText(context.tier, language), ")"));
    body.push_back(absl::StrCat(
        "Volume ", context.period, ": ", FormatYuanGrouped(context.volume),
        " yuan (before: ", FormatYuanGrouped(context.previous_volume), " yuan, ", change,
        ")\nOpen: ", FormatYuanGrouped(context.balance), " yuan, of which overdue ",
        FormatYuanGrouped(context.overdue), " yuan\nDSO: ", dso,
        " days\nTerms: ", context.credit_days, " days; credit limit ",
        FormatYuanGrouped(context.credit_limit), " yuan\nWarning: ", context.warning_level,
        context.warning_reasons.empty() ? "" : "\n" + context.warning_reasons,
        "\nJoint promotions approved in the period: ", context.approved_promotions));
    body.push_back(absl::StrCat("Prepared on ", FormatDate(context.as_of)));
  }
  message.body = absl::StrJoin(body, "\n\n");
  return message;
}

}  // namespace huikuan::core
