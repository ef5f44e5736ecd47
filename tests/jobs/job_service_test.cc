// huikuan.v1.JobService through a real channel to the real server (issue 9): RunJob runs a day
// once (a repeated request id replays its response, a new one finds the day succeeded), a dry run
// reports the day's items and records nothing, ListJobRuns pages newest first, GetJobRun, bad
// input naming its field, the roles, and the audit trail of a run: the system's event
// (system:job/late_fees, no user) next to the caller's. The server runs on the real clock, so the
// days here are in the past (the invoice is due 2026-04-01).
#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "huikuan/v1/audit_service.grpc.pb.h"
#include "huikuan/v1/job_service.grpc.pb.h"
#include "server/core/civil_date.h"
#include "server/core/status_macros.h"
#include "server/ops/clock.h"
#include "server/store/customer_store.h"
#include "server/store/ledger_store.h"
#include "server/store/sql_values.h"
#include "server/store/transaction.h"
#include "tests/service/service_test_env.h"

namespace huikuan::testing {
namespace {

using ::grpc::StatusCode;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

class JobServiceTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // One customer with one overdue invoice for the whole suite (the database is the binary's).
    ServiceTestEnv& env = ServiceTestEnv::Get();
    auto id = store::RunInTransaction<int64_t>(
        env.pool(), [&](store::ConnectionPool::Lease& db) -> absl::StatusOr<int64_t> {
          store::CustomerRecord customer;
          customer.display_name = "Jobs Service Co";
          customer.owner_user_id = env.user_id("sales_staff");
          customer.create_time = customer.update_time = absl::Now();
          customer = store::InsertCustomer(db, customer);
          std::vector<store::InvoiceRecord> invoices(1);
          store::InvoiceRecord& invoice = invoices[0];
          invoice.customer_id = customer.id;
          invoice.order_number = "JS-1";
          invoice.invoice_number = "INV-JS-1";
          invoice.amount = 1'000'000;
          invoice.balance = {core::InvoiceStatus::kOpen, invoice.amount, 0};
          HK_ASSIGN_OR_RETURN(invoice.due_day, core::ParseDate("2026-04-01"));
          invoice.credit_days = 30;
          invoice.invoice_day = invoice.due_day - 30;
          invoice.create_time = invoice.update_time = absl::Now();
          HK_RETURN_IF_ERROR(store::InsertInvoices(db, invoices));
          return invoice.id;
        });
    ASSERT_TRUE(id.ok()) << id.status();
    invoice_id_ = *id;
  }

  ServiceTestEnv& env = ServiceTestEnv::Get();
  std::unique_ptr<v1::JobService::Stub> jobs = v1::JobService::NewStub(env.channel());

  grpc::Status RunJob(const std::string& role, const std::string& job, const std::string& as_of,
                      bool dry_run, v1::RunJobResponse* response,
                      const std::string& request_id = NewRequestId()) {
    v1::RunJobRequest request;
    request.set_request_id(request_id);
    request.set_job(job);
    request.set_as_of_date(as_of);
    request.set_dry_run(dry_run);
    grpc::ClientContext context;
    env.Authorize(context, role);
    return jobs->RunJob(&context, request, response);
  }

  grpc::Status List(const std::string& job, int page_size, const std::string& token,
                    v1::ListJobRunsResponse* response) {
    v1::ListJobRunsRequest request;
    request.set_job(job);
    request.set_page_size(page_size);
    request.set_page_token(token);
    grpc::ClientContext context;
    env.Authorize(context, "admin");
    return jobs->ListJobRuns(&context, request, response);
  }

  int64_t Count(const std::string& sql) {
    auto value = store::RunInTransaction<int64_t>(
        env.pool(), [&](store::ConnectionPool::Lease& db) -> absl::StatusOr<int64_t> {
          auto rows = store::Query(db.Prepare(sql));
          rows->next();
          return rows->getInt64(1);
        });
    EXPECT_TRUE(value.ok()) << value.status();
    return value.value_or(-1);
  }

  static int64_t invoice_id_;
};

int64_t JobServiceTest::invoice_id_ = 0;

TEST_F(JobServiceTest, RunsADayOnceAndReplaysTheRequest) {
  v1::RunJobResponse first;
  const std::string request_id = NewRequestId();
  grpc::Status status =
      RunJob("finance_head", "late_fees", "2026-04-10", false, &first, request_id);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(first.result(), v1::RUN_JOB_RESULT_RAN);
  const v1::JobRun& run = first.run();
  EXPECT_THAT(run.name(), ::testing::StartsWith("jobRuns/"));
  EXPECT_EQ(run.job(), "late_fees");
  EXPECT_EQ(run.as_of_date(), "2026-04-10");
  EXPECT_EQ(run.status(), v1::JOB_RUN_STATUS_SUCCEEDED);
  EXPECT_EQ(run.attempts(), 1);
  EXPECT_EQ(run.created_count(), 9);
  EXPECT_EQ(run.summary(), "1 invoices charged 9 overdue days, 45.00 yuan of late fees");
  EXPECT_TRUE(run.has_finish_time());
  EXPECT_FALSE(first.has_dry_run_outcome());

  // The same request id: the stored response, nothing runs.
  v1::RunJobResponse replay;
  ASSERT_TRUE(RunJob("finance_head", "late_fees", "2026-04-10", false, &replay, request_id).ok());
  EXPECT_EQ(replay.SerializeAsString(), first.SerializeAsString());
  // A new request for the same day: the day's run as it is, nothing new.
  v1::RunJobResponse again;
  ASSERT_TRUE(RunJob("admin", "late_fees", "2026-04-10", false, &again).ok());
  EXPECT_EQ(again.result(), v1::RUN_JOB_RESULT_ALREADY_SUCCEEDED);
  EXPECT_EQ(again.run().name(), run.name());
  EXPECT_EQ(Count(absl::StrCat("SELECT COUNT(*) FROM late_fee_accruals WHERE invoice_id = ",
                               invoice_id_, " AND accrual_date <= '2026-04-10'")),
            9);

  v1::GetJobRunResponse got;
  {
    v1::GetJobRunRequest request;
    request.set_name(run.name());
    grpc::ClientContext context;
    env.Authorize(context, "finance_head");
    ASSERT_TRUE(jobs->GetJobRun(&context, request, &got).ok());
  }
  EXPECT_EQ(got.job_run().SerializeAsString(), again.run().SerializeAsString());

  // The evidence: the system ran the day (no user), the finance head asked for it.
  v1::ListAuditEventsRequest audit_request;
  audit_request.set_resource(run.name());
  grpc::ClientContext audit_context;
  env.Authorize(audit_context, "admin");
  v1::ListAuditEventsResponse events;
  ASSERT_TRUE(env.audit().ListAuditEvents(&audit_context, audit_request, &events).ok());
  std::vector<std::string> seen;
  for (const auto& event : events.audit_events()) {
    seen.push_back(absl::StrCat(event.actor_role(), " ", event.actor().empty() ? "-" : "user", " ",
                                event.method()));
  }
  // Newest first: the admin's request, the finance head's, the system's run.
  EXPECT_THAT(seen, ElementsAre("admin user /huikuan.v1.JobService/RunJob",
                                "finance_head user /huikuan.v1.JobService/RunJob",
                                "system:job/late_fees - job/late_fees"));
}

TEST_F(JobServiceTest, DryRunReportsItemsAndRecordsNothing) {
  const int64_t runs = Count("SELECT COUNT(*) FROM job_runs");
  const int64_t events = Count("SELECT COUNT(*) FROM audit_events");
  const int64_t accruals = Count("SELECT COUNT(*) FROM late_fee_accruals");
  v1::RunJobResponse dry;
  const std::string request_id = NewRequestId();
  grpc::Status status = RunJob("admin", "late_fees", "2026-04-20", true, &dry, request_id);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(dry.result(), v1::RUN_JOB_RESULT_DRY_RUN);
  EXPECT_FALSE(dry.has_run());
  EXPECT_GT(dry.dry_run_outcome().created_count(), 0);
  EXPECT_THAT(dry.dry_run_outcome().items(), ElementsAre(absl::StrCat("invoices/", invoice_id_)));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM job_runs"), runs);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_events"), events);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM late_fee_accruals"), accruals);
  // The request id was not stored either: it can be used for a real run.
  v1::RunJobResponse real;
  ASSERT_TRUE(RunJob("admin", "late_fees", "2026-04-20", false, &real, request_id).ok());
  EXPECT_EQ(real.result(), v1::RUN_JOB_RESULT_RAN);
  EXPECT_EQ(real.run().created_count(), dry.dry_run_outcome().created_count());
}

TEST_F(JobServiceTest, ListsRunsNewestFirstInPages) {
  v1::RunJobResponse response;
  ASSERT_TRUE(RunJob("admin", "late_fees", "2026-04-14", false, &response).ok());
  ASSERT_TRUE(RunJob("admin", "late_fees", "2026-04-15", false, &response).ok());
  v1::ListJobRunsResponse page1, page2;
  ASSERT_TRUE(List("late_fees", 1, "", &page1).ok());
  ASSERT_EQ(page1.job_runs_size(), 1);
  EXPECT_EQ(page1.job_runs(0).as_of_date(), "2026-04-15");
  EXPECT_EQ(page1.job_runs(0).status(), v1::JOB_RUN_STATUS_SUCCEEDED);
  EXPECT_FALSE(page1.job_runs(0).owner().empty());
  ASSERT_FALSE(page1.next_page_token().empty());
  ASSERT_TRUE(List("late_fees", 1, page1.next_page_token(), &page2).ok());
  ASSERT_EQ(page2.job_runs_size(), 1);
  EXPECT_EQ(page2.job_runs(0).as_of_date(), "2026-04-14");
  v1::ListJobRunsResponse none;
  ASSERT_TRUE(List("dunning", 10, "", &none).ok());
  EXPECT_EQ(none.job_runs_size(), 0);
  v1::ListJobRunsResponse all;
  ASSERT_TRUE(List("", 1000, "", &all).ok());
  EXPECT_EQ(all.job_runs_size(), Count("SELECT COUNT(*) FROM job_runs"));
}

TEST_F(JobServiceTest, BadInputNamesTheField) {
  v1::RunJobResponse response;
  grpc::Status unknown = RunJob("admin", "no_such_job", "2026-04-10", false, &response);
  EXPECT_EQ(unknown.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(unknown), ElementsAre("job"));
  EXPECT_THAT(ViolatedFields(RunJob("admin", "late_fees", "2026-13-01", false, &response)),
              ElementsAre("as_of_date"));
  EXPECT_THAT(ViolatedFields(RunJob("admin", "late_fees", "", true, &response)),
              ElementsAre("as_of_date"));
  const std::string tomorrow = core::FormatDate(ops::CompanyDay(absl::Now() + absl::Hours(24)));
  grpc::Status future = RunJob("admin", "late_fees", tomorrow, false, &response);
  EXPECT_EQ(future.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(future), ElementsAre("as_of_date"));
  EXPECT_THAT(ViolatedFields(RunJob("admin", "late_fees", tomorrow, true, &response)),
              ElementsAre("as_of_date"));
  EXPECT_THAT(ViolatedFields(RunJob("admin", "late_fees", "2026-04-10", false, &response, "")),
              ElementsAre("request_id"));
  EXPECT_THAT(ViolatedFields(RunJob("admin", "late_fees", "2026-04-10", true, &response, "")),
              ElementsAre("request_id"));

  v1::ListJobRunsResponse list;
  EXPECT_THAT(ViolatedFields(List("Late-Fees", 10, "", &list)), ElementsAre("job"));
  EXPECT_THAT(ViolatedFields(List("", 10, "not-a-token", &list)), ElementsAre("page_token"));

  for (const std::string& name : {std::string("jobRuns/x"), std::string("customers/1")}) {
    v1::GetJobRunRequest request;
    request.set_name(name);
    grpc::ClientContext context;
    env.Authorize(context, "admin");
    v1::GetJobRunResponse got;
    EXPECT_THAT(ViolatedFields(jobs->GetJobRun(&context, request, &got)), ElementsAre("name"));
  }
  v1::GetJobRunRequest missing;
  missing.set_name("jobRuns/999999999");
  grpc::ClientContext context;
  env.Authorize(context, "admin");
  v1::GetJobRunResponse got;
  grpc::Status not_found = jobs->GetJobRun(&context, missing, &got);
  EXPECT_EQ(not_found.error_code(), StatusCode::NOT_FOUND);
  EXPECT_THAT(not_found.error_message(), HasSubstr("jobRuns/999999999"));
}

TEST_F(JobServiceTest, OnlyAdminAndTheFinanceHeadRunJobs) {
  v1::RunJobResponse response;
  for (const std::string role : {"finance_staff", "sales_head", "management_head", "customer"}) {
    EXPECT_EQ(RunJob(role, "late_fees", "2026-04-10", true, &response).error_code(),
              StatusCode::PERMISSION_DENIED)
        << role;
  }
  EXPECT_TRUE(RunJob("finance_head", "late_fees", "2026-04-10", true, &response).ok());
}

}  // namespace
}  // namespace huikuan::testing
