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
  for (size_t begin = 0; begin < payments.size(); begin += kInsertChunk) {
    const size_t n = std::min(kInsertChunk, payments.size() - begin);
    auto& insert = db.Prepare(absl::StrCat("INSERT INTO payments (", kPaymentInsertColumns,
                                           ") VALUES ", Tuples(n, kPaymentInsertColumnCount)));
    Params params(insert);
    for (size_t r = 0; r < n; ++r) BindPaymentInsert(params, payments[begin + r]);
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
  for (size_t begin = 0; begin < allocations.size(); begin += kInsertChunk) {
    const size_t n = std::min(kInsertChunk, allocations.size() - begin);
    auto& insert =
        db.Prepare(absl::StrCat("INSERT INTO payment_allocations (", kAllocationInsertColumns,
                                ") VALUES ", Tuples(n, kAllocationInsertColumnCount)));
    Params params(insert);
    for (size_t r = 0; r < n; ++r) BindAllocationInsert(params, allocations[begin + r], now);
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
    Params params(update);
    for (size_t r = 0; r < n; ++r) {
      params.Int64(invoices[begin + r].id).Int64(invoices[begin + r].balance.open);
    }
    for (size_t r = 0; r < n; ++r) {
      params.Int64(invoices[begin + r].id)
          .Name(invoices[begin + r].balance.status, core::InvoiceStatusName);
    }
    params.Time(now);
    for (size_t r = 0; r < n; ++r) params.Int64(invoices[begin + r].id);
    update.executeUpdate();
  }
}

}  // namespace huikuan::store
