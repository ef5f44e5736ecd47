// The reports at scale (issue 11), measured in one run against a private MariaDB
// (bench/report_bench.sh starts it): 1,000,000 open invoices of 10,000 customers owned by 50
// salespeople, a quarter of them partly paid (250,000 payments and allocations), loaded through
// the bulk paths (store::InsertInvoices, the one CreateInvoices uses; InsertPayments and
// InsertAllocations, the demo's).
//   1. today's aging by salesperson and by customer through ops::BuildAgingReport with the
//      ledger cache (the fast path the RPC takes): p50/p90 of 30 runs, each including the
//      refresh query for what changed; the first (cold) load is reported on its own line;
//   2. the same after 1,000 more invoices and 1,000 changed ones (the refresh reads the changes);
//   3. a plain SQL GROUP BY over the same rows (bucket sums per salesperson), p50 of 5 runs: the
//      baseline the fast path must beat >= 15x (goal: p50 <= 50 ms);
//   4. GetKpiReport's work (ops::BuildKpiReport: last month by salesperson with the 24-month
//      trend) with the history from the ledger cache against the same with the history loaded
//      by SQL (LoadReportLedger without a cache), and aging as of last month's end both ways.
// Usage: report_bench [invoices=1000000]
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "bench/bench_support.h"
#include "server/core/status_macros.h"
#include "server/ops/aging_report.h"
#include "server/ops/kpi_report.h"
#include "server/ops/ledger_cache.h"
#include "server/ops/report_ledger.h"
#include "server/store/customer_store.h"
#include "server/store/identity_store.h"
#include "server/store/ledger_bulk_store.h"
#include "server/store/ledger_store.h"
#include "server/store/sql_values.h"
#include "server/store/transaction.h"
#include "tests/support/test_database.h"

namespace huikuan {
namespace {

constexpr int kCustomers = 10'000;
constexpr int kSalespeople = 50;
constexpr int kBatch = 10'000;

using bench::Die;
using bench::Ms;
using bench::Must;
using Stats = bench::Percentiles;
Stats Percentiles(std::vector<double> ms) { return bench::Of(std::move(ms)); }

// Times `fn` (one read transaction) once.
template <typename Fn>
absl::StatusOr<double> TimeOnce(store::ConnectionPool& pool, Fn fn) {
  const absl::Time start = absl::Now();
  absl::Status status = store::RunInTransaction(
      pool, [&](store::ConnectionPool::Lease& db) -> absl::Status { return fn(db); });
  if (!status.ok()) return status;
  return Ms(absl::Now() - start);
}

// Times `fn` (one read transaction each) `runs` times; progress on stderr.
template <typename Fn>
std::vector<double> Time(store::ConnectionPool& pool, const char* what, int runs, Fn fn) {
  std::fprintf(stderr, "bench: %s (%d runs)\n", what, runs);
  std::vector<double> ms;
  for (int r = 0; r < runs; ++r) ms.push_back(Must(TimeOnce(pool, fn), what));
  return ms;
}

void InsertInvoices(store::ConnectionPool& pool, const std::vector<int64_t>& customers, int count,
                    core::EpochDay today, const std::string& prefix, std::mt19937_64& rng) {
  std::uniform_int_distribution<int> customer(0, static_cast<int>(customers.size()) - 1);
  std::uniform_int_distribution<int> age(0, 240);
  std::uniform_int_distribution<int64_t> amount(10'000, 50'000'000);
  const int terms[] = {30, 45, 60};
  for (int begin = 0; begin < count; begin += kBatch) {
    const int n = std::min(kBatch, count - begin);
    std::vector<store::InvoiceRecord> rows(n);
    // Stamped as written an hour ago, as a ledger's rows are by the time anyone reports on them:
    // the cache's refresh then reads only what changed since (rows of the last two minutes are
    // read again by every request, see ops/ledger_cache.h).
    const absl::Time now = absl::Now() - (prefix == "B" ? absl::Hours(1) : absl::ZeroDuration());
    for (int i = 0; i < n; ++i) {
      store::InvoiceRecord& row = rows[i];
      row.customer_id = customers[customer(rng)];
      row.order_number = absl::StrCat(prefix, begin + i);
      row.invoice_number = absl::StrCat("INV-", prefix, begin + i);
      row.amount = amount(rng);
      row.credit_days = terms[(begin + i) % 3];
      row.invoice_day = today - age(rng);
      row.due_day = row.invoice_day + row.credit_days;
      // Most are wholly open, some partly paid: open_fen is what the ledger keeps.
      const core::Fen open = (begin + i) % 4 == 0 ? row.amount / 2 : row.amount;
      row.balance = {core::InvoiceStatus::kOpen, open, 0};
      row.create_time = row.update_time = now;
    }
    absl::Status status =
        store::RunInTransaction(pool, [&](store::ConnectionPool::Lease& db) -> absl::Status {
          HK_RETURN_IF_ERROR(store::InsertInvoices(db, rows));
          // The partly paid ones: one payment each, received between the invoice's day and today.
          std::vector<store::PaymentRecord> payments;
          std::vector<store::AllocationRecord> allocations;
          for (const store::InvoiceRecord& row : rows) {
            if (row.balance.open == row.amount) continue;
            store::PaymentRecord payment;
            payment.customer_id = row.customer_id;
            payment.amount = row.amount - row.balance.open;
            std::uniform_int_distribution<int> after(0, today - row.invoice_day);
            payment.received_day = row.invoice_day + after(rng);
            payment.balance = {core::PaymentStatus::kReceived, 0};
            payment.create_time = payment.update_time = now;
            payments.push_back(payment);
            store::AllocationRecord allocation;
            allocation.invoice_id = row.id;
            allocation.amount = payment.amount;
            allocation.rule = core::AllocationRule::kOldestFirst;
            allocations.push_back(allocation);
          }
          store::InsertPayments(db, payments);
          for (size_t k = 0; k < payments.size(); ++k) allocations[k].payment_id = payments[k].id;
          store::InsertAllocations(db, allocations, now);
          return absl::OkStatus();
        });
    if (!status.ok()) Die(status, "insert invoices");
  }
}

int Main(int argc, char** argv) {
  const int invoices = argc > 1 ? std::atoi(argv[1]) : 1'000'000;
  auto db = Must(testing::TestDatabase::Create("report_bench"), "test database");
  store::ConnectionPool& pool = db->pool();
  const core::EpochDay today = ops::CompanyDay(absl::Now());
  std::mt19937_64 rng(11);

  std::vector<int64_t> customers;
  absl::Status setup =
      store::RunInTransaction(pool, [&](store::ConnectionPool::Lease& lease) -> absl::Status {
        std::vector<int64_t> owners;
        for (int s = 0; s < kSalespeople; ++s) {
          store::UserRecord user;
          user.username = absl::StrCat("bench.sales.", s);
          user.display_name = absl::StrCat("业务员 ", s);
          user.department = "sales";
          user.level = "staff";
          user.create_time = absl::Now();
          owners.push_back(store::InsertUser(lease, user).id);
        }
        for (int c = 0; c < kCustomers; ++c) {
          store::CustomerRecord customer;
          customer.display_name = absl::StrCat("Bench Co ", c);
          customer.owner_user_id = owners[c % kSalespeople];
          customer.industry = c % 3 == 0 ? "制造业" : "零售";
          customer.create_time = customer.update_time = absl::Now() - absl::Hours(1);
          customers.push_back(store::InsertCustomer(lease, customer).id);
        }
        return absl::OkStatus();
      });
  if (!setup.ok()) Die(setup, "setup");
  const absl::Time load_start = absl::Now();
  InsertInvoices(pool, customers, invoices, today, "B", rng);
  const double load_s = absl::ToDoubleSeconds(absl::Now() - load_start);
  std::printf(
      "loaded %d open invoices of %d customers (a quarter partly paid: one payment and one "
      "allocation each) through store::InsertInvoices, InsertPayments and InsertAllocations in "
      "%.1f s (%.0f invoices/s)\n\n",
      invoices, kCustomers, load_s, invoices / load_s);

  const ops::Caller system = ops::Caller::System("bench");
  ops::LedgerCache cache;
  auto aging = [&](reports::Grouping grouping) {
    return [&, grouping](store::ConnectionPool::Lease& lease) -> absl::Status {
      ops::ReadScope read(lease, system, absl::Now());
      ops::AgingQuery query;
      query.grouping = grouping;
      HK_ASSIGN_OR_RETURN(reports::AgingReport report, ops::BuildAgingReport(read, query, &cache));
      if (report.total.total <= 0) return absl::InternalError("empty report");
      return absl::OkStatus();
    };
  };
  const double cold = Time(pool, "cold start", 1, aging(reports::Grouping::kSalesperson))[0];
  const Stats by_sales =
      Percentiles(Time(pool, "aging by salesperson", 30, aging(reports::Grouping::kSalesperson)));
  const Stats by_customer =
      Percentiles(Time(pool, "aging by customer", 30, aging(reports::Grouping::kCustomer)));

  // 1,000 new invoices and 1,000 changed ones (a payment's effect on open_fen).
  InsertInvoices(pool, customers, 1'000, today, "D", rng);
  absl::Status touched =
      store::RunInTransaction(pool, [&](store::ConnectionPool::Lease& lease) -> absl::Status {
        auto& update = lease.Prepare(
            "UPDATE invoices SET open_fen = open_fen DIV 2, update_time = ?, "
            "version = version + 1 WHERE id BETWEEN 1 AND 1000");
        store::Params(update).Time(absl::Now());
        update.executeUpdate();
        return absl::OkStatus();
      });
  if (!touched.ok()) Die(touched, "changes");
  const double delta =
      Time(pool, "aging after changes", 1, aging(reports::Grouping::kSalesperson))[0];
  const Stats after =
      Percentiles(Time(pool, "aging after changes", 30, aging(reports::Grouping::kSalesperson)));

  // The baseline: what a report without a cache would ask the database for.
  const Stats sql =
      Percentiles(Time(pool, "SQL GROUP BY", 5, [&](store::ConnectionPool::Lease& lease) {
        auto& select = lease.Prepare(
            "SELECT c.owner_user_id, "
            "SUM(CASE WHEN DATEDIFF(?, i.due_date) <= 0 THEN i.open_fen ELSE 0 END) AS b0, "
            "SUM(CASE WHEN DATEDIFF(?, i.due_date) BETWEEN 1 AND 30 THEN i.open_fen ELSE 0 END) AS "
            "b1, "
            "SUM(CASE WHEN DATEDIFF(?, i.due_date) BETWEEN 31 AND 60 THEN i.open_fen ELSE 0 END) "
            "AS "
            "b2, "
            "SUM(CASE WHEN DATEDIFF(?, i.due_date) BETWEEN 61 AND 90 THEN i.open_fen ELSE 0 END) "
            "AS "
            "b3, "
            "SUM(CASE WHEN DATEDIFF(?, i.due_date) > 90 THEN i.open_fen ELSE 0 END) AS b4, "
            "COUNT(*) AS n FROM invoices i JOIN customers c ON c.id = i.customer_id "
            "WHERE i.open_fen > 0 AND i.invoice_date <= ? GROUP BY c.owner_user_id");
        store::Params params(select);
        for (int i = 0; i < 6; ++i) params.Day(today);
        auto rows = store::Query(select);
        int64_t groups = 0;
        while (rows->next()) ++groups;
        return groups == kSalespeople ? absl::OkStatus() : absl::InternalError("groups");
      }));

  // GetKpiReport's work: last month by salesperson with the 24-month trend (the RPC's default),
  // the history from the ledger cache and from SQL; then aging as of last month's end both ways.
  const core::Period month = ops::MonthOf(ops::MonthOf(today).first_day - 1);
  auto kpis = [&](ops::LedgerCache* from) {
    return [&, from](store::ConnectionPool::Lease& lease) -> absl::Status {
      ops::ReadScope read(lease, system, absl::Now());
      HK_ASSIGN_OR_RETURN(
          reports::KpiReport report,
          ops::BuildKpiReport(
              read, ops::KpiQuery{month, reports::Grouping::kSalesperson, ops::kDefaultTrendMonths},
              from));
      if (report.rows.size() != kSalespeople) return absl::InternalError("kpi groups");
      return absl::OkStatus();
    };
  };
  const Stats kpi_cached = Percentiles(Time(pool, "KPIs, cached", 10, kpis(&cache)));
  const Stats kpi_sql = Percentiles(Time(pool, "KPIs, SQL", 3, kpis(nullptr)));
  ops::ReportLedger ledger;
  const Stats columns =
      Percentiles(Time(pool, "history columns", 10, [&](store::ConnectionPool::Lease& lease) {
        ops::ReadScope read(lease, system, absl::Now());
        ledger = ops::LoadReportLedger(read, ops::ScopeReport(system), month.last_day, &cache);
        return absl::OkStatus();
      }));
  std::vector<double> core_ms;
  for (int r = 0; r < 5; ++r) {
    const absl::Time start = absl::Now();
    Must(ops::ComputeKpiReport(ledger, ops::KpiQuery{month, reports::Grouping::kSalesperson,
                                                     ops::kDefaultTrendMonths}),
         "kpis");
    core_ms.push_back(Ms(absl::Now() - start));
  }
  const Stats kpi_core = Percentiles(core_ms);
  auto past_aging = [&](ops::LedgerCache* from) {
    return [&, from](store::ConnectionPool::Lease& lease) -> absl::Status {
      ops::ReadScope read(lease, system, absl::Now());
      ops::AgingQuery query;
      query.as_of = month.last_day;
      query.grouping = reports::Grouping::kSalesperson;
      HK_ASSIGN_OR_RETURN(reports::AgingReport report, ops::BuildAgingReport(read, query, from));
      if (report.total.total <= 0) return absl::InternalError("empty report");
      return absl::OkStatus();
    };
  };
  const Stats past_cached =
      Percentiles(Time(pool, "past-day aging, cached", 10, past_aging(&cache)));
  // The reconstruction in SQL may not finish within the connection's 30 s I/O timeout.
  std::fprintf(stderr, "bench: past-day aging, SQL (1 run)\n");
  const absl::StatusOr<double> past_sql = TimeOnce(pool, past_aging(nullptr));
  const ops::LedgerCache::Size size = cache.size();

  std::printf("%-66s %10s %10s %10s\n", "measurement", "p50 ms", "p90 ms", "vs SQL");
  auto line = [&](const char* what, Stats s, double baseline) {
    std::printf("%-66s %10.1f %10.1f %9.1fx\n", what, s.p50, s.p90, baseline / s.p50);
  };
  auto once = [&](const char* what, double ms) {
    std::printf("%-66s %10.1f %10s %10s\n", what, ms, "", "");
  };
  once("cold start: the first request loads every invoice and settlement", cold);
  line("aging by salesperson, fast path (refresh + columns + core)", by_sales, sql.p50);
  line("aging by customer (10,000 groups), fast path", by_customer, sql.p50);
  once("aging, first request after 2,000 changed invoices", delta);
  line("aging by salesperson after the changes, fast path", after, sql.p50);
  line("plain SQL GROUP BY per salesperson (baseline)", sql, sql.p50);
  std::printf("\n");
  line("GetKpiReport (month by salesperson, 24-month trend), SQL history", kpi_sql, kpi_sql.p50);
  line("GetKpiReport, history from the ledger cache", kpi_cached, kpi_sql.p50);
  line("  of which: refresh + the month's history as columns", columns, kpi_sql.p50);
  line("  of which: the core over the columns (KPIs, countback, trend)", kpi_core, kpi_sql.p50);
  if (past_sql.ok()) {
    line("aging as of last month's end, SQL reconstruction (1 run)", Stats{*past_sql, *past_sql},
         *past_sql);
    line("aging as of last month's end, from the ledger cache", past_cached, *past_sql);
  } else {
    std::printf("%-66s %10s\n", "aging as of last month's end, SQL reconstruction (1 run)",
                "failed");
    std::printf("  (%s)\n", past_sql.status().ToString().c_str());
    line("aging as of last month's end, from the ledger cache", past_cached, past_cached.p50);
  }
  std::printf(
      "\nledger cache: %zu invoices, %zu settlement rows (%zu retired), %.0f MB of columns\n",
      size.invoices, size.settlement_rows, size.retired_rows,
      static_cast<double>(size.bytes) / (1 << 20));
  std::printf("goal: aging p50 <= 50 ms and >= 15x the SQL GROUP BY: %s (%.1f ms, %.1fx)\n",
              by_sales.p50 <= 50 && sql.p50 / by_sales.p50 >= 15 ? "met" : "NOT met", by_sales.p50,
              sql.p50 / by_sales.p50);
  std::printf("KPIs from the cache: %.1f ms p50, %.1fx the SQL load's %.0f ms\n", kpi_cached.p50,
              kpi_sql.p50 / kpi_cached.p50, kpi_sql.p50);
  return 0;
}

}  // namespace
}  // namespace huikuan

int main(int argc, char** argv) { return huikuan::Main(argc, argv); }
