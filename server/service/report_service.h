// huikuan.v1.ReportService: the monthly joint meeting's figures (issue 11). validate ->
// ops/*_report.h, ops/meeting_pack.h -> report_convert.h. Reads only, row-scoped in ops.
#ifndef HUIKUAN_SERVER_SERVICE_REPORT_SERVICE_H_
#define HUIKUAN_SERVER_SERVICE_REPORT_SERVICE_H_

#include "huikuan/v1/report_service.grpc.pb.h"
#include "server/ops/ledger_cache.h"
#include "server/service/rpc_runtime.h"

namespace huikuan::service {

class ReportServiceImpl final : public v1::ReportService::Service {
 public:
  // `cache`: the replica's ledger in memory (ops/ledger_cache.h), shared by the server's
  // requests: every report reads it after refreshing what changed.
  ReportServiceImpl(RpcRuntime& runtime, ops::LedgerCache& cache)
      : runtime_(runtime), cache_(cache) {}

  grpc::Status GetAgingReport(grpc::ServerContext* context,
                              const v1::GetAgingReportRequest* request,
                              v1::GetAgingReportResponse* response) override;
  grpc::Status GetKpiReport(grpc::ServerContext* context, const v1::GetKpiReportRequest* request,
                            v1::GetKpiReportResponse* response) override;
  grpc::Status GetCommissionReport(grpc::ServerContext* context,
                                   const v1::GetCommissionReportRequest* request,
                                   v1::GetCommissionReportResponse* response) override;
  grpc::Status GetRfmReport(grpc::ServerContext* context, const v1::GetRfmReportRequest* request,
                            v1::GetRfmReportResponse* response) override;
  grpc::Status GetMeetingPack(grpc::ServerContext* context,
                              const v1::GetMeetingPackRequest* request,
                              v1::GetMeetingPackResponse* response) override;
  grpc::Status ExportMeetingPack(grpc::ServerContext* context,
                                 const v1::ExportMeetingPackRequest* request,
                                 v1::ExportMeetingPackResponse* response) override;

 private:
  RpcRuntime& runtime_;
  ops::LedgerCache& cache_;
};

}  // namespace huikuan::service

#endif  // HUIKUAN_SERVER_SERVICE_REPORT_SERVICE_H_
