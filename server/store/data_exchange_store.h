// Reads behind CSV import and export (DataExchangeService): customers by external id, and the
// invoice and payment rows of an export with their customer's external id. Writes go through
// customer_store.h and ledger_store.h. Same conventions as ledger_store.h: run inside
// RunInTransaction, prepared statements only, SQL errors throw.
#ifndef HUIKUAN_SERVER_STORE_DATA_EXCHANGE_STORE_H_
#define HUIKUAN_SERVER_STORE_DATA_EXCHANGE_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "server/core/civil_date.h"
#include "server/core/money.h"
#include "server/store/connection_pool.h"

namespace huikuan::store {

struct ExternalCustomer {
  int64_t id = 0;
  int64_t owner_user_id = 0;
};

// The customers whose external_id is in `external_ids` (duplicates allowed), keyed by it.
absl::flat_hash_map<std::string, ExternalCustomer> FindCustomersByExternalId(
    ConnectionPool::Lease& db, const std::vector<std::string>& external_ids);

// What an export selects: AND of the set fields.
struct ExportFilter {
  std::optional<int64_t> customer_id;
  std::optional<int64_t> owner_user_id;    // customers this user owns (row scope)
  std::optional<core::EpochDay> from_day;  // invoice or received date, inclusive
  std::optional<core::EpochDay> to_day;
};

struct InvoiceExportRow {
  int64_t id = 0;
  int64_t customer_id = 0;
  std::optional<std::string> customer_external_id;
  std::string invoice_number;
  std::string order_number;
  core::EpochDay invoice_day = 0;
  core::EpochDay due_day = 0;
  core::Fen amount = 0;
};

struct PaymentExportRow {
  int64_t id = 0;
  int64_t customer_id = 0;
  std::optional<std::string> customer_external_id;
  std::string reference;
  core::EpochDay received_day = 0;
  core::Fen amount = 0;
};

// Invoices with id > after_id matching `filter` (by invoice date), in id order, at most `limit`.
std::vector<InvoiceExportRow> ListInvoicesForExport(ConnectionPool::Lease& db,
                                                    const ExportFilter& filter, int64_t after_id,
                                                    int limit);
// Payments not reversed, id > after_id, matching `filter` (by received date), in id order.
std::vector<PaymentExportRow> ListPaymentsForExport(ConnectionPool::Lease& db,
                                                    const ExportFilter& filter, int64_t after_id,
                                                    int limit);

}  // namespace huikuan::store

#endif  // HUIKUAN_SERVER_STORE_DATA_EXCHANGE_STORE_H_
