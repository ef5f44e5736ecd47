// The invoices a work item, promise, payment plan or legal case is about: one link table each
// (<parent>_id, invoice_id, open_fen: what was open when the link was made), read back with the
// invoice's number in invoice order.
#ifndef HUIKUAN_SERVER_STORE_LINKED_INVOICES_H_
#define HUIKUAN_SERVER_STORE_LINKED_INVOICES_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/functional/function_ref.h"
#include "absl/strings/string_view.h"
#include "server/core/money.h"
#include "server/store/connection_pool.h"

namespace huikuan::store {

struct LinkedInvoice {
  int64_t invoice_id = 0;
  std::string invoice_number;  // read only (joined)
  core::Fen open = 0;          // when the link was made
};

// Calls `fn(parent_id, invoice)` for every row of `link_table` whose `parent_column` is one of
// `parent_ids`, in (parent, invoice) order. Table and column names are the caller's constants.
void ForEachLinkedInvoice(ConnectionPool::Lease& db, absl::string_view link_table,
                          absl::string_view parent_column, const std::vector<int64_t>& parent_ids,
                          absl::FunctionRef<void(int64_t, LinkedInvoice)> fn);

// Appends to each record's `invoices` (a std::vector<LinkedInvoice>) its linked invoices.
template <typename Record>
void LoadLinkedInvoices(ConnectionPool::Lease& db, absl::string_view link_table,
                        absl::string_view parent_column, std::vector<Record>& records) {
  absl::flat_hash_map<int64_t, Record*> by_id;
  std::vector<int64_t> ids;
  ids.reserve(records.size());
  for (Record& record : records) {
    by_id[record.id] = &record;
    ids.push_back(record.id);
  }
  ForEachLinkedInvoice(db, link_table, parent_column, ids,
                       [&](int64_t parent_id, LinkedInvoice invoice) {
                         by_id.at(parent_id)->invoices.push_back(std::move(invoice));
                       });
}

}  // namespace huikuan::store

#endif  // HUIKUAN_SERVER_STORE_LINKED_INVOICES_H_
