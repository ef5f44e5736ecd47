#include "server/service/report_convert.h"

#include "server/core/resource_name.h"
#include "server/service/proto_time.h"

namespace huikuan::service {
namespace {

void FillAgingRow(const reports::AgingRow& row, v1::AgingRow& out) {
  out.set_group(row.group);
  out.set_label(row.label);
  for (core::Fen fen : row.bucket_fen) out.add_bucket_fen(fen);
  for (int64_t count : row.bucket_count) out.add_bucket_count(count);
  out.set_total_fen(row.total);
  out.set_overdue_fen(row.overdue);
  out.set_pledged_fen(row.pledged);
}

void FillKpiRow(const reports::KpiReportRow& row, v1::KpiRow& out) {
  const core::KpiRow& k = row.kpi;
  out.set_group(row.group);
  out.set_label(row.label);
  out.set_credit_sales_fen(k.credit_sales);
  out.set_begin_ar_fen(k.begin_ar);
  out.set_end_ar_fen(k.end_ar);
  out.set_end_current_ar_fen(k.end_current_ar);
  out.set_end_overdue_ar_fen(k.end_overdue_ar);
  out.set_collections_fen(k.collections);
  out.set_bad_debt_fen(k.bad_debt);
  out.set_due_in_period_fen(k.due_in_period);
  out.set_collected_of_due_fen(k.collected_of_due);
  out.set_dso_days(k.dso_days);
  out.set_countback_dso_days(row.countback_dso_days);
  out.set_ar_turnover(k.ar_turnover);
  out.set_cei(k.cei);
  out.set_overdue_rate(k.overdue_rate);
  out.set_bad_debt_rate(k.bad_debt_rate);
  out.set_collection_rate(k.collection_rate);
}

}  // namespace

reports::Grouping GroupingFromProto(v1::ReportGrouping grouping) {
  switch (grouping) {
    case v1::REPORT_GROUPING_CUSTOMER:
      return reports::Grouping::kCustomer;
    case v1::REPORT_GROUPING_SALESPERSON:
      return reports::Grouping::kSalesperson;
    case v1::REPORT_GROUPING_DEPARTMENT:
      return reports::Grouping::kDepartment;
    case v1::REPORT_GROUPING_TIER:
      return reports::Grouping::kTier;
    case v1::REPORT_GROUPING_INDUSTRY:
      return reports::Grouping::kIndustry;
    default:
      return reports::Grouping::kCompany;
  }
}

v1::ReportGrouping GroupingToProto(reports::Grouping grouping) {
  switch (grouping) {
    case reports::Grouping::kCompany:
      return v1::REPORT_GROUPING_COMPANY;
    case reports::Grouping::kCustomer:
      return v1::REPORT_GROUPING_CUSTOMER;
    case reports::Grouping::kSalesperson:
      return v1::REPORT_GROUPING_SALESPERSON;
    case reports::Grouping::kDepartment:
      return v1::REPORT_GROUPING_DEPARTMENT;
    case reports::Grouping::kTier:
      return v1::REPORT_GROUPING_TIER;
    case reports::Grouping::kIndustry:
      return v1::REPORT_GROUPING_INDUSTRY;
  }
  return v1::REPORT_GROUPING_UNSPECIFIED;
}

v1::AgingReport AgingReportToProto(const reports::AgingReport& report) {
  v1::AgingReport out;
  out.set_as_of_date(core::FormatDate(report.as_of));
  out.set_grouping(GroupingToProto(report.grouping));
  for (int32_t bound : report.upper_bounds) out.add_bucket_upper_bounds(bound);
  for (const std::string& label : report.bucket_labels) out.add_bucket_labels(label);
  for (const reports::AgingRow& row : report.rows) FillAgingRow(row, *out.add_rows());
  FillAgingRow(report.total, *out.mutable_total());
  return out;
}

v1::KpiReport KpiReportToProto(const reports::KpiReport& report) {
  v1::KpiReport out;
  out.set_first_date(core::FormatDate(report.period.first_day));
  out.set_last_date(core::FormatDate(report.period.last_day));
  out.set_grouping(GroupingToProto(report.grouping));
  for (const reports::KpiReportRow& row : report.rows) FillKpiRow(row, *out.add_rows());
  FillKpiRow(report.total, *out.mutable_total());
  for (const reports::KpiReportRow& row : report.trend) FillKpiRow(row, *out.add_trend());
  return out;
}

v1::CommissionReport CommissionReportToProto(const reports::CommissionReport& report) {
  v1::CommissionReport out;
  out.set_month(report.month);
  for (const reports::CommissionRow& row : report.rows) {
    v1::CommissionRow* r = out.add_rows();
    r->set_salesperson(core::FormatResourceName("users", row.salesperson_id));
    r->set_salesperson_name(row.salesperson_name);
    r->set_collected_fen(row.input.collected);
    r->set_due_fen(row.input.due);
    r->set_collection_rate(row.result.collection_rate);
    r->set_target_met(row.result.target_met);
    r->set_base_rate_bp(static_cast<int32_t>(row.input.base_rate_bp));
    r->set_commission_fen(row.result.commission);
    r->set_monthly_bonus_fen(row.input.monthly_bonus);
    r->set_bonus_cut_fen(row.result.bonus_cut);
    r->set_bonus_fen(row.result.bonus);
    r->set_over_30_days_overdue_fen(row.input.over_30_days_overdue);
    for (const std::string& line : row.result.explanation) r->add_explanation(line);
  }
  for (const reports::DepartmentScore& score : report.department_scores) {
    v1::DepartmentScore* s = out.add_department_scores();
    s->set_department(score.department);
    s->set_collection_weight_bp(static_cast<int32_t>(score.collection_weight_bp));
    s->set_collection_score_bp(static_cast<int32_t>(score.collection_score_bp));
    s->set_other_score_bp(static_cast<int32_t>(score.other_score_bp));
    s->set_kpi_score_bp(static_cast<int32_t>(score.kpi_score_bp));
  }
  return out;
}

v1::RfmReport RfmReportToProto(const reports::RfmReport& report) {
  v1::RfmReport out;
  out.set_as_of_date(core::FormatDate(report.as_of));
  out.set_window_days(report.window_days);
  for (const reports::RfmRow& row : report.rows) {
    v1::RfmRow* r = out.add_rows();
    r->set_customer(core::FormatResourceName("customers", row.customer_id));
    r->set_customer_name(row.customer_name);
    r->set_recency_days(row.recency_days);
    r->set_frequency(row.frequency);
    r->set_monetary_fen(row.monetary);
    r->set_r_score(row.r_score);
    r->set_f_score(row.f_score);
    r->set_m_score(row.m_score);
    r->set_segment(row.segment);
    r->set_suggested_action(row.suggested_action);
  }
  for (const reports::RfmSegmentSummary& segment : report.segments) {
    v1::RfmSegmentSummary* s = out.add_segments();
    s->set_segment(segment.segment);
    s->set_customers(segment.customers);
    s->set_monetary_fen(segment.monetary);
    s->set_suggested_action(segment.suggested_action);
  }
  return out;
}

v1::MeetingPack MeetingPackToProto(const reports::MeetingPack& pack) {
  v1::MeetingPack out;
  out.set_month(pack.month);
  *out.mutable_generate_time() = ToProtoTimestamp(pack.generate_time);
  *out.mutable_aging() = AgingReportToProto(pack.aging);
  *out.mutable_kpis_by_salesperson() = KpiReportToProto(pack.kpis_by_salesperson);
  *out.mutable_kpis_by_department() = KpiReportToProto(pack.kpis_by_department);
  *out.mutable_commission() = CommissionReportToProto(pack.commission);
  *out.mutable_rfm() = RfmReportToProto(pack.rfm);
  for (const reports::OverdueCustomer& c : pack.top_overdue) {
    v1::OverdueCustomer* o = out.add_top_overdue();
    o->set_customer(core::FormatResourceName("customers", c.customer_id));
    o->set_customer_name(c.customer_name);
    o->set_salesperson_name(c.salesperson_name);
    o->set_open_fen(c.open);
    o->set_overdue_fen(c.overdue);
    o->set_over_90_days_fen(c.over_90_days);
  }
  out.set_warnings_available(pack.warnings_available);
  for (const reports::MeetingWarning& w : pack.warnings) {
    v1::MeetingWarning* o = out.add_warnings();
    o->set_customer(core::FormatResourceName("customers", w.customer_id));
    o->set_customer_name(w.customer_name);
    o->set_level(w.level);
    o->set_reason(w.reason);
  }
  for (const reports::BrokenPromise& p : pack.broken_promises) {
    v1::BrokenPromise* o = out.add_broken_promises();
    o->set_promise(core::FormatResourceName("promises", p.promise_id));
    o->set_customer(core::FormatResourceName("customers", p.customer_id));
    o->set_customer_name(p.customer_name);
    o->set_promised_date(core::FormatDate(p.promised_day));
    o->set_promised_fen(p.promised);
    o->set_paid_fen(p.paid);
    o->set_decided_date(core::FormatDate(p.decided_day));
  }
  for (const reports::DefaultedPlan& p : pack.defaulted_plans) {
    v1::DefaultedPlan* o = out.add_defaulted_plans();
    o->set_payment_plan(core::FormatResourceName("paymentPlans", p.plan_id));
    o->set_customer(core::FormatResourceName("customers", p.customer_id));
    o->set_customer_name(p.customer_name);
    o->set_total_fen(p.total);
    o->set_defaulted_date(core::FormatDate(p.defaulted_day));
  }
  for (const reports::PledgeLine& p : pack.pledges) {
    v1::PackPledge* o = out.add_pledges();
    o->set_pledge(core::FormatResourceName("pledges", p.pledge_id));
    o->set_invoice(core::FormatResourceName("invoices", p.invoice_id));
    o->set_invoice_number(p.invoice_number);
    o->set_customer_name(p.customer_name);
    o->set_kind(p.kind);
    o->set_financier(p.financier);
    o->set_pledged_date(core::FormatDate(p.pledged_day));
    o->set_amount_fen(p.amount);
    o->set_open_fen(p.open);
    o->set_pledged_open_fen(p.pledged_open);
  }
  for (const reports::FinancierTotal& t : pack.pledge_totals) {
    v1::FinancierTotal* o = out.add_pledge_totals();
    o->set_financier(t.financier);
    o->set_invoices(t.invoices);
    o->set_amount_fen(t.amount);
    o->set_pledged_open_fen(t.pledged_open);
  }
  v1::DiscountCost* discounts = out.mutable_discounts();  // issue 14
  discounts->set_count(pack.discounts.count);
  discounts->set_cost_fen(pack.discounts.cost);
  discounts->set_cash_early_fen(pack.discounts.cash_early);
  discounts->set_credit_sales_fen(pack.discounts.credit_sales);
  discounts->set_avg_days_early_tenths(pack.discounts.avg_days_early_x10);
  discounts->set_dso_days_saved_tenths(pack.discounts.dso_days_x10);
  return out;
}

}  // namespace huikuan::service
