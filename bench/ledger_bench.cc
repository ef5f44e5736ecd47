// Ledger throughput (issue 4), measured in one run against a private MariaDB
// (bench/ledger_bench.sh starts it):
//   1. CreateInvoices through gRPC (validation, locks, terms, credit check, idempotency, audit)
//      in rows/s, next to a raw multi-row INSERT of the same rows (500-row prepared statements,
//      one transaction per 10,000 rows) into the same table: the goal is >= 60% of raw.
//   2. RecordPayment per second with 16 concurrent clients (own channels), each payment applied to
//      the customer's open invoices under the customer lock, next to the least SQL a payment
//      needs (RawPayment) on 16 connections for as long: the ceiling this machine puts on it.
//   3. A point read: GetInvoice calls/s with 16 clients next to an empty gRPC handler (the
//      standard health check: no authentication, no database) and a raw SELECT of the row in the
//      same run, alternating, so the ratio says what authentication, the read and
//      conversion cost, and the raw read what any per-call database read costs at least.
// Every section prints the load average beside its figures (the machine may be shared).
// Usage: ledger_bench [batches=5] [payments_per_client=200] [read_seconds=2]
#include <cppconn/exception.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/impl/client_unary_call.h>
#include <grpcpp/impl/rpc_method.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iterator>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "bench/bench_support.h"
#include "grpc/health/v1/health.pb.h"
#include "huikuan/v1/ledger_service.grpc.pb.h"
#include "server/core/status_macros.h"
#include "server/huikuan_server.h"
#include "server/ops/identity.h"
#include "server/store/customer_store.h"
#include "server/store/identity_store.h"
#include "server/store/ledger_store.h"
#include "server/store/sql_values.h"
#include "server/store/transaction.h"
#include "tests/support/test_database.h"

namespace huikuan {
namespace {

constexpr int kRowsPerBatch = 10'000;
constexpr int kCustomers = 100;
constexpr int kClients = 16;
constexpr int kPayers = 200;

using bench::Die;
using bench::Must;

// "1.23 2.34 3.45": the 1, 5 and 15 minute load averages now.
std::string LoadAverage() {
  std::ifstream in("/proc/loadavg");
  std::string one, five, fifteen;
  in >> one >> five >> fifteen;
  return absl::StrCat(one, " ", five, " ", fifteen);
}

// CPU seconds used so far by this process (server and clients) and by the database server: the
// cost per call that a shared machine's load average does not distort as much as calls/s.
struct CpuSeconds {
  double huikuan = 0;
  double database = 0;
};
double ProcessCpuSeconds(const std::string& stat_path) {
  std::ifstream in(stat_path);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const size_t paren = text.rfind(')');
  if (paren == std::string::npos) return 0;
  std::vector<std::string> fields = absl::StrSplit(text.substr(paren + 2), ' ');
  // Fields 14 and 15 of /proc/PID/stat (utime, stime) are 11 and 12 after "(comm) ".
  if (fields.size() < 13) return 0;
  return (std::atof(fields[11].c_str()) + std::atof(fields[12].c_str())) /
         static_cast<double>(sysconf(_SC_CLK_TCK));
}
CpuSeconds CpuNow() {
  CpuSeconds now;
  now.huikuan = ProcessCpuSeconds("/proc/self/stat");
  if (const char* dir = std::getenv("HUIKUAN_TEST_DB_DIR")) {
    std::ifstream pid_file(absl::StrCat(dir, "/mysqld.pid"));
    std::string pid;
    pid_file >> pid;
    if (!pid.empty()) now.database = ProcessCpuSeconds(absl::StrCat("/proc/", pid, "/stat"));
  }
  return now;
}
// "huikuan 123 us, MariaDB 45 us" per unit of work since `start`.
std::string CpuPer(const CpuSeconds& start, double units) {
  const CpuSeconds end = CpuNow();
  return absl::StrFormat("huikuan %.0f us, MariaDB %.0f us",
                         1e6 * (end.huikuan - start.huikuan) / units,
                         1e6 * (end.database - start.database) / units);
}

// What the database server has done so far: its `Questions` (client statements, prepared or
// not, START TRANSACTION and COMMIT included: per call, the round trips a call costs) and its
// fsyncs (InnoDB's, the redo log's at every durable commit among them: per payment, how well
// group commit shares them between the concurrent clients).
struct ServerCounters {
  int64_t statements = 0;
  int64_t fsyncs = 0;
};
ServerCounters Counters(store::ConnectionPool& pool) {
  auto counters = store::RunInTransaction<ServerCounters>(
      pool, [](store::ConnectionPool::Lease& db) -> absl::StatusOr<ServerCounters> {
        std::unique_ptr<sql::Statement> statement(db.connection().createStatement());
        std::unique_ptr<sql::ResultSet> rows(statement->executeQuery(
            "SHOW GLOBAL STATUS WHERE Variable_name IN ('Questions', 'Innodb_data_fsyncs')"));
        ServerCounters counters;
        while (rows->next()) {
          (rows->getString(1) == "Questions" ? counters.statements : counters.fsyncs) =
              rows->getInt64(2);
        }
        return counters;
      });
  return counters.ok() ? *counters : ServerCounters{};
}
int64_t Statements(store::ConnectionPool& pool) { return Counters(pool).statements; }

// Runs `call(client)` on 16 clients (each its own channel, made by `connect`) for `duration`;
// returns successful calls/s, and the first failure's message in `error`.
double DriveFor(absl::Duration duration,
                const std::function<std::function<grpc::Status()>(int client)>& connect,
                std::string& error, CpuSeconds& cpu_used) {
  std::vector<std::function<grpc::Status()>> calls;
  for (int t = 0; t < kClients; ++t) calls.push_back(connect(t));
  std::atomic<int64_t> ok{0};
  std::atomic<bool> failed{false};
  std::vector<std::thread> threads;
  const CpuSeconds cpu_start = CpuNow();
  const absl::Time start = absl::Now();
  const absl::Time end = start + duration;
  for (int t = 0; t < kClients; ++t) {
    threads.emplace_back([&, t] {
      while (absl::Now() < end) {
        grpc::Status status = calls[t]();
        if (status.ok()) {
          ok.fetch_add(1);
        } else if (!failed.exchange(true)) {
          error = status.error_message();
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  const CpuSeconds cpu_end = CpuNow();
  cpu_used.huikuan += (cpu_end.huikuan - cpu_start.huikuan) / static_cast<double>(ok.load());
  cpu_used.database += (cpu_end.database - cpu_start.database) / static_cast<double>(ok.load());
  return static_cast<double>(ok.load()) / absl::ToDoubleSeconds(absl::Now() - start);
}

v1::Invoice Row(int64_t customer_id, const std::string& order, int64_t amount) {
  v1::Invoice invoice;
  invoice.set_customer(absl::StrCat("customers/", customer_id));
  invoice.set_order_number(order);
  invoice.set_amount_fen(amount);
  invoice.set_invoice_date("2026-06-15");
  return invoice;
}

// The same rows straight into the table: one transaction, 500-row multi-row INSERTs, the
// terms text the service would have stored for a standard-terms order.
absl::Status RawInsert(store::ConnectionPool& pool, const std::vector<int64_t>& customers,
                       const std::string& prefix) {
  return store::RunInTransaction(pool, [&](store::ConnectionPool::Lease& db) -> absl::Status {
    constexpr int kColumns = 16;
    constexpr int kChunk = 500;
    const std::string terms =
        R"({"tier":"general","prior_orders":7,"steps":[{"step":"tier_base","days_after":30,)"
        R"("explanation":"tier base terms: 30 days, no prepayment"}]})";
    const absl::Time now = absl::Now();
    std::string placeholders = "(";
    for (int c = 0; c < kColumns; ++c) absl::StrAppend(&placeholders, c == 0 ? "?" : ", ?");
    placeholders += ")";
    std::vector<std::string> rows(kChunk, placeholders);
    auto& insert = db.Prepare(absl::StrCat(
        "INSERT INTO invoices (customer_id, order_number, invoice_number, amount_fen, "
        "prepaid_fen, prepayment_bp, invoice_date, due_date, credit_days, status, open_fen, "
        "written_off_fen, terms_breakdown, create_time, update_time, version) VALUES ",
        absl::StrJoin(rows, ", ")));
    for (int begin = 0; begin < kRowsPerBatch; begin += kChunk) {
      for (int r = 0; r < kChunk; ++r) {
        const int i = begin + r;
        const int64_t customer = customers[i % kCustomers];
        const int base = r * kColumns;
        const std::string order = absl::StrCat(prefix, i);
        insert.setInt64(base + 1, customer);
        insert.setString(base + 2, order);
        insert.setString(base + 3, absl::StrCat("INV-", customer, "-", order));
        insert.setInt64(base + 4, 100'000 + i);
        insert.setInt64(base + 5, 0);
        insert.setInt64(base + 6, 0);
        insert.setString(base + 7, "2026-06-15");
        insert.setString(base + 8, "2026-07-15");
        insert.setInt(base + 9, 30);
        insert.setString(base + 10, "open");
        insert.setInt64(base + 11, 100'000 + i);
        insert.setInt64(base + 12, 0);
        insert.setString(base + 13, terms);
        store::SetTimestamp(insert, base + 14, now);
        store::SetTimestamp(insert, base + 15, now);
        insert.setInt64(base + 16, 1);
      }
      insert.executeUpdate();
    }
    return absl::OkStatus();
  });
}

// The least SQL a payment needs, straight to the database with no gRPC, authentication,
// idempotency or audit: lock the customer, read its oldest open invoice, insert the payment,
// reduce the invoice, insert the allocation, commit (6 round trips; RecordPayment makes 9). The
// ceiling that the durable database and this machine put on any payment service;
// CheckLedgerInvariants still holds after it.
absl::Status RawPayment(store::ConnectionPool::Lease& db, int64_t customer_id, int64_t amount) {
  // The customer's lock serializes its payments, as RecordPayment's does.
  auto& lock = db.Prepare("SELECT id FROM customers WHERE id = ? FOR UPDATE");
  store::Params(lock).Int64(customer_id);
  store::Query(lock);
  auto& oldest = db.Prepare(
      "SELECT id FROM invoices FORCE INDEX (invoices_customer_status_due) WHERE customer_id = ? "
      "AND status = 'open' AND open_fen >= ? ORDER BY due_date, id LIMIT 1");
  store::Params(oldest).Int64(customer_id).Int64(amount);
  auto invoice = store::Query(oldest);
  if (!invoice->next()) return absl::FailedPreconditionError("no open invoice");
  const int64_t invoice_id = invoice->getInt64(1);
  const absl::Time now = absl::Now();
  auto& payment = db.Prepare(
      "INSERT INTO payments (customer_id, amount_fen, reference, received_date, status, "
      "unapplied_fen, reversal_reason, create_time, update_time) VALUES (?, ?, '', '2026-07-01', "
      "'received', 0, '', ?, ?) RETURNING id");
  store::Params(payment).Int64(customer_id).Int64(amount).Time(now).Time(now);
  auto inserted = store::Query(payment);
  inserted->next();
  const int64_t payment_id = inserted->getInt64(1);
  auto& reduce = db.Prepare(
      "UPDATE invoices SET open_fen = open_fen - ?, update_time = ?, version = version + 1 "
      "WHERE id = ?");
  store::Params(reduce).Int64(amount).Time(now).Int64(invoice_id);
  reduce.executeUpdate();
  auto& allocate = db.Prepare(
      "INSERT INTO payment_allocations (payment_id, invoice_id, amount_fen, rule, create_time) "
      "VALUES (?, ?, ?, 'oldest_first', ?)");
  store::Params(allocate).Int64(payment_id).Int64(invoice_id).Int64(amount).Time(now);
  allocate.executeUpdate();
  db.Commit();
  return absl::OkStatus();
}

// The least SQL a point read needs: one prepared SELECT of the invoice row by primary key in
// autocommit mode (one round trip; GetInvoice makes 2, the read and its COMMIT).
absl::Status RawRead(store::ConnectionPool::Lease& db, int64_t invoice_id) {
  auto& select = db.Prepare("SELECT * FROM invoices WHERE id = ?");
  store::Params(select).Int64(invoice_id);
  auto rows = store::Query(select);
  if (!rows->next()) return absl::NotFoundError("no invoice");
  return absl::OkStatus();
}

// A DriveFor client that runs `call(lease, k)` (k = 0, 1, ...) on a connection of its own,
// leased from `pool` for the client's lifetime.
std::function<grpc::Status()> RawClient(
    store::ConnectionPool& pool,
    std::function<absl::Status(store::ConnectionPool::Lease&, int64_t k)> call) {
  auto lease = std::make_shared<store::ConnectionPool::Lease>(Must(pool.Acquire(), "raw lease"));
  auto next = std::make_shared<int64_t>(0);
  return [lease, next, call] {
    absl::Status status;
    try {
      status = call(*lease, (*next)++);
    } catch (const sql::SQLException& e) {
      status = absl::InternalError(e.what());
    }
    return status.ok() ? grpc::Status::OK
                       : grpc::Status(grpc::StatusCode::INTERNAL, status.ToString());
  };
}

int Main(int argc, char** argv) {
  // As huikuan-server's main does (server/main.cc).
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  const int batches = argc > 1 ? std::atoi(argv[1]) : 5;
  const int payments_per_client = argc > 2 ? std::atoi(argv[2]) : 200;
  const int read_seconds = argc > 3 ? std::atoi(argv[3]) : 2;
  auto db = Must(testing::TestDatabase::Create("ledger_bench"), "test database");
  ServerOptions options;
  options.listen_address = "127.0.0.1:0";
  options.db = db->config();
  options.db.pool_size = kClients;  // as `--db_pool_size` defaults to in huikuan-server
  options.log_rpcs = false;
  auto server = Must(HuikuanServer::Start(options), "server");

  // A finance user with a token and the customers (past the new-customer ladder, so every order
  // in the measurement is on standard terms, like the raw rows).
  std::string token;
  int64_t owner_id = 0;
  std::vector<int64_t> customers;
  absl::Status setup =
      store::RunInTransaction(db->pool(), [&](store::ConnectionPool::Lease& lease) -> absl::Status {
        store::UserRecord user;
        user.username = "bench.finance";
        user.display_name = "bench";
        user.department = "finance";
        user.level = "head";
        user.create_time = absl::Now();
        user = store::InsertUser(lease, user);
        store::UserRecord owner = user;
        owner.username = "bench.sales";
        owner.department = "sales";
        owner = store::InsertUser(lease, owner);
        owner_id = owner.id;
        HK_RETURN_IF_ERROR(ops::RunWrite(lease, ops::Caller::System("bench"), "bench setup", "",
                                         absl::Now(), [&](ops::WriteScope& write) -> absl::Status {
                                           absl::StatusOr<ops::IssuedToken> issued =
                                               ops::IssueToken(write, user.id, absl::Hours(2),
                                                               "bench");
                                           if (!issued.ok()) return issued.status();
                                           token = issued->secret;
                                           return absl::OkStatus();
                                         }));
        for (int c = 0; c < kCustomers; ++c) {
          store::CustomerRecord customer;
          customer.display_name = absl::StrCat("Bench Co ", c);
          customer.owner_user_id = owner.id;
          customer.create_time = customer.update_time = absl::Now();
          customer = store::InsertCustomer(lease, customer);
          store::SetCustomerCredit(lease, customer.id, 100'000'000'000'000,
                                   core::CreditStatus::kActive, core::Tier::kGeneral);
          customers.push_back(customer.id);
        }
        return absl::OkStatus();
      });
  if (!setup.ok()) Die(setup, "setup");

  auto channel = grpc::CreateChannel(server->target(), grpc::InsecureChannelCredentials());
  auto stub = v1::LedgerService::NewStub(channel);
  auto call_batch = [&](const v1::CreateInvoicesRequest& request) {
    grpc::ClientContext context;
    context.AddMetadata("authorization", absl::StrCat("Bearer ", token));
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::minutes(5));
    v1::CreateInvoicesResponse response;
    grpc::Status status = stub->CreateInvoices(&context, request, &response);
    if (!status.ok()) {
      Die(absl::InternalError(status.error_message()), "CreateInvoices");
    }
    return response;
  };
  // Warm-up: the ladder orders of every customer, and the statement caches.
  {
    v1::CreateInvoicesRequest warm;
    warm.set_request_id("bench-warmup");
    for (int i = 0; i < 3 * kCustomers; ++i) {
      *warm.add_invoices() = Row(customers[i % kCustomers], absl::StrCat("W-", i), 100'000);
    }
    call_batch(warm);
    if (absl::Status s = RawInsert(db->pool(), customers, "RW-"); !s.ok()) Die(s, "raw warm-up");
  }

  std::printf("load average at start: %s\n\n", LoadAverage().c_str());
  absl::Duration service_time;
  absl::Duration raw_time;
  CpuSeconds service_cpu;
  CpuSeconds raw_cpu;
  for (int b = 0; b < batches; ++b) {
    v1::CreateInvoicesRequest request;
    request.set_request_id(absl::StrCat("bench-batch-", b));
    for (int i = 0; i < kRowsPerBatch; ++i) {
      *request.add_invoices() =
          Row(customers[i % kCustomers], absl::StrCat("S", b, "-", i), 100'000 + i);
    }
    CpuSeconds cpu = CpuNow();
    absl::Time start = absl::Now();
    call_batch(request);
    service_time += absl::Now() - start;
    CpuSeconds cpu_after = CpuNow();
    service_cpu.huikuan += cpu_after.huikuan - cpu.huikuan;
    service_cpu.database += cpu_after.database - cpu.database;
    cpu = cpu_after;
    start = absl::Now();
    if (absl::Status s = RawInsert(db->pool(), customers, absl::StrCat("R", b, "-")); !s.ok()) {
      Die(s, "raw insert");
    }
    raw_time += absl::Now() - start;
    cpu_after = CpuNow();
    raw_cpu.huikuan += cpu_after.huikuan - cpu.huikuan;
    raw_cpu.database += cpu_after.database - cpu.database;
  }
  const double rows = static_cast<double>(batches) * kRowsPerBatch;
  const double service_rate = rows / absl::ToDoubleSeconds(service_time);
  const double raw_rate = rows / absl::ToDoubleSeconds(raw_time);
  std::printf("%-52s %12s\n", "invoice ingest (10,000-row batches)", "rows/s");
  std::printf("%-52s %12.0f\n", "CreateInvoices over gRPC (validate, terms, audit)", service_rate);
  std::printf("%-52s %12.0f\n", "raw multi-row INSERT of the same rows", raw_rate);
  std::printf("%-52s %11.0f%%\n", "CreateInvoices / raw", 100.0 * service_rate / raw_rate);
  std::printf(
      "CPU per row: CreateInvoices huikuan %.0f us, MariaDB %.0f us; raw huikuan %.0f us, "
      "MariaDB %.0f us\n",
      1e6 * service_cpu.huikuan / rows, 1e6 * service_cpu.database / rows,
      1e6 * raw_cpu.huikuan / rows, 1e6 * raw_cpu.database / rows);
  std::printf("%-52s %12s\n", "load average", LoadAverage().c_str());

  // Payments: 16 clients on their own channels against 200 other customers with 20 open invoices
  // each (a realistic open book; the ingest customers above hold thousands). Each customer is
  // shared by several clients, so its lock is contended.
  std::vector<int64_t> payers;
  v1::CreateInvoicesResponse open_book_invoices;
  absl::Status payers_setup =
      store::RunInTransaction(db->pool(), [&](store::ConnectionPool::Lease& lease) -> absl::Status {
        for (int c = 0; c < kPayers; ++c) {
          store::CustomerRecord customer;
          customer.display_name = absl::StrCat("Payer Co ", c);
          customer.owner_user_id = customers.empty() ? 0 : owner_id;
          customer.create_time = customer.update_time = absl::Now();
          customer = store::InsertCustomer(lease, customer);
          store::SetCustomerCredit(lease, customer.id, 100'000'000'000'000,
                                   core::CreditStatus::kActive, core::Tier::kGeneral);
          payers.push_back(customer.id);
        }
        return absl::OkStatus();
      });
  if (!payers_setup.ok()) Die(payers_setup, "payers");
  {
    v1::CreateInvoicesRequest open_book;
    open_book.set_request_id("bench-open-book");
    for (int i = 0; i < kPayers * 20; ++i) {
      *open_book.add_invoices() = Row(payers[i % kPayers], absl::StrCat("P-", i), 1'000'000);
    }
    open_book_invoices = call_batch(open_book);
  }
  std::atomic<int> failures{0};
  std::vector<std::thread> clients;
  const ServerCounters payments_counters = Counters(db->pool());
  const CpuSeconds payments_cpu = CpuNow();
  const absl::Time start = absl::Now();
  for (int t = 0; t < kClients; ++t) {
    clients.emplace_back([&, t] {
      grpc::ChannelArguments args;
      args.SetInt("bench.client", t);  // distinct args: a connection of its own
      auto own =
          grpc::CreateCustomChannel(server->target(), grpc::InsecureChannelCredentials(), args);
      auto client = v1::LedgerService::NewStub(own);
      for (int k = 0; k < payments_per_client; ++k) {
        v1::RecordPaymentRequest request;
        request.set_request_id(absl::StrCat("bench-pay-", t, "-", k));
        request.mutable_payment()->set_customer(
            absl::StrCat("customers/", payers[(t + k * kClients) % kPayers]));
        request.mutable_payment()->set_amount_fen(25'000 + k);
        request.mutable_payment()->set_received_date("2026-07-01");
        for (int attempt = 0; attempt < 20; ++attempt) {
          grpc::ClientContext context;
          context.AddMetadata("authorization", absl::StrCat("Bearer ", token));
          v1::RecordPaymentResponse response;
          grpc::Status status = client->RecordPayment(&context, request, &response);
          if (status.ok()) break;
          if (status.error_code() != grpc::StatusCode::ABORTED) {
            ++failures;
            break;
          }
        }
      }
    });
  }
  for (auto& client : clients) client.join();
  const double seconds = absl::ToDoubleSeconds(absl::Now() - start);
  const int payments = kClients * payments_per_client;
  std::printf("\n%-52s %12s\n", "RecordPayment, 16 concurrent clients, 20 open invoices",
              "payments/s");
  std::printf("%-52s %12.0f\n", absl::StrCat(payments, " payments").c_str(), payments / seconds);
  std::printf("CPU per payment: %s\n", CpuPer(payments_cpu, payments).c_str());
  const ServerCounters after_payments = Counters(db->pool());
  std::printf(
      "database statements per payment (incl. authentication): %.1f\n",
      static_cast<double>(after_payments.statements - payments_counters.statements - 1) / payments);
  std::printf("database fsyncs per payment (group commit shares one between clients): %.2f\n",
              static_cast<double>(after_payments.fsyncs - payments_counters.fsyncs) / payments);
  if (failures > 0) std::printf("failed payments: %d\n", failures.load());

  // The same payments as raw SQL on 16 connections of their own, for as long; the raw reads
  // below on 16 more in autocommit mode.
  store::DbConfig raw_config = db->config();
  raw_config.pool_size = kClients;
  auto raw_pool = Must(store::ConnectionPool::Create(raw_config), "raw pool");
  raw_config.autocommit = true;
  auto raw_read_pool = Must(store::ConnectionPool::Create(raw_config), "raw read pool");
  std::string raw_error;
  CpuSeconds raw_payment_cpu;
  const double raw_payment_rate = DriveFor(
      absl::Seconds(seconds),
      [&](int t) {
        return RawClient(*raw_pool, [&, t](store::ConnectionPool::Lease& lease, int64_t k) {
          return RawPayment(lease, payers[(t + k * kClients) % kPayers], 25'000 + k % 1000);
        });
      },
      raw_error, raw_payment_cpu);
  std::printf("%-52s %12.0f\n", "raw SQL of a payment (lock, read, 2 inserts, update)",
              raw_payment_rate);
  std::printf("%-52s %11.0f%%\n", "RecordPayment / raw",
              100.0 * payments / seconds / raw_payment_rate);
  std::printf("CPU per raw payment: huikuan (client library) %.0f us, MariaDB %.0f us\n",
              1e6 * raw_payment_cpu.huikuan, 1e6 * raw_payment_cpu.database);
  if (!raw_error.empty()) {
    std::printf("failed raw payments: %s\n", raw_error.c_str());
    ++failures;
  }
  std::printf("%-52s %12s\n", "load average", LoadAverage().c_str());

  // Point reads: the empty handler and GetInvoice alternate (twice each) so that both see the
  // same machine; each client reads invoices of the open book in turn.
  std::vector<std::string> invoice_names;
  for (const auto& row : open_book_invoices.invoices()) invoice_names.push_back(row.name());
  if (invoice_names.empty()) Die(absl::InternalError("no invoice names"), "open book");
  auto channel_for = [&](int t) {
    grpc::ChannelArguments args;
    args.SetInt("bench.reader", t);
    return grpc::CreateCustomChannel(server->target(), grpc::InsecureChannelCredentials(), args);
  };
  const grpc::internal::RpcMethod health_check("/grpc.health.v1.Health/Check",
                                               grpc::internal::RpcMethod::NORMAL_RPC);
  auto empty_handler = [&](int t) -> std::function<grpc::Status()> {
    auto own = channel_for(t);
    return [&health_check, own] {
      grpc::ClientContext context;
      grpc::health::v1::HealthCheckRequest request;
      grpc::health::v1::HealthCheckResponse response;
      return grpc::internal::BlockingUnaryCall(own.get(), health_check, &context, request,
                                               &response);
    };
  };
  auto get_invoice = [&](int t) -> std::function<grpc::Status()> {
    std::shared_ptr<v1::LedgerService::Stub> client = v1::LedgerService::NewStub(channel_for(t));
    auto next = std::make_shared<size_t>(static_cast<size_t>(t) * 37);
    return [&, client, next] {
      grpc::ClientContext context;
      context.AddMetadata("authorization", absl::StrCat("Bearer ", token));
      v1::GetInvoiceRequest request;
      request.set_name(invoice_names[(*next)++ % invoice_names.size()]);
      v1::GetInvoiceResponse response;
      return client->GetInvoice(&context, request, &response);
    };
  };
  auto raw_read = [&](int t) {
    return RawClient(*raw_read_pool, [&, t](store::ConnectionPool::Lease& lease, int64_t k) {
      const std::string& name =
          invoice_names[(static_cast<size_t>(t) * 37 + k) % invoice_names.size()];
      return RawRead(lease, std::atoll(name.c_str() + name.find('/') + 1));
    });
  };
  std::string read_error;
  double empty_rate = 0;
  double read_rate = 0;
  double raw_read_rate = 0;
  CpuSeconds empty_cpu;
  CpuSeconds read_cpu;
  CpuSeconds raw_read_cpu;
  const absl::Duration phase = absl::Seconds(read_seconds);
  for (int round = 0; round < 2; ++round) {
    empty_rate += DriveFor(phase, empty_handler, read_error, empty_cpu) / 2;
    read_rate += DriveFor(phase, get_invoice, read_error, read_cpu) / 2;
    raw_read_rate += DriveFor(phase, raw_read, read_error, raw_read_cpu) / 2;
  }
  std::printf("\n%-52s %12s\n", "point read, 16 concurrent clients", "calls/s");
  std::printf("%-52s %12.0f\n", "empty gRPC handler (grpc.health.v1.Health/Check)", empty_rate);
  std::printf("%-52s %12.0f\n", "GetInvoice (auth, autocommit read, convert)", read_rate);
  std::printf("%-52s %11.0f%%\n", "GetInvoice / empty handler", 100.0 * read_rate / empty_rate);
  std::printf(
      "CPU per call: empty handler huikuan %.0f us; GetInvoice huikuan %.0f us, MariaDB "
      "%.0f us\n",
      1e6 * empty_cpu.huikuan / 2, 1e6 * read_cpu.huikuan / 2, 1e6 * read_cpu.database / 2);
  // An empty call that also made the raw read would cost both; on a CPU-bound machine its rate
  // is the empty handler's times empty / (empty + raw read) CPU: the most any GetInvoice that
  // reads the database once per call can reach here.
  const double empty_call_cpu = empty_cpu.huikuan / 2;
  const double raw_read_call_cpu = (raw_read_cpu.huikuan + raw_read_cpu.database) / 2;
  std::printf("%-52s %12.0f\n", "raw SELECT of the invoice row (no gRPC, autocommit)",
              raw_read_rate);
  std::printf("CPU per raw read: huikuan (client library) %.0f us, MariaDB %.0f us\n",
              1e6 * raw_read_cpu.huikuan / 2, 1e6 * raw_read_cpu.database / 2);
  std::printf("%-52s %11.0f%%\n", "ceiling: empty handler + raw read, / empty handler",
              100.0 * empty_call_cpu / (empty_call_cpu + raw_read_call_cpu));
  {
    auto count_reads = get_invoice(0);
    const int64_t before = Statements(db->pool());
    for (int i = 0; i < 100; ++i) count_reads();
    std::printf("database statements per GetInvoice (incl. authentication): %.1f\n",
                static_cast<double>(Statements(db->pool()) - before - 1) / 100);
  }
  std::printf("%-52s %12s\n", "load average", LoadAverage().c_str());
  if (!read_error.empty()) {
    std::printf("failed reads: %s\n", read_error.c_str());
    ++failures;
  }

  auto violations = store::RunInTransaction<std::vector<std::string>>(
      db->pool(),
      [&](store::ConnectionPool::Lease& lease) -> absl::StatusOr<std::vector<std::string>> {
        return store::CheckLedgerInvariants(lease);
      });
  if (!violations.ok() || !violations->empty()) {
    std::printf("ledger invariants VIOLATED\n");
    return 1;
  }
  std::printf("ledger invariants hold\n");
  return failures > 0 ? 1 : 0;
}

}  // namespace
}  // namespace huikuan

int main(int argc, char** argv) { return huikuan::Main(argc, argv); }
