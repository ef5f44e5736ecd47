// EvaluateRisks and the level change shared with RecordRiskSignal: judge, store the level, and on
// a change keep the history, respond (raised) and re-assess. See risk.h.
#include "server/ops/risk_run.h"

#include <algorithm>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "server/core/resource_name.h"
#include "server/core/status_macros.h"
#include "server/core/text_fields.h"
#include "server/core/work_item.h"
#include "server/ops/arrangement_items.h"
#include "server/ops/assessment.h"
#include "server/ops/audit_images.h"
#include "server/ops/credit.h"
#include "server/ops/work_items.h"
#include "server/store/outbox_store.h"

namespace huikuan::ops {
namespace {

absl::string_view LevelChinese(core::WarningLevel level) {
  switch (level) {
    case core::WarningLevel::kGreen:
      return "绿色";
    case core::WarningLevel::kYellow:
      return "黄色";
    case core::WarningLevel::kOrange:
      return "橙色";
    case core::WarningLevel::kRed:
      return "红色";
  }
  return "绿色";
}

// What each department does at a level (R-WARN-4, seed 000's 分级处置).
std::string ActionFor(core::WarningLevel level, core::Department department) {
  switch (level) {
    case core::WarningLevel::kYellow:
      return "财务与客户对账沟通, 了解逾期原因, 协商还款计划";
    case core::WarningLevel::kOrange:
      switch (department) {
        case core::Department::kInvestment:
          return "招商经理牵头, 与法务、财务上门拜访, 核实经营状况, 要求提供担保或抵押";
        case core::Department::kLegal:
          return "法务随同上门, 审查合同与担保条款, 准备担保或抵押文件";
        default:
          return "财务随同上门, 核对账目, 要求客户提供担保或抵押";
      }
    case core::WarningLevel::kRed:
      switch (department) {
        case core::Department::kLegal:
          return "启动法律程序: 律师函、财产保全、诉讼或债务重组";
        case core::Department::kSales:
          return "立即停止供货, 暂停新订单";
        default:
          return "停止赊销, 核对全部未结账款, 配合法务准备证据";
      }
    case core::WarningLevel::kGreen:
      break;
  }
  return "正常管理";
}

// The staff member's own address; without one, <username>@<staff_email_domain>.
std::string StaffEmail(const store::StaffContact& staff, const RiskSettings& settings) {
  if (!staff.email.empty()) return staff.email;
  return absl::StrCat(staff.username, "@", settings.staff_email_domain);
}

std::string ReasonsText(const std::vector<core::RiskReason>& reasons) {
  std::string text;
  for (const core::RiskReason& r : reasons) {
    absl::StrAppend(&text, "- [", core::WarningLevelName(r.level), "] ", r.rule, ": ", r.text,
                    "\n");
  }
  return text;
}

core::Json LevelImage(core::WarningLevel level, const std::vector<core::RiskReason>& reasons) {
  core::Json image = core::Json::Object();
  image.Set("warning_level", core::Json::String(core::WarningLevelName(level)));
  core::Json list = core::Json::Array();
  for (const core::RiskReason& r : reasons) {
    list.Push(core::Json::String(absl::StrCat(r.rule, ": ", r.text)));
  }
  image.Set("reasons", std::move(list));
  return image;
}

// The graded response to a level raised to `change.to`.
absl::Status Respond(WriteScope& write, const store::CustomerRecord& customer,
                     const JudgedLedger& ledger, const core::RiskEvaluation& evaluation,
                     const RiskSettings& settings, RiskChangeOutcome& outcome) {
  const core::WarningLevel level = outcome.change.to;
  const core::GradedResponse response = core::ResponseFor(level);
  const absl::flat_hash_map<int64_t, ItemCustomer> customers =
      LoadItemCustomers(write.db, {customer.id});
  auto item_customer = customers.find(customer.id);
  if (item_customer == customers.end()) return absl::OkStatus();
  const std::string reasons = ReasonsText(evaluation.reasons);
  const int32_t days_to_act = level == core::WarningLevel::kRed      ? 1
                              : level == core::WarningLevel::kOrange ? 3
                                                                     : 7;
  std::vector<store::WorkItemRecord> items;
  auto add_item = [&](core::Department department, std::string step, std::string action) {
    ItemDraft draft;
    draft.source_key = absl::StrCat("risk:", customer.id, ":", outcome.change.id, ":",
                                    core::DepartmentName(department), ":", step);
    draft.kind = core::WorkItemKind::kWarning;
    draft.department = department;
    draft.assign_to_owner = department == core::Department::kSales;
    draft.step = step;
    draft.channel =
        level == core::WarningLevel::kOrange ? core::Channel::kVisit : core::Channel::kPhone;
    draft.title = core::TruncateChars(
        absl::StrCat(LevelChinese(level), "预警 ", customer.display_name, ": ", action),
        core::kMaxWorkItemTitleChars);
    draft.body = absl::StrCat(action, "\n原因:\n", reasons);
    draft.due_day = write.today + days_to_act;
    draft.amount = ledger.facts.overdue;
    draft.days_from_due = ledger.facts.oldest_overdue_days;
    items.push_back(MakeWorkItem(item_customer->second, draft));
  };
  const std::string step = absl::StrCat("warning_", core::WarningLevelName(level));
  for (core::Department department : response.departments) {
    add_item(department, step, ActionFor(level, department));
  }
  if (response.credit_hold && ledger.facts.credit_status == core::CreditStatus::kActive) {
    if (settings.config.red_hold_automatic) {
      HK_ASSIGN_OR_RETURN(
          HoldChange hold,
          PlaceCreditHold(write, customer.id, core::FormatResourceName("customers", customer.id),
                          core::CreditStatus::kOnHold,
                          absl::StrCat("红色预警, 立即停止供货 (R-WARN-4):\n", reasons)));
      (void)hold;
      outcome.hold_placed = true;
    } else {
      add_item(core::Department::kManagement, "warning_hold_proposal",
               "红色预警: 建议立即停止供货 (信用冻结), 请部门负责人审批");
    }
  }
  HK_ASSIGN_OR_RETURN(std::vector<store::WorkItemRecord> created,
                      CreateWorkItems(write, std::move(items)));
  for (const store::WorkItemRecord& item : created) outcome.work_item_ids.push_back(item.id);

  // The owner and the heads of the departments concerned, told through the outbox (R-WARN-4:
  // within 24 hours; the sender delivers within minutes).
  std::vector<std::string> departments;
  for (core::Department d : response.departments) {
    departments.emplace_back(core::DepartmentName(d));
  }
  std::vector<store::OutboxRecord> messages;
  for (const store::StaffContact& staff :
       store::ListNoticeRecipients(write.db, customer.owner_user_id, departments)) {
    store::OutboxRecord m;
    m.customer_id = customer.id;
    m.owner_user_id = customer.owner_user_id;
    m.channel = core::Channel::kEmail;
    m.recipient = StaffEmail(staff, settings);
    m.language = "zh-CN";
    m.subject = absl::StrCat("[", LevelChinese(level), "预警] ", customer.display_name, " (",
                             core::WarningLevelName(outcome.change.from), " -> ",
                             core::WarningLevelName(level), ")");
    m.body = absl::StrCat(staff.user_id == customer.owner_user_id ? "您负责的客户 " : "客户 ",
                          customer.display_name, " (customers/", customer.id, ") 预警等级升为",
                          LevelChinese(level), "。\n\n原因:\n", reasons,
                          "\n处置 (R-WARN-4): ", response.action,
                          outcome.hold_placed ? "\n已自动冻结信用 (停止供货)。" : "", "\n\n逾期 ",
                          core::FormatYuan(ledger.facts.overdue), " 元, 应收余额 ",
                          core::FormatYuan(ledger.facts.balance), " 元。");
    m.status = core::InitialOutboxStatus(core::Channel::kEmail);
    m.next_attempt_time = m.create_time = m.update_time = write.now;
    messages.push_back(std::move(m));
  }
  store::InsertOutboxMessages(write.db, messages);
  for (const store::OutboxRecord& m : messages) {
    write.audit.Record(core::FormatResourceName("outboxMessages", m.id), core::Json(),
                       OutboxImage(m));
    outcome.notice_message_ids.push_back(m.id);
  }
  if (!messages.empty()) {
    store::SetRiskChangeNotice(write.db, outcome.change.id, messages.front().id, write.now);
    outcome.change.notice_message_id = messages.front().id;
    outcome.change.notice_time = write.now;
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<JudgedRisk> JudgeRisk(const JudgedLedger& ledger,
                                     const std::vector<core::RiskSignal>& signals,
                                     core::EpochDay as_of,
                                     const std::optional<store::CustomerRiskRecord>& stored,
                                     absl::Time now, const RiskSettings& settings) {
  core::RiskFacts facts;
  facts.ledger = WarningInputOf(ledger);
  facts.broken_promises = ledger.facts.broken_promises;
  facts.signals = signals;
  facts.owner_overdue_rates_bp = ledger.owner_overdue_rates_bp;
  JudgedRisk out;
  HK_ASSIGN_OR_RETURN(out.evaluation, core::EvaluateRisk(facts, as_of, settings.config));
  out.from = stored ? stored->level : core::WarningLevel::kGreen;
  store::CustomerRiskRecord& record = out.record;
  record.customer_id = ledger.facts.customer_id;
  record.level = out.evaluation.level;
  record.reasons = out.evaluation.reasons;
  record.as_of_day = as_of;
  record.figures.dso_days = ledger.dso_days;
  record.figures.industry_dso_days = ledger.industry_dso_days;
  record.figures.balance = ledger.facts.balance;
  record.figures.overdue = ledger.facts.overdue;
  record.figures.over30 = ledger.facts.over30;
  record.figures.credit_limit = ledger.facts.credit_limit;
  record.figures.orders_recent = ledger.orders_recent;
  record.figures.orders_prior = ledger.orders_prior;
  record.figures.broken_promises = ledger.facts.broken_promises;
  record.level_since = stored && out.from == out.evaluation.level ? stored->level_since : now;
  record.update_time = now;
  return out;
}

absl::StatusOr<std::optional<RiskChangeOutcome>> ApplyRiskChange(
    WriteScope& write, const JudgedLedger& ledger, const JudgedRisk& judged, core::EpochDay as_of,
    const RiskTrigger& trigger, const RiskSettings& settings) {
  const int64_t customer_id = ledger.facts.customer_id;
  const core::RiskEvaluation& evaluation = judged.evaluation;
  const core::WarningLevel from = judged.from;
  if (from == evaluation.level) return std::optional<RiskChangeOutcome>();

  RiskChangeOutcome outcome;
  store::RiskChangeRecord& change = outcome.change;
  change.source_key = trigger.source_key;
  change.customer_id = customer_id;
  change.from = from;
  change.to = evaluation.level;
  change.as_of_day = as_of;
  change.reasons = evaluation.reasons;
  change.signal_id = trigger.signal_id;
  change.trigger_time = trigger.time;
  change.create_time = write.now;
  if (!store::InsertRiskChange(write.db, change)) return std::optional<RiskChangeOutcome>();
  const std::string name = core::FormatResourceName("customers", customer_id);
  write.audit.Record(absl::StrCat(name, "/risk"), LevelImage(from, {}),
                     LevelImage(evaluation.level, evaluation.reasons));

  HK_ASSIGN_OR_RETURN(store::CustomerRecord customer,
                      store::GetCustomer(write.db, customer_id, store::Lock::kForUpdate));
  if (evaluation.level > from) {
    HK_RETURN_IF_ERROR(Respond(write, customer, ledger, evaluation, settings, outcome));
  }
  // The credit recommendation reflects the new level (AssessCustomerOn reads it).
  HK_ASSIGN_OR_RETURN(customer, store::GetCustomer(write.db, customer_id, store::Lock::kForUpdate));
  const store::CustomerRecord before = customer;
  HK_ASSIGN_OR_RETURN(customer, AssessAndSave(write.db, std::move(customer), write.now,
                                              TieringInForce(write.db, as_of)));
  write.audit.Record(name, CustomerImage(before), CustomerImage(customer));
  return std::optional<RiskChangeOutcome>(std::move(outcome));
}

absl::StatusOr<std::optional<RiskChangeOutcome>> JudgeCustomer(
    WriteScope& write, const JudgedLedger& ledger, const std::vector<core::RiskSignal>& signals,
    core::EpochDay as_of, const RiskTrigger& trigger, const RiskSettings& settings) {
  std::optional<store::CustomerRiskRecord> stored =
      store::GetCustomerRisk(write.db, ledger.facts.customer_id, store::Lock::kForUpdate);
  HK_ASSIGN_OR_RETURN(JudgedRisk judged,
                      JudgeRisk(ledger, signals, as_of, stored, write.now, settings));
  store::UpsertCustomerRisk(write.db, judged.record);
  return ApplyRiskChange(write, ledger, judged, as_of, trigger, settings);
}

absl::StatusOr<RiskRun> EvaluateRisks(WriteScope& write, core::EpochDay as_of,
                                      const RiskSettings& settings) {
  const core::EpochDay signals_since = as_of - settings.config.signal_window_days;
  absl::flat_hash_map<int64_t, std::vector<core::RiskSignal>> signals;
  std::vector<int64_t> also = store::ListNonGreenCustomers(write.db);
  for (store::RiskSignalRecord& s : store::ListSignalsBetween(write.db, signals_since, as_of)) {
    also.push_back(s.customer_id);
    signals[s.customer_id].push_back(std::move(s.signal));
  }
  HK_ASSIGN_OR_RETURN(
      std::vector<JudgedLedger> ledgers,
      JudgeLedgers(write.db, as_of, std::nullopt, settings.config.broken_promise_window_days, also,
                   std::nullopt, /*with_owner_rates=*/true));
  // Set-based: every stored level in one read, every judged level in multi-row writes; only the
  // customers whose level changed are handled one by one.
  std::vector<int64_t> ids;
  ids.reserve(ledgers.size());
  for (const JudgedLedger& ledger : ledgers) ids.push_back(ledger.facts.customer_id);
  absl::flat_hash_map<int64_t, store::CustomerRiskRecord> stored;
  for (store::CustomerRiskRecord& r :
       store::GetCustomerRisks(write.db, ids, store::Lock::kForUpdate)) {
    const int64_t id = r.customer_id;
    stored.emplace(id, std::move(r));
  }
  std::vector<JudgedRisk> judged;
  judged.reserve(ledgers.size());
  std::vector<store::CustomerRiskRecord> records;
  records.reserve(ledgers.size());
  for (const JudgedLedger& ledger : ledgers) {
    auto it = stored.find(ledger.facts.customer_id);
    HK_ASSIGN_OR_RETURN(
        JudgedRisk j,
        JudgeRisk(ledger, signals[ledger.facts.customer_id], as_of,
                  it == stored.end() ? std::nullopt
                                     : std::optional<store::CustomerRiskRecord>(it->second),
                  write.now, settings));
    records.push_back(j.record);
    judged.push_back(std::move(j));
  }
  store::UpsertCustomerRisks(write.db, records);

  RiskRun run;
  const std::string date = core::FormatDate(as_of);
  for (size_t i = 0; i < ledgers.size(); ++i) {
    const JudgedLedger& ledger = ledgers[i];
    ++run.evaluated;
    if (judged[i].from == judged[i].evaluation.level) continue;
    RiskTrigger trigger;
    trigger.source_key = absl::StrCat("run:", ledger.facts.customer_id, ":", date);
    trigger.time = write.now;
    HK_ASSIGN_OR_RETURN(std::optional<RiskChangeOutcome> change,
                        ApplyRiskChange(write, ledger, judged[i], as_of, trigger, settings));
    if (!change) continue;
    run.changed_customer_ids.push_back(ledger.facts.customer_id);
    if (change->change.to > change->change.from) {
      ++run.raised;
    } else {
      ++run.lowered;
    }
    run.work_items += static_cast<int64_t>(change->work_item_ids.size());
    run.notices += static_cast<int64_t>(change->notice_message_ids.size());
    if (change->hold_placed) ++run.holds;
  }
  return run;
}

}  // namespace huikuan::ops
