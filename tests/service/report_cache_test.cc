// The replica's ledger cache (ops/ledger_cache.h) against the straightforward SQL load, through
// the real MariaDB (a database of its own: the writes here include an early-payment discount):
// after every kind of ledger write (invoices, payments, a prepayment, a reversal, a write-off, a
// goods-for-debt settlement, an early-payment discount, a customer given to another salesperson),
// refreshed twice, the cached history equals LoadReportLedger's SQL columns, and the KPI report
// (as of today and past days) and the aging report (as of past days) equal their SQL computations,
// for everyone and for a salesperson's scope. A refresh from an older snapshot does not take the
// cache back.
#include <algorithm>
#include <cmath>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "server/ops/aging_report.h"
#include "server/ops/clock.h"
#include "server/ops/collections.h"
#include "server/ops/kpi_report.h"
#include "server/ops/ledger_cache.h"
#include "server/ops/paying.h"
#include "server/ops/payments.h"
#include "server/ops/report_ledger.h"
#include "server/ops/settlements.h"
#include "server/store/customer_store.h"
#include "server/store/ledger_store.h"
#include "server/store/sql_values.h"
#include "server/store/transaction.h"
#include "tests/service/case_fixtures.h"
#include "tests/service/service_test_env.h"

namespace huikuan::testing {
namespace {

using Row = std::tuple<int64_t, core::EpochDay, core::Fen, uint8_t>;

// A ledger's settlements as (invoice id, day, amount, write-off), sorted: the cache and SQL list
// them in different orders, and every consumer sums them or sorts them by day.
std::vector<Row> SettlementRows(const ops::ReportLedger& ledger) {
  std::vector<Row> rows;
  for (size_t s = 0; s < ledger.settlement_days.size(); ++s) {
    rows.emplace_back(ledger.invoice_ids[ledger.settlement_invoice_index[s]],
                      ledger.settlement_days[s], ledger.settlement_amounts[s],
                      ledger.settlement_is_write_off[s]);
  }
  std::sort(rows.begin(), rows.end());
  return rows;
}

void ExpectSameLedger(const ops::ReportLedger& cached, const ops::ReportLedger& sql) {
  ASSERT_EQ(cached.customers.size(), sql.customers.size());
  for (const auto& [id, customer] : sql.customers) {
    auto it = cached.customers.find(id);
    ASSERT_NE(it, cached.customers.end()) << "customers/" << id;
    EXPECT_EQ(it->second.name, customer.name);
    EXPECT_EQ(it->second.owner_user_id, customer.owner_user_id);
    EXPECT_EQ(it->second.owner_name, customer.owner_name);
    EXPECT_EQ(it->second.owner_department, customer.owner_department);
    EXPECT_EQ(it->second.tier, customer.tier);
    EXPECT_EQ(it->second.industry, customer.industry);
  }
  EXPECT_EQ(cached.invoice_ids, sql.invoice_ids);
  EXPECT_EQ(cached.customer_ids, sql.customer_ids);
  EXPECT_EQ(cached.invoice_days, sql.invoice_days);
  EXPECT_EQ(cached.due_days, sql.due_days);
  EXPECT_EQ(cached.amounts, sql.amounts);
  EXPECT_EQ(SettlementRows(cached), SettlementRows(sql));
}

// Equal, or both NaN (a ratio whose denominator is 0).
void ExpectSameRatio(double cached, double sql, const std::string& what) {
  if (std::isnan(sql)) {
    EXPECT_TRUE(std::isnan(cached)) << what;
  } else {
    EXPECT_EQ(cached, sql) << what;
  }
}

// The figures of two rows (not their names).
void ExpectSameFigures(const reports::KpiReportRow& cached, const reports::KpiReportRow& sql) {
  const std::string& g = sql.group;
  EXPECT_EQ(cached.kpi.credit_sales, sql.kpi.credit_sales) << g;
  EXPECT_EQ(cached.kpi.begin_ar, sql.kpi.begin_ar) << g;
  EXPECT_EQ(cached.kpi.end_ar, sql.kpi.end_ar) << g;
  EXPECT_EQ(cached.kpi.end_current_ar, sql.kpi.end_current_ar) << g;
  EXPECT_EQ(cached.kpi.collections, sql.kpi.collections) << g;
  EXPECT_EQ(cached.kpi.bad_debt, sql.kpi.bad_debt) << g;
  EXPECT_EQ(cached.kpi.due_in_period, sql.kpi.due_in_period) << g;
  EXPECT_EQ(cached.kpi.collected_of_due, sql.kpi.collected_of_due) << g;
  ExpectSameRatio(cached.kpi.dso_days, sql.kpi.dso_days, g + " dso");
  ExpectSameRatio(cached.kpi.cei, sql.kpi.cei, g + " cei");
  ExpectSameRatio(cached.kpi.collection_rate, sql.kpi.collection_rate, g + " collection rate");
  ExpectSameRatio(cached.countback_dso_days, sql.countback_dso_days, g + " countback");
}

void ExpectSameKpis(const reports::KpiReportRow& cached, const reports::KpiReportRow& sql) {
  EXPECT_EQ(cached.group, sql.group);
  EXPECT_EQ(cached.label, sql.label);
  ExpectSameFigures(cached, sql);
}

void ExpectSameAging(const reports::AgingReport& cached, const reports::AgingReport& sql) {
  ASSERT_EQ(cached.rows.size(), sql.rows.size());
  for (size_t i = 0; i < sql.rows.size(); ++i) {
    EXPECT_EQ(cached.rows[i].group, sql.rows[i].group);
    EXPECT_EQ(cached.rows[i].bucket_fen, sql.rows[i].bucket_fen) << sql.rows[i].group;
    EXPECT_EQ(cached.rows[i].bucket_count, sql.rows[i].bucket_count) << sql.rows[i].group;
  }
  EXPECT_EQ(cached.total.bucket_fen, sql.total.bucket_fen);
  EXPECT_EQ(cached.total.pledged, sql.total.pledged);
}

class LedgerCacheTest : public ::testing::Test {
 protected:
  ServiceTestEnv& env = ServiceTestEnv::Get();
  const core::EpochDay today = ops::CompanyDay(absl::Now());
  const core::Period month = ops::MonthOf(ops::MonthOf(today).first_day - 1);

  ops::Caller Staff(int64_t user_id, ops::Department department, ops::Level level) {
    ops::Caller caller;
    caller.user_id = user_id;
    caller.department = department;
    caller.level = level;
    return caller;
  }
  ops::Caller Finance() {
    return Staff(env.user_id("finance_head"), ops::Department::kFinance, ops::Level::kHead);
  }
  ops::Caller Management() {
    return Staff(env.user_id("management_head"), ops::Department::kManagement, ops::Level::kHead);
  }

  int64_t NewSalesperson(const std::string& key) {
    return env.CreateUserWithToken(absl::StrCat("lc.", key), "sales", "staff", std::nullopt,
                                   absl::StrCat("lc_", key));
  }

  void GiveCustomer(int64_t customer_id, int64_t owner) {
    ASSERT_TRUE(store::RunInTransaction(env.pool(), [&](store::ConnectionPool::Lease& db) {
                  absl::StatusOr<store::CustomerRecord> customer =
                      store::GetCustomer(db, customer_id, store::Lock::kForUpdate);
                  if (!customer.ok()) return customer.status();
                  customer->owner_user_id = owner;
                  customer->update_time = absl::Now();
                  return store::UpdateCustomer(db, *customer, customer->version).status();
                }).ok());
  }

  int64_t Invoice(int64_t customer, core::Fen amount, core::EpochDay day, int32_t credit_days) {
    return NewInvoice(env, customer, amount, day, day + credit_days);
  }

  // Runs `fn` as a write of `caller` now.
  void Write(const ops::Caller& caller, absl::FunctionRef<absl::Status(ops::WriteScope&)> fn) {
    absl::Status status =
        store::RunInTransaction(env.pool(), [&](store::ConnectionPool::Lease& db) {
          return ops::RunWrite(db, caller, "LedgerCacheTest", NewRequestId(), absl::Now(), fn);
        });
    ASSERT_TRUE(status.ok()) << status;
  }

  int64_t Pay(int64_t customer, core::Fen amount, core::EpochDay received) {
    int64_t id = 0;
    Write(Finance(), [&](ops::WriteScope& write) -> absl::Status {
      absl::StatusOr<ops::RecordedPayment> paid =
          ops::RecordPayment(write, ops::PaymentDraft{customer, amount, "", received, std::nullopt},
                             CustomerName(customer));
      if (!paid.ok()) return paid.status();
      id = paid->payment.payment.id;
      return absl::OkStatus();
    });
    return id;
  }

  // Both paths in one snapshot: the cached ledger, KPIs and aging against the SQL ones, for
  // `caller`, as of each day.
  void Compare(ops::LedgerCache& cache, const ops::Caller& caller,
               const std::vector<core::EpochDay>& days) {
    absl::Status status =
        store::RunInTransaction(env.pool(), [&](store::ConnectionPool::Lease& db) -> absl::Status {
          ops::ReadScope read(db, caller, absl::Now());
          const ops::ReportScope scope = ops::ScopeReport(caller);
          for (core::EpochDay day : days) {
            SCOPED_TRACE(absl::StrCat(caller.user_id, " as of ", core::FormatDate(day)));
            ExpectSameLedger(ops::LoadReportLedger(read, scope, day, &cache),
                             ops::LoadReportLedger(read, scope, day));
            ops::KpiQuery kpis{ops::MonthOf(day), reports::Grouping::kSalesperson, 3};
            kpis.period.last_day = day;
            absl::StatusOr<reports::KpiReport> cached = ops::BuildKpiReport(read, kpis, &cache);
            absl::StatusOr<reports::KpiReport> sql = ops::BuildKpiReport(read, kpis);
            if (!cached.ok()) return cached.status();
            if (!sql.ok()) return sql.status();
            EXPECT_FALSE(sql->rows.empty());
            EXPECT_EQ(cached->rows.size(), sql->rows.size());
            for (size_t i = 0; i < std::min(cached->rows.size(), sql->rows.size()); ++i) {
              ExpectSameKpis(cached->rows[i], sql->rows[i]);
            }
            ExpectSameKpis(cached->total, sql->total);
            EXPECT_EQ(cached->trend.size(), sql->trend.size());
            for (size_t i = 0; i < std::min(cached->trend.size(), sql->trend.size()); ++i) {
              ExpectSameKpis(cached->trend[i], sql->trend[i]);
            }
            // The total (from invoices merged by their days) equals the one group of the
            // company grouping (from every invoice).
            kpis.grouping = reports::Grouping::kCompany;
            absl::StatusOr<reports::KpiReport> company = ops::BuildKpiReport(read, kpis, &cache);
            if (!company.ok()) return company.status();
            EXPECT_EQ(company->rows.size(), 1u);
            if (!company->rows.empty()) ExpectSameFigures(company->total, company->rows[0]);
            // Aging as of a past day comes from the cached history. Today's comes from the
            // ledger's open amounts (report_test.cc compares it), which an honoured early-payment
            // discount lowers while the history (store/ledger_as_of.h) has no discounts.
            if (day == today) continue;
            for (auto grouping : {reports::Grouping::kCustomer, reports::Grouping::kSalesperson}) {
              ops::AgingQuery aging;
              aging.as_of = day;
              aging.grouping = grouping;
              absl::StatusOr<reports::AgingReport> fast =
                  ops::BuildAgingReport(read, aging, &cache);
              absl::StatusOr<reports::AgingReport> slow = ops::BuildAgingReport(read, aging);
              if (!fast.ok()) return fast.status();
              if (!slow.ok()) return slow.status();
              ExpectSameAging(*fast, *slow);
            }
          }
          return absl::OkStatus();
        });
    ASSERT_TRUE(status.ok()) << status;
  }
};

TEST_F(LedgerCacheTest, EqualsTheSqlLoadAfterEveryKindOfWrite) {
  const int64_t rep_a = NewSalesperson("a");
  const int64_t rep_b = NewSalesperson("b");
  const int64_t a1 = NewCustomer(env, "缓存客户 A", rep_a);
  const int64_t a2 = NewCustomer(env, "缓存客户 A", rep_a);
  const int64_t b1 = NewCustomer(env, "缓存客户 B", rep_b);
  const core::EpochDay f = month.first_day;
  const core::EpochDay l = month.last_day;

  // Before the first refresh: last month's and older invoices, payments in and after the month,
  // and a prepayment (cash received three days before the only invoice open for it is dated).
  const int64_t a1_old = Invoice(a1, 300'000, f - 100, 30);
  Invoice(a1, 200'000, f - 20, 30);
  Invoice(a2, 150'000, f + 3, 45);
  Invoice(b1, 400'000, f - 40, 60);
  Pay(a1, 190'000, f + 12);
  Pay(b1, 100'000, l);
  const int64_t a2_late = Invoice(a2, 80'000, f + 20, 30);
  Pay(a2, 150'000, f + 2);  // to the invoice of f + 3, a day before it: counts on its day
  static_cast<void>(a2_late);

  // A lag of zero: this test writes one step after another on one machine, so a refresh must
  // read exactly what changed since the previous one (the default lag would read it all again).
  // Compaction on every change, so that the rewritten settlement rows are compared too.
  ops::LedgerCache cache(absl::ZeroDuration(), /*compact_after=*/1);
  const ops::Caller system = ops::Caller::System("ledger-cache-test");
  const ops::Caller seller_a = Staff(rep_a, ops::Department::kSales, ops::Level::kStaff);
  const ops::Caller seller_b = Staff(rep_b, ops::Department::kSales, ops::Level::kStaff);
  Compare(cache, system, {today, l, f + 10});
  Compare(cache, seller_a, {today, l});
  const ops::LedgerCache::Size first = cache.size();
  // This binary's database holds only this test's ledger: five invoices, three payments.
  EXPECT_EQ(first.invoices, 5u);
  EXPECT_EQ(first.settlement_rows, 3u);

  // After it: every other kind of write.
  const int64_t a1_new = Invoice(a1, 500'000, today - 5, 60);
  const int64_t bounced = Pay(a1, 60'000, today - 1);  // to a1_old, oldest first
  Write(Finance(), [&](ops::WriteScope& write) {
    return ops::ReversePayment(write, bounced, absl::StrCat("payments/", bounced), "bounced")
        .status();
  });
  // A write-off of what is left of the oldest invoice, approved today.
  int64_t write_off = 0;
  Write(Finance(), [&](ops::WriteScope& write) -> absl::Status {
    absl::StatusOr<store::WriteOffRecord> requested =
        ops::RequestWriteOff(write, a1_old, InvoiceName(a1_old), 110'000, "customer insolvent");
    if (!requested.ok()) return requested.status();
    write_off = requested->id;
    return absl::OkStatus();
  });
  Write(Management(), [&](ops::WriteScope& write) {
    return ops::DecideWriteOff(write, write_off, absl::StrCat("writeOffs/", write_off), true, "ok")
        .status();
  });
  // Goods for debt against B1's new invoice, approved today.
  const int64_t b1_new = Invoice(b1, 90'000, today - 30, 30);
  int64_t settlement = 0;
  Write(Finance(), [&](ops::WriteScope& write) -> absl::Status {
    ops::SettlementDraft draft;
    draft.invoice_id = b1_new;
    draft.amount = 40'000;
    draft.goods_description = "200 pallets";
    draft.reason = "agreed at the meeting";
    absl::StatusOr<store::SettlementRecord> requested =
        ops::RequestSettlement(write, draft, InvoiceName(draft.invoice_id));
    if (!requested.ok()) return requested.status();
    settlement = requested->id;
    return absl::OkStatus();
  });
  Write(Management(), [&](ops::WriteScope& write) {
    return ops::DecideSettlement(write, settlement, ops::SettlementName(settlement), true, "ok")
        .status();
  });
  // An early-payment discount on A1's new invoice, accepted and honoured by a payment today.
  int64_t offer = 0;
  Write(Finance(), [&](ops::WriteScope& write) -> absl::Status {
    absl::StatusOr<store::DiscountOfferRecord> proposed =
        ops::ProposeDiscountOffer(write, a1_new, InvoiceName(a1_new), today + 10);
    if (!proposed.ok()) return proposed.status();
    offer = proposed->id;
    return absl::OkStatus();
  });
  core::Fen discount = 0;
  Write(Finance(), [&](ops::WriteScope& write) -> absl::Status {
    absl::StatusOr<store::DiscountOfferRecord> accepted =
        ops::AcceptDiscountOffer(write, offer, absl::StrCat("discountOffers/", offer));
    if (!accepted.ok()) return accepted.status();
    discount = accepted->discount;
    return absl::OkStatus();
  });
  ASSERT_GT(discount, 0);
  Pay(a1, 200'000 + 500'000 - discount, today);  // the rest of f - 20's invoice, then a1_new
  // A2 goes to salesperson B: both scopes change.
  GiveCustomer(a2, rep_b);

  Compare(cache, system, {today, today - 1, l, f + 10});
  Compare(cache, seller_a, {today, l});
  Compare(cache, seller_b, {today, l});
  const ops::LedgerCache::Size second = cache.size();
  EXPECT_EQ(second.invoices, first.invoices + 2);
  EXPECT_EQ(second.retired_rows, 0u);  // compacted
  // The write-off, the goods, the last payment's two allocations and the discount it earned; the
  // reversed one is no more.
  EXPECT_EQ(second.settlement_rows, 8u);
}

// Two requests refresh in the wrong order: the one whose snapshot predates a payment refreshes
// after the one that saw it. The cache keeps the newer rows (versions never go back), so the
// newer request's figures hold and the older one's read sees them too.
TEST_F(LedgerCacheTest, ARefreshFromAnOlderSnapshotDoesNotTakeTheCacheBack) {
  const int64_t rep = NewSalesperson("c");
  const int64_t customer = NewCustomer(env, "缓存客户 C", rep);
  const int64_t invoice = Invoice(customer, 100'000, today - 10, 30);
  ops::LedgerCache cache;  // the default lag: the older refresh reads the paid invoice again
  const ops::Caller seller = Staff(rep, ops::Department::kSales, ops::Level::kStaff);
  auto open_of = [&](store::ConnectionPool::Lease& db) -> core::Fen {
    ops::ReadScope read(db, seller, absl::Now());
    const ops::ReportLedger ledger =
        ops::LoadReportLedger(read, ops::ScopeReport(seller), today, &cache);
    EXPECT_EQ(ledger.invoice_ids, std::vector<int64_t>{invoice});
    return ledger.invoice_ids.empty() ? -1 : ledger.OpenAt(today)[0];
  };
  absl::Status status =
      store::RunInTransaction(env.pool(), [&](store::ConnectionPool::Lease& older) {
        // The older request's snapshot, taken before the payment.
        EXPECT_EQ(open_of(older), 100'000);
        Pay(customer, 30'000, today);
        EXPECT_TRUE(store::RunInTransaction(env.pool(), [&](store::ConnectionPool::Lease& newer) {
                      EXPECT_EQ(open_of(newer), 70'000);
                      return absl::OkStatus();
                    }).ok());
        // Its snapshot still shows the invoice unpaid; the cache keeps the newer version.
        auto& select = older.Prepare("SELECT open_fen FROM invoices WHERE id = ?");
        store::Params(select).Int64(invoice);
        auto rows = store::Query(select);
        EXPECT_TRUE(rows->next());
        EXPECT_EQ(rows->getInt64(1), 100'000);
        EXPECT_EQ(open_of(older), 70'000);
        return absl::OkStatus();
      });
  ASSERT_TRUE(status.ok()) << status;
}

}  // namespace
}  // namespace huikuan::testing
