#include "server/ops/meeting_pack.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "server/core/aging.h"
#include "server/core/status_macros.h"
#include "server/core/violations.h"
#include "server/core/warnings.h"
#include "server/ops/aging_report.h"
#include "server/ops/commission_report.h"
#include "server/ops/compliance_pack.h"
#include "server/ops/discount_report.h"
#include "server/ops/kpi_report.h"
#include "server/ops/pledges.h"
#include "server/ops/report_groups.h"
#include "server/ops/rfm_report.h"
#include "server/store/payment_plan_store.h"
#include "server/store/promise_store.h"
#include "server/store/risk_store.h"

namespace huikuan::ops {
namespace {

constexpr int kListLimit = 1000;

std::string CustomerName(const ReportLedger& ledger, int64_t id) {
  auto it = ledger.customers.find(id);
  return it == ledger.customers.end() ? "" : it->second.name;
}

// The customers with the most overdue at the month's end, from the same open amounts as aging.
std::vector<reports::OverdueCustomer> TopOverdue(const ReportLedger& ledger,
                                                 const std::vector<core::Fen>& open,
                                                 core::EpochDay as_of) {
  absl::flat_hash_map<int64_t, reports::OverdueCustomer> by_customer;
  for (size_t i = 0; i < open.size(); ++i) {
    if (open[i] == 0) continue;
    reports::OverdueCustomer& c = by_customer[ledger.customer_ids[i]];
    c.customer_id = ledger.customer_ids[i];
    c.open += open[i];
    const int32_t days_past_due = as_of - ledger.due_days[i];
    if (days_past_due > 0) c.overdue += open[i];
    if (days_past_due > 90) c.over_90_days += open[i];
  }
  std::vector<reports::OverdueCustomer> top;
  for (auto& [id, c] : by_customer) {
    if (c.overdue == 0) continue;
    auto it = ledger.customers.find(id);
    if (it != ledger.customers.end()) {
      c.customer_name = it->second.name;
      c.salesperson_name = it->second.owner_name;
    }
    top.push_back(std::move(c));
  }
  std::sort(top.begin(), top.end(),
            [](const reports::OverdueCustomer& a, const reports::OverdueCustomer& b) {
              if (a.overdue != b.overdue) return a.overdue > b.overdue;
              return a.customer_id < b.customer_id;
            });
  if (top.size() > kTopOverdueCustomers) top.resize(kTopOverdueCustomers);
  return top;
}

void AddBrokenPromises(ReadScope& read, const ReportScope& scope, const ReportLedger& ledger,
                       const core::Period& period, reports::MeetingPack& pack) {
  store::PromiseFilter filter;
  filter.owner_user_id = scope.owner_user_id;
  filter.status = core::PromiseStatus::kBroken;
  int64_t after = 0;
  while (true) {
    std::vector<store::PromiseRecord> page =
        store::ListPromises(read.db, filter, after, kListLimit);
    for (const store::PromiseRecord& p : page) {
      if (!p.decided_day || *p.decided_day < period.first_day || *p.decided_day > period.last_day) {
        continue;
      }
      pack.broken_promises.push_back({p.id, p.customer_id, CustomerName(ledger, p.customer_id),
                                      p.terms.promised_day, p.terms.amount, p.paid,
                                      *p.decided_day});
    }
    if (page.size() < kListLimit) break;
    after = page.back().id;
  }
}

void AddDefaultedPlans(ReadScope& read, const ReportScope& scope, const ReportLedger& ledger,
                       const core::Period& period, reports::MeetingPack& pack) {
  store::PaymentPlanFilter filter;
  filter.owner_user_id = scope.owner_user_id;
  filter.status = core::PlanStatus::kDefaulted;
  int64_t after = 0;
  while (true) {
    std::vector<store::PaymentPlanRecord> page =
        store::ListPaymentPlans(read.db, filter, after, kListLimit);
    for (const store::PaymentPlanRecord& p : page) {
      if (!p.end_day || *p.end_day < period.first_day || *p.end_day > period.last_day) continue;
      pack.defaulted_plans.push_back(
          {p.id, p.customer_id, CustomerName(ledger, p.customer_id), p.total, *p.end_day});
    }
    if (page.size() < kListLimit) break;
    after = page.back().id;
  }
}

}  // namespace

bool MeetingWarningsSource(ReadScope& read, const ReportScope& scope, core::EpochDay last_day,
                           const absl::flat_hash_map<int64_t, core::Fen>& overdue_at_end,
                           std::vector<reports::MeetingWarning>& warnings) {
  if (last_day < read.today) {
    // Before the first risk run (or recorded change) nothing says what the levels were.
    if (!store::RiskLevelsKnownBy(read.db, last_day)) return false;
    std::vector<store::RiskLevelAt> levels =
        store::ListRiskLevelsAt(read.db, last_day, scope.owner_user_id);
    auto overdue = [&](int64_t customer) {
      auto it = overdue_at_end.find(customer);
      return it == overdue_at_end.end() ? core::Fen{0} : it->second;
    };
    std::sort(levels.begin(), levels.end(),
              [&](const store::RiskLevelAt& a, const store::RiskLevelAt& b) {
                if (a.level != b.level) return a.level > b.level;
                const core::Fen oa = overdue(a.customer_id), ob = overdue(b.customer_id);
                if (oa != ob) return oa > ob;
                return a.customer_id < b.customer_id;
              });
    for (const store::RiskLevelAt& level : levels) {
      std::vector<std::string> reasons;
      for (const core::RiskReason& reason : level.reasons) {
        reasons.push_back(absl::StrCat(reason.rule, ": ", reason.text));
      }
      warnings.push_back({level.customer_id, level.display_name,
                          std::string(core::WarningLevelName(level.level)),
                          absl::StrJoin(reasons, "; ")});
    }
    return true;
  }
  store::CustomerRiskFilter filter;
  filter.owner_user_id = scope.owner_user_id;
  std::optional<store::CustomerRiskCursor> after;
  while (true) {
    std::vector<store::CustomerRiskRecord> page =
        store::ListCustomerRisks(read.db, filter, after, kListLimit);
    for (const store::CustomerRiskRecord& risk : page) {
      if (risk.level == core::WarningLevel::kGreen) continue;
      std::vector<std::string> reasons;
      for (const core::RiskReason& reason : risk.reasons) {
        reasons.push_back(absl::StrCat(reason.rule, ": ", reason.text));
      }
      warnings.push_back({risk.customer_id, risk.display_name,
                          std::string(core::WarningLevelName(risk.level)),
                          absl::StrJoin(reasons, "; ")});
    }
    if (page.size() < kListLimit) break;
    after = store::CustomerRiskCursor{page.back().level, page.back().figures.overdue,
                                      page.back().customer_id};
  }
  return true;
}

absl::StatusOr<reports::MeetingPack> BuildMeetingPack(ReadScope& read, const std::string& month,
                                                      const core::Period& period,
                                                      LedgerCache* cache) {
  if (period.first_day > read.today) {
    return core::FieldViolation("month", absl::StrCat(month, " is after today"));
  }
  core::Period clipped = period;
  clipped.last_day = std::min(period.last_day, read.today);
  const ReportScope scope = ScopeReport(read.caller);
  const ReportLedger ledger = LoadReportLedger(read, scope, clipped.last_day, cache);

  reports::MeetingPack pack;
  pack.month = month;
  pack.generate_time = read.now;
  const std::vector<core::Fen> open = ledger.OpenAt(clipped.last_day);
  const ReportGroups salespeople(reports::Grouping::kSalesperson, ledger.customers);
  HK_ASSIGN_OR_RETURN(
      pack.aging, AgeOpenInvoices(salespeople, reports::Grouping::kSalesperson, ledger.customer_ids,
                                  open, ledger.due_days, clipped.last_day, core::AgingConfig()));
  HK_ASSIGN_OR_RETURN(pack.kpis_by_salesperson,
                      ComputeKpiReport(ledger, KpiQuery{clipped, reports::Grouping::kSalesperson,
                                                        kDefaultTrendMonths}));
  HK_ASSIGN_OR_RETURN(pack.kpis_by_department,
                      ComputeKpiReport(ledger, KpiQuery{clipped, reports::Grouping::kDepartment,
                                                        /*trend_months=*/0}));
  CommissionQuery commission;
  commission.month = month;
  commission.period = clipped;
  HK_ASSIGN_OR_RETURN(
      pack.commission,
      ComputeCommissionReport(ledger, commission, !scope.owner_user_id && !scope.nothing));
  HK_ASSIGN_OR_RETURN(pack.rfm, ComputeRfmReport(ledger, clipped.last_day, kDefaultRfmWindowDays));
  pack.top_overdue = TopOverdue(ledger, open, clipped.last_day);
  if (!scope.nothing) {
    absl::flat_hash_map<int64_t, core::Fen> overdue_at_end;
    for (size_t i = 0; i < open.size(); ++i) {
      if (open[i] > 0 && ledger.due_days[i] < clipped.last_day) {
        overdue_at_end[ledger.customer_ids[i]] += open[i];
      }
    }
    pack.warnings_available =
        MeetingWarningsSource(read, scope, clipped.last_day, overdue_at_end, pack.warnings);
    AddBrokenPromises(read, scope, ledger, clipped, pack);
    AddDefaultedPlans(read, scope, ledger, clipped, pack);
    AddPledgedToAging(read, scope.owner_user_id, clipped.last_day, salespeople, pack.aging);
    AddPackPledges(read, scope.owner_user_id, clipped.last_day, pack);
    pack.discounts = MeetingDiscountCost(read, scope, clipped);  // issue 14, discount_report.h
    AddFlaggedContacts(read, scope, clipped, pack);              // ops/compliance_pack.h
  }
  return pack;
}

}  // namespace huikuan::ops
