// What payment references need from statements (issue 14): a statement's invoices for cash
// application, and the newest statements of a customer with what they still owe, for the portal.
// Same conventions as statement_store.h.
#ifndef HUIKUAN_SERVER_STORE_PAYMENT_REFERENCE_STORE_H_
#define HUIKUAN_SERVER_STORE_PAYMENT_REFERENCE_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "server/core/civil_date.h"
#include "server/core/money.h"
#include "server/store/connection_pool.h"

namespace huikuan::store {

// The invoice ids of the statement's lines in line order, when the statement exists and belongs
// to `customer_id`; nullopt otherwise.
std::optional<std::vector<int64_t>> StatementInvoicesOf(ConnectionPool::Lease& db,
                                                        int64_t statement_id, int64_t customer_id);

struct StatementToPayRow {
  int64_t id = 0;
  std::string month;
  int32_t version = 0;
  core::Fen closing = 0;
  core::Fen open_now = 0;  // open_fen today of its lines' open invoices
  std::optional<core::EpochDay> next_due_day;
};
// The newest version of each of the customer's months, newest month first, at most `limit`.
std::vector<StatementToPayRow> LatestStatementsToPay(ConnectionPool::Lease& db, int64_t customer_id,
                                                     int limit);

}  // namespace huikuan::store

#endif  // HUIKUAN_SERVER_STORE_PAYMENT_REFERENCE_STORE_H_
