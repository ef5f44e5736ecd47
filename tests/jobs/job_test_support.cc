#include "tests/jobs/job_test_support.h"

#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include <atomic>
#include <cstdlib>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "server/core/status_macros.h"
#include "server/ops/clock.h"
#include "server/store/customer_store.h"
#include "server/store/identity_store.h"
#include "server/store/ledger_store.h"
#include "server/store/transaction.h"

namespace huikuan::testing {

absl::Time CompanyTime(const std::string& local) {
  absl::CivilMinute minute;
  EXPECT_TRUE(absl::ParseCivilTime(local.substr(0, 10) + "T" + local.substr(11), &minute)) << local;
  return absl::FromCivil(minute, ops::CompanyTimeZone());
}

core::EpochDay Day(const std::string& date) {
  absl::StatusOr<core::EpochDay> day = core::ParseDate(date);
  EXPECT_TRUE(day.ok()) << date;
  return day.value_or(0);
}

std::unique_ptr<JobTestDatabase> JobTestDatabase::Create() {
  static std::atomic<int> counter{0};
  auto created = std::unique_ptr<JobTestDatabase>(new JobTestDatabase);
  auto db = TestDatabase::Create(absl::StrCat("jobs", counter++));
  if (!db.ok()) {
    ADD_FAILURE() << db.status();
    std::abort();
  }
  created->db_ = *std::move(db);
  auto owner = store::RunInTransaction<int64_t>(
      created->pool(), [&](store::ConnectionPool::Lease& lease) -> absl::StatusOr<int64_t> {
        store::UserRecord user;
        user.username = "jobs.owner";
        user.display_name = "Jobs Owner";
        user.department = "sales";
        user.level = "staff";
        user.create_time = absl::Now();
        return store::InsertUser(lease, user).id;
      });
  EXPECT_TRUE(owner.ok()) << owner.status();
  created->owner_id_ = owner.value_or(0);
  return created;
}

int64_t JobTestDatabase::AddOverdueInvoice(int64_t amount, const std::string& due) {
  const int n = ++invoices_;
  auto id = store::RunInTransaction<int64_t>(
      pool(), [&](store::ConnectionPool::Lease& db) -> absl::StatusOr<int64_t> {
        store::CustomerRecord customer;
        customer.display_name = absl::StrCat("Jobs Co ", n);
        customer.owner_user_id = owner_id_;
        customer.create_time = customer.update_time = absl::Now();
        customer = store::InsertCustomer(db, customer);
        std::vector<store::InvoiceRecord> invoices(1);
        store::InvoiceRecord& invoice = invoices[0];
        invoice.customer_id = customer.id;
        invoice.order_number = absl::StrCat("JOB-", n);
        invoice.invoice_number = absl::StrCat("INV-JOB-", n);
        invoice.amount = amount;
        invoice.balance = {core::InvoiceStatus::kOpen, amount, 0};
        HK_ASSIGN_OR_RETURN(invoice.due_day, core::ParseDate(due));
        invoice.credit_days = 30;
        invoice.invoice_day = invoice.due_day - invoice.credit_days;
        invoice.create_time = invoice.update_time = absl::Now();
        HK_RETURN_IF_ERROR(store::InsertInvoices(db, invoices));
        return invoice.id;
      });
  EXPECT_TRUE(id.ok()) << id.status();
  return id.value_or(0);
}

int64_t JobTestDatabase::Count(const std::string& sql) {
  auto value = store::RunInTransaction<int64_t>(
      pool(), [&](store::ConnectionPool::Lease& db) -> absl::StatusOr<int64_t> {
        std::unique_ptr<sql::Statement> statement(db.connection().createStatement());
        std::unique_ptr<sql::ResultSet> rows(statement->executeQuery(sql));
        if (!rows->next() || rows->isNull(1)) return 0;
        return rows->getInt64(1);
      });
  EXPECT_TRUE(value.ok()) << sql << ": " << value.status();
  return value.value_or(-1);
}

std::string JobTestDatabase::Text(const std::string& sql) {
  auto value = store::RunInTransaction<std::string>(
      pool(), [&](store::ConnectionPool::Lease& db) -> absl::StatusOr<std::string> {
        std::unique_ptr<sql::Statement> statement(db.connection().createStatement());
        std::unique_ptr<sql::ResultSet> rows(statement->executeQuery(sql));
        if (!rows->next() || rows->isNull(1)) return std::string();
        return std::string(rows->getString(1));
      });
  EXPECT_TRUE(value.ok()) << sql << ": " << value.status();
  return value.value_or("");
}

void JobTestDatabase::Exec(const std::string& sql) {
  absl::Status status = store::RunInTransaction(pool(), [&](store::ConnectionPool::Lease& db) {
    std::unique_ptr<sql::Statement> statement(db.connection().createStatement());
    statement->execute(sql);
    return absl::OkStatus();
  });
  EXPECT_TRUE(status.ok()) << sql << ": " << status;
}

}  // namespace huikuan::testing
