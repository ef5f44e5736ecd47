// reports:: values (server/reports/report_types.h) <-> huikuan.v1 report messages.
#ifndef HUIKUAN_SERVER_SERVICE_REPORT_CONVERT_H_
#define HUIKUAN_SERVER_SERVICE_REPORT_CONVERT_H_

#include "huikuan/v1/report_service.pb.h"
#include "server/reports/report_types.h"

namespace huikuan::service {

// UNSPECIFIED is the company.
reports::Grouping GroupingFromProto(v1::ReportGrouping grouping);
v1::ReportGrouping GroupingToProto(reports::Grouping grouping);

v1::AgingReport AgingReportToProto(const reports::AgingReport& report);
v1::KpiReport KpiReportToProto(const reports::KpiReport& report);
v1::CommissionReport CommissionReportToProto(const reports::CommissionReport& report);
v1::RfmReport RfmReportToProto(const reports::RfmReport& report);
v1::MeetingPack MeetingPackToProto(const reports::MeetingPack& pack);

}  // namespace huikuan::service

#endif  // HUIKUAN_SERVER_SERVICE_REPORT_CONVERT_H_
