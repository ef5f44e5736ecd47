#include "server/store/linked_invoices.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "server/store/sql_values.h"

namespace huikuan::store {

void ForEachLinkedInvoice(ConnectionPool::Lease& db, absl::string_view link_table,
                          absl::string_view parent_column, const std::vector<int64_t>& parent_ids,
                          absl::FunctionRef<void(int64_t, LinkedInvoice)> fn) {
  constexpr size_t kChunk = 200;
  for (size_t begin = 0; begin < parent_ids.size(); begin += kChunk) {
    const size_t n = std::min(kChunk, parent_ids.size() - begin);
    auto& select = db.Prepare(
        absl::StrCat("SELECT l.", parent_column,
                     " AS parent_id, l.invoice_id, i.invoice_number, l.open_fen FROM ", link_table,
                     " l JOIN invoices i ON i.id = l.invoice_id WHERE l.", parent_column, " IN (",
                     Placeholders(n), ") ORDER BY l.", parent_column, ", l.invoice_id"));
    Params params(select);
    for (size_t i = 0; i < n; ++i) params.Int64(parent_ids[begin + i]);
    auto rows = Query(select);
    while (rows->next()) {
      fn(rows->getInt64("parent_id"),
         LinkedInvoice{rows->getInt64("invoice_id"), GetString(*rows, "invoice_number"),
                       rows->getInt64("open_fen")});
    }
  }
}

}  // namespace huikuan::store
