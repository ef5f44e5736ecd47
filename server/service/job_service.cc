#include "server/service/job_service.h"

#include <optional>
#include <string>
#include <vector>

#include "server/core/civil_date.h"
#include "server/core/status_macros.h"
#include "server/jobs/job_registry.h"
#include "server/jobs/job_runs.h"
#include "server/service/paging.h"
#include "server/service/proto_time.h"
#include "server/service/request_fields.h"
#include "server/service/status_mapping.h"

namespace huikuan::service {
namespace {

constexpr absl::string_view kAsOfField = "as_of_date";

v1::JobRunStatus StatusToProto(store::JobRunStatus status) {
  switch (status) {
    case store::JobRunStatus::kRunning:
      return v1::JOB_RUN_STATUS_RUNNING;
    case store::JobRunStatus::kSucceeded:
      return v1::JOB_RUN_STATUS_SUCCEEDED;
    case store::JobRunStatus::kFailed:
      return v1::JOB_RUN_STATUS_FAILED;
  }
  return v1::JOB_RUN_STATUS_UNSPECIFIED;
}

v1::RunJobResult ResultToProto(jobs::RunDisposition disposition) {
  switch (disposition) {
    case jobs::RunDisposition::kRan:
      return v1::RUN_JOB_RESULT_RAN;
    case jobs::RunDisposition::kAlreadySucceeded:
      return v1::RUN_JOB_RESULT_ALREADY_SUCCEEDED;
    case jobs::RunDisposition::kHeldElsewhere:
      return v1::RUN_JOB_RESULT_HELD_ELSEWHERE;
    case jobs::RunDisposition::kLeaseLost:
      return v1::RUN_JOB_RESULT_LEASE_LOST;
  }
  return v1::RUN_JOB_RESULT_UNSPECIFIED;
}

v1::JobRun JobRunToProto(const store::JobRunRecord& run) {
  v1::JobRun proto;
  proto.set_name(jobs::JobRunName(run.id));
  proto.set_job(run.job);
  proto.set_as_of_date(core::FormatDate(run.as_of));
  proto.set_status(StatusToProto(run.status));
  proto.set_owner(run.owner);
  proto.set_attempts(run.attempts);
  *proto.mutable_start_time() = ToProtoTimestamp(run.start_time);
  if (run.finish_time) *proto.mutable_finish_time() = ToProtoTimestamp(*run.finish_time);
  *proto.mutable_heartbeat_time() = ToProtoTimestamp(run.heartbeat_time);
  *proto.mutable_lease_expire_time() = ToProtoTimestamp(run.lease_expire_time);
  proto.set_created_count(run.created);
  proto.set_changed_count(run.changed);
  proto.set_skipped_count(run.skipped);
  proto.set_summary(run.summary);
  proto.set_error(run.error);
  return proto;
}

v1::JobOutcome OutcomeToProto(const jobs::JobOutcome& outcome) {
  v1::JobOutcome proto;
  proto.set_created_count(outcome.created);
  proto.set_changed_count(outcome.changed);
  proto.set_skipped_count(outcome.skipped);
  proto.set_summary(outcome.summary);
  for (const std::string& item : outcome.items) proto.add_items(item);
  return proto;
}

}  // namespace

grpc::Status JobServiceImpl::RunJob(grpc::ServerContext* context, const v1::RunJobRequest* request,
                                    v1::RunJobResponse* response) {
  if (request->dry_run()) return DryRunJob(context, request, response);
  // The runner commits the day in its own transactions (the claim, the work with its `succeeded`
  // mark); this write holds the request id and the caller's audit event, so a repeated request
  // returns the first response. Run again after a conflict here, it finds the day succeeded.
  return runtime_.Write(
      context, *request, request->request_id(), response,
      [&](ops::WriteScope& write) -> absl::Status {
        HK_ASSIGN_OR_RETURN(core::EpochDay as_of,
                            ParseDateField(kAsOfField, request->as_of_date()));
        HK_ASSIGN_OR_RETURN(
            jobs::RunResult result,
            runner_.Run(request->job(), as_of, jobs::WaitForHolder::kNo, kAsOfField));
        response->set_result(ResultToProto(result.disposition));
        *response->mutable_run() = JobRunToProto(result.run);
        // Who asked for the day, next to the system's own event for the run.
        write.audit.Record(jobs::JobRunName(result.run.id),
                           result.before ? jobs::JobRunImage(*result.before) : core::Json(),
                           jobs::JobRunImage(result.run));
        return absl::OkStatus();
      });
}

grpc::Status JobServiceImpl::DryRunJob(grpc::ServerContext* context,
                                       const v1::RunJobRequest* request,
                                       v1::RunJobResponse* response) {
  // A read for the caller's verdict only: the runner rolls its own transaction back, and nothing
  // (not even the request id) is stored.
  return runtime_.Read(context, [&](ops::ReadScope&) -> absl::Status {
    HK_RETURN_IF_ERROR(ValidateRequestId(request->request_id()));
    HK_ASSIGN_OR_RETURN(core::EpochDay as_of, ParseDateField(kAsOfField, request->as_of_date()));
    HK_ASSIGN_OR_RETURN(jobs::JobOutcome outcome,
                        runner_.DryRun(request->job(), as_of, kAsOfField));
    response->set_result(v1::RUN_JOB_RESULT_DRY_RUN);
    *response->mutable_dry_run_outcome() = OutcomeToProto(outcome);
    return absl::OkStatus();
  });
}

grpc::Status JobServiceImpl::ListJobRuns(grpc::ServerContext* context,
                                         const v1::ListJobRunsRequest* request,
                                         v1::ListJobRunsResponse* response) {
  return runtime_.Read(context, [&](ops::ReadScope& read) -> absl::Status {
    HK_ASSIGN_OR_RETURN(Page page, ParsePage(request->page_size(), request->page_token()));
    std::optional<std::string> job;
    if (!request->job().empty()) {
      if (absl::Status valid = jobs::ValidateJobName(request->job()); !valid.ok()) {
        return FieldViolation("job", valid.message());
      }
      job = request->job();
    }
    // Newest first: the page token is the last (smallest) id returned.
    std::vector<store::JobRunRecord> runs =
        jobs::ListJobRuns(read, job, page.after_id, page.fetch());
    response->set_next_page_token(
        TakePage(runs, page, [](const store::JobRunRecord& run) { return run.id; }));
    for (const auto& run : runs) *response->add_job_runs() = JobRunToProto(run);
    return absl::OkStatus();
  });
}

grpc::Status JobServiceImpl::GetJobRun(grpc::ServerContext* context,
                                       const v1::GetJobRunRequest* request,
                                       v1::GetJobRunResponse* response) {
  return runtime_.Read(context, [&](ops::ReadScope& read) -> absl::Status {
    HK_ASSIGN_OR_RETURN(int64_t id, ParseIdField(jobs::kJobRuns, "name", request->name()));
    HK_ASSIGN_OR_RETURN(store::JobRunRecord run, jobs::GetJobRun(read, id, request->name()));
    *response->mutable_job_run() = JobRunToProto(run);
    return absl::OkStatus();
  });
}

}  // namespace huikuan::service
