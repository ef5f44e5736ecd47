#include "server/demo/arrangements_loader.h"

#include <algorithm>
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "server/core/approval_chain.h"
#include "server/core/resource_name.h"
#include "server/core/status_macros.h"
#include "server/ops/audit_trail.h"
#include "server/ops/caller.h"
#include "server/ops/disputes.h"
#include "server/ops/legal_cases.h"
#include "server/ops/limitation.h"
#include "server/ops/payment_plans.h"
#include "server/ops/payments.h"
#include "server/ops/promises.h"
#include "server/ops/risk.h"
#include "server/ops/scopes.h"
#include "server/ops/settlements.h"
#include "server/store/identity_store.h"
#include "server/store/ledger_store.h"

namespace huikuan::demo {
namespace {

// Apart from the history's own method, so the history's audit counts stay its own.
constexpr char kMethod[] = "huikuan-server seed-demo arrangements";

// The demo's promises are taken on calls the customers made. The demo loads at any hour: in the
// quiet hours the contact limits need a reason for the call (issue 14), and this is it.
constexpr char kCustomerCalled[] = "客户来电承诺付款, 当即记录";

std::string CustomerName(int64_t id) { return core::FormatResourceName("customers", id); }
std::string InvoiceName(int64_t id) { return core::FormatResourceName("invoices", id); }

// A demo user acting on a day: its caller, and writes audited under the seed's method.
class Actor {
 public:
  Actor(store::ConnectionPool::Lease& db, const store::UserRecord& user, absl::Time now)
      : db_(db), now_(now) {
    caller_.user_id = user.id;
    caller_.username = user.username;
    caller_.department = ops::ParseDepartmentKey(user.department).value_or(ops::Department::kAdmin);
    caller_.level = ops::ParseLevelKey(user.level).value_or(ops::Level::kStaff);
  }
  explicit Actor(store::ConnectionPool::Lease& db, absl::Time now)
      : db_(db), now_(now), caller_(ops::Caller::System("demo")) {}

  // Runs `fn` as this actor on `day`.
  template <typename Fn>
  absl::Status On(core::EpochDay day, Fn fn) {
    ops::AuditTrail audit(caller_, kMethod, absl::StrCat("seed-demo-arrangements-", ++runs_), now_);
    ops::WriteScope write(db_, caller_, now_, day, audit);
    HK_RETURN_IF_ERROR(fn(write));
    audit.Flush(db_);
    return absl::OkStatus();
  }

 private:
  store::ConnectionPool::Lease& db_;
  absl::Time now_;
  ops::Caller caller_;
  int runs_ = 0;
};

// The customer's open invoices due before `day` (overdue), oldest first.
std::vector<store::InvoiceRecord> OverdueInvoices(store::ConnectionPool::Lease& db,
                                                  int64_t customer_id, core::EpochDay day) {
  store::InvoiceFilter filter;
  filter.customer_id = customer_id;
  filter.status = core::InvoiceStatus::kOpen;
  std::vector<store::InvoiceRecord> invoices;
  for (store::InvoiceRecord& invoice : store::ListInvoices(db, filter, 0, 10'000)) {
    if (invoice.balance.open > 0 && invoice.due_day < day) invoices.push_back(std::move(invoice));
  }
  return invoices;
}

// The first customer (in history order) with `status` at the end of the history and overdue
// invoices, other than `except`.
std::optional<size_t> CustomerWith(store::ConnectionPool::Lease& db, const DemoHistory& history,
                                   const std::vector<int64_t>& ids, const std::string& status,
                                   size_t except, core::EpochDay before,
                                   size_t min_overdue_invoices = 1) {
  for (size_t c = 0; c < history.customers.size(); ++c) {
    if (c == except || history.customers[c].credit_status != status) continue;
    if (OverdueInvoices(db, ids[c], before).size() >= min_overdue_invoices) return c;
  }
  return std::nullopt;
}

}  // namespace

absl::StatusOr<ArrangementsSummary> LoadDemoArrangements(store::ConnectionPool::Lease& db,
                                                         const DemoHistory& history,
                                                         const std::vector<int64_t>& customer_ids,
                                                         absl::Time now) {
  ArrangementsSummary summary;
  const core::EpochDay today = history.today;
  const auto user = [&](const char* username) -> absl::StatusOr<store::UserRecord> {
    std::optional<store::UserRecord> found = store::FindUserByUsername(db, username);
    if (!found) return absl::InternalError(absl::StrCat("demo user ", username, " missing"));
    return *found;
  };
  HK_ASSIGN_OR_RETURN(store::UserRecord finance_user, user("finance01"));
  HK_ASSIGN_OR_RETURN(store::UserRecord finance_head_user, user("finance.head"));
  HK_ASSIGN_OR_RETURN(store::UserRecord gm_user, user("gm"));
  HK_ASSIGN_OR_RETURN(store::UserRecord legal_user, user("legal01"));
  Actor finance(db, finance_user, now);
  Actor finance_head(db, finance_head_user, now);
  Actor gm(db, gm_user, now);
  Actor legal(db, legal_user, now);
  Actor system(db, now);
  const size_t none = history.customers.size();

  // E集团: the bank line cut by 30% and two supplier lawsuits (seed 000's signals, issue 10),
  // recorded by legal as the external sources reported them.
  if (history.customers.size() > kEGroupIndex) {
    const int64_t e_group = customer_ids[kEGroupIndex];
    struct DemoSignal {
      core::SignalKind kind;
      const char* source;
      const char* reference;
      int32_t days_ago;
      core::Fen amount;
      core::Fen previous_amount;
      const char* evidence;
    };
    const DemoSignal signals[] = {
        {core::SignalKind::kBankLine, "bank_notice", "ICBC-GD-2026-0417", 60,
         70'000'000 * core::kFenPerYuan, 100'000'000 * core::kFenPerYuan,
         "工商银行授信额度由1亿元下调至7000万元 (降幅30%)"},
        {core::SignalKind::kLawsuit, "court", "(2026)粤06民初1234号", 40,
         3'200'000 * core::kFenPerYuan, 0, "供应商货款纠纷起诉, 标的320万元"},
        {core::SignalKind::kLawsuit, "court", "(2026)粤06民初1388号", 21,
         1'800'000 * core::kFenPerYuan, 0, "另一供应商货款纠纷起诉, 标的180万元"},
    };
    for (const DemoSignal& demo : signals) {
      core::RiskSignal signal;
      signal.kind = demo.kind;
      signal.source = demo.source;
      signal.reference = demo.reference;
      signal.day = today - demo.days_ago;
      signal.amount = demo.amount;
      if (demo.previous_amount > 0) signal.previous_amount = demo.previous_amount;
      signal.evidence = demo.evidence;
      HK_RETURN_IF_ERROR(legal.On(today, [&](ops::WriteScope& write) {
        return ops::RecordRiskSignal(write, e_group, CustomerName(e_group), signal,
                                     ops::RiskSettings())
            .status();
      }));
      ++summary.signals;
    }
  }

  // E集团: a promise broken, then 分期付款 + 抵押担保 (seed 000).
  if (history.customers.size() > kEGroupIndex) {
    const int64_t e_group = customer_ids[kEGroupIndex];
    const std::vector<store::InvoiceRecord> overdue = OverdueInvoices(db, e_group, today - 25);
    if (!overdue.empty()) {
      ops::PromiseDraft promise;
      promise.customer_id = e_group;
      promise.amount = overdue.front().balance.open;
      promise.invoice_ids = {overdue.front().id};
      promise.promised_day = today - 18;
      promise.note = "E集团财务总监电话承诺一周内先付第一笔";
      promise.compliance_reason = kCustomerCalled;
      HK_RETURN_IF_ERROR(finance.On(today - 25, [&](ops::WriteScope& write) {
        return ops::RecordPromise(write, promise, CustomerName(e_group)).status();
      }));
      ++summary.promises;
    }
    const std::vector<store::InvoiceRecord> open = OverdueInvoices(db, e_group, today);
    if (!open.empty()) {
      ops::PaymentPlanDraft plan;
      plan.customer_id = e_group;
      for (const store::InvoiceRecord& invoice : open) plan.invoice_ids.push_back(invoice.id);
      plan.split = {6, today + 5, 1};
      plan.collateral = "宁波生产基地厂房抵押 (评估值 600 万元)";
      plan.guarantee = "控股股东连带责任保证";
      plan.reason = "E集团资金链紧张: 逾期 800 万元转为分期付款 + 抵押担保 (seed 000)";
      int64_t plan_id = 0;
      HK_RETURN_IF_ERROR(finance.On(today, [&](ops::WriteScope& write) -> absl::Status {
        HK_ASSIGN_OR_RETURN(store::PaymentPlanRecord requested,
                            ops::RequestPaymentPlan(write, plan, CustomerName(e_group),
                                                    core::ApprovalChainConfig()));
        plan_id = requested.id;
        return absl::OkStatus();
      }));
      const std::string name = ops::PaymentPlanName(plan_id);
      for (Actor* approver : {&finance_head, &gm}) {
        HK_RETURN_IF_ERROR(approver->On(today, [&](ops::WriteScope& write) {
          return ops::DecidePaymentPlan(write, plan_id, name, /*approve=*/true, "同意").status();
        }));
      }
      ++summary.payment_plans;
    }
  }

  // A promise kept: made six days ago, the money arrived two days ago.
  if (std::optional<size_t> c =
          CustomerWith(db, history, customer_ids, "active", kEGroupIndex, today - 6)) {
    const int64_t customer = customer_ids[*c];
    const store::InvoiceRecord invoice = OverdueInvoices(db, customer, today - 6).front();
    ops::PromiseDraft promise;
    promise.customer_id = customer;
    promise.invoice_ids = {invoice.id};
    promise.amount = invoice.balance.open;
    promise.promised_day = today - 1;
    promise.compliance_reason = kCustomerCalled;
    HK_RETURN_IF_ERROR(finance.On(today - 6, [&](ops::WriteScope& write) {
      return ops::RecordPromise(write, promise, CustomerName(customer)).status();
    }));
    ops::PaymentDraft payment{customer, invoice.balance.open, invoice.invoice_number, today - 2};
    HK_RETURN_IF_ERROR(finance.On(today - 2, [&](ops::WriteScope& write) {
      return ops::RecordPayment(write, payment, CustomerName(customer)).status();
    }));
    ++summary.payments;
    ++summary.promises;
    // Another customer's promise still open: its ladder is paused for a week. It has two more
    // overdue invoices for the disputes below.
    if (std::optional<size_t> other = CustomerWith(db, history, customer_ids, "active", *c, today,
                                                   /*min_overdue_invoices=*/3)) {
      const int64_t next = customer_ids[*other];
      const store::InvoiceRecord due = OverdueInvoices(db, next, today).front();
      ops::PromiseDraft open_promise;
      open_promise.customer_id = next;
      open_promise.invoice_ids = {due.id};
      open_promise.amount = due.balance.open;
      open_promise.promised_day = today + 7;
      open_promise.compliance_reason = kCustomerCalled;
      HK_RETURN_IF_ERROR(finance.On(today - 1, [&](ops::WriteScope& write) {
        return ops::RecordPromise(write, open_promise, CustomerName(next)).status();
      }));
      ++summary.promises;
      // Disputes: one open (quality), one resolved (quantity), on this customer's other invoices.
      const std::vector<store::InvoiceRecord> rest = OverdueInvoices(db, next, today);
      for (size_t k = 1; k < rest.size() && k <= 2; ++k) {
        const bool resolved = k == 2;
        const core::EpochDay raised = today - (resolved ? 40 : 10);
        HK_RETURN_IF_ERROR(finance.On(raised, [&](ops::WriteScope& write) {
          return ops::RaiseDispute(
                     write, rest[k].id, InvoiceName(rest[k].id),
                     resolved ? core::DisputeReason::kQuantity : core::DisputeReason::kQuality,
                     resolved ? "客户称实收数量少于发票 20 件"
                              : "客户反映一批货品外观有划痕, 要求退换")
              .status();
        }));
        if (resolved) {
          HK_RETURN_IF_ERROR(finance_head.On(today - 30, [&](ops::WriteScope& write) {
            return ops::ResolveDispute(write, rest[k].id, InvoiceName(rest[k].id),
                                       "核对签收单: 数量无误, 客户确认")
                .status();
          }));
        }
        ++summary.disputes;
      }
    }
  }

  // 以货抵债 (seed 000's F/G case): a customer on credit hold pays part of an invoice in goods.
  if (std::optional<size_t> c =
          CustomerWith(db, history, customer_ids, "on_hold", kEGroupIndex, today)) {
    const int64_t customer = customer_ids[*c];
    const store::InvoiceRecord invoice = OverdueInvoices(db, customer, today).front();
    ops::SettlementDraft settlement;
    settlement.invoice_id = invoice.id;
    // Six tenths of what is open, in whole yuan.
    settlement.amount = std::max<core::Fen>(1, invoice.balance.open * 6 / 10 / 100 * 100);
    settlement.goods_description = "等值库存商品 (经线上渠道促销变现)";
    settlement.valuation_basis = "按出厂价 8 折作价, 双方签字确认";
    settlement.reason = "客户资金紧张, 协商以货抵债, 避免诉讼";
    int64_t settlement_id = 0;
    HK_RETURN_IF_ERROR(finance.On(today - 3, [&](ops::WriteScope& write) -> absl::Status {
      HK_ASSIGN_OR_RETURN(store::SettlementRecord requested,
                          ops::RequestSettlement(write, settlement, InvoiceName(invoice.id)));
      settlement_id = requested.id;
      return absl::OkStatus();
    }));
    HK_RETURN_IF_ERROR(gm.On(today - 1, [&](ops::WriteScope& write) {
      return ops::DecideSettlement(write, settlement_id, ops::SettlementName(settlement_id),
                                   /*approve=*/true, "同意以货抵债")
          .status();
    }));
    ++summary.settlements;
  }

  // A customer in litigation: the lawyer letter 60 days ago, the suit 30 days ago.
  if (std::optional<size_t> c =
          CustomerWith(db, history, customer_ids, "in_litigation", none, today - 60)) {
    const int64_t customer = customer_ids[*c];
    ops::LegalCaseDraft draft;
    draft.customer_id = customer;
    for (const store::InvoiceRecord& invoice : OverdueInvoices(db, customer, today - 60)) {
      draft.invoice_ids.push_back(invoice.id);
    }
    draft.stage = core::LegalStage::kLawyerLetter;
    draft.title = "货款纠纷 (逾期 90 天以上)";
    draft.note = "律师函已由律师事务所寄出 (EMS)";
    int64_t case_id = 0;
    HK_RETURN_IF_ERROR(legal.On(today - 60, [&](ops::WriteScope& write) -> absl::Status {
      HK_ASSIGN_OR_RETURN(ops::LegalCaseView view,
                          ops::OpenLegalCase(write, draft, CustomerName(customer)));
      case_id = view.legal_case.id;
      return absl::OkStatus();
    }));
    HK_RETURN_IF_ERROR(legal.On(today - 30, [&](ops::WriteScope& write) {
      return ops::AdvanceLegalCase(write, case_id, ops::LegalCaseName(case_id),
                                   core::LegalStage::kFiled, "已向区人民法院起诉, 申请财产保全",
                                   "(2026)沪0151民初1234号")
          .status();
    }));
    ++summary.legal_cases;
  }

  // The day's evaluations, as the daily run makes them.
  HK_RETURN_IF_ERROR(system.On(today, [&](ops::WriteScope& write) -> absl::Status {
    HK_ASSIGN_OR_RETURN(ops::PromiseRun promises, ops::EvaluatePromises(write, today));
    HK_ASSIGN_OR_RETURN(ops::PlanRun plans, ops::EvaluatePaymentPlans(write, today));
    HK_ASSIGN_OR_RETURN(ops::LimitationRun limitation,
                        ops::CreateLimitationReminders(write, today));
    summary.work_items = static_cast<int32_t>(promises.follow_ups.size() + plans.items.size() +
                                              limitation.items.size());
    // An evaluation that found nothing to record still leaves its trace.
    write.audit.Record(absl::StrCat("demo:evaluations/", core::FormatDate(today)), core::Json(),
                       core::Json::Object().Set("work_items", core::Json::Int(summary.work_items)));
    return absl::OkStatus();
  }));
  return summary;
}

}  // namespace huikuan::demo
