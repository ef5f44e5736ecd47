// CSV exports of customers, invoices and payments in the import layouts (core/customer_csv.h,
// core/ledger_csv.h): row-scoped reads, a page at a time, so that export -> import is exact.
#ifndef HUIKUAN_SERVER_OPS_EXPORTS_H_
#define HUIKUAN_SERVER_OPS_EXPORTS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "server/core/customer_csv.h"
#include "server/core/ledger_csv.h"
#include "server/ops/scopes.h"

namespace huikuan::ops {

// A page of rows; `last_id` is the id of the last row (the next page starts after it).
template <typename Row>
struct ExportPage {
  std::vector<Row> rows;
  int64_t last_id = 0;
  bool more = false;    // another page follows
  core::Fen total = 0;  // of the page's amounts (invoices, payments)
};

struct ExportRange {
  std::optional<int64_t> customer_id;
  std::optional<core::EpochDay> from_day;  // inclusive
  std::optional<core::EpochDay> to_day;    // inclusive
};

absl::StatusOr<ExportPage<core::CustomerCsvRow>> ExportCustomers(ReadScope& read, int64_t after_id,
                                                                 int limit);
absl::StatusOr<ExportPage<core::InvoiceCsvRow>> ExportInvoices(ReadScope& read,
                                                               const ExportRange& range,
                                                               int64_t after_id, int limit);
absl::StatusOr<ExportPage<core::PaymentCsvRow>> ExportPayments(ReadScope& read,
                                                               const ExportRange& range,
                                                               int64_t after_id, int limit);

}  // namespace huikuan::ops

#endif  // HUIKUAN_SERVER_OPS_EXPORTS_H_
