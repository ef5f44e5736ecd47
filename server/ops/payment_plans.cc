#include "server/ops/payment_plans.h"

#include <algorithm>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "server/core/resource_name.h"
#include "server/core/status_macros.h"
#include "server/core/violations.h"
#include "server/ops/arrangement_images.h"
#include "server/ops/arrangement_items.h"
#include "server/ops/clock.h"
#include "server/ops/invoice_selection.h"
#include "server/ops/row_scope.h"
#include "server/ops/work_items.h"
#include "server/store/cash_history_store.h"

namespace huikuan::ops {
namespace {

// The instalments of a draft: its explicit schedule, or the core's even split of `total`.
absl::StatusOr<std::vector<core::Instalment>> Schedule(const PaymentPlanDraft& draft,
                                                       core::Fen total, core::EpochDay today) {
  if (!draft.instalments.empty()) {
    HK_RETURN_IF_ERROR(core::CheckSchedule(draft.instalments, total, today));
    return draft.instalments;
  }
  if (draft.split.count < 1 || draft.split.count > core::kMaxInstalments) {
    return core::FieldViolation(
        "instalment_count",
        absl::StrCat("must be 1 to ", core::kMaxInstalments, " (or give the instalments)"));
  }
  if (draft.split.interval_months < 1 || draft.split.interval_months > 12) {
    return core::FieldViolation("interval_months", "must be 1 to 12");
  }
  if (draft.split.first_due < today) {
    return core::FieldViolation("first_due_date", "must not be before today");
  }
  return core::SplitInstalments(total, draft.split.count, draft.split.first_due,
                                draft.split.interval_months);
}

// The plan locked after its customer's row (the ledger's locking order), when visible.
absl::StatusOr<store::PaymentPlanRecord> LockVisiblePlan(WriteScope& write, int64_t id,
                                                         absl::string_view name) {
  absl::StatusOr<store::PaymentPlanRecord> peek =
      store::GetPaymentPlan(write.db, id, store::Lock::kNone);
  if (absl::IsNotFound(peek.status())) return core::NotFoundError(name);
  HK_RETURN_IF_ERROR(peek.status());
  HK_RETURN_IF_ERROR(LockVisibleCustomer(write.db, write.caller, peek->customer_id, name).status());
  return store::GetPaymentPlan(write.db, id, store::Lock::kForUpdate);
}

// The plan's invoices must still have exactly the plan's total open (cash since the request
// would leave instalments that can never all be paid).
absl::Status CheckStillOpen(WriteScope& write, const store::PaymentPlanRecord& plan,
                            absl::string_view name) {
  core::Fen open = 0;
  for (const store::PlanInvoice& link : plan.invoices) {
    HK_ASSIGN_OR_RETURN(store::InvoiceRecord invoice,
                        store::GetInvoice(write.db, link.invoice_id, store::Lock::kForUpdate));
    if (invoice.balance.status == core::InvoiceStatus::kOpen) open += invoice.balance.open;
  }
  if (open != plan.total) {
    return core::RuleViolation(
        kPlanStale, name,
        absl::StrCat(name, " restructures ", core::MoneyText(plan.total), " but its invoices have ",
                     core::MoneyText(open), " open now: request a new plan"));
  }
  return absl::OkStatus();
}

struct PlanItems {
  const store::PaymentPlanRecord& plan;
  const ItemCustomer& customer;
  const core::PlanProgress& progress;
  core::EpochDay as_of;
  core::EpochDay oldest_due;  // of the plan's invoices, for the priority
  std::vector<store::WorkItemRecord>& out;

  void Add(ItemDraft draft) {
    draft.kind = core::WorkItemKind::kInstalment;
    draft.days_from_due = as_of - oldest_due;
    for (const store::PlanInvoice& link : plan.invoices) {
      draft.invoices.push_back({link.invoice_id, link.invoice_number, link.open});
    }
    out.push_back(MakeWorkItem(customer, draft));
  }

  // Instalment reminders (7 days before, for the owner) and due items (on the due day while not
  // covered, for finance), for an active plan.
  void Instalments() {
    core::Fen due_through = 0;
    for (size_t k = 0; k < plan.instalments.size(); ++k) {
      const core::Instalment& instalment = plan.instalments[k];
      due_through += instalment.amount;
      if (progress.paid >= due_through) continue;  // covered already
      const core::Fen outstanding = std::min(instalment.amount, due_through - progress.paid);
      const std::string key = absl::StrCat("plan:", plan.id, ":instalment:", k + 1);
      const std::string which = absl::StrCat(PaymentPlanName(plan.id), " 第", k + 1, "期");
      if (as_of >= instalment.due_day - core::kInstalmentReminderDays &&
          as_of < instalment.due_day) {
        ItemDraft draft;
        draft.source_key = absl::StrCat(key, ":reminder");
        draft.department = customer.owner_department;
        draft.assign_to_owner = true;
        draft.step = "instalment_reminder";
        draft.channel = core::Channel::kPhoneOrWeChat;
        draft.title = absl::StrCat("分期款提醒 ", which);
        draft.body =
            absl::StrCat("温馨提示: 分期付款", which, "金额", core::FormatYuan(outstanding),
                         "元将于", core::FormatDate(instalment.due_day), "到期。");
        draft.due_day = instalment.due_day;
        draft.amount = outstanding;
        Add(std::move(draft));
      }
      if (as_of >= instalment.due_day) {
        ItemDraft draft;
        draft.source_key = absl::StrCat(key, ":due");
        draft.department = core::Department::kFinance;
        draft.step = "instalment_due";
        draft.channel = core::Channel::kPhone;
        draft.title = absl::StrCat("分期款到期未付 ", which);
        draft.body = absl::StrCat("分期付款", which, "应于", core::FormatDate(instalment.due_day),
                                  "支付", core::FormatYuan(outstanding), "元, 尚未收到; 宽限至",
                                  core::FormatDate(instalment.due_day + plan.grace_days),
                                  ", 逾期则计划违约。");
        draft.due_day = instalment.due_day + plan.grace_days;
        draft.amount = outstanding;
        Add(std::move(draft));
      }
    }
  }

  // The default: finance takes over the invoices' collection at the escalated step.
  void Defaulted() {
    ItemDraft draft;
    draft.source_key = absl::StrCat("plan:", plan.id, ":defaulted");
    draft.department = core::Department::kFinance;
    draft.step = "plan_defaulted";
    draft.channel = core::Channel::kLetter;
    draft.title = absl::StrCat("分期付款计划违约 ", PaymentPlanName(plan.id));
    draft.body = absl::StrCat("分期付款计划第", *progress.missed + 1,
                              "期未按期支付, 计划违约; 原发票恢复催收 (升级处理)。抵押/担保: ",
                              plan.collateral, " ", plan.guarantee);
    draft.due_day = *progress.end_day;
    draft.amount = plan.total - progress.paid;
    Add(std::move(draft));
  }
};

}  // namespace

std::string PaymentPlanName(int64_t id) { return core::FormatResourceName("paymentPlans", id); }

absl::StatusOr<store::PaymentPlanRecord> RequestPaymentPlan(
    WriteScope& write, const PaymentPlanDraft& draft, absl::string_view customer_name,
    const core::ApprovalChainConfig& chain) {
  if (draft.grace_days < 0 || draft.grace_days > core::kMaxInstalmentGraceDays) {
    return core::FieldViolation("grace_days",
                                absl::StrCat("must be 0 to ", core::kMaxInstalmentGraceDays));
  }
  HK_ASSIGN_OR_RETURN(SelectedInvoices selected,
                      LockCustomerInvoices(write, draft.customer_id, customer_name,
                                           draft.invoice_ids, "invoices", Owed::kOpenOnly));
  const std::vector<int64_t> taken = store::InvoicesInOpenPlans(write.db, draft.invoice_ids);
  if (!taken.empty()) {
    const std::string invoice = core::FormatResourceName("invoices", taken.front());
    return core::RuleViolation(kInvoiceInPlan, invoice,
                               absl::StrCat(invoice, " is already in a requested or active plan"));
  }
  store::PaymentPlanRecord plan;
  plan.customer_id = draft.customer_id;
  plan.owner_user_id = selected.customer.owner_user_id;
  plan.total = selected.open_total;
  HK_ASSIGN_OR_RETURN(plan.instalments, Schedule(draft, plan.total, write.today));
  plan.grace_days = draft.grace_days;
  plan.collateral = draft.collateral;
  plan.guarantee = draft.guarantee;
  plan.reason = draft.reason;
  for (core::ApproverRole role : core::PlanApprovers(plan.total, chain)) {
    plan.required_approvers.emplace_back(core::ApproverRoleName(role));
  }
  plan.requested_by = write.caller.user_id;
  plan.create_time = plan.update_time = write.now;
  for (const store::InvoiceRecord& invoice : selected.invoices) {
    plan.invoices.push_back({invoice.id, invoice.invoice_number, invoice.balance.open});
  }
  store::InsertPaymentPlan(write.db, plan);
  write.audit.Record(PaymentPlanName(plan.id), core::Json(), PaymentPlanImage(plan));
  return plan;
}

absl::StatusOr<store::PaymentPlanRecord> DecidePaymentPlan(WriteScope& write, int64_t id,
                                                           absl::string_view name, bool approve,
                                                           const std::string& comment) {
  HK_ASSIGN_OR_RETURN(store::PaymentPlanRecord plan, LockVisiblePlan(write, id, name));
  const store::PaymentPlanRecord before = plan;
  if (plan.status != core::PlanStatus::kRequested) {
    return core::RuleViolation(
        core::kPlanNotRequested, name,
        absl::StrCat(name, " is ", core::PlanStatusName(plan.status), ", not requested"));
  }
  std::vector<core::ApproverDecision> decisions;
  for (const store::PlanApprovalRecord& approval : plan.approvals) {
    decisions.push_back({approval.approver_role, approval.approve, approval.approver_user_id});
  }
  const std::string role = write.caller.role();
  HK_ASSIGN_OR_RETURN(
      core::ApplicationStatus quorum,
      core::RecordApproverDecision(core::ApplicationStatus::kSubmitted, plan.required_approvers,
                                   decisions, role, approve, name));
  store::PlanApprovalRecord decision;
  decision.plan_id = plan.id;
  decision.approver_role = role;
  decision.approver_user_id = write.caller.user_id;
  decision.approve = approve;
  decision.comment = comment;
  decision.decide_time = write.now;
  store::InsertPlanApproval(write.db, decision);
  plan.approvals.push_back(decision);
  if (quorum == core::ApplicationStatus::kApproved) {
    HK_RETURN_IF_ERROR(CheckStillOpen(write, plan, name));
    plan.status = core::PlanStatus::kActive;
    plan.start_day = write.today;
  } else if (quorum == core::ApplicationStatus::kRejected) {
    plan.status = core::PlanStatus::kRejected;
    plan.end_day = write.today;
  }
  plan.update_time = write.now;
  HK_RETURN_IF_ERROR(store::UpdatePaymentPlanStatus(write.db, plan));
  write.audit.Record(name, PaymentPlanImage(before), PaymentPlanImage(plan));
  return plan;
}

absl::StatusOr<store::PaymentPlanRecord> GetPaymentPlan(ReadScope& read, int64_t id,
                                                        absl::string_view name) {
  absl::StatusOr<store::PaymentPlanRecord> plan =
      store::GetPaymentPlan(read.db, id, store::Lock::kNone);
  if (absl::IsNotFound(plan.status()) ||
      (plan.ok() && !CanSeeCustomer(read.caller, plan->customer_id, plan->owner_user_id))) {
    return core::NotFoundError(name);
  }
  return plan;
}

std::vector<store::PaymentPlanRecord> ListPaymentPlans(ReadScope& read,
                                                       std::optional<int64_t> customer_id,
                                                       std::optional<core::PlanStatus> status,
                                                       int64_t after_id, int limit) {
  const ListScope scope = ScopeList(read.caller, customer_id);
  if (scope.nothing) return {};
  store::PaymentPlanFilter filter;
  filter.customer_id = scope.customer_id;
  filter.owner_user_id = scope.owner_user_id;
  filter.status = status;
  return store::ListPaymentPlans(read.db, filter, after_id, limit);
}

absl::StatusOr<PlanRun> EvaluatePaymentPlans(WriteScope& write, core::EpochDay as_of) {
  PlanRun run;
  std::vector<store::PaymentPlanRecord> plans = store::PlansToEvaluate(write.db, as_of);
  std::vector<int64_t> invoice_ids;
  std::vector<int64_t> customer_ids;
  for (const store::PaymentPlanRecord& plan : plans) {
    customer_ids.push_back(plan.customer_id);
    for (const store::PlanInvoice& link : plan.invoices) invoice_ids.push_back(link.invoice_id);
  }
  absl::flat_hash_map<int64_t, std::vector<core::DatedAmount>> cash;
  for (const store::InvoiceCash& entry :
       store::LoadCashApplied(write.db, invoice_ids, as_of, StartOfCompanyDay(as_of + 1))) {
    cash[entry.invoice_id].push_back({entry.day, entry.amount});
  }
  const absl::flat_hash_map<int64_t, ItemCustomer> customers =
      LoadItemCustomers(write.db, customer_ids);
  std::vector<store::WorkItemRecord> items;
  for (store::PaymentPlanRecord& plan : plans) {
    ++run.evaluated;
    std::vector<core::DatedAmount> paid;
    core::EpochDay oldest_due = as_of;
    for (const store::PlanInvoice& link : plan.invoices) {
      auto it = cash.find(link.invoice_id);
      if (it != cash.end()) paid.insert(paid.end(), it->second.begin(), it->second.end());
      absl::StatusOr<store::InvoiceRecord> invoice =
          store::GetInvoice(write.db, link.invoice_id, store::Lock::kNone);
      if (invoice.ok()) oldest_due = std::min(oldest_due, invoice->due_day);
    }
    HK_ASSIGN_OR_RETURN(
        core::PlanProgress progress,
        core::EvaluatePlan(plan.instalments, *plan.start_day, paid, plan.grace_days, as_of));
    if (progress.status != core::PlanStatus::kActive && plan.status == core::PlanStatus::kActive) {
      const store::PaymentPlanRecord before = plan;
      plan.status = progress.status;
      plan.end_day = progress.end_day;
      if (progress.missed) plan.missed_instalment = static_cast<int32_t>(*progress.missed);
      plan.update_time = write.now;
      HK_RETURN_IF_ERROR(store::UpdatePaymentPlanStatus(write.db, plan));
      write.audit.Record(PaymentPlanName(plan.id), PaymentPlanImage(before),
                         PaymentPlanImage(plan));
      run.ended.push_back(plan);
    }
    auto customer = customers.find(plan.customer_id);
    if (customer == customers.end()) continue;
    PlanItems plan_items{plan, customer->second, progress, as_of, oldest_due, items};
    if (progress.status == core::PlanStatus::kActive) plan_items.Instalments();
    if (progress.status == core::PlanStatus::kDefaulted) plan_items.Defaulted();
  }
  HK_ASSIGN_OR_RETURN(run.items, CreateWorkItems(write, std::move(items)));
  return run;
}

}  // namespace huikuan::ops
