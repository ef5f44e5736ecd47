// huikuan.v1.JobService: the daily run on demand (RunJob, also as a dry run) and its record
// (ListJobRuns, GetJobRun). validate -> jobs::JobRunner / jobs/job_runs.h -> convert.
#ifndef HUIKUAN_SERVER_SERVICE_JOB_SERVICE_H_
#define HUIKUAN_SERVER_SERVICE_JOB_SERVICE_H_

#include "huikuan/v1/job_service.grpc.pb.h"
#include "server/jobs/job_runner.h"
#include "server/service/rpc_runtime.h"

namespace huikuan::service {

class JobServiceImpl final : public v1::JobService::Service {
 public:
  JobServiceImpl(RpcRuntime& runtime, jobs::JobRunner& runner)
      : runtime_(runtime), runner_(runner) {}

  grpc::Status RunJob(grpc::ServerContext* context, const v1::RunJobRequest* request,
                      v1::RunJobResponse* response) override;
  grpc::Status ListJobRuns(grpc::ServerContext* context, const v1::ListJobRunsRequest* request,
                           v1::ListJobRunsResponse* response) override;
  grpc::Status GetJobRun(grpc::ServerContext* context, const v1::GetJobRunRequest* request,
                         v1::GetJobRunResponse* response) override;

 private:
  grpc::Status DryRunJob(grpc::ServerContext* context, const v1::RunJobRequest* request,
                         v1::RunJobResponse* response);

  RpcRuntime& runtime_;
  jobs::JobRunner& runner_;
};

}  // namespace huikuan::service

#endif  // HUIKUAN_SERVER_SERVICE_JOB_SERVICE_H_
