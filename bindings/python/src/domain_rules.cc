// Bindings of the remaining domain rules: tiering (R-TIER-1/2), effective terms (R-TERM-1..3),
// warnings (R-WARN-1..4) and the
// limitation period (R-LAW-1), the dunning ladder (R-DUN-1), commission (R-COMM-1/2) and cash
// application (R-PAY-1). Batch columns where the core has them; scalar calls return dicts with the
// reasons the core gives.
#include <pybind11/stl.h>

#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_format.h"
#include "bindings/python/src/common.h"
#include "bindings/python/src/register.h"
#include "server/core/cash_application.h"
#include "server/core/commission.h"
#include "server/core/department.h"
#include "server/core/dunning.h"
#include "server/core/terms.h"
#include "server/core/tiering.h"
#include "server/core/warnings.h"

namespace huikuan::python {
namespace {

template <typename E>
E EnumArg(int value, int max, const char* name) {
  if (value < 0 || value > max)
    ThrowInvalid(absl::StrFormat("%s: %d is not 0..%d", name, value, max));
  return static_cast<E>(value);
}

py::dict WarningToDict(const core::WarningResult& w) {
  py::list reasons;
  for (const core::WarningReason& r : w.reasons) {
    py::dict d;
    d["rule"] = r.rule;
    d["level"] = std::string(core::WarningLevelName(r.level));
    d["text"] = r.text;
    reasons.append(d);
  }
  py::dict out;
  out["level"] = std::string(core::WarningLevelName(w.level));
  out["reasons"] = reasons;
  return out;
}

}  // namespace

void RegisterRules(py::module_& m) {
  // ---- tiering (R-TIER-1/2) ----
  m.attr("TIERS") = py::make_tuple("strategic_core", "key_partner", "general", "potential");
  m.attr("INDUSTRY_POSITIONS") =
      py::make_tuple("industry_head", "regional_leader", "sme", "startup");
  m.def(
      "assign_tiers",
      [](py::handle positions, py::handle cooperation_years, py::handle order_share_bp,
         py::handle credit_grades) {
        CArray<int8_t> pos = Int8Column(positions, "positions");
        CArray<int32_t> years = Int32Column(cooperation_years, "cooperation_years");
        CArray<int64_t> share = Int64Column(order_share_bp, "order_share_bp");
        CArray<int8_t> grades = Int8Column(credit_grades, "credit_grades");
        CArray<int8_t> tiers(pos.size());
        absl::Status s;
        {
          py::gil_scoped_release release;
          s = core::AssignTierBatch(
              core::TierColumns{Span(pos), Span(years), Span(share), Span(grades)},
              core::TieringConfig(), MutableSpan(tiers));
        }
        ThrowIfError(s);
        return tiers;
      },
      py::arg("positions"), py::arg("cooperation_years"), py::arg("order_share_bp"),
      py::arg("credit_grades"),
      "Tier codes (index TIERS) from industry position codes, cooperation years, order share in "
      "basis points and credit grade codes (R-TIER-1/2).");
  m.def(
      "assign_tier",
      [](int position, int32_t cooperation_years, int64_t order_share_bp, int credit_grade) {
        core::TierProfile p;
        p.position = EnumArg<core::IndustryPosition>(position, 3, "position");
        p.cooperation_years = cooperation_years;
        p.order_share_bp = order_share_bp;
        p.credit_grade = EnumArg<core::CreditGrade>(credit_grade, 3, "credit_grade");
        core::TierResult r = ValueOrThrow(core::AssignTier(p));
        py::dict out;
        out["tier"] = std::string(core::TierName(r.tier));
        out["base_term_days"] = r.terms.base_term_days;
        out["prepayment_bp"] = r.terms.prepayment_bp;
        out["rebate"] = std::string(core::RebateName(r.terms.rebate));
        out["reasons"] = r.reasons;
        return out;
      },
      py::arg("position"), py::arg("cooperation_years"), py::arg("order_share_bp"),
      py::arg("credit_grade"), "One customer's tier, default terms and the reasons.");

  // ---- effective terms (R-TERM-1..3) ----
  m.def(
      "effective_terms",
      [](int32_t base_term_days, int64_t tier_prepayment_bp, int32_t prior_orders,
         int64_t last_month_orders, bool last_month_paid_early, bool joint_promotion,
         int64_t order_amount, py::object invoice_day) {
        core::OrderTermsInput in;
        in.tier_terms.base_term_days = base_term_days;
        in.tier_terms.prepayment_bp = tier_prepayment_bp;
        in.prior_orders = prior_orders;
        in.last_month_orders = last_month_orders;
        in.last_month_paid_early = last_month_paid_early;
        in.joint_promotion = joint_promotion;
        in.order_amount = order_amount;
        if (!invoice_day.is_none()) in.invoice_day = EpochDayArg(invoice_day, "invoice_day");
        core::EffectiveTerms t = ValueOrThrow(core::ComputeEffectiveTerms(in));
        py::list steps;
        for (const core::TermStep& st : t.steps) {
          py::dict d;
          d["step"] = st.step;
          d["days_after"] = st.days_after;
          d["explanation"] = st.explanation;
          steps.append(d);
        }
        py::dict out;
        out["credit_days"] = t.credit_days;
        out["prepayment_bp"] = t.prepayment_bp;
        out["prepayment"] = t.prepayment;
        out["credit_amount"] = t.credit_amount;
        out["due_day"] = t.due_day ? py::object(py::str(core::FormatDate(*t.due_day))) : py::none();
        out["steps"] = steps;
        return out;
      },
      py::arg("base_term_days"), py::arg("tier_prepayment_bp"), py::arg("prior_orders"),
      py::arg("last_month_orders"), py::arg("last_month_paid_early"), py::arg("joint_promotion"),
      py::arg("order_amount"), py::arg("invoice_day") = py::none(),
      "R-TERM-1/2: an order's credit days and prepayment from the tier's terms, the new-customer "
      "ladder, the dynamic bonuses and the policy cap, with each step explained.");
  m.def(
      "check_policy_notice_period",
      [](py::handle published_day, py::handle effective_day, int32_t min_notice_days) {
        ThrowIfError(core::CheckPolicyNoticePeriod(EpochDayArg(published_day, "published_day"),
                                                   EpochDayArg(effective_day, "effective_day"),
                                                   min_notice_days));
      },
      py::arg("published_day"), py::arg("effective_day"), py::arg("min_notice_days") = 30,
      "R-TERM-3: raises FailedPreconditionError when a policy takes effect < 30 days after "
      "publication.");

  // ---- warnings (R-WARN-1..4) and limitation (R-LAW-1) ----
  m.attr("WARNING_LEVELS") = py::make_tuple("green", "yellow", "orange", "red");
  m.def(
      "evaluate_warnings",
      [](py::handle dso_days, py::handle industry_avg_dso_days, py::handle orders_this_period,
         py::handle orders_prior_period, py::handle overdue_total, py::handle credit_limit,
         py::handle balance, py::handle balance_over_30_days_overdue) {
        CArray<double> dso = DoubleColumn(dso_days, "dso_days");
        CArray<double> avg = DoubleColumn(industry_avg_dso_days, "industry_avg_dso_days");
        CArray<int64_t> a = Int64Column(orders_this_period, "orders_this_period");
        CArray<int64_t> b = Int64Column(orders_prior_period, "orders_prior_period");
        CArray<int64_t> c = Int64Column(overdue_total, "overdue_total");
        CArray<int64_t> d = Int64Column(credit_limit, "credit_limit");
        CArray<int64_t> e = Int64Column(balance, "balance");
        CArray<int64_t> f =
            Int64Column(balance_over_30_days_overdue, "balance_over_30_days_overdue");
        CArray<int8_t> levels(dso.size());
        absl::Status s;
        {
          py::gil_scoped_release release;
          s = core::EvaluateWarningsBatch(
              core::WarningColumns{Span(dso), Span(avg), Span(a), Span(b), Span(c), Span(d),
                                   Span(e), Span(f)},
              core::WarningConfig(), MutableSpan(levels));
        }
        ThrowIfError(s);
        return levels;
      },
      py::arg("dso_days"), py::arg("industry_avg_dso_days"), py::arg("orders_this_period"),
      py::arg("orders_prior_period"), py::arg("overdue_total"), py::arg("credit_limit"),
      py::arg("balance"), py::arg("balance_over_30_days_overdue"),
      "Warning level codes (index WARNING_LEVELS) per customer; NaN industry average = unknown.");
  m.def(
      "evaluate_warning",
      [](double dso_days, std::optional<double> industry_avg_dso_days, int64_t orders_this_period,
         int64_t orders_prior_period, int64_t overdue_total, int64_t credit_limit, int64_t balance,
         int64_t balance_over_30_days_overdue) {
        core::CustomerWarningInput in;
        in.dso_days = dso_days;
        in.industry_avg_dso_days = industry_avg_dso_days;
        in.orders_this_period = orders_this_period;
        in.orders_prior_period = orders_prior_period;
        in.overdue_total = overdue_total;
        in.credit_limit = credit_limit;
        in.balance = balance;
        in.balance_over_30_days_overdue = balance_over_30_days_overdue;
        const core::WarningResult w = ValueOrThrow(core::EvaluateCustomerWarning(in));
        py::dict out = WarningToDict(w);
        const core::GradedResponse r = core::ResponseFor(w.level);
        py::list departments;
        for (core::Department d : r.departments) {
          departments.append(std::string(core::DepartmentName(d)));
        }
        out["response_departments"] = departments;
        out["response_action"] = r.action;
        out["credit_hold"] = r.credit_hold;
        out["notify_within_hours"] = r.notify_within_hours;
        return out;
      },
      py::arg("dso_days"), py::arg("industry_avg_dso_days"), py::arg("orders_this_period"),
      py::arg("orders_prior_period"), py::arg("overdue_total"), py::arg("credit_limit"),
      py::arg("balance"), py::arg("balance_over_30_days_overdue"),
      "One customer's level with the reasons (R-WARN-1..3) and the graded response (R-WARN-4).");
  m.def(
      "evaluate_limitation",
      [](py::handle due_day, py::object last_interruption_day, py::handle as_of) {
        std::optional<core::EpochDay> interruption;
        if (!last_interruption_day.is_none()) {
          interruption = EpochDayArg(last_interruption_day, "last_interruption_day");
        }
        core::LimitationStatus s = ValueOrThrow(core::EvaluateLimitation(
            EpochDayArg(due_day, "due_day"), interruption, EpochDayArg(as_of, "as_of")));
        py::dict out;
        out["start_day"] = core::FormatDate(s.start_day);
        out["last_day"] = core::FormatDate(s.last_day);
        out["days_remaining"] = s.days_remaining;
        out["state"] = std::string(core::LimitationStateName(s.state));
        return out;
      },
      py::arg("due_day"), py::arg("last_interruption_day"), py::arg("as_of"),
      "R-LAW-1: the 3-year limitation period of an overdue invoice.");

  // ---- dunning (R-DUN-1) ----
  m.def(
      "due_dunning_actions",
      [](py::handle invoice_ids, py::handle due_days, py::handle open_amounts, py::handle as_of,
         py::object tiers, py::object disputed, py::object payment_plan_active,
         py::object last_step_done) {
        CArray<int64_t> ids = Int64Column(invoice_ids, "invoice_ids");
        CArray<int32_t> due = Int32Column(due_days, "due_days");
        CArray<int64_t> open = Int64Column(open_amounts, "open_amounts");
        // One ladder per tier (the core's default mapping); no tiers -> seed 000's ladder.
        std::vector<core::DunningLadder> ladders;
        CArray<int32_t> ladder_index(0);
        if (tiers.is_none()) {
          ladders.push_back(core::Seed000Ladder());
        } else {
          for (int t = 0; t < 4; ++t) ladders.push_back(core::DefaultLadderForTier(core::Tier(t)));
          ladder_index = Int32Column(tiers, "tiers");
        }
        CArray<uint8_t> dis =
            disputed.is_none() ? CArray<uint8_t>(0) : BoolColumn(disputed, "disputed");
        CArray<uint8_t> plan = payment_plan_active.is_none()
                                   ? CArray<uint8_t>(0)
                                   : BoolColumn(payment_plan_active, "payment_plan_active");
        CArray<int32_t> last = last_step_done.is_none()
                                   ? CArray<int32_t>(0)
                                   : Int32Column(last_step_done, "last_step_done");
        const core::EpochDay day = EpochDayArg(as_of, "as_of");
        absl::StatusOr<core::DunningRun> run;
        {
          py::gil_scoped_release release;
          run = core::DueDunningActions(
              ladders,
              core::DunningInvoices{Span(ids), Span(due), Span(open), Span(ladder_index), Span(dis),
                                    Span(plan), Span(last)},
              day);
        }
        core::DunningRun r = ValueOrThrow(std::move(run));
        std::vector<int64_t> rows, action_ids;
        std::vector<int32_t> steps, days_from_due;
        py::list actions, departments, channels, descriptions, ladder_names;
        for (const core::DunningAction& a : r.actions) {
          rows.push_back(static_cast<int64_t>(a.invoice_row));
          action_ids.push_back(a.invoice_id);
          steps.push_back(a.step_index);
          days_from_due.push_back(a.days_from_due);
          actions.append(a.step->action);
          departments.append(std::string(core::DepartmentName(a.step->department)));
          channels.append(std::string(core::ChannelName(a.step->channel)));
          descriptions.append(a.step->description);
          ladder_names.append(ladders[a.ladder_index].name);
        }
        py::dict out;
        out["invoice_row"] = MoveToArray(std::move(rows));
        out["invoice_id"] = MoveToArray(std::move(action_ids));
        out["step_index"] = MoveToArray(std::move(steps));
        out["days_from_due"] = MoveToArray(std::move(days_from_due));
        out["ladder"] = ladder_names;
        out["action"] = actions;
        out["department"] = departments;
        out["channel"] = channels;
        out["description"] = descriptions;
        out["paused_disputed"] = r.paused_disputed;
        out["paused_payment_plan"] = r.paused_payment_plan;
        out["skipped_steps"] = r.skipped_steps;
        return out;
      },
      py::arg("invoice_ids"), py::arg("due_days"), py::arg("open_amounts"), py::arg("as_of"),
      py::kw_only(), py::arg("tiers") = py::none(), py::arg("disputed") = py::none(),
      py::arg("payment_plan_active") = py::none(), py::arg("last_step_done") = py::none(),
      "R-DUN-1: the ladder actions due as of a date (columns), pausing disputed invoices and "
      "active payment plans; tiers (codes) pick each invoice's default ladder.");

  // ---- commission (R-COMM-1/2) ----
  m.def(
      "compute_commission",
      [](int64_t collected, int64_t due, int64_t base_rate_bp, int64_t monthly_bonus,
         int64_t over_30_days_overdue) {
        core::CommissionInput in{collected, due, base_rate_bp, monthly_bonus, over_30_days_overdue};
        core::CommissionResult r = ValueOrThrow(core::ComputeCommission(in));
        py::dict out;
        out["target_met"] = r.target_met;
        out["collection_rate"] = r.collection_rate;
        out["commission"] = r.commission;
        out["bonus"] = r.bonus;
        out["bonus_cut"] = r.bonus_cut;
        out["explanation"] = r.explanation;
        return out;
      },
      py::arg("collected"), py::arg("due"), py::arg("base_rate_bp"), py::arg("monthly_bonus"),
      py::arg("over_30_days_overdue"),
      "R-COMM-1: commission on collections (fen), uplift at >= 90% collected, bonus cut for "
      "amounts over 30 days overdue.");
  m.def(
      "collection_rate_kpi_weight_bp",
      [](const std::string& department) {
        for (int d = 0; d <= static_cast<int>(core::Department::kManagement); ++d) {
          if (core::DepartmentName(core::Department(d)) == department) {
            return core::CollectionRateKpiWeightBp(core::Department(d));
          }
        }
        ThrowInvalid(absl::StrFormat("department: \"%s\" is not a department", department));
      },
      py::arg("department"), "R-COMM-2: sales 3000, finance 2000, investment 1500 (bp).");

  // ---- cash application (R-PAY-1) ----
  m.def(
      "apply_payment",
      [](int64_t payment, const std::string& reference, py::handle invoice_ids,
         const std::vector<std::string>& numbers, py::handle invoice_days, py::handle due_days,
         py::handle open_amounts) {
        CArray<int64_t> ids = Int64Column(invoice_ids, "invoice_ids");
        CArray<int32_t> inv = Int32Column(invoice_days, "invoice_days");
        CArray<int32_t> due = Int32Column(due_days, "due_days");
        CArray<int64_t> open = Int64Column(open_amounts, "open_amounts");
        const size_t n = static_cast<size_t>(ids.size());
        if (numbers.size() != n || static_cast<size_t>(inv.size()) != n ||
            static_cast<size_t>(due.size()) != n || static_cast<size_t>(open.size()) != n) {
          ThrowInvalid(absl::StrFormat(
              "invoices: columns of different lengths (ids %d, numbers %d, invoice_days %d, "
              "due_days %d, open_amounts %d)",
              n, numbers.size(), inv.size(), due.size(), open.size()));
        }
        std::vector<core::OpenInvoice> invoices(n);
        for (size_t i = 0; i < n; ++i) {
          invoices[i] = core::OpenInvoice{ids.data()[i], numbers[i], inv.data()[i], due.data()[i],
                                          open.data()[i]};
        }
        core::CashApplication r = ValueOrThrow(core::ApplyPayment(payment, reference, invoices));
        std::vector<int64_t> rows, alloc_ids, amounts;
        py::list rules;
        for (const core::Allocation& a : r.allocations) {
          rows.push_back(static_cast<int64_t>(a.invoice_row));
          alloc_ids.push_back(a.invoice_id);
          amounts.push_back(a.amount);
          rules.append(std::string(core::MatchRuleName(a.rule)));
        }
        py::dict out;
        out["invoice_row"] = MoveToArray(std::move(rows));
        out["invoice_id"] = MoveToArray(std::move(alloc_ids));
        out["amount"] = MoveToArray(std::move(amounts));
        out["rule"] = rules;
        out["applied"] = r.applied;
        out["unapplied"] = r.unapplied;
        return out;
      },
      py::arg("payment"), py::arg("reference"), py::arg("invoice_ids"), py::arg("numbers"),
      py::arg("invoice_days"), py::arg("due_days"), py::arg("open_amounts"),
      "R-PAY-1: allocate a payment by reference, then exact amount, then oldest first; the rest "
      "stays unapplied.");
}

}  // namespace huikuan::python
