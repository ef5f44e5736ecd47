// The imports behind DataExchangeService: CSV text in, rows stored through the ledger's own paths
// (CreateInvoicesInTransaction, RecordPaymentInTransaction, store::InsertInvoices), a small
// summary out. Each runs inside the caller's transaction and either stores every row or returns
// an error and leaves the rows it may have written for the caller's rollback. Errors name the row
// and the file's column: INVALID_ARGUMENT with a BadRequest field violation per bad cell,
// "rows[N].<column>" (N = 1 for the first data row). No idempotency or audit here: the handler
// adds them (or rolls back for validate_only).
#ifndef HUIKUAN_SERVER_SERVICE_DATA_EXCHANGE_IMPORT_H_
#define HUIKUAN_SERVER_SERVICE_DATA_EXCHANGE_IMPORT_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "huikuan/v1/data_exchange_service.pb.h"
#include "server/service/principal.h"
#include "server/store/connection_pool.h"

namespace huikuan::service {

// Most data rows one import accepts (the IBM sample has 2,466; an ERP month a few thousand).
inline constexpr size_t kMaxImportRows = 100'000;

absl::Status ImportCustomersCsv(store::ConnectionPool::Lease& db, const Principal& caller,
                                absl::Time now, absl::string_view csv,
                                v1::ImportCustomersResponse& out);
absl::Status ImportInvoicesCsv(store::ConnectionPool::Lease& db, const Principal& caller,
                               absl::Time now, absl::string_view csv, v1::ImportMode mode,
                               v1::ImportInvoicesResponse& out);
absl::Status ImportPaymentsCsv(store::ConnectionPool::Lease& db, const Principal& caller,
                               absl::Time now, absl::string_view csv,
                               v1::ImportPaymentsResponse& out);
// `owner`: "users/{id}" of the sales user owning the customers created.
absl::Status ImportIbmLatePaymentsCsv(store::ConnectionPool::Lease& db, const Principal& caller,
                                      absl::Time now, absl::string_view csv,
                                      absl::string_view owner,
                                      v1::ImportIbmLatePaymentsResponse& out);

}  // namespace huikuan::service

#endif  // HUIKUAN_SERVER_SERVICE_DATA_EXCHANGE_IMPORT_H_
