#include "tests/service/case_fixtures.h"

#include <atomic>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"
#include "huikuan/v1/arrangement_service.grpc.pb.h"
#include "huikuan/v1/ledger_service.grpc.pb.h"
#include "server/core/resource_name.h"
#include "server/core/status_macros.h"
#include "server/ops/caller.h"
#include "server/ops/clock.h"
#include "server/store/customer_store.h"
#include "server/store/ledger_store.h"
#include "server/store/sql_values.h"
#include "server/store/transaction.h"

namespace huikuan::testing {

core::EpochDay Today() { return ops::CompanyDay(absl::Now()); }

std::string Date(core::EpochDay day) { return core::FormatDate(day); }

std::string CustomerName(int64_t id) { return core::FormatResourceName("customers", id); }
std::string InvoiceName(int64_t id) { return core::FormatResourceName("invoices", id); }

int64_t NewCustomer(ServiceTestEnv& env, const std::string& name_prefix,
                    std::optional<int64_t> owner_user_id) {
  static std::atomic<int> counter{0};
  auto id = store::RunInTransaction<int64_t>(
      env.pool(), [&](store::ConnectionPool::Lease& db) -> absl::StatusOr<int64_t> {
        store::CustomerRecord customer;
        customer.display_name = absl::StrCat(name_prefix, " ", counter++);
        customer.owner_user_id = owner_user_id.value_or(env.user_id("sales_staff"));
        customer.create_time = customer.update_time = absl::Now();
        return store::InsertCustomer(db, customer).id;
      });
  EXPECT_TRUE(id.ok()) << id.status();
  return id.value_or(0);
}

int64_t NewInvoice(ServiceTestEnv& env, int64_t customer_id, int64_t amount,
                   core::EpochDay invoice_day, core::EpochDay due_day) {
  static std::atomic<int> counter{0};
  auto id = store::RunInTransaction<int64_t>(
      env.pool(), [&](store::ConnectionPool::Lease& db) -> absl::StatusOr<int64_t> {
        const int n = counter++;
        std::vector<store::InvoiceRecord> invoices(1);
        store::InvoiceRecord& invoice = invoices[0];
        invoice.customer_id = customer_id;
        invoice.order_number = absl::StrCat("CASE-", customer_id, "-", n);
        invoice.invoice_number = absl::StrCat("INV-CASE-", customer_id, "-", n);
        invoice.amount = amount;
        invoice.balance = {core::InvoiceStatus::kOpen, amount, 0};
        invoice.invoice_day = invoice_day;
        invoice.due_day = due_day;
        invoice.credit_days = due_day - invoice_day;
        invoice.create_time = invoice.update_time = absl::Now();
        HK_RETURN_IF_ERROR(store::InsertInvoices(db, invoices));
        return invoice.id;
      });
  EXPECT_TRUE(id.ok()) << id.status();
  return id.value_or(0);
}

grpc::Status Pay(ServiceTestEnv& env, int64_t customer_id, int64_t amount,
                 const std::string& reference, core::EpochDay received_day) {
  auto ledger = v1::LedgerService::NewStub(env.channel());
  v1::RecordPaymentRequest request;
  request.set_request_id(NewRequestId());
  request.mutable_payment()->set_customer(CustomerName(customer_id));
  request.mutable_payment()->set_amount_fen(amount);
  request.mutable_payment()->set_reference(reference);
  request.mutable_payment()->set_received_date(Date(received_day));
  grpc::ClientContext context;
  env.Authorize(context, "finance_staff");
  v1::RecordPaymentResponse response;
  return ledger->RecordPayment(&context, request, &response);
}

std::string RaiseDispute(ServiceTestEnv& env, int64_t invoice_id, v1::DisputeReason code,
                         const std::string& reason) {
  auto arrangements = v1::ArrangementService::NewStub(env.channel());
  v1::RaiseInvoiceDisputeRequest request;
  request.set_request_id(NewRequestId());
  request.set_invoice(InvoiceName(invoice_id));
  request.set_reason_code(code);
  request.set_reason(reason);
  grpc::ClientContext context;
  env.Authorize(context, "finance_staff");
  v1::RaiseInvoiceDisputeResponse response;
  grpc::Status status = arrangements->RaiseInvoiceDispute(&context, request, &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return response.dispute().name();
}

grpc::Status ResolveDispute(ServiceTestEnv& env, int64_t invoice_id, const std::string& resolution) {
  auto arrangements = v1::ArrangementService::NewStub(env.channel());
  v1::ResolveInvoiceDisputeRequest request;
  request.set_request_id(NewRequestId());
  request.set_invoice(InvoiceName(invoice_id));
  request.set_resolution(resolution);
  grpc::ClientContext context;
  env.Authorize(context, "finance_head");
  v1::ResolveInvoiceDisputeResponse response;
  return arrangements->ResolveInvoiceDispute(&context, request, &response);
}

std::vector<std::string> PreconditionTypes(const grpc::Status& status) {
  std::vector<std::string> types;
  google::rpc::Status details;
  if (!details.ParseFromString(status.error_details())) return types;
  for (const auto& any : details.details()) {
    google::rpc::PreconditionFailure failure;
    if (any.UnpackTo(&failure)) {
      for (const auto& violation : failure.violations()) types.push_back(violation.type());
    }
  }
  return types;
}

int64_t QueryInt(ServiceTestEnv& env, const std::string& sql) {
  auto value = store::RunInTransaction<int64_t>(
      env.pool(), [&](store::ConnectionPool::Lease& db) -> absl::StatusOr<int64_t> {
        auto rows = store::Query(db.Prepare(sql));
        if (!rows->next()) return absl::NotFoundError("no row");
        return rows->getInt64(1);
      });
  EXPECT_TRUE(value.ok()) << sql << ": " << value.status();
  return value.value_or(-1);
}

absl::StatusOr<jobs::JobOutcome> RunJobDay(ServiceTestEnv& env, jobs::DailyJob& job,
                                           core::EpochDay day) {
  const ops::Caller caller = ops::Caller::System(job.name());
  return store::RunInTransaction<jobs::JobOutcome>(
      env.pool(), [&](store::ConnectionPool::Lease& db) -> absl::StatusOr<jobs::JobOutcome> {
        jobs::JobOutcome outcome;
        HK_RETURN_IF_ERROR(ops::RunWriteAsOf(db, caller, absl::StrCat("job/", job.name()),
                                             absl::StrCat(job.name(), "/", Date(day)),
                                             ops::StartOfCompanyDay(day) + absl::Hours(2), day,
                                             [&](ops::WriteScope& write) -> absl::Status {
                                               HK_ASSIGN_OR_RETURN(outcome, job.RunDay(write, day));
                                               return absl::OkStatus();
                                             }));
        return outcome;
      });
}

absl::Status AsOf(ServiceTestEnv& env, core::EpochDay day,
                  absl::FunctionRef<absl::Status(ops::WriteScope&)> fn) {
  const ops::Caller caller = ops::Caller::System("test");
  return store::RunInTransaction(env.pool(), [&](store::ConnectionPool::Lease& db) {
    return ops::RunWriteAsOf(db, caller, "test", "", ops::StartOfCompanyDay(day) + absl::Hours(2),
                             day, fn);
  });
}

std::vector<std::string> LedgerViolations(ServiceTestEnv& env) {
  auto violations = store::RunInTransaction<std::vector<std::string>>(
      env.pool(),
      [&](store::ConnectionPool::Lease& db) -> absl::StatusOr<std::vector<std::string>> {
        return store::CheckLedgerInvariants(db);
      });
  EXPECT_TRUE(violations.ok()) << violations.status();
  return violations.value_or(std::vector<std::string>{"(query failed)"});
}

}  // namespace huikuan::testing
