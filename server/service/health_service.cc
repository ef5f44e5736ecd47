#include "server/service/health_service.h"

#include <optional>
#include <string>
#include <vector>

#include "server/core/civil_date.h"
#include "server/core/resource_name.h"
#include "server/core/status_macros.h"
#include "server/ops/health.h"
#include "server/service/paging.h"
#include "server/service/request_fields.h"
#include "server/service/status_mapping.h"

namespace huikuan::service {
namespace {

void FillComponents(const core::HealthScore& score,
                    google::protobuf::RepeatedPtrField<v1::HealthComponent>& out) {
  for (const core::HealthComponent& c : score.components) {
    v1::HealthComponent* o = out.Add();
    o->set_kind(std::string(core::HealthComponentName(c.kind)));
    o->set_points(c.points);
    o->set_max_points(c.max_points);
  }
}

v1::CustomerHealth HealthToProto(const ops::CustomerHealth& h) {
  v1::CustomerHealth out;
  out.set_customer(core::FormatResourceName("customers", h.customer_id));
  out.set_customer_name(h.display_name);
  out.set_industry(h.industry);
  out.set_tier(h.tier);
  out.set_scored(h.scored);
  out.set_score(h.score.score);
  FillComponents(h.score, *out.mutable_components());
  if (h.percentile) out.set_percentile(*h.percentile);
  out.set_peers(h.peers);
  if (h.score.dso_days) out.set_dso_days(*h.score.dso_days);
  out.set_benchmark_dso_days(h.score.benchmark_dso_days);
  if (h.input.industry_dso_days) out.set_industry_dso_days(*h.input.industry_dso_days);
  if (h.score.recent_on_time_bp) out.set_recent_on_time_bp(*h.score.recent_on_time_bp);
  if (h.score.prior_on_time_bp) out.set_prior_on_time_bp(*h.score.prior_on_time_bp);
  out.set_balance_fen(h.input.balance);
  out.set_overdue_fen(h.input.overdue);
  out.set_overdue_invoices(h.input.overdue_invoices);
  out.set_sales_year_fen(h.input.sales_year);
  out.set_disputes_year(h.input.disputes_year);
  if (h.punctuality_as_of != 0) out.set_punctuality_as_of(core::FormatDate(h.punctuality_as_of));
  for (const core::HealthAdvice& a : h.advice) {
    v1::HealthAdvice* o = out.add_advice();
    o->set_kind(std::string(core::HealthAdviceName(a.kind)));
    o->set_points(a.points);
    o->set_invoices(a.invoices);
    o->set_amount_fen(a.amount);
    o->set_target_dso_days(a.target_dso_days);
  }
  return out;
}

}  // namespace

grpc::Status HealthServiceImpl::GetCustomerHealth(grpc::ServerContext* context,
                                                  const v1::GetCustomerHealthRequest* request,
                                                  v1::GetCustomerHealthResponse* response) {
  return runtime_.Read(context, [&](ops::ReadScope& read) -> absl::Status {
    HK_ASSIGN_OR_RETURN(int64_t id, ParseIdField("customers", "customer", request->customer()));
    HK_ASSIGN_OR_RETURN(ops::CustomerHealth health,
                        ops::GetCustomerHealth(read, id, request->customer(), &cache_));
    *response->mutable_health() = HealthToProto(health);
    return absl::OkStatus();
  });
}

grpc::Status HealthServiceImpl::ListCustomerHealth(grpc::ServerContext* context,
                                                   const v1::ListCustomerHealthRequest* request,
                                                   v1::ListCustomerHealthResponse* response) {
  return runtime_.Read(context, [&](ops::ReadScope& read) -> absl::Status {
    HK_ASSIGN_OR_RETURN(Page page, ParsePage(request->page_size(), request->page_token()));
    std::optional<std::string> industry, tier;
    if (!request->industry().empty()) industry = request->industry();
    if (!request->tier().empty()) tier = request->tier();
    std::vector<ops::CustomerHealth> rows =
        ops::ListCustomerHealth(read, page.after_id, page.fetch(), industry, tier, &cache_);
    response->set_next_page_token(
        TakePage(rows, page, [](const ops::CustomerHealth& h) { return h.customer_id; }));
    for (const ops::CustomerHealth& h : rows) *response->add_customers() = HealthToProto(h);
    return absl::OkStatus();
  });
}

grpc::Status HealthServiceImpl::GetCompanyHealth(grpc::ServerContext* context,
                                                 const v1::GetCompanyHealthRequest* /*request*/,
                                                 v1::GetCompanyHealthResponse* response) {
  return runtime_.Read(context, [&](ops::ReadScope& read) -> absl::Status {
    const ops::CompanyHealth company = ops::GetCompanyHealth(read, &cache_);
    response->set_score(company.score.score);
    FillComponents(company.score, *response->mutable_components());
    for (int64_t n : company.bands) response->add_bands(n);
    response->set_customers_scored(company.customers_scored);
    response->set_customers(company.customers);
    if (company.punctuality_as_of != 0) {
      response->set_punctuality_as_of(core::FormatDate(company.punctuality_as_of));
    }
    return absl::OkStatus();
  });
}

}  // namespace huikuan::service
