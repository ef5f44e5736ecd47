// Shared by the daily-run tests: a fresh migrated database per test with a user who owns the
// customers the test creates, overdue invoices put straight into the store (the test controls the
// due dates), a few counting queries, and company-clock times.
//
//   auto db = JobTestDatabase::Create();
//   int64_t invoice = db->AddOverdueInvoice(1'000'000, "2026-04-01");
//   EXPECT_EQ(db->Count("SELECT COUNT(*) FROM late_fee_accruals"), 9);
#ifndef HUIKUAN_TESTS_JOBS_JOB_TEST_SUPPORT_H_
#define HUIKUAN_TESTS_JOBS_JOB_TEST_SUPPORT_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/time/time.h"
#include "server/core/civil_date.h"
#include "server/store/connection_pool.h"
#include "tests/support/test_database.h"

namespace huikuan::testing {

// The instant the company's clock (Asia/Shanghai) reads `local`: "2026-05-10 10:00".
absl::Time CompanyTime(const std::string& local);
// "2026-04-10" as an epoch day (fails the test on a bad date).
core::EpochDay Day(const std::string& date);

class JobTestDatabase {
 public:
  // A database of its own (unique within the process), migrated, with one owner user.
  static std::unique_ptr<JobTestDatabase> Create();

  store::ConnectionPool& pool() { return db_->pool(); }
  const store::DbConfig& config() const { return db_->config(); }

  // A new customer with one open invoice of `amount` fen due on `due` ("YYYY-MM-DD"), invoiced 30
  // days before. Returns the invoice id.
  int64_t AddOverdueInvoice(int64_t amount, const std::string& due);
  // The single integer `sql` returns (COUNT, SUM; NULL reads as 0).
  int64_t Count(const std::string& sql);
  // The single string `sql` returns ("" when no row).
  std::string Text(const std::string& sql);
  // Runs one statement in its own transaction.
  void Exec(const std::string& sql);

 private:
  std::unique_ptr<TestDatabase> db_;
  int64_t owner_id_ = 0;
  int invoices_ = 0;
};

}  // namespace huikuan::testing

#endif  // HUIKUAN_TESTS_JOBS_JOB_TEST_SUPPORT_H_
