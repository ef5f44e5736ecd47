#include "server/service/report_service.h"

#include <optional>
#include <vector>

#include "server/core/aging.h"
#include "server/core/status_macros.h"
#include "server/core/violations.h"
#include "server/ops/aging_report.h"
#include "server/ops/commission_report.h"
#include "server/ops/kpi_report.h"
#include "server/ops/meeting_pack.h"
#include "server/ops/meeting_pack_export.h"
#include "server/ops/rfm_report.h"
#include "server/ops/statements.h"
#include "server/service/report_convert.h"
#include "server/service/request_fields.h"

namespace huikuan::service {
namespace {

// The period of a KPI request: a month, or first_date..last_date.
absl::StatusOr<core::Period> KpiPeriod(const v1::GetKpiReportRequest& request) {
  if (!request.month().empty()) return ops::ParseMonth("month", request.month());
  core::FieldViolations violations;
  absl::StatusOr<core::EpochDay> first = ParseDateField("first_date", request.first_date());
  if (!first.ok()) violations.AddAll(first.status(), "first_date");
  absl::StatusOr<core::EpochDay> last = ParseDateField("last_date", request.last_date());
  if (!last.ok()) violations.AddAll(last.status(), "last_date");
  if (!violations.empty()) return violations.ToStatus();
  return core::Period{*first, *last};
}

}  // namespace

grpc::Status ReportServiceImpl::GetAgingReport(grpc::ServerContext* context,
                                               const v1::GetAgingReportRequest* request,
                                               v1::GetAgingReportResponse* response) {
  return runtime_.Read(context, [&](ops::ReadScope& read) -> absl::Status {
    core::FieldViolations violations;
    ops::AgingQuery query;
    absl::StatusOr<std::optional<core::EpochDay>> as_of =
        ParseOptionalDateField("as_of_date", request->as_of_date());
    if (!as_of.ok()) violations.AddAll(as_of.status(), "as_of_date");
    query.upper_bounds.assign(request->bucket_upper_bounds().begin(),
                              request->bucket_upper_bounds().end());
    if (!query.upper_bounds.empty()) {
      core::AgingConfig config;
      config.upper_bounds = query.upper_bounds;
      if (absl::Status valid = core::ValidateAgingConfig(config); !valid.ok()) {
        violations.Add("bucket_upper_bounds", valid.message());
      }
    }
    if (!violations.empty()) return violations.ToStatus();
    query.as_of = *as_of;
    query.grouping = GroupingFromProto(request->group_by());
    HK_ASSIGN_OR_RETURN(reports::AgingReport report, ops::BuildAgingReport(read, query, &cache_));
    *response->mutable_report() = AgingReportToProto(report);
    return absl::OkStatus();
  });
}

grpc::Status ReportServiceImpl::GetKpiReport(grpc::ServerContext* context,
                                             const v1::GetKpiReportRequest* request,
                                             v1::GetKpiReportResponse* response) {
  return runtime_.Read(context, [&](ops::ReadScope& read) -> absl::Status {
    HK_ASSIGN_OR_RETURN(core::Period period, KpiPeriod(*request));
    ops::KpiQuery query;
    query.period = period;
    query.grouping = GroupingFromProto(request->group_by());
    query.trend_months =
        request->trend_months() == 0 ? ops::kDefaultTrendMonths : request->trend_months();
    HK_ASSIGN_OR_RETURN(reports::KpiReport report, ops::BuildKpiReport(read, query, &cache_));
    *response->mutable_report() = KpiReportToProto(report);
    return absl::OkStatus();
  });
}

grpc::Status ReportServiceImpl::GetCommissionReport(grpc::ServerContext* context,
                                                    const v1::GetCommissionReportRequest* request,
                                                    v1::GetCommissionReportResponse* response) {
  return runtime_.Read(context, [&](ops::ReadScope& read) -> absl::Status {
    HK_ASSIGN_OR_RETURN(core::Period period, ops::ParseMonth("month", request->month()));
    ops::CommissionQuery query;
    query.month = request->month();
    query.period = period;
    query.base_rate_bp = request->base_rate_bp() == 0 ? 100 : request->base_rate_bp();
    query.monthly_bonus = request->monthly_bonus_fen();
    if (request->has_other_score_bp()) query.other_score_bp = request->other_score_bp();
    HK_ASSIGN_OR_RETURN(reports::CommissionReport report,
                        ops::BuildCommissionReport(read, query, &cache_));
    *response->mutable_report() = CommissionReportToProto(report);
    return absl::OkStatus();
  });
}

grpc::Status ReportServiceImpl::GetRfmReport(grpc::ServerContext* context,
                                             const v1::GetRfmReportRequest* request,
                                             v1::GetRfmReportResponse* response) {
  return runtime_.Read(context, [&](ops::ReadScope& read) -> absl::Status {
    HK_ASSIGN_OR_RETURN(std::optional<core::EpochDay> as_of,
                        ParseOptionalDateField("as_of_date", request->as_of_date()));
    ops::RfmQuery query;
    query.as_of = as_of;
    query.window_days =
        request->window_days() == 0 ? ops::kDefaultRfmWindowDays : request->window_days();
    HK_ASSIGN_OR_RETURN(reports::RfmReport report, ops::BuildRfmReport(read, query, &cache_));
    *response->mutable_report() = RfmReportToProto(report);
    return absl::OkStatus();
  });
}

grpc::Status ReportServiceImpl::GetMeetingPack(grpc::ServerContext* context,
                                               const v1::GetMeetingPackRequest* request,
                                               v1::GetMeetingPackResponse* response) {
  return runtime_.Read(context, [&](ops::ReadScope& read) -> absl::Status {
    HK_ASSIGN_OR_RETURN(core::Period period, ops::ParseMonth("month", request->month()));
    HK_ASSIGN_OR_RETURN(reports::MeetingPack pack,
                        ops::BuildMeetingPack(read, request->month(), period, &cache_));
    *response->mutable_pack() = MeetingPackToProto(pack);
    return absl::OkStatus();
  });
}

grpc::Status ReportServiceImpl::ExportMeetingPack(grpc::ServerContext* context,
                                                  const v1::ExportMeetingPackRequest* request,
                                                  v1::ExportMeetingPackResponse* response) {
  return runtime_.Read(context, [&](ops::ReadScope& read) -> absl::Status {
    core::FieldViolations violations;
    absl::StatusOr<core::Period> period = ops::ParseMonth("month", request->month());
    if (!period.ok()) violations.AddAll(period.status(), "month");
    if (request->format() != v1::EXPORT_FORMAT_XLSX && request->format() != v1::EXPORT_FORMAT_PDF) {
      violations.Add("format", "must be EXPORT_FORMAT_XLSX or EXPORT_FORMAT_PDF");
    }
    if (!violations.empty()) return violations.ToStatus();
    const ops::PackFormat format = request->format() == v1::EXPORT_FORMAT_XLSX
                                       ? ops::PackFormat::kXlsx
                                       : ops::PackFormat::kPdf;
    HK_ASSIGN_OR_RETURN(ops::ExportedFile file,
                        ops::ExportMeetingPack(read, request->month(), *period, format, &cache_));
    response->set_filename(file.filename);
    response->set_content_type(file.content_type);
    response->set_content(std::move(file.content));
    return absl::OkStatus();
  });
}

}  // namespace huikuan::service
