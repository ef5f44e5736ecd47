// Shared by the tests of issue 9's arrangements and legal stage (arrangement_test.cc,
// legal_test.cc): customers and invoices with chosen dates inserted through the store, calls
// through the real channel, a job's day run as the runner runs it (ops::RunWriteAsOf as the
// job's system caller), and the ledger invariants.
#ifndef HUIKUAN_TESTS_SERVICE_CASE_FIXTURES_H_
#define HUIKUAN_TESTS_SERVICE_CASE_FIXTURES_H_

#include <grpcpp/grpcpp.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "huikuan/v1/arrangement_service.pb.h"
#include "server/core/civil_date.h"
#include "server/jobs/daily_job.h"
#include "server/ops/scopes.h"
#include "tests/service/service_test_env.h"

namespace huikuan::testing {

// Today in the company's time zone (the server's clock is the real one).
core::EpochDay Today();
std::string Date(core::EpochDay day);  // "YYYY-MM-DD"

// A new customer owned by the sales_staff user (or by `owner_user_id`); returns its id.
int64_t NewCustomer(ServiceTestEnv& env, const std::string& name_prefix,
                    std::optional<int64_t> owner_user_id = std::nullopt);
// An open invoice of `amount` fen dated `invoice_day`, due `due_day`; returns its id.
int64_t NewInvoice(ServiceTestEnv& env, int64_t customer_id, int64_t amount,
                   core::EpochDay invoice_day, core::EpochDay due_day);

std::string CustomerName(int64_t id);
std::string InvoiceName(int64_t id);

// RecordPayment through the channel as finance staff.
grpc::Status Pay(ServiceTestEnv& env, int64_t customer_id, int64_t amount,
                 const std::string& reference, core::EpochDay received_day);

// RaiseInvoiceDispute as finance staff; the dispute's name ("" when refused, with a test failure).
std::string RaiseDispute(ServiceTestEnv& env, int64_t invoice_id, v1::DisputeReason code,
                         const std::string& reason);
// ResolveInvoiceDispute as the finance head.
grpc::Status ResolveDispute(ServiceTestEnv& env, int64_t invoice_id, const std::string& resolution);

// The google.rpc.PreconditionFailure types a failed call carries.
std::vector<std::string> PreconditionTypes(const grpc::Status& status);

// One integer from a query without parameters.
int64_t QueryInt(ServiceTestEnv& env, const std::string& sql);

// Runs `job` for `day` as the runner does: one transaction, Caller::System(name), today == day.
absl::StatusOr<jobs::JobOutcome> RunJobDay(ServiceTestEnv& env, jobs::DailyJob& job,
                                           core::EpochDay day);

// Runs `fn` in a transaction as a system caller whose today is `day` (reads as of a day).
absl::Status AsOf(ServiceTestEnv& env, core::EpochDay day,
                  absl::FunctionRef<absl::Status(ops::WriteScope&)> fn);

// The ledger invariants query's rows (README "Ledger invariants").
std::vector<std::string> LedgerViolations(ServiceTestEnv& env);

}  // namespace huikuan::testing

#endif  // HUIKUAN_TESTS_SERVICE_CASE_FIXTURES_H_
