#include "server/store/ledger_bulk_store.h"

#include <cppconn/exception.h>

#include <algorithm>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "server/core/civil_date.h"
#include "server/store/sql_values.h"

namespace huikuan::store {
namespace {

// "(?, ?, ?), (?, ?, ?)": `rows` tuples of `columns` placeholders.
std::string Tuples(size_t rows, size_t columns) {
  std::vector<std::string> tuples(rows, absl::StrCat("(", Placeholders(columns), ")"));
  return absl::StrJoin(tuples, ", ");
}

void RequireConsecutiveAutoIncrement(ConnectionPool::Lease& db) {
  auto rows = Query(db.Prepare("SELECT @@innodb_autoinc_lock_mode AS mode"));
  if (rows->next() && rows->getInt("mode") == 2) {
    throw sql::SQLException(
        "innodb_autoinc_lock_mode 2 does not give multi-row INSERTs consecutive ids", "HY000", 0);
  }
}

}  // namespace

void InsertPayments(ConnectionPool::Lease& db, std::vector<PaymentRecord>& payments) {
  if (payments.empty()) return;
  RequireConsecutiveAutoIncrement(db);
  constexpr int kColumns = 9;
  for (size_t begin = 0; begin < payments.size(); begin += kInsertChunk) {
    const size_t n = std::min(kInsertChunk, payments.size() - begin);
    auto& insert = db.Prepare(absl::StrCat(
        "INSERT INTO payments (customer_id, amount_fen, reference, received_date, status, "
        "unapplied_fen, reversal_reason, create_time, update_time) VALUES ",
        Tuples(n, kColumns)));
    for (size_t r = 0; r < n; ++r) {
      const PaymentRecord& payment = payments[begin + r];
      const int base = static_cast<int>(r) * kColumns;
      insert.setInt64(base + 1, payment.customer_id);
      insert.setInt64(base + 2, payment.amount);
      insert.setString(base + 3, payment.reference);
      insert.setString(base + 4, core::FormatDate(payment.received_day));
      insert.setString(base + 5, payment.status);
      insert.setInt64(base + 6, payment.unapplied);
      insert.setString(base + 7, payment.reversal_reason);
      SetTimestamp(insert, base + 8, payment.create_time);
      SetTimestamp(insert, base + 9, payment.update_time);
    }
    insert.executeUpdate();
    const int64_t first_id = LastInsertId(db);  // the first row's id for a multi-row INSERT
    for (size_t r = 0; r < n; ++r) {
      payments[begin + r].id = first_id + static_cast<int64_t>(r);
      payments[begin + r].version = 1;
    }
  }
}

void InsertAllocations(ConnectionPool::Lease& db, const std::vector<AllocationRecord>& allocations,
                       absl::Time now) {
  constexpr int kColumns = 5;
  for (size_t begin = 0; begin < allocations.size(); begin += kInsertChunk) {
    const size_t n = std::min(kInsertChunk, allocations.size() - begin);
    auto& insert = db.Prepare(absl::StrCat(
        "INSERT INTO payment_allocations (payment_id, invoice_id, amount_fen, rule, create_time) "
        "VALUES ",
        Tuples(n, kColumns)));
    for (size_t r = 0; r < n; ++r) {
      const AllocationRecord& allocation = allocations[begin + r];
      const int base = static_cast<int>(r) * kColumns;
      insert.setInt64(base + 1, allocation.payment_id);
      insert.setInt64(base + 2, allocation.invoice_id);
      insert.setInt64(base + 3, allocation.amount);
      insert.setString(base + 4, allocation.rule);
      SetTimestamp(insert, base + 5, now);
    }
    insert.executeUpdate();
  }
}

void UpdateInvoiceBalances(ConnectionPool::Lease& db, const std::vector<InvoiceRecord>& invoices,
                           absl::Time now) {
  // One UPDATE per chunk: CASE picks each row's values by id; the IN list limits the rows (and
  // uses the primary key).
  for (size_t begin = 0; begin < invoices.size(); begin += kInsertChunk) {
    const size_t n = std::min(kInsertChunk, invoices.size() - begin);
    std::string cases;
    for (size_t r = 0; r < n; ++r) cases += " WHEN ? THEN ?";
    auto& update = db.Prepare(absl::StrCat(
        "UPDATE invoices SET open_fen = CASE id", cases, " END, status = CASE id", cases,
        " END, update_time = ?, version = version + 1 WHERE id IN ", Tuples(1, n)));
    int index = 0;
    for (size_t r = 0; r < n; ++r) {
      update.setInt64(++index, invoices[begin + r].id);
      update.setInt64(++index, invoices[begin + r].open);
    }
    for (size_t r = 0; r < n; ++r) {
      update.setInt64(++index, invoices[begin + r].id);
      update.setString(++index, invoices[begin + r].status);
    }
    SetTimestamp(update, ++index, now);
    for (size_t r = 0; r < n; ++r) update.setInt64(++index, invoices[begin + r].id);
    update.executeUpdate();
  }
}

}  // namespace huikuan::store
