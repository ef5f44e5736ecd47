// Term policy versions (R-TERM-3) and the ledger facts the effective terms of an order need
// (R-TERM-1, R-TERM-2). Same conventions as customer_store.h: inside the caller's
// RunInTransaction, prepared statements only, SQL errors throw.
#ifndef HUIKUAN_SERVER_STORE_TERM_POLICY_STORE_H_
#define HUIKUAN_SERVER_STORE_TERM_POLICY_STORE_H_

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <cstdint>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "server/core/money.h"
#include "server/core/terms.h"
#include "server/store/connection_pool.h"

namespace huikuan::store {

struct TermPolicyRecord {
  int64_t version = 0;
  core::EpochDay published_day = 0;
  core::EpochDay effective_day = 0;
  core::TermPolicyRules rules;
  std::string comment;
  int64_t created_by = 0;
  absl::Time create_time;
  // Early-payment discount rate (migration 0550, issue 14): read by ListTermPolicies; written
  // after the insert by SetDiscountRate (discount_offer_store.h).
  int32_t early_discount_bp_per_day = 2;
};

// The highest published version, 0 when none. `for_update` locks the last row (and the gap after
// it) so concurrent publishers queue instead of both taking the same number.
int64_t LatestTermPolicyVersion(ConnectionPool::Lease& db, bool for_update);
// ALREADY_EXISTS (the primary key) when the version is taken.
void InsertTermPolicy(ConnectionPool::Lease& db, const TermPolicyRecord& policy);
// Versions > after_version in version order, at most `limit`.
std::vector<TermPolicyRecord> ListTermPolicies(ConnectionPool::Lease& db, int64_t after_version,
                                               int limit);

// What the ledger says about a customer for the terms of its next order.
struct OrderTermsFacts {
  int32_t invoice_count = 0;  // every invoice the customer has (its prior orders, as the ledger)
  // Invoices dated in [month_start, month_end] (the previous calendar month).
  core::Fen month_orders = 0;
  int32_t month_invoices = 0;
  // Of those, paid in full with the last payment received before the due date.
  int32_t month_paid_early = 0;
};
OrderTermsFacts LoadOrderTermsFacts(ConnectionPool::Lease& db, int64_t customer_id,
                                    core::EpochDay month_start, core::EpochDay month_end);
// For queries that read OrderTermsFacts of many customers at once (ledger_store's
// GetCustomerOrderFacts): the select-list over `invoices i` (aggregates, to be grouped by
// customer), its month parameters (1-6) and the reader of its columns.
extern const char kOrderTermsFactsColumns[];
void SetOrderTermsMonth(sql::PreparedStatement& select, core::EpochDay month_start,
                        core::EpochDay month_end);
OrderTermsFacts ReadOrderTermsFacts(sql::ResultSet& rows);

}  // namespace huikuan::store

#endif  // HUIKUAN_SERVER_STORE_TERM_POLICY_STORE_H_
