#include "server/service/forecast_service.h"

#include "server/core/resource_name.h"
#include "server/core/status_macros.h"
#include "server/ops/forecasts.h"
#include "server/ops/term_simulator.h"
#include "server/service/report_convert.h"
#include "server/service/term_policy_convert.h"

namespace huikuan::service {
namespace {

void FillCalibration(const std::vector<ops::CalibrationBin>& bins,
                     google::protobuf::RepeatedPtrField<v1::CalibrationBin>& out) {
  for (const ops::CalibrationBin& bin : bins) {
    v1::CalibrationBin* b = out.Add();
    b->set_lower(bin.lower);
    b->set_count(bin.count);
    b->set_mean_predicted(bin.mean_predicted);
    b->set_observed_rate(bin.observed_rate);
  }
}

void FillModel(const ops::ModelInfo& info, v1::ModelInfo& out) {
  out.set_version(info.version);
  out.set_trained_date(core::FormatDate(info.trained_day));
  out.set_train_from_date(core::FormatDate(info.train_from_day));
  out.set_train_to_date(core::FormatDate(info.train_to_day));
  out.set_train_rows(info.train_rows);
  out.set_test_rows(info.test_rows);
  if (info.auc) out.set_auc(*info.auc);
  if (info.log_loss) out.set_log_loss(*info.log_loss);
  if (info.share_within_10_days) out.set_share_within_10_days(*info.share_within_10_days);
  if (info.mean_absolute_error_days) {
    out.set_mean_absolute_error_days(*info.mean_absolute_error_days);
  }
  FillCalibration(info.calibration, *out.mutable_calibration());
}

}  // namespace

grpc::Status ForecastServiceImpl::GetCashForecast(grpc::ServerContext* context,
                                                  const v1::GetCashForecastRequest* request,
                                                  v1::GetCashForecastResponse* response) {
  return runtime_.Read(context, [&](ops::ReadScope& read) -> absl::Status {
    HK_ASSIGN_OR_RETURN(
        ops::CashForecast forecast,
        ops::BuildCashForecast(read, request->weeks() == 0 ? 13 : request->weeks(), &cache_));
    response->set_as_of_date(core::FormatDate(forecast.as_of));
    response->set_model_version(forecast.model_version);
    for (const ops::CashWeek& week : forecast.weeks) {
      v1::CashForecastWeek* out = response->add_weeks();
      out->set_week_start_date(core::FormatDate(week.week_start));
      out->set_from_invoices_fen(week.from_invoices);
      out->set_from_promises_fen(week.from_promises);
      out->set_from_plans_fen(week.from_plans);
      out->set_total_fen(week.total);
    }
    response->set_backtest_as_of_date(core::FormatDate(forecast.backtest_as_of));
    for (const ops::CashBacktestWeek& week : forecast.backtest) {
      v1::CashBacktestWeek* out = response->add_backtest();
      out->set_week_start_date(core::FormatDate(week.week_start));
      out->set_predicted_fen(week.predicted);
      out->set_actual_fen(week.actual);
      out->set_error_fen(week.predicted - week.actual);
    }
    response->set_backtest_error_share(forecast.backtest_error_share);
    return absl::OkStatus();
  });
}

grpc::Status ForecastServiceImpl::GetOverdueForecast(grpc::ServerContext* context,
                                                     const v1::GetOverdueForecastRequest* request,
                                                     v1::GetOverdueForecastResponse* response) {
  return runtime_.Read(context, [&](ops::ReadScope& read) -> absl::Status {
    HK_ASSIGN_OR_RETURN(
        ops::OverdueForecast forecast,
        ops::BuildOverdueForecast(read, request->limit() == 0 ? 100 : request->limit(), &cache_));
    response->set_as_of_date(core::FormatDate(forecast.as_of));
    // The top-level metric fields predate `model` and repeat its figures.
    FillModel(forecast.model, *response->mutable_model());
    response->set_model_version(forecast.model.version);
    response->set_train_rows(forecast.model.train_rows);
    response->set_test_rows(forecast.model.test_rows);
    response->set_auc(forecast.model.auc.value_or(0));
    response->set_log_loss(forecast.model.log_loss.value_or(0));
    FillCalibration(forecast.model.calibration, *response->mutable_calibration());
    for (const ops::OverduePrediction& p : forecast.predictions) {
      v1::OverduePrediction* out = response->add_predictions();
      out->set_invoice(core::FormatResourceName("invoices", p.invoice_id));
      out->set_customer(core::FormatResourceName("customers", p.customer_id));
      out->set_customer_name(p.customer_name);
      out->set_open_fen(p.open);
      out->set_due_date(core::FormatDate(p.due_day));
      out->set_probability(p.probability);
      for (const std::string& reason : p.reasons) out->add_reasons(reason);
    }
    return absl::OkStatus();
  });
}

grpc::Status ForecastServiceImpl::GetDsoForecast(grpc::ServerContext* context,
                                                 const v1::GetDsoForecastRequest* request,
                                                 v1::GetDsoForecastResponse* response) {
  return runtime_.Read(context, [&](ops::ReadScope& read) -> absl::Status {
    HK_ASSIGN_OR_RETURN(
        ops::DsoForecast forecast,
        ops::BuildDsoForecast(read, GroupingFromProto(request->group_by()), &cache_));
    response->set_as_of_date(core::FormatDate(forecast.as_of));
    FillModel(forecast.model, *response->mutable_model());
    response->set_model_version(forecast.model.version);
    response->set_train_rows(forecast.model.train_rows);
    response->set_test_rows(forecast.model.test_rows);
    response->set_share_within_10_days(forecast.model.share_within_10_days.value_or(0));
    response->set_mean_absolute_error_days(forecast.model.mean_absolute_error_days.value_or(0));
    for (const ops::DsoGroupForecast& g : forecast.groups) {
      v1::DsoGroupForecast* out = response->add_groups();
      out->set_group(g.group);
      out->set_label(g.label);
      out->set_forecast_days(g.forecast_days);
      out->set_invoices(g.invoices);
    }
    return absl::OkStatus();
  });
}

namespace {

void FillResponse(const ops::TermResponse& r, v1::TermResponse& out) {
  out.set_fitted(r.fitted);
  out.set_rows(r.rows);
  out.set_per_10_days(r.per_10_days);
  out.set_low95(r.low95);
  out.set_high95(r.high95);
}

}  // namespace

grpc::Status ForecastServiceImpl::SimulateTermPolicy(grpc::ServerContext* context,
                                                     const v1::SimulateTermPolicyRequest* request,
                                                     v1::SimulateTermPolicyResponse* response) {
  return runtime_.Read(context, [&](ops::ReadScope& read) -> absl::Status {
    HK_ASSIGN_OR_RETURN(core::TermPolicyRules draft, RulesFromProto(request->rules()));
    HK_ASSIGN_OR_RETURN(ops::TermSimulation sim,
                        ops::SimulateTermPolicy(
                            read, draft, request->months() == 0 ? 12 : request->months(), &cache_));
    response->set_policy_in_force_version(sim.policy_in_force);
    FillModel(sim.model, *response->mutable_model());
    response->set_model_version(sim.model.version);
    for (const ops::TierSimulation& t : sim.tiers) {
      v1::TierSimulation* out = response->add_tiers();
      out->set_tier(t.tier);
      out->set_current_base_days(t.current_base_days);
      out->set_draft_base_days(t.draft_base_days);
      FillResponse(t.lateness_days, *out->mutable_lateness_days());
      FillResponse(t.late_share, *out->mutable_late_share());
      FillResponse(t.bad_debt_rate, *out->mutable_bad_debt_rate());
      FillResponse(t.order_volume, *out->mutable_order_volume());
      out->set_current_monthly_sales_fen(t.current_monthly_sales);
      out->set_draft_monthly_sales_fen(t.draft_monthly_sales);
      out->set_current_dso_days(t.current_dso_days);
      out->set_draft_dso_days(t.draft_dso_days);
      out->set_current_overdue_share(t.current_overdue_share);
      out->set_draft_overdue_share(t.draft_overdue_share);
      out->set_current_bad_debt_rate(t.current_bad_debt_rate);
      out->set_draft_bad_debt_rate(t.draft_bad_debt_rate);
    }
    for (const ops::SimulationMonth& m : sim.months) {
      v1::SimulationMonth* out = response->add_months();
      out->set_month(core::FormatDate(m.month_start).substr(0, 7));
      out->set_current_sales_fen(m.current_sales);
      out->set_draft_sales_fen(m.draft_sales);
      out->set_current_collections_fen(m.current_collections);
      out->set_draft_collections_fen(m.draft_collections);
      out->set_cash_effect_fen(m.cash_effect);
    }
    response->set_current_dso_days(sim.current_dso_days);
    response->set_draft_dso_days(sim.draft_dso_days);
    return absl::OkStatus();
  });
}

}  // namespace huikuan::service
