// cluster_fault_load: N clients write invoices and payments through one gRPC target (HAProxy in
// front of the replicas, or a single server) while a test script injects faults, then checks the
// database: every acknowledged write present exactly once, no payment applied twice, the ledger
// invariants hold, totals exact to the fen (on every database node given). Exit 0 only then.
//
//   cluster_fault_load --target=127.0.0.1:50060 --token_file=var/cluster/admin.token
//       --db_ports=3501,3502,3503 --db_user=huikuan --db_password_file=... --stop_file=/tmp/stop
//
// Each client has its own channel (its own HTTP/2 connection) and loops: CreateInvoice,
// RecordPayment, CreateInvoices (3 rows), ... every call retried with its request_id until
// acknowledged (retrying_call.h). New writes start until --stop_file appears or --max_seconds
// pass; writes in flight then finish. Afterwards every 5th acknowledged request is sent once
// more and must replay the first response.
#include <grpcpp/grpcpp.h>

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "huikuan/v1/customer_service.grpc.pb.h"
#include "huikuan/v1/ledger_service.grpc.pb.h"
#include "server/store/connection_pool.h"
#include "server/store/ledger_store.h"
#include "server/store/transaction.h"
#include "tests/cluster/retrying_call.h"

ABSL_FLAG(std::string, target, "127.0.0.1:50060", "gRPC target (HAProxy or one server)");
ABSL_FLAG(std::string, token_file, "", "admin bearer token file");
ABSL_FLAG(int, clients, 16, "concurrent clients, each with its own channel");
ABSL_FLAG(int, customers, 8, "customers created for the run (clients share them)");
ABSL_FLAG(std::string, stop_file, "", "stop starting new writes once this file exists");
ABSL_FLAG(int, max_seconds, 120, "stop starting new writes after this many seconds regardless");
ABSL_FLAG(int, give_up_seconds, 180, "a write not acknowledged after this long fails the run");
ABSL_FLAG(std::string, db_host, "127.0.0.1", "database host for the checks");
ABSL_FLAG(std::string, db_ports, "3501", "database ports to check, comma-separated (every node)");
ABSL_FLAG(std::string, db_user, "root", "database user for the checks");
ABSL_FLAG(std::string, db_password_file, "", "file holding the database password (none: empty)");
ABSL_FLAG(std::string, db_name, "huikuan", "database name");

namespace huikuan::testing {
namespace {

using v1::CustomerService;
using v1::LedgerService;

// What the server acknowledged, to be found in the database afterwards.
struct Acknowledged {
  std::mutex mu;
  std::map<std::string, int64_t> invoice_amounts;     // invoices/{id} -> amount_fen
  std::map<std::string, std::string> invoice_orders;  // invoices/{id} -> the order number sent
  int64_t invoice_rows = 0;  // acknowledged rows; more than names: two rows got one name
  std::map<std::string, int64_t> payment_amounts;  // payments/{id} -> amount_fen
  int64_t invoice_total = 0;
  int64_t payment_total = 0;
  // Replays to send again at the end: request id -> the name first returned.
  std::vector<std::pair<v1::RecordPaymentRequest, std::string>> payment_replays;
  std::vector<std::pair<v1::CreateInvoiceRequest, std::string>> invoice_replays;
};

std::string ReadTrimmed(const std::string& path) {
  std::ifstream in(path);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return std::string(absl::StripAsciiWhitespace(text));
}

// Yesterday in Asia/Shanghai (UTC+8, no DST): a business day that is never in the future.
std::string BusinessDay() {
  const absl::CivilDay today = absl::ToCivilDay(absl::Now(), absl::FixedTimeZone(8 * 60 * 60));
  return absl::FormatCivilTime(today - 1);
}

std::shared_ptr<grpc::Channel> OwnChannel(const std::string& target, int client) {
  grpc::ChannelArguments args;
  // A connection of its own per client (gRPC would share one per target otherwise).
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  args.SetInt("huikuan.fault_client", client);
  return grpc::CreateCustomChannel(target, grpc::InsecureChannelCredentials(), args);
}

store::DbConfig DbConfigFor(int port) {
  store::DbConfig config;
  config.host = absl::GetFlag(FLAGS_db_host);
  config.port = port;
  config.user = absl::GetFlag(FLAGS_db_user);
  if (!absl::GetFlag(FLAGS_db_password_file).empty()) {
    config.password = ReadTrimmed(absl::GetFlag(FLAGS_db_password_file));
  }
  config.database = absl::GetFlag(FLAGS_db_name);
  config.pool_size = 2;
  return config;
}

std::vector<int> DbPorts() {
  std::vector<int> ports;
  for (absl::string_view part : absl::StrSplit(absl::GetFlag(FLAGS_db_ports), ',')) {
    int port = 0;
    if (absl::SimpleAtoi(part, &port)) ports.push_back(port);
  }
  return ports;
}

// One statement's single integer result.
absl::StatusOr<int64_t> QueryInt(store::ConnectionPool& pool, const std::string& sql,
                                 const std::string& argument = "") {
  return store::RunInTransaction<int64_t>(
      pool, [&](store::ConnectionPool::Lease& db) -> absl::StatusOr<int64_t> {
        sql::PreparedStatement& statement = db.Prepare(sql);
        if (!argument.empty()) statement.setString(1, argument);
        std::unique_ptr<sql::ResultSet> rows(statement.executeQuery());
        if (!rows->next()) return absl::NotFoundError("no row");
        return static_cast<int64_t>(rows->isNull(1) ? 0 : rows->getInt64(1));
      });
}

class FaultLoad {
 public:
  FaultLoad() : run_(absl::StrCat(absl::ToUnixSeconds(absl::Now()) % 100000000)) {}

  bool Run() {
    token_ = ReadTrimmed(absl::GetFlag(FLAGS_token_file));
    if (token_.empty()) {
      std::cerr << "no token in --token_file\n";
      return false;
    }
    if (!CreateCustomers()) return false;
    const absl::Time start = absl::Now();
    std::vector<std::thread> clients;
    for (int c = 0; c < absl::GetFlag(FLAGS_clients); ++c) {
      clients.emplace_back([this, c] { Client(c); });
    }
    for (std::thread& client : clients) client.join();
    const absl::Duration took = absl::Now() - start;
    std::cout << "fault load: " << counters_.writes.load() << " writes acknowledged ("
              << acknowledged_.invoice_amounts.size() << " invoices, "
              << acknowledged_.payment_amounts.size() << " payments) by "
              << absl::GetFlag(FLAGS_clients) << " clients in " << absl::FormatDuration(took)
              << "; " << counters_.attempts.load() << " attempts, " << counters_.retries.load()
              << " retries (at most " << counters_.max_attempts_one_write.load()
              << " attempts for one write); failed attempts: " << counters_.FailureSummary()
              << "\n";
    if (failed_.load()) {
      std::cerr << "FAILED: a write was refused or not acknowledged in time (see above)\n";
      return false;
    }
    if (acknowledged_.invoice_amounts.empty() || acknowledged_.payment_amounts.empty()) {
      std::cerr << "FAILED: no invoice or no payment was acknowledged\n";
      return false;
    }
    bool ok = Replay();
    for (int port : DbPorts()) ok = Verify(port) && ok;
    return ok;
  }

 private:
  bool Stopping(absl::Time started) const {
    const std::string& stop_file = absl::GetFlag(FLAGS_stop_file);
    if (!stop_file.empty() && std::filesystem::exists(stop_file)) return true;
    return absl::Now() - started > absl::Seconds(absl::GetFlag(FLAGS_max_seconds));
  }

  // Customers owned by a sales user of the demo data, with a credit limit set in the database
  // (setting one through the API needs the credit approval workflow, which is not under test).
  bool CreateCustomers() {
    auto pool = store::ConnectionPool::Create(DbConfigFor(DbPorts().front()));
    if (!pool.ok()) return Fail(pool.status().ToString());
    absl::StatusOr<int64_t> owner = QueryInt(
        **pool, "SELECT MIN(id) FROM users WHERE department = 'sales' AND level = 'staff'");
    if (!owner.ok() || *owner == 0) return Fail("no sales user (load demo data first)");
    auto channel = OwnChannel(absl::GetFlag(FLAGS_target), -1);
    auto stub = CustomerService::NewStub(channel);
    for (int i = 0; i < absl::GetFlag(FLAGS_customers); ++i) {
      v1::CreateCustomerRequest request;
      request.set_request_id(absl::StrCat("fault-", run_, "-customer-", i));
      request.mutable_customer()->set_display_name(absl::StrCat("Fault Test ", run_, " #", i));
      request.mutable_customer()->set_owner(absl::StrCat("users/", *owner));
      v1::CreateCustomerResponse response;
      grpc::Status status = CallUntilAcknowledged(
          counters_, absl::Seconds(absl::GetFlag(FLAGS_give_up_seconds)), absl::Seconds(10),
          [&](grpc::ClientContext& context) {
            return stub->CreateCustomer(&context, request, &response);
          },
          token_);
      if (!status.ok()) return Fail(absl::StrCat("CreateCustomer: ", status.error_message()));
      customers_.push_back(response.customer().name());
    }
    absl::Status limits = store::RunInTransaction(**pool, [&](store::ConnectionPool::Lease& db) {
      sql::PreparedStatement& update = db.Prepare(
          "UPDATE customers SET credit_limit_fen = 100000000000000 WHERE display_name LIKE ?");
      update.setString(1, absl::StrCat("Fault Test ", run_, " #%"));
      update.executeUpdate();
      return absl::OkStatus();
    });
    if (!limits.ok()) return Fail(limits.ToString());
    return true;
  }

  bool Fail(const std::string& why) {
    std::cerr << "FAILED: " << why << "\n";
    failed_.store(true);
    return false;
  }

  // One client's loop of logical writes.
  void Client(int c) {
    auto ledger = LedgerService::NewStub(OwnChannel(absl::GetFlag(FLAGS_target), c));
    std::mt19937_64 random(c * 7919 + 1);
    const absl::Time started = absl::Now();
    const absl::Duration give_up = absl::Seconds(absl::GetFlag(FLAGS_give_up_seconds));
    for (int i = 0; !Stopping(started) && !failed_.load(); ++i) {
      const std::string& customer = customers_[(c + i) % customers_.size()];
      const std::string id = absl::StrCat("fault-", run_, "-", c, "-", i);
      grpc::Status status;
      switch (i % 3) {
        case 0: {
          v1::CreateInvoiceRequest request;
          request.set_request_id(id);
          v1::Invoice& invoice = *request.mutable_invoice();
          invoice.set_customer(customer);
          invoice.set_order_number(absl::StrCat("F", run_, "-", c, "-", i));
          invoice.set_amount_fen(100 + static_cast<int64_t>(random() % 1000000));
          invoice.set_invoice_date(BusinessDay());
          v1::CreateInvoiceResponse response;
          status = CallUntilAcknowledged(
              counters_, give_up, absl::Seconds(10),
              [&](grpc::ClientContext& context) {
                return ledger->CreateInvoice(&context, request, &response);
              },
              token_);
          if (status.ok() && response.invoice().name().empty()) {
            Fail(absl::StrCat(id, ": CreateInvoice acknowledged with an empty response"));
            return;
          }
          if (status.ok()) {
            std::lock_guard<std::mutex> lock(acknowledged_.mu);
            acknowledged_.invoice_amounts[response.invoice().name()] = invoice.amount_fen();
            acknowledged_.invoice_orders[response.invoice().name()] = invoice.order_number();
            acknowledged_.invoice_total += invoice.amount_fen();
            ++acknowledged_.invoice_rows;
            if (i % 5 == 0)
              acknowledged_.invoice_replays.push_back({request, response.invoice().name()});
          }
          break;
        }
        case 1: {
          v1::RecordPaymentRequest request;
          request.set_request_id(id);
          v1::Payment& payment = *request.mutable_payment();
          payment.set_customer(customer);
          payment.set_amount_fen(50 + static_cast<int64_t>(random() % 800000));
          payment.set_received_date(BusinessDay());
          payment.set_reference(id);
          v1::RecordPaymentResponse response;
          status = CallUntilAcknowledged(
              counters_, give_up, absl::Seconds(10),
              [&](grpc::ClientContext& context) {
                return ledger->RecordPayment(&context, request, &response);
              },
              token_);
          if (status.ok() && response.payment().name().empty()) {
            Fail(absl::StrCat(id, ": RecordPayment acknowledged with an empty response"));
            return;
          }
          if (status.ok()) {
            std::lock_guard<std::mutex> lock(acknowledged_.mu);
            acknowledged_.payment_amounts[response.payment().name()] = payment.amount_fen();
            acknowledged_.payment_total += payment.amount_fen();
            if (i % 5 == 1)
              acknowledged_.payment_replays.push_back({request, response.payment().name()});
          }
          break;
        }
        default: {
          v1::CreateInvoicesRequest request;
          request.set_request_id(id);
          for (int row = 0; row < 3; ++row) {
            v1::Invoice& invoice = *request.add_invoices();
            invoice.set_customer(customers_[(c + i + row) % customers_.size()]);
            invoice.set_order_number(absl::StrCat("F", run_, "-", c, "-", i, "-", row));
            invoice.set_amount_fen(100 + static_cast<int64_t>(random() % 1000000));
            invoice.set_invoice_date(BusinessDay());
          }
          v1::CreateInvoicesResponse response;
          status = CallUntilAcknowledged(
              counters_, give_up, absl::Seconds(10),
              [&](grpc::ClientContext& context) {
                return ledger->CreateInvoices(&context, request, &response);
              },
              token_);
          if (status.ok()) {
            if (response.invoices_size() != request.invoices_size()) {
              Fail(absl::StrCat(id, ": CreateInvoices answered ", response.invoices_size(),
                                " rows for ", request.invoices_size()));
              return;
            }
            std::lock_guard<std::mutex> lock(acknowledged_.mu);
            for (int row = 0; row < response.invoices_size(); ++row) {
              acknowledged_.invoice_amounts[response.invoices(row).name()] =
                  request.invoices(row).amount_fen();
              acknowledged_.invoice_orders[response.invoices(row).name()] =
                  request.invoices(row).order_number();
              acknowledged_.invoice_total += request.invoices(row).amount_fen();
              ++acknowledged_.invoice_rows;
            }
          }
          break;
        }
      }
      if (!status.ok()) {
        Fail(absl::StrCat(id, ": ", status.error_code(), " ", status.error_message()));
        return;
      }
    }
  }

  // Repeating an acknowledged request returns the first result and creates nothing.
  bool Replay() {
    auto ledger = LedgerService::NewStub(OwnChannel(absl::GetFlag(FLAGS_target), -2));
    RetryCounters replay_counters;
    int replayed = 0;
    bool ok = true;
    for (const auto& [request, name] : acknowledged_.payment_replays) {
      v1::RecordPaymentResponse response;
      grpc::Status status = CallUntilAcknowledged(
          replay_counters, absl::Seconds(60), absl::Seconds(10),
          [&](grpc::ClientContext& context) {
            return ledger->RecordPayment(&context, request, &response);
          },
          token_);
      if (!status.ok() || response.payment().name() != name) {
        std::cerr << "FAILED: replay of " << request.request_id() << " gave "
                  << response.payment().name() << " (" << status.error_message() << "), first "
                  << name << "\n";
        ok = false;
      }
      ++replayed;
    }
    for (const auto& [request, name] : acknowledged_.invoice_replays) {
      v1::CreateInvoiceResponse response;
      grpc::Status status = CallUntilAcknowledged(
          replay_counters, absl::Seconds(60), absl::Seconds(10),
          [&](grpc::ClientContext& context) {
            return ledger->CreateInvoice(&context, request, &response);
          },
          token_);
      if (!status.ok() || response.invoice().name() != name) {
        std::cerr << "FAILED: replay of " << request.request_id() << " gave "
                  << response.invoice().name() << " (" << status.error_message() << "), first "
                  << name << "\n";
        ok = false;
      }
      ++replayed;
    }
    std::cout << "replayed " << replayed
              << " acknowledged requests: " << (ok ? "each returned its first result" : "MISMATCH")
              << "\n";
    return ok;
  }

  // The database, as seen through one node, holds exactly what was acknowledged.
  bool Verify(int port) {
    auto pool = store::ConnectionPool::Create(DbConfigFor(port));
    if (!pool.ok()) return Fail(pool.status().ToString());
    bool ok = true;
    auto expect = [&](const std::string& what, absl::StatusOr<int64_t> got, int64_t want) {
      if (!got.ok() || *got != want) {
        std::cerr << "FAILED on port " << port << ": " << what << " is "
                  << (got.ok() ? absl::StrCat(*got) : got.status().ToString()) << ", expected "
                  << want << "\n";
        ok = false;
      }
    };
    const std::string orders = absl::StrCat("F", run_, "-%");
    const std::string references = absl::StrCat("fault-", run_, "-%");
    expect("invoices of the run",
           QueryInt(**pool, "SELECT COUNT(*) FROM invoices WHERE order_number LIKE ?", orders),
           static_cast<int64_t>(acknowledged_.invoice_amounts.size()));
    expect(
        "invoiced fen of the run",
        QueryInt(**pool, "SELECT SUM(amount_fen) FROM invoices WHERE order_number LIKE ?", orders),
        acknowledged_.invoice_total);
    expect("payments of the run",
           QueryInt(**pool, "SELECT COUNT(*) FROM payments WHERE reference LIKE ?", references),
           static_cast<int64_t>(acknowledged_.payment_amounts.size()));
    expect("payments recorded twice (same request reference)",
           QueryInt(**pool,
                    "SELECT COUNT(*) FROM (SELECT reference FROM payments WHERE reference LIKE ? "
                    "GROUP BY reference HAVING COUNT(*) > 1) d",
                    references),
           0);
    expect(
        "paid fen of the run",
        QueryInt(**pool, "SELECT SUM(amount_fen) FROM payments WHERE reference LIKE ?", references),
        acknowledged_.payment_total);
    // Cash applied from the run's payments = what their live allocations moved, to the fen.
    absl::StatusOr<int64_t> allocated = QueryInt(
        **pool,
        "SELECT COALESCE(SUM(a.amount_fen), 0) FROM payment_allocations a "
        "JOIN payments p ON p.id = a.payment_id WHERE a.reversed = 0 AND p.reference LIKE ?",
        references);
    absl::StatusOr<int64_t> unapplied = QueryInt(
        **pool, "SELECT COALESCE(SUM(unapplied_fen), 0) FROM payments WHERE reference LIKE ?",
        references);
    if (!allocated.ok() || !unapplied.ok()) return Fail("cannot read allocations");
    expect("allocated + unapplied fen of the run's payments", *allocated + *unapplied,
           acknowledged_.payment_total);
    expect("acknowledged invoice rows that share a name with another row",
           acknowledged_.invoice_rows - static_cast<int64_t>(acknowledged_.invoice_amounts.size()),
           0);
    // Every acknowledged name is there with its amount and order number; the first mismatches
    // are shown.
    int64_t missing = 0;
    absl::Status names = store::RunInTransaction(**pool, [&](store::ConnectionPool::Lease& db) {
      for (const auto& [name, amount] : acknowledged_.invoice_amounts) {
        sql::PreparedStatement& select =
            db.Prepare("SELECT amount_fen, order_number FROM invoices WHERE id = ?");
        select.setString(1, std::string(absl::StripPrefix(name, "invoices/")));
        std::unique_ptr<sql::ResultSet> rows(select.executeQuery());
        const std::string& order = acknowledged_.invoice_orders[name];
        const bool found = rows->next();
        if (found && rows->getInt64(1) == amount && std::string(rows->getString(2)) == order) {
          continue;
        }
        if (++missing <= 10) {
          std::cerr << "  " << name << ": acknowledged for order " << order << ", " << amount
                    << " fen; the database has "
                    << (found ? absl::StrCat("order ", std::string(rows->getString(2)), ", ",
                                             rows->getInt64(1), " fen")
                              : std::string("no such invoice"))
                    << "\n";
        }
      }
      for (const auto& [name, amount] : acknowledged_.payment_amounts) {
        sql::PreparedStatement& select = db.Prepare("SELECT amount_fen FROM payments WHERE id = ?");
        select.setString(1, std::string(absl::StripPrefix(name, "payments/")));
        std::unique_ptr<sql::ResultSet> rows(select.executeQuery());
        if (!rows->next() || rows->getInt64(1) != amount) ++missing;
      }
      return absl::OkStatus();
    });
    if (!names.ok()) return Fail(names.ToString());
    expect("acknowledged invoices/payments missing or with another amount", missing, 0);
    std::vector<std::string> violations;
    absl::Status invariants =
        store::RunInTransaction(**pool, [&](store::ConnectionPool::Lease& db) {
          violations = store::CheckLedgerInvariants(db);
          return absl::OkStatus();
        });
    if (!invariants.ok()) return Fail(invariants.ToString());
    expect("ledger invariant violations", static_cast<int64_t>(violations.size()), 0);
    for (size_t i = 0; i < violations.size() && i < 10; ++i)
      std::cerr << "  " << violations[i] << "\n";
    std::cout << "database on port " << port << ": " << (ok ? "consistent" : "INCONSISTENT") << " ("
              << acknowledged_.invoice_amounts.size() << " invoices, "
              << acknowledged_.invoice_total << " fen; " << acknowledged_.payment_amounts.size()
              << " payments, " << acknowledged_.payment_total
              << " fen; ledger invariants hold: " << (violations.empty() ? "yes" : "NO") << ")\n";
    return ok;
  }

  const std::string run_;
  std::string token_;
  std::vector<std::string> customers_;
  RetryCounters counters_;
  Acknowledged acknowledged_;
  std::atomic<bool> failed_{false};
};

}  // namespace
}  // namespace huikuan::testing

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  huikuan::testing::FaultLoad load;
  return load.Run() ? 0 : 1;
}
