#include "server/store/cash_history_store.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "server/store/sql_values.h"

namespace huikuan::store {

std::vector<InvoiceCash> LoadCashApplied(ConnectionPool::Lease& db,
                                         const std::vector<int64_t>& invoice_ids,
                                         core::EpochDay as_of, absl::Time day_end) {
  constexpr size_t kChunk = 500;
  std::vector<InvoiceCash> cash;
  for (size_t begin = 0; begin < invoice_ids.size(); begin += kChunk) {
    const size_t n = std::min(kChunk, invoice_ids.size() - begin);
    auto& select = db.Prepare(absl::StrCat(
        "SELECT a.invoice_id, DATEDIFF(p.received_date, '1970-01-01') AS day, "
        "SUM(a.amount_fen) AS amount FROM payment_allocations a "
        "JOIN payments p ON p.id = a.payment_id WHERE a.invoice_id IN (",
        Placeholders(n),
        ") AND p.received_date <= ? AND (a.reversed = 0 OR a.reverse_time >= ?) "
        "GROUP BY a.invoice_id, p.received_date ORDER BY a.invoice_id, p.received_date"));
    Params params(select);
    for (size_t i = 0; i < n; ++i) params.Int64(invoice_ids[begin + i]);
    params.Day(as_of).Time(day_end);
    auto rows = Query(select);
    while (rows->next()) {
      cash.push_back(
          {rows->getInt64("invoice_id"), GetDay(*rows, "day"), rows->getInt64("amount")});
    }
  }
  return cash;
}

}  // namespace huikuan::store
