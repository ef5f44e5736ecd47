// cluster_bench: throughput of RecordPayment, CreateInvoices (100-row batches) and GetInvoice
// through one gRPC target, each for --seconds with --clients concurrent clients on their own
// connections, next to what they are compared with in the same run: a raw 100-row INSERT of the
// same invoice rows (one transaction each, straight to the database, --db_port) and an empty gRPC
// handler (the standard health check through the same target). bench/cluster_bench.sh runs it
// through HAProxy with 1 and then 3 replicas in. Prints one line per RPC: calls/s (rows/s for
// CreateInvoices) and failed calls, and the ratios; not a test.
#include <grpcpp/grpcpp.h>
#include <grpcpp/impl/client_unary_call.h>
#include <grpcpp/impl/rpc_method.h>

#include <atomic>
#include <cstdint>
#include <fstream>
#include <functional>
#include <iostream>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "grpc/health/v1/health.pb.h"
#include "huikuan/v1/customer_service.grpc.pb.h"
#include "huikuan/v1/ledger_service.grpc.pb.h"
#include "server/store/connection_pool.h"
#include "server/store/sql_values.h"
#include "server/store/transaction.h"

ABSL_FLAG(std::string, target, "127.0.0.1:50060", "gRPC target");
ABSL_FLAG(std::string, token_file, "", "admin bearer token file");
ABSL_FLAG(std::string, owner, "", "users/{id} of a sales user to own the bench customers");
ABSL_FLAG(int, clients, 16, "concurrent clients, each with its own connection");
ABSL_FLAG(int, seconds, 15, "seconds per RPC");
ABSL_FLAG(std::string, label, "", "printed in front of every line");
ABSL_FLAG(int, db_port, 3501, "database port, to give the bench customers a credit limit");
ABSL_FLAG(std::string, db_user, "huikuan", "database user");
ABSL_FLAG(std::string, db_password_file, "", "file with the database password");

namespace huikuan::bench {
namespace {

std::string ReadTrimmed(const std::string& path) {
  std::ifstream in(path);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return std::string(absl::StripAsciiWhitespace(text));
}

std::shared_ptr<grpc::Channel> OwnChannel(int client) {
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  args.SetInt("huikuan.bench_client", client);
  return grpc::CreateCustomChannel(absl::GetFlag(FLAGS_target), grpc::InsecureChannelCredentials(),
                                   args);
}

std::string Yesterday() {
  return absl::FormatCivilTime(absl::ToCivilDay(absl::Now(), absl::FixedTimeZone(8 * 3600)) - 1);
}

struct Tally {
  int64_t ok = 0;
  int64_t failed = 0;
  std::string first_error;  // "CODE message" of the first failed call
};

// Runs `call(client, i)` in a loop on every client for --seconds.
Tally Drive(const std::function<grpc::Status(int, int64_t)>& call) {
  std::atomic<int64_t> ok{0}, failed{0};
  std::mutex mu;
  std::string first_error;
  const absl::Time end = absl::Now() + absl::Seconds(absl::GetFlag(FLAGS_seconds));
  std::vector<std::thread> threads;
  for (int c = 0; c < absl::GetFlag(FLAGS_clients); ++c) {
    threads.emplace_back([&, c] {
      for (int64_t i = 0; absl::Now() < end; ++i) {
        grpc::Status status = call(c, i);
        if (status.ok()) {
          ok.fetch_add(1);
          continue;
        }
        failed.fetch_add(1);
        std::lock_guard<std::mutex> lock(mu);
        if (first_error.empty()) {
          first_error = absl::StrCat(status.error_code(), " ", status.error_message());
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  return {ok.load(), failed.load(), first_error};
}

std::string Failures(const Tally& tally) {
  if (tally.failed == 0) return "no failed calls";
  return absl::StrCat(tally.failed, " failed calls, first: ", tally.first_error);
}

store::DbConfig BenchDbConfig() {
  store::DbConfig config;
  config.port = absl::GetFlag(FLAGS_db_port);
  config.user = absl::GetFlag(FLAGS_db_user);
  if (!absl::GetFlag(FLAGS_db_password_file).empty()) {
    config.password = ReadTrimmed(absl::GetFlag(FLAGS_db_password_file));
  }
  config.pool_size = 1;
  return config;
}

// Credit limits are set by the approval workflow, which is not what is measured: set directly.
absl::Status GiveCreditLimits(const std::string& run) {
  auto pool = store::ConnectionPool::Create(BenchDbConfig());
  if (!pool.ok()) return pool.status();
  return store::RunInTransaction(**pool, [&](store::ConnectionPool::Lease& db) {
    sql::PreparedStatement& update = db.Prepare(
        "UPDATE customers SET credit_limit_fen = 100000000000000 WHERE display_name LIKE ?");
    update.setString(1, absl::StrCat("Bench ", run, " #%"));
    update.executeUpdate();
    return absl::OkStatus();
  });
}

int Main() {
  const std::string token = ReadTrimmed(absl::GetFlag(FLAGS_token_file));
  const std::string run = absl::StrCat(absl::ToUnixMillis(absl::Now()));
  const int clients = absl::GetFlag(FLAGS_clients);
  const double seconds = absl::GetFlag(FLAGS_seconds);
  auto authorize = [&](grpc::ClientContext& context) {
    context.AddMetadata("authorization", absl::StrCat("Bearer ", token));
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(30)));
  };
  // Two customers per client, so the clients do not queue on one customer row: one takes the
  // invoice batches, the other the payments (with 20 open invoices, as `make bench` has).
  std::vector<std::string> customers;
  {
    auto stub = v1::CustomerService::NewStub(OwnChannel(-1));
    for (int c = 0; c < 2 * clients; ++c) {
      v1::CreateCustomerRequest request;
      request.set_request_id(absl::StrCat("bench-", run, "-customer-", c));
      request.mutable_customer()->set_display_name(absl::StrCat("Bench ", run, " #", c));
      request.mutable_customer()->set_owner(absl::GetFlag(FLAGS_owner));
      v1::CreateCustomerResponse response;
      grpc::ClientContext context;
      authorize(context);
      grpc::Status status = stub->CreateCustomer(&context, request, &response);
      if (!status.ok()) {
        std::cerr << "CreateCustomer: " << status.error_message() << "\n";
        return 1;
      }
      customers.push_back(response.customer().name());
    }
  }
  if (absl::Status limits = GiveCreditLimits(run); !limits.ok()) {
    std::cerr << "credit limits: " << limits << "\n";
    return 1;
  }
  std::vector<std::unique_ptr<v1::LedgerService::Stub>> stubs;
  for (int c = 0; c < clients; ++c) stubs.push_back(v1::LedgerService::NewStub(OwnChannel(c)));
  const std::string day = Yesterday();
  const std::string label = absl::GetFlag(FLAGS_label);

  // CreateInvoices first: the first invoice of a new customer is fully prepaid, later ones need
  // credit, so every row goes to a fresh order; rows/s counts invoices.
  constexpr int kRows = 100;
  std::vector<std::vector<std::string>> invoice_names(clients);
  Tally batches = Drive([&](int c, int64_t i) {
    v1::CreateInvoicesRequest request;
    request.set_request_id(absl::StrCat("bench-", run, "-inv-", c, "-", i));
    for (int row = 0; row < kRows; ++row) {
      v1::Invoice& invoice = *request.add_invoices();
      invoice.set_customer(customers[c]);
      invoice.set_order_number(absl::StrCat("B", run, "-", c, "-", i, "-", row));
      invoice.set_amount_fen(10000 + row);
      invoice.set_invoice_date(day);
    }
    v1::CreateInvoicesResponse response;
    grpc::ClientContext context;
    authorize(context);
    grpc::Status status = stubs[c]->CreateInvoices(&context, request, &response);
    if (status.ok() && invoice_names[c].size() < 1000) {
      for (const auto& created : response.invoices()) invoice_names[c].push_back(created.name());
    }
    return status;
  });
  std::cout << label << "CreateInvoices (" << kRows << " rows): " << batches.ok * kRows / seconds
            << " rows/s (" << Failures(batches) << ")\n";

  // The same rows as a raw multi-row INSERT, one 100-row transaction per call, each client on its
  // own database connection to the writer.
  std::vector<std::unique_ptr<store::ConnectionPool>> pools;
  for (int c = 0; c < clients; ++c) {
    auto pool = store::ConnectionPool::Create(BenchDbConfig());
    if (!pool.ok()) {
      std::cerr << "raw insert pool: " << pool.status() << "\n";
      return 1;
    }
    pools.push_back(*std::move(pool));
  }
  std::vector<int64_t> customer_ids;
  for (const std::string& name : customers) {
    int64_t id = 0;
    if (!absl::SimpleAtoi(absl::StripPrefix(name, "customers/"), &id)) return 1;
    customer_ids.push_back(id);
  }
  const std::string terms =
      R"({"tier":"general","prior_orders":7,"steps":[{"step":"tier_base","days_after":30,)"
      R"("explanation":"tier base terms: 30 days, no prepayment"}]})";
  const std::string insert_sql = absl::StrCat(
      "INSERT INTO invoices (customer_id, order_number, invoice_number, amount_fen, prepaid_fen, "
      "prepayment_bp, invoice_date, due_date, credit_days, status, open_fen, written_off_fen, "
      "terms_breakdown, create_time, update_time, version) VALUES ",
      store::Tuples(kRows, 16));
  Tally raw = Drive([&](int c, int64_t i) {
    absl::Status status = store::RunInTransaction(*pools[c], [&](store::ConnectionPool::Lease& db) {
      sql::PreparedStatement& insert = db.Prepare(insert_sql);
      store::Params params(insert);
      const absl::Time now = absl::Now();
      for (int row = 0; row < kRows; ++row) {
        const std::string order = absl::StrCat("R", run, "-", c, "-", i, "-", row);
        params.Int64(customer_ids[c])
            .String(order)
            .String(absl::StrCat("INV-", customer_ids[c], "-", order))
            .Int64(10000 + row)
            .Int64(0)
            .Int64(0)
            .String(day)
            .String(day)
            .Int(30)
            .String("open")
            .Int64(10000 + row)
            .Int64(0)
            .String(terms)
            .Time(now)
            .Time(now)
            .Int64(1);
      }
      insert.executeUpdate();
      return absl::OkStatus();
    });
    return status.ok() ? grpc::Status::OK
                       : grpc::Status(grpc::StatusCode::ABORTED, std::string(status.message()));
  });
  std::cout << label << "raw INSERT (" << kRows << " rows): " << raw.ok * kRows / seconds
            << " rows/s (" << Failures(raw) << "); CreateInvoices / raw "
            << (raw.ok > 0 ? 100 * batches.ok / raw.ok : 0) << "%\n";

  // 20 open invoices for each payment customer, paid 1 fen at a time (they stay open).
  for (int c = 0; c < clients; ++c) {
    v1::CreateInvoicesRequest request;
    request.set_request_id(absl::StrCat("bench-", run, "-open-", c));
    for (int row = 0; row < 20; ++row) {
      v1::Invoice& invoice = *request.add_invoices();
      invoice.set_customer(customers[clients + c]);
      invoice.set_order_number(absl::StrCat("P", run, "-", c, "-", row));
      invoice.set_amount_fen(100000000);
      invoice.set_invoice_date(day);
    }
    v1::CreateInvoicesResponse response;
    grpc::ClientContext context;
    authorize(context);
    grpc::Status status = stubs[c]->CreateInvoices(&context, request, &response);
    if (!status.ok()) {
      std::cerr << "open invoices: " << status.error_message() << "\n";
      return 1;
    }
  }
  Tally payments = Drive([&](int c, int64_t i) {
    v1::RecordPaymentRequest request;
    request.set_request_id(absl::StrCat("bench-", run, "-pay-", c, "-", i));
    request.mutable_payment()->set_customer(customers[clients + c]);
    request.mutable_payment()->set_amount_fen(1);
    request.mutable_payment()->set_received_date(day);
    v1::RecordPaymentResponse response;
    grpc::ClientContext context;
    authorize(context);
    return stubs[c]->RecordPayment(&context, request, &response);
  });
  std::cout << label << "RecordPayment: " << payments.ok / seconds << " calls/s ("
            << Failures(payments) << ")\n";

  Tally reads = Drive([&](int c, int64_t i) {
    if (invoice_names[c].empty()) return grpc::Status(grpc::StatusCode::NOT_FOUND, "no invoices");
    v1::GetInvoiceRequest request;
    request.set_name(invoice_names[c][i % invoice_names[c].size()]);
    v1::GetInvoiceResponse response;
    grpc::ClientContext context;
    authorize(context);
    return stubs[c]->GetInvoice(&context, request, &response);
  });
  std::cout << label << "GetInvoice: " << reads.ok / seconds << " calls/s (" << Failures(reads)
            << ")\n";

  std::vector<std::shared_ptr<grpc::Channel>> channels;
  for (int c = 0; c < clients; ++c) channels.push_back(OwnChannel(100 + c));
  const grpc::internal::RpcMethod health_check("/grpc.health.v1.Health/Check",
                                               grpc::internal::RpcMethod::NORMAL_RPC);
  Tally empty = Drive([&](int c, int64_t) {
    grpc::health::v1::HealthCheckRequest request;
    grpc::health::v1::HealthCheckResponse response;
    grpc::ClientContext context;
    return grpc::internal::BlockingUnaryCall(channels[c].get(), health_check, &context, request,
                                             &response);
  });
  std::cout << label << "empty handler (health check): " << empty.ok / seconds << " calls/s ("
            << Failures(empty) << "); GetInvoice / empty "
            << (empty.ok > 0 ? 100 * reads.ok / empty.ok : 0) << "%\n";
  return 0;
}

}  // namespace
}  // namespace huikuan::bench

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  return huikuan::bench::Main();
}
